from django.db.models import OuterRef, QuerySet, Subquery

from incidents.models import Incident

from .models import OfflineExport, Sitrep


def sitrep_list(incident: Incident) -> QuerySet[Sitrep]:
    return incident.sitreps.select_related(
        "requested_by", "approved_by", "rejected_by", "incident"
    ).order_by("-number")


def previous_sitrep(incident: Incident, *, before_number: int | None = None) -> Sitrep | None:
    """The newest vastgesteld sitrep (older than before_number): its snapshot is `since`, the
    moment after which content is marked *nieuw*. A concept (or a rejected one) never is: the
    administrators have not had it."""
    done = incident.sitreps.filter(state=Sitrep.State.DONE, approval=Sitrep.Approval.APPROVED)
    if before_number is not None:
        done = done.filter(number__lt=before_number)
    return done.order_by("-number").first()


def _distributable():
    """Vastgesteld and its approved PDF made: what may go on paper."""
    return Sitrep.objects.filter(
        state=Sitrep.State.DONE, approval=Sitrep.Approval.APPROVED
    ).exclude(approved_pdf="")


def latest_sitreps_of_open_incidents() -> QuerySet[Sitrep]:
    """Per open incident its newest vastgesteld sitrep (never a concept): the paper copy."""
    latest = (
        _distributable().filter(incident=OuterRef("incident")).order_by("-number").values("pk")[:1]
    )
    return (
        _distributable()
        .filter(
            incident__status__in=Incident.OPEN_STATUSES,
            pk=Subquery(latest),
        )
        .select_related("incident")
        .order_by("incident__reference")
    )


def last_offline_export() -> OfflineExport | None:
    return OfflineExport.objects.order_by("-started_at", "-pk").first()


def sitreps_waiting_since(*, before, limit: int = 100) -> list[int]:
    """Queued sitreps requested before `before`: their task message may never have reached the
    broker (Redis was down at the request), or was lost with it. Oldest first."""
    return list(
        Sitrep.objects.filter(state=Sitrep.State.QUEUED, created_at__lt=before)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def sitreps_unstamped_since(*, before, limit: int = 100) -> list[int]:
    """Vastgesteld before `before` and still without their approved PDF (the stamp task was
    lost or failed). Oldest first."""
    return list(
        Sitrep.objects.filter(
            approval=Sitrep.Approval.APPROVED, approved_pdf="", approved_at__lt=before
        )
        .exclude(html="")
        .order_by("approved_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
