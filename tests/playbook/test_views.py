from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import LogEntry
from incidents.services import affected_organisation_add
from playbook import services
from playbook.models import (
    Dilemma,
    DilemmaPosition,
    IncidentChecklistItem,
    IncidentKeyDecision,
    RosterEntry,
    Stakeholder,
    StakeholderInvolvement,
)
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(incident, vic_user):
    """One of each per-incident object, for the URLs that need a second key."""
    now = timezone.now()
    entry = services.roster_entry_add(
        incident=incident,
        actor=vic_user,
        function="Leider VIC",
        person="Vera",
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=4),
    )
    involvement = services.stakeholder_involve(
        incident=incident, actor=vic_user, stakeholder=Stakeholder.objects.get(slug="ncc")
    )
    return {
        "item_pk": IncidentChecklistItem.objects.filter(incident=incident).first().pk,
        "kd_pk": IncidentKeyDecision.objects.filter(incident=incident, key_decision__kind="proces")
        .first()
        .pk,
        "dilemma_pk": Dilemma.objects.first().pk,
        "entry_pk": entry.pk,
        "involvement_pk": involvement.pk,
    }


READS = [
    ("checklists", []),
    ("key_decisions", []),
    ("dilemmas", []),
    ("relief", []),
    ("roster_body", []),
    ("handover", []),
    ("stakeholders", []),
    ("stakeholders_body", []),
]
WRITES = [
    ("checklist_tick", ["item_pk"], {"done": "on"}),
    (
        "key_decision_take",
        ["kd_pk"],
        {"text": "x", "decided_by": "OL", "team": "ROT", "tlp": "AMBER"},
    ),
    ("key_decision_outcome", ["kd_pk"], {"outcome": "nvt"}),
    ("dilemma_position", ["dilemma_pk"], {"position": "Wel", "team": "GBT", "tlp": "AMBER"}),
    (
        "roster_add",
        [],
        {
            "function": "OL",
            "person": "Olaf",
            "starts_at": "2030-01-01T08:00",
            "ends_at": "2030-01-01T16:00",
        },
    ),
    ("roster_remove", ["entry_pk"], {}),
    ("next_meeting", [], {"at": "2030-01-01T10:00", "team": "ROT"}),
    ("stakeholder_involve", [], {"stakeholder": "", "max_tlp": "GREEN"}),
    ("stakeholder_informed", ["involvement_pk"], {}),
]


def url(name, incident, objects, keys):
    return reverse(f"playbook:{name}", args=[incident.pk, *[objects[k] for k in keys]])


def post_data(name, data):
    if name == "stakeholder_involve":
        return {**data, "stakeholder": Stakeholder.objects.get(slug="nkc").pk}
    return data


