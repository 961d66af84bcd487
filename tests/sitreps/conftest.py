import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from incidents import services
from incidents.models import Decision

RED_SECRET = "Geheime bron binnen de dader-groep"
RED_DECISION = "Losgeld betalen wordt overwogen"
RED_ACTION = "Contact opnemen met de onderhandelaar"


@pytest.fixture(autouse=True)
def media_root(media_root):
    """Every sitrep test writes its PDFs to a scratch directory (tests/conftest.py)."""
    return media_root


def approve(sitrep, *, by=None, stamp: bool = False):
    """Vaststellen as another writer than the requester (by default the incident fixture's
    crisis team member); with stamp, the approved PDF is made at once (no worker)."""
    from django.contrib.auth import get_user_model

    from sitreps import services as sitrep_services

    approver = by or get_user_model().objects.get(username="chris")
    sitrep = sitrep_services.sitrep_approve(sitrep=sitrep, actor=approver, enqueue=False)
    if stamp:
        sitrep = sitrep_services.sitrep_stamp(sitrep_id=sitrep.pk) or sitrep
    return sitrep


def issue(incident, user, audience="AMBER"):
    """A sitrep made at once (no worker) and vastgesteld, so the next one marks what is new since
    it (selectors.previous_sitrep)."""
    from sitreps import services as sitrep_services
    from sitreps.models import Sitrep

    sitrep = sitrep_services.sitrep_issue_now(incident=incident, actor=user, audience_tlp=audience)
    assert sitrep.state == Sitrep.State.DONE, sitrep.error
    return approve(sitrep)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, as a reader of the paper would see it."""
    pages = PdfReader(io.BytesIO(data)).pages
    return [re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in pages]


def pdf_of(sitrep) -> list[str]:
    with sitrep.pdf.open("rb") as handle:
        return pdf_pages(handle.read())


@pytest.fixture
def rich_incident(incident, vic_user, crisis_user):
    """An incident with every kind of content, some of it TLP:RED, long enough for 2+ pages."""
    now = timezone.now()
    services.incident_update(
        incident=incident,
        actor=vic_user,
        expected_register_version=incident.register_version,
        description="Betaalterminals in de regio vallen uit.",
        municipalities="Utrecht\nZeist",
        status="actief",
    )
    services.incident_set_grip_label(incident=incident, label="GRIP 2")
    services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"domain": "vitaal", "area": "meerdere_regios"},
        assumed_blocks=["area"],
        reason="Betalingsverkeer is een vitaal proces.",
    )
    services.log_entry_add(
        incident=incident,
        actor=vic_user,
        category="beeld",
        text="Pinnen is in de hele regio niet mogelijk.",
        source="Betaalvereniging",
        tlp="AMBER",
    )
    services.log_entry_add(
        incident=incident,
        actor=vic_user,
        category="informatie",
        text=RED_SECRET,
        source="Politie",
        tlp="RED",
    )
    # Fewer than the logbook excerpt holds (sitreps.sitrep.LOG_EXCERPT_LIMIT), so the red line stays in.
    for number in range(40):
        services.log_entry_add(
            incident=incident,
            actor=vic_user,
            category="informatie",
            text=f"Logregel {number}: winkels melden problemen met betalen.",
            source="Meldkamer",
            tlp="GREEN",
        )
    services.decision_record(
        incident=incident,
        actor=crisis_user,
        text="Noodvoorziening contant geld bij gemeentehuizen.",
        decided_by="Voorzitter ROT",
        reevaluate_at=now - timedelta(hours=1),
        tlp="AMBER",
    )
    red = services.decision_record(
        incident=incident,
        actor=crisis_user,
        text=RED_DECISION,
        decided_by="Burgemeester",
        tlp="RED",
    )
    services.action_create(
        incident=incident,
        actor=crisis_user,
        description="Geldtransporten regelen met de bank.",
        owner_user=crisis_user,
        due_at=now - timedelta(minutes=30),
    )
    services.action_create(
        incident=incident,
        actor=crisis_user,
        description=RED_ACTION,
        owner_organisation="Politie",
        decision=red,
    )
    assert Decision.objects.filter(incident=incident).count() == 2
    incident.refresh_from_db()
    return incident
