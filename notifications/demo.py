"""Demo notifications for `manage.py seed_demo` (idempotent; nothing is actually sent).

The rows are written directly in their end state (delivered, failed, skipped) instead of going
through Celery: seed_demo also runs on stacks with a real SMTP server, and demo addresses must
never receive mail. No row is left queued: without a worker it would look stuck forever.
"""

from datetime import timedelta

from django.utils import timezone

from incidents.tlp import TLP
from playbook.models import Stakeholder, StakeholderInvolvement
from playbook.services import stakeholder_involve, stakeholder_mark_informed

from . import rendering
from .models import Channel, DeliveryAttempt, MessageTemplate, Notification, SkipReason, Trigger

# slug -> (contact e-mail for the demo involvement, max TLP for this incident)
DEMO_STAKEHOLDERS = {
    "ncc": ("vic-demo@ncc.example.invalid", TLP.AMBER),
    "z-cert": ("meldingen-demo@z-cert.example.invalid", TLP.GREEN),
    "ibd": ("ibd-demo@example.invalid", TLP.GREEN),
    "nkc": ("nkc-demo@example.invalid", TLP.CLEAR),
}


def _involvements(incident, actor) -> list[StakeholderInvolvement]:
    existing = {
        inv.stakeholder.slug: inv
        for inv in StakeholderInvolvement.objects.filter(incident=incident).select_related(
            "stakeholder"
        )
    }
    result = []
    for stakeholder in Stakeholder.objects.filter(slug__in=DEMO_STAKEHOLDERS).order_by("order"):
        involvement = existing.get(stakeholder.slug)
        if involvement is None:
            email, max_tlp = DEMO_STAKEHOLDERS[stakeholder.slug]
            involvement = stakeholder_involve(
                incident=incident,
                actor=actor,
                stakeholder=stakeholder,
                contact_email=email,
                max_tlp=max_tlp,
            )
        result.append(involvement)
    return result


def seed(*, incident, users, stdout) -> None:
    # Automatic messages (e.g. the escalation demo's GRIP changes) may already be there; the
    # manual demo messages are what marks this seed as done.
    if Notification.objects.filter(incident=incident, trigger=Trigger.MANUAL).exists():
        return
    actor = users["vic"]
    involvements = _involvements(incident, actor)
    template = MessageTemplate.objects.filter(slug="eerste-informatie").first()
    if not involvements or template is None:
        stdout.write("  notifications: no stakeholders or templates to demonstrate")
        return
    draft = rendering.Draft(
        trigger=Trigger.MANUAL,
        subject=f"OEFENING – {template.subject}" if incident.is_exercise else template.subject,
        body=template.body,
        tlp=TLP.GREEN,
        parts=rendering.incident_parts(incident),
        template=template,
    )
    now = timezone.now()
    outcomes = iter(["sent", "sent", "retried"])
    for involvement in involvements:
        created = now - timedelta(minutes=40)
        allowed = rendering.render(draft, involvement.max_tlp)
        outcome = next(outcomes, "sent") if allowed else "skipped"
        rendered = allowed or rendering.render(draft, None)
        row = Notification.objects.create(
            incident=incident,
            involvement=involvement,
            stakeholder=involvement.stakeholder,
            trigger=Trigger.MANUAL,
            template=template,
            channel=Channel.EMAIL,
            recipient=involvement.email or DEMO_STAKEHOLDERS[involvement.stakeholder.slug][0],
            subject=rendered.subject,
            body=rendered.body,
            tlp=rendered.tlp,
            withheld=rendered.withheld,
            audience_tlp=involvement.max_tlp,
            created_at=created,
            created_by=actor,
            state_changed_at=created,
            next_attempt_at=created,
        )
        if outcome == "skipped":
            Notification.objects.filter(pk=row.pk).update(
                state=Notification.State.SKIPPED, skip_reason=SkipReason.TLP, body="", tlp=draft.tlp
            )
            continue
        started = created + timedelta(seconds=2)
        if outcome == "sent":
            DeliveryAttempt.objects.create(
                notification=row,
                number=1,
                started_at=started,
                finished_at=started + timedelta(seconds=1),
                result=DeliveryAttempt.Result.OK,
            )
            Notification.objects.filter(pk=row.pk).update(
                state=Notification.State.SENT, sent_at=started, attempt_count=1
            )
            stakeholder_mark_informed(involvement=involvement, actor=actor, at=started)
        else:
            # A retry: the first attempt meets a temporary error, the second one delivers.
            error = "SMTP 451: 4.3.0 Mail server temporarily unavailable (demo)"
            DeliveryAttempt.objects.create(
                notification=row,
                number=1,
                started_at=started,
                finished_at=started + timedelta(seconds=1),
                result=DeliveryAttempt.Result.TRANSIENT,
                error=error,
            )
            retried = started + timedelta(minutes=1)
            DeliveryAttempt.objects.create(
                notification=row,
                number=2,
                started_at=retried,
                finished_at=retried + timedelta(seconds=1),
                result=DeliveryAttempt.Result.OK,
            )
            Notification.objects.filter(pk=row.pk).update(
                state=Notification.State.SENT, sent_at=retried, attempt_count=2, last_error=error
            )
            stakeholder_mark_informed(involvement=involvement, actor=actor, at=retried)
