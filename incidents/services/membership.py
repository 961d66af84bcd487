"""Who is in an incident and what they may read: add, change and remove members, and the
clearance rules (nobody grants more than they see; TLP:RED only from RED).

The reads about members (member list, user search) are in incidents/members.py; partner guests
of another organisation are invited and revoked in incidents/partners.py.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..access import incident_writers, reader_clearance
from ..models import Incident, Membership
from ..tlp import TLP, visible_at
from .recording import audit_record, incident_touch


@transaction.atomic
def default_clearance(incident: Incident, actor) -> str:
    """A new member reads what the incident is marked, never above the one who adds them and
    never TLP:RED unless chosen explicitly."""
    clearance = incident.tlp if incident.tlp != TLP.RED else TLP.AMBER_STRICT
    return (
        clearance
        if visible_at(clearance, reader_clearance(actor, incident))
        else (reader_clearance(actor, incident))
    )


def validate_clearance(*, incident: Incident, actor, clearance: str) -> None:
    """Nobody grants more than they hold; TLP:RED only by a member who holds RED."""
    if clearance not in TLP.values:
        raise ValidationError({"clearance": _("Kies een TLP-niveau.")})
    own = reader_clearance(actor, incident)
    if clearance == TLP.RED and own != TLP.RED:
        raise ValidationError(
            {"clearance": _("Alleen een lid dat zelf TLP:RED ziet, kan TLP:RED toekennen.")}
        )
    if not visible_at(clearance, own):
        raise ValidationError(
            {
                "clearance": _("U kunt niet meer toekennen dan u zelf ziet (tot en met %(tlp)s).")
                % {"tlp": TLP(own).label}
            }
        )


@transaction.atomic
def membership_add(
    *, incident: Incident, actor, user, clearance: str | None = None, function=None
) -> Membership:
    existing = Membership.objects.filter(incident=incident, user=user).first()
    if existing is not None:
        return existing
    if clearance:
        validate_clearance(incident=incident, actor=actor, clearance=clearance)
    else:
        clearance = default_clearance(incident, actor)
    membership = Membership.objects.create(
        incident=incident, user=user, clearance=clearance, function=function
    )
    audit_record(
        actor=actor,
        action="incidents.member.added",
        incident=incident,
        obj=membership,
        after={
            "user": user.get_username(),
            "clearance": clearance,
            "function": function.name if function else "",
        },
    )
    incident_touch(incident, parts={"members"})
    return membership


@transaction.atomic
def membership_change(
    *, membership: Membership, actor, clearance: str | None = None, function=...
) -> Membership:
    """Change a member's clearance and/or crisis function (`...`: leave the function)."""
    incident = membership.incident
    before = {"clearance": membership.clearance, "function": str(membership.function or "")}
    fields = []
    if clearance and clearance != membership.clearance:
        validate_clearance(incident=incident, actor=actor, clearance=clearance)
        membership.clearance = clearance
        fields.append("clearance")
    if function is not ... and function != membership.function:
        membership.function = function
        fields.append("function")
    if not fields:
        return membership
    membership.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="incidents.member.changed",
        incident=incident,
        obj=membership,
        before={"user": membership.user.get_username(), **before},
        after={"clearance": membership.clearance, "function": str(membership.function or "")},
    )
    # The member's own view changes with their clearance: every part may look different.
    incident_touch(incident)
    return membership


@transaction.atomic
def membership_remove(*, incident: Incident, actor, user) -> None:
    """Take a member off the incident; the last member who can write always stays."""
    # Lock the incident's memberships so two removals cannot both pass the last-writer check.
    list(Membership.objects.select_for_update().filter(incident=incident).values_list("pk"))
    membership = Membership.objects.filter(incident=incident, user=user).first()
    if membership is None:
        raise ValidationError(
            _("%(user)s is geen lid van dit incident.") % {"user": user.get_username()}
        )
    writers = incident_writers(incident)
    if writers.filter(pk=user.pk).exists() and not writers.exclude(pk=user.pk).exists():
        raise ValidationError(
            _(
                "%(user)s is het laatste lid dat het incident mag bijwerken en kan niet worden "
                "verwijderd. Voeg eerst een ander crisisteamlid of VIC-medewerker toe."
            )
            % {"user": user.get_username()}
        )
    audit_record(
        actor=actor,
        action="incidents.member.removed",
        incident=incident,
        obj=membership,
        before={"user": user.get_username()},
    )
    membership.delete()
    incident_touch(incident)
