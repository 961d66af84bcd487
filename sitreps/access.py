"""Who may download a sitrep's PDF, and who may approve (vaststellen) or reject it.

The incident itself is always reached through incidents.access.get_incident_for_user first.
"""

from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.utils.translation import gettext as _

from incidents import access as incident_access
from incidents.tlp import visible_at

from .models import Sitrep


def sitrep_pdf_for_user(user, incident, sitrep: Sitrep) -> FieldFile:
    """The PDF this reader may have, else Http404 (the web download and the API use this).

    - not made (yet), or no file: 404;
    - made for a wider audience than the reader's clearance: 404;
    - vastgesteld with its approved PDF: that PDF, for every member;
    - a concept (or vastgesteld while its approved PDF is still being made): only for
      writers, who review it (it says CONCEPT on every page); a Bestuurder gets 404.
    """
    if sitrep.state != Sitrep.State.DONE or not sitrep.pdf:
        raise Http404
    if not visible_at(sitrep.audience_tlp, incident_access.reader_clearance(user, incident)):
        raise Http404
    if sitrep.is_approved and sitrep.approved_pdf:
        return sitrep.approved_pdf
    if incident_access.can_write(user):
        return sitrep.pdf
    raise Http404


def approval_refusal(user, sitrep: Sitrep) -> str | None:
    """Why this user may not approve or reject the sitrep (a Dutch sentence), or None.

    Four eyes: the member who asked for the sitrep does not approve it themselves.
    """
    if not incident_access.can_write(user):
        return _("Alleen leden met schrijfrechten kunnen een sitrep vaststellen of afwijzen.")
    if sitrep.requested_by_id is not None and sitrep.requested_by_id == user.pk:
        return _(
            "U heeft deze sitrep zelf aangevraagd; een ander lid van het team stelt hem vast "
            "of wijst hem af."
        )
    return None
