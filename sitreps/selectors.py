from django.db.models import OuterRef, QuerySet, Subquery

from incidents.models import Incident

from .models import OfflineExport, Sitrep


def sitrep_list(incident: Incident) -> QuerySet[Sitrep]:
    return incident.sitreps.select_related("requested_by", "incident").order_by("-number")


def previous_sitrep(incident: Incident, *, before_number: int | None = None) -> Sitrep | None:
    """The newest done sitrep (older than before_number): its snapshot is `since`."""
    done = incident.sitreps.filter(state=Sitrep.State.DONE)
    if before_number is not None:
        done = done.filter(number__lt=before_number)
    return done.order_by("-number").first()


def latest_sitreps_of_open_incidents() -> QuerySet[Sitrep]:
    latest = (
        Sitrep.objects.filter(incident=OuterRef("incident"), state=Sitrep.State.DONE)
        .order_by("-number")
        .values("pk")[:1]
    )
    return (
        Sitrep.objects.filter(
            incident__status__in=Incident.OPEN_STATUSES,
            state=Sitrep.State.DONE,
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
