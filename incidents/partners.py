"""Partner guests (samenwerkingsprofiel): someone of another organisation (a hospital's CISO,
the neighbouring region, the NCC liaison) let into one incident.

- invited by e-mail with a one-time link: a random token of which only the SHA-256 is
  stored; the link expires after PARTNER_INVITATION_HOURS and works once;
- the guest sets their own password (Django's validators) and gets a Partner account and a
  partner membership with the clearance and access end the inviter chose;
- incidents.access keeps them to that incident, up to that clearance, out of the member list,
  "wie is wie" and the audit trail; an expired or revoked membership is refused on the next
  request (revoking also deactivates a guest account with no other live membership);
- every action is audited with the organisation (incidents.services.audit_record).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Affiliation, Incident, LogEntry, Membership, PartnerInvitation, Role
from .services import audit_record, incident_touch, validate_clearance
from .tlp import TLP
from .validators import validate_datetimes


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_hours() -> int:
    return settings.PARTNER_INVITATION_HOURS


@transaction.atomic
def partner_invite(
    *,
    incident: Incident,
    actor,
    email: str,
    name: str,
    organisation: str,
    clearance: str = TLP.GREEN,
    access_until: datetime,
    base_url: str = "",
) -> tuple[PartnerInvitation, str]:
    """Create the invitation and mail the link; returns it with the link (shown once)."""
    errors = {}
    if not organisation.strip():
        errors["organisation"] = _("Vul de organisatie van de partner in.")
    if not name.strip():
        errors["name"] = _("Vul de naam van de partner in.")
    if access_until and access_until <= timezone.now():
        errors["access_until"] = _("De toegang moet in de toekomst eindigen.")
    if errors:
        raise ValidationError(errors)
    validate_datetimes(access_until=access_until)
    validate_clearance(incident=incident, actor=actor, clearance=clearance)
    token = secrets.token_urlsafe(32)
    invitation = PartnerInvitation.objects.create(
        incident=incident,
        email=email.strip(),
        name=name.strip(),
        organisation=organisation.strip(),
        clearance=clearance,
        access_until=access_until,
        token_hash=_hash(token),
        link_expires_at=timezone.now() + timedelta(hours=invitation_hours()),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="incidents.partner.invited",
        incident=incident,
        obj=invitation,
        after={
            "email": invitation.email,
            "organisation": invitation.organisation,
            "clearance": clearance,
            "access_until": access_until.isoformat(),
        },
    )
    link = base_url + reverse("partner_accept", args=[token])
    subject = _("Uitnodiging voor %(reference)s in Crisiscentre") % {
        "reference": incident.reference
    }
    body = _(
        "Beste %(name)s,\n\nU bent uitgenodigd om als partner (%(organisation)s) mee te werken "
        "aan %(reference)s in Crisiscentre. Kies via deze link uw wachtwoord; de link werkt "
        "één keer en is %(hours)s uur geldig:\n\n%(link)s\n\nUw toegang loopt tot %(until)s."
    ) % {
        "name": invitation.name,
        "organisation": invitation.organisation,
        "reference": incident.reference,
        "hours": invitation_hours(),
        "link": link,
        "until": timezone.localtime(access_until).strftime("%d-%m-%Y %H:%M"),
    }
    transaction.on_commit(lambda: send_mail(subject, body, None, [invitation.email]))
    return invitation, link


def invitation_for_token(token: str) -> PartnerInvitation | None:
    """The invitation this link belongs to while it can still be used, else None."""
    invitation = (
        PartnerInvitation.objects.select_related("incident")
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    if invitation is None or invitation.used_at is not None:
        return None
    if invitation.link_expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def partner_accept(*, token: str, password: str):
    """Use the link: create the guest account (or reuse one with this e-mail address) with
    the chosen password and the partner membership. Refused when used or expired."""
    invitation = (
        PartnerInvitation.objects.select_for_update().filter(token_hash=_hash(token or "")).first()
    )
    if (
        invitation is None
        or invitation.used_at is not None
        or invitation.link_expires_at <= timezone.now()
    ):
        raise ValidationError(
            _("Deze uitnodiging is verlopen of al gebruikt. Vraag om een nieuwe uitnodiging.")
        )
    users = get_user_model()
    user = users.objects.filter(username__iexact=invitation.email).first()
    if user is None:
        user = users(
            username=invitation.email, email=invitation.email, first_name=invitation.name[:150]
        )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.is_active = True
    user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.PARTNER.value)[0])
    Affiliation.objects.update_or_create(
        user=user, defaults={"organisation": invitation.organisation}
    )
    membership, _created = Membership.objects.update_or_create(
        incident=invitation.incident,
        user=user,
        defaults={
            "is_partner": True,
            "organisation": invitation.organisation,
            "clearance": invitation.clearance,
            "access_until": invitation.access_until,
            "revoked_at": None,
        },
    )
    invitation.used_at = timezone.now()
    invitation.user = user
    invitation.save(update_fields=["used_at", "user"])
    audit_record(
        actor=user,
        action="incidents.partner.joined",
        incident=invitation.incident,
        obj=membership,
        after={"user": user.get_username(), "organisation": invitation.organisation},
    )
    incident_touch(invitation.incident, parts={"members"})
    return user, invitation.incident


@transaction.atomic
def partner_revoke(*, membership: Membership, actor) -> None:
    """Take a partner's access away; refused from their very next request."""
    if not membership.is_partner:
        raise ValidationError(_("Alleen de toegang van een partner kan worden ingetrokken."))
    if membership.revoked_at is not None:
        return
    membership.revoked_at = timezone.now()
    membership.save(update_fields=["revoked_at"])
    user = membership.user
    still_live = (
        Membership.objects.filter(user=user, revoked_at__isnull=True)
        .exclude(pk=membership.pk)
        .exists()
    )
    if not still_live and not user.is_staff:
        # A guest account exists for its incidents only: without one it cannot log in.
        user.is_active = False
        user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="incidents.partner.revoked",
        incident=membership.incident,
        obj=membership,
        before={"user": user.get_username(), "organisation": membership.organisation},
    )
    incident_touch(membership.incident, parts={"members"})


def partner_contributions(incident: Incident, *, since=None, visible=None) -> list[dict]:
    """Which partner organisation contributed how many log lines (for the handover brief and
    the sitrep's "bijdragen van partners" line). One query."""
    partners = Membership.objects.filter(incident=incident, is_partner=True)
    lines = LogEntry.objects.filter(incident=incident, author__in=partners.values("user"))
    if since is not None:
        lines = lines.filter(created_at__gte=since)
    if visible is not None:
        lines = lines.filter(tlp__in=visible)
    rows = (
        lines.filter(author__membership__incident=incident, author__membership__is_partner=True)
        .values("author__membership__organisation")
        .annotate(lines=Count("pk"))
        .order_by("author__membership__organisation")
    )
    return [
        {"organisation": row["author__membership__organisation"], "lines": row["lines"]}
        for row in rows
    ]