# --- Reading the playbook ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["vic_user", "crisis_user", "bestuurder", "outsider"])
def test_every_role_can_read_the_playbook(client_for, request, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse("playbook:index"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wie doet wat?" in body and "Het inhuren van forensische experts" in body
    assert "Cybercrime team Midden Nederland" in body and "Digitale bronnen" in body


def test_a_user_without_a_role_gets_403_on_the_playbook(client_for, django_user_model):
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    assert client_for(nobody).get(reverse("playbook:index")).status_code == 403


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("playbook:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_playbook_page_rejects_post(client_for, vic_user):
    assert client_for(vic_user).post(reverse("playbook:index")).status_code == 405


# --- Access to per-incident views -------------------------------------------------------------


@pytest.mark.parametrize(("name", "keys"), READS)
@pytest.mark.parametrize("persona", ["vic_user", "crisis_user", "bestuurder"])
def test_members_can_read(client_for, request, incident, objects, name, keys, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(url(name, incident, objects, keys)).status_code == 200


@pytest.mark.parametrize(("name", "keys"), READS)
def test_outsider_gets_404_on_reads(client_for, outsider, incident, objects, name, keys):
    assert client_for(outsider).get(url(name, incident, objects, keys)).status_code == 404


@pytest.mark.parametrize(("name", "keys"), READS)
def test_reads_reject_post(client_for, vic_user, incident, objects, name, keys):
    assert client_for(vic_user).post(url(name, incident, objects, keys)).status_code == 405


@pytest.mark.parametrize(("name", "keys", "data"), WRITES)
def test_members_who_write_can_post(client_for, crisis_user, incident, objects, name, keys, data):
    response = client_for(crisis_user).post(
        url(name, incident, objects, keys), post_data(name, data), headers=HTMX
    )
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["HX-Trigger"].startswith('{"incidentChanged"')


@pytest.mark.parametrize(("name", "keys", "data"), WRITES)
def test_plain_posts_redirect(client_for, crisis_user, incident, objects, name, keys, data):
    response = client_for(crisis_user).post(
        url(name, incident, objects, keys), post_data(name, data)
    )
    assert response.status_code == 302


@pytest.mark.parametrize(("name", "keys", "data"), WRITES)
def test_bestuurder_gets_403_on_writes(client_for, bestuurder, incident, objects, name, keys, data):
    response = client_for(bestuurder).post(
        url(name, incident, objects, keys), post_data(name, data), headers=HTMX
    )
    assert response.status_code == 403


@pytest.mark.parametrize(("name", "keys", "data"), WRITES)
def test_outsider_gets_404_on_writes(client_for, outsider, incident, objects, name, keys, data):
    response = client_for(outsider).post(url(name, incident, objects, keys), post_data(name, data))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "keys", "data"), WRITES)
def test_writes_reject_get(client_for, vic_user, incident, objects, name, keys, data):
    assert client_for(vic_user).get(url(name, incident, objects, keys)).status_code == 405


def test_objects_of_another_incident_give_404(client_for, vic_user, incident, objects):
    from incidents import services as incident_services

    other = incident_services.incident_open(actor=vic_user, title="Ander incident")
    response = client_for(vic_user).post(
        reverse("playbook:checklist_tick", args=[other.pk, objects["item_pk"]]), {"done": "on"}
    )
    assert response.status_code == 404


# --- Behaviour through HTTP -------------------------------------------------------------------


def test_ticking_returns_the_row_fragment_with_author(client_for, crisis_user, incident, objects):
    response = client_for(crisis_user).post(
        reverse("playbook:checklist_tick", args=[incident.pk, objects["item_pk"]]),
        {"done": "on", "note": "Meldkamer gebeld"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert "<html" not in body and f'id="item-{objects["item_pk"]}"' in body
    assert "afgevinkt door Chris" in body and "Meldkamer gebeld" in body
    row = IncidentChecklistItem.objects.get(pk=objects["item_pk"])
    assert row.done_by == crisis_user and row.done_at is not None


def test_the_checklist_page_is_a_full_page_with_all_lists(client_for, vic_user, incident):
    body = client_for(vic_user).get(reverse("playbook:checklists", args=[incident.pk])).content
    body = body.decode()
    assert "<html" in body
    for label in ["Melding &amp; alarmering", "Houd rekening met", "Reageren", "Operationeel"]:
        assert label in body


def test_the_bestuurder_sees_checklists_without_forms(client_for, bestuurder, incident):
    body = client_for(bestuurder).get(reverse("playbook:checklists", args=[incident.pk]))
    assert "checklist_tick" not in body.content.decode()
    assert '<form method="post" action="/incidents/' not in body.content.decode()


def test_taking_a_key_decision_over_http_logs_it(client_for, crisis_user, incident):
    row = IncidentKeyDecision.objects.get(incident=incident, key_decision__slug="liaisons")
    response = client_for(crisis_user).post(
        reverse("playbook:key_decision_take", args=[incident.pk, row.pk]),
        {"text": "Liaison ziekenhuis in ROT", "decided_by": "OL", "team": "ROT", "tlp": "AMBER"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert (
        response.status_code == 200 and "Liaison ziekenhuis in ROT" in body and "<html" not in body
    )
    assert LogEntry.objects.filter(incident=incident, category="besluit").count() == 1


def test_an_invalid_key_decision_returns_422_with_dutch_errors_and_the_input(
    client_for, crisis_user, incident
):
    row = IncidentKeyDecision.objects.get(incident=incident, key_decision__slug="liaisons")
    response = client_for(crisis_user).post(
        reverse("playbook:key_decision_take", args=[incident.pk, row.pk]),
        {"text": "Mijn concepttekst", "decided_by": "", "team": "ROT", "tlp": "AMBER"},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Dit veld is verplicht." in body and "Mijn concepttekst" in body
    assert not LogEntry.objects.filter(incident=incident, category="besluit").exists()


@pytest.mark.parametrize(
    ("outcome", "message"),
    [("nvt", "al genomen"), ("genomen", "Selecteer een geldige keuze")],
)
def test_a_refused_key_decision_outcome_shows_why_in_its_row(
    client_for, crisis_user, incident, outcome, message
):
    row = IncidentKeyDecision.objects.get(incident=incident, key_decision__slug="liaisons")
    services.key_decision_take(
        key_decision=row, actor=crisis_user, text="Liaison in ROT", decided_by="OL", team="ROT"
    )
    response = client_for(crisis_user).post(
        reverse("playbook:key_decision_outcome", args=[incident.pk, row.pk]),
        {"outcome": outcome},
        headers=HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert body.lstrip().startswith(f'<div class="kd-row" id="kd-{row.pk}"')
    assert '<p class="error" role="alert">' in body and message in body
    row.refresh_from_db()
    assert row.outcome == "genomen"


def test_an_invalid_roster_entry_returns_422(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("playbook:roster_add", args=[incident.pk]),
        {
            "function": "OL",
            "person": "Olaf",
            "starts_at": "2030-01-01T16:00",
            "ends_at": "2030-01-01T08:00",
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Het einde van de dienst ligt na het begin." in response.content.decode()
    assert not RosterEntry.objects.filter(person="Olaf").exists()


def test_an_invalid_dilemma_position_returns_422(client_for, crisis_user, incident):
    dilemma = Dilemma.objects.first()
    response = client_for(crisis_user).post(
        reverse("playbook:dilemma_position", args=[incident.pk, dilemma.pk]),
        {"position": "", "team": "GBT", "tlp": "AMBER"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert not DilemmaPosition.objects.exists()


def test_an_invalid_stakeholder_email_returns_422(client_for, vic_user, incident):
    response = client_for(vic_user).post(
        reverse("playbook:stakeholder_involve", args=[incident.pk]),
        {
            "stakeholder": Stakeholder.objects.get(slug="nkc").pk,
            "contact_email": "geen-adres",
            "max_tlp": "GREEN",
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Vul een geldig e-mailadres in." in response.content.decode()
    assert not StakeholderInvolvement.objects.filter(stakeholder__slug="nkc").exists()


def test_the_relief_tile_warns_about_a_shift_without_successor(client_for, vic_user, incident):
    now = timezone.now()
    services.roster_entry_add(
        incident=incident,
        actor=vic_user,
        function="Leider VIC",
        person="Vera",
        starts_at=now - timedelta(hours=3),
        ends_at=now + timedelta(minutes=30),
    )
    body = client_for(vic_user).get(
        reverse("incidents:tile", args=[incident.pk, "relief"]), headers=HTMX
    )
    body = body.content.decode()
    assert "<html" not in body and 'id="relief-body"' in body
    assert "er is nog geen opvolger" in body


def test_the_handover_brief_is_printable_and_accepts_a_start_time(client_for, vic_user, incident):
    response = client_for(vic_user).get(
        reverse("playbook:handover", args=[incident.pk]), {"sinds": "2020-01-01T08:00"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Overdrachtsbrief" in body
    assert "01-01-2020 08:00" in body
    assert "Stakeholders nog niet geïnformeerd" in body


def test_the_dashboard_shows_the_playbook_tiles_in_order(client_for, vic_user, incident):
    body = client_for(vic_user).get(reverse("incidents:detail", args=[incident.pk])).content
    body = body.decode()
    positions = [
        body.index(f'id="tile-{name}"')
        for name in ["key_decisions", "dilemmas", "relief", "stakeholders"]
    ]
    assert positions == sorted(positions)
    assert "4 open · 0 genomen" in body  # process key decisions; content ones apart


# --- Query counts -----------------------------------------------------------------------------


def _grow(incident, actor, n, start=0):
    """n more rows of everything the tiles list."""
    now = timezone.now()
    stakeholders = list(Stakeholder.objects.all())
    for i in range(start, start + n):
        services.roster_entry_add(
            incident=incident,
            actor=actor,
            function=f"Functie {i}",
            person=f"Persoon {i}",
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(minutes=30),
        )
        services.stakeholder_involve(incident=incident, actor=actor, stakeholder=stakeholders[i])
        services.dilemma_position_record(
            incident=incident, actor=actor, dilemma=Dilemma.objects.all()[i % 5], position=f"p{i}"
        )
    organisation = affected_organisation_add(incident=incident, actor=actor, name=f"Org {start}")
    for row in IncidentKeyDecision.objects.filter(incident=incident, outcome="open").select_related(
        "key_decision", "incident"
    )[:n]:
        services.key_decision_take(
            key_decision=row, actor=actor, text="t", decided_by="d", organisation=organisation
        )


@pytest.mark.parametrize("name", ["key_decisions", "dilemmas", "relief", "stakeholders"])
def test_tile_queries_do_not_grow_with_rows(
    client_for, vic_user, incident, name, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(vic_user)
    tile_url = reverse("incidents:tile", args=[incident.pk, name])
    _grow(incident, vic_user, 1)
    with CaptureQueriesContext(connection) as small:
        assert client.get(tile_url, headers=HTMX).status_code == 200
    _grow(incident, vic_user, 6, start=1)
    with CaptureQueriesContext(connection) as large:
        assert client.get(tile_url, headers=HTMX).status_code == 200
    assert len(large) == len(small)


def test_the_dashboard_queries_for_playbook_tiles_do_not_grow(client_for, vic_user, incident):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(vic_user)
    dashboard = reverse("incidents:detail", args=[incident.pk])
    _grow(incident, vic_user, 1)
    cache.clear()  # every tile rendered both times, not some taken from the shared cache
    with CaptureQueriesContext(connection) as small:
        client.get(dashboard)
    small_playbook = [q for q in small if "playbook_" in q["sql"]]
    _grow(incident, vic_user, 6, start=1)
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(dashboard)
    large_playbook = [q for q in large if "playbook_" in q["sql"]]
    assert len(large_playbook) == len(small_playbook)
