import pytest

from incidents import services


@pytest.fixture
def logged(incident, vic_user):
    """An incident with log lines, a decision, an action and a message to find."""
    services.log_entry_add(
        incident=incident,
        actor=vic_user,
        category="melding",
        text="Het gemaal bij de Zuidsluis is uitgevallen",
        source="Waterschap",
        tlp="GREEN",
    )
    services.log_entry_add(
        incident=incident,
        actor=vic_user,
        category="beeld",
        text="Ransomware bij twee gemalen; de besturing draait handmatig",
        source="CISO waterschap",
        tlp="RED",
    )
    decision = services.decision_record(
        incident=incident,
        actor=vic_user,
        text="Gemalen handmatig bedienen tot de besturing hersteld is",
        decided_by="Voorzitter ROT",
        tlp="AMBER",
    )
    services.action_create(
        incident=incident,
        actor=vic_user,
        description="Monteurs naar het gemaal Zuidsluis sturen",
        owner_organisation="Waterschap",
        decision=decision,
    )
    return incident


@pytest.fixture
def green_reader(monkeypatch):
    """Every member reads up to TLP:GREEN (as helper *people* will make per membership)."""
    monkeypatch.setattr("incidents.access.reader_clearance", lambda user, incident: "GREEN")
    for module in ("exchange.search", "exchange.views", "incidents.tiles"):
        monkeypatch.setattr(f"{module}.reader_clearance", lambda user, incident: "GREEN")
