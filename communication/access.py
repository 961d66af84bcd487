"""Who may approve (vaststellen) a communication message.

Drafting is open to every writer on the incident (crisis team members and VIC staff, see
incidents.access.can_write). Approving is a separate, explicit step with a four-eyes rule:
the approver must be a writer who neither created the message nor made its last change.
Staff (application administrators) are exempt, for a region that staffs the desk with one
communication adviser at night.
"""

from django.utils.translation import gettext_lazy as _

from incidents.access import can_write

from .models import Message

NOT_A_WRITER = _("Alleen crisisteamleden en VIC-medewerkers kunnen berichten vaststellen.")
OWN_MESSAGE = _(
    "U heeft dit bericht opgesteld of als laatste gewijzigd: een ander moet het vaststellen."
)


def approval_refusal(user, message: Message) -> str | None:
    """Why this user may not approve this message, or None when they may."""
    if not can_write(user):
        return str(NOT_A_WRITER)
    if user.is_staff:
        return None
    if user.pk in (message.created_by_id, message.updated_by_id):
        return str(OWN_MESSAGE)
    return None
