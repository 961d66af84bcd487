"""TLP is the reader's property on every tile (issues 16 and 20): an item marked TLP:RED never
reaches a member cleared for TLP:AMBER, not in a tile body, the dashboard or a "toon alle"
page, while a member holding RED sees each of them (so the sweep cannot pass by showing
nothing)."""

import pytest
from django.urls import reverse

from communication.models import CoreMessage, Message
from incidents import registry
from incidents.models import Action, Decision, LogEntry, Membership
from incidents.tlp import TLP
from notifications.models import Notification
from playbook.models import DilemmaPosition, IncidentKeyDecision, KeyDecisionRecord
from playbook.services import playbook_ensure
from tests.helpers import HTMX
from tests.notifications.conftest import make_stakeholder

pytestmark = pytest.mark.django_db

RED = TLP.RED


@pytest.fixture
def red_items(incident, vic_user):
    """{where it shows: secret text} for one TLP:RED item of every kind a tile shows."""
    playbook_ensure(incident)
    organisation = incident.affected_organisations.create(name="Ziekenhuis Midden")
    decision = Decision.objects.create(
        incident=incident, text="Geheim besluit", decided_by="ROT", tlp=RED
    )
    Action.objects.create(
        incident=incident, description="Actie bij het geheime besluit", decision=decision
    )
    LogEntry.objects.create(
        incident=incident, author=vic_user, category="beeld", text="Geheim beeld", tlp=RED
    )
    CoreMessage.objects.create(
        incident=incident, text="Geheime kernboodschap", tlp=RED, created_by=vic_user
    )
    Message.objects.create(
        incident=incident,
        title="Geheim bericht",
        text="x",
        tlp=RED,
        status=Message.Status.APPROVED,
        created_by=vic_user,
        approved_by=vic_user,
    )
    Notification.objects.create(
        incident=incident,
        stakeholder=make_stakeholder(name="Geheime ontvanger"),
        trigger="handmatig",
        channel="email",
        subject="Geheim onderwerp",
        body="x",
        tlp=RED,
    )
    content = IncidentKeyDecision.objects.filter(
        incident=incident, key_decision__kind="inhoudelijk"
    ).first()
    KeyDecisionRecord.objects.create(
        incident=incident,
        key_decision=content,
        text="Geheim partijbesluit",
        organisation=organisation,
        tlp=RED,
    )
    from playbook.models import Dilemma

    DilemmaPosition.objects.create(
        incident=incident, dilemma=Dilemma.objects.first(), position="Geheim standpunt", tlp=RED
    )
    from incidents.models import Discipline
    from incidents.picture import partial_picture_set

    partial_picture_set(
        incident=incident,
        actor=vic_user,
        discipline=Discipline.objects.get(slug="ghor"),
        text="Geheim deelbeeld",
        tlp=RED,
    )
    from incidents.services import incident_touch

    incident_touch(incident)
    return {
        "decisions": "Geheim besluit",
        "actions": "Voert uit",
        "picture": "Geheim beeld",
        "picture ": "Geheim deelbeeld",
        "communication": "Geheime kernboodschap",
        "communication ": "Geheim bericht",
        "notifications": "Geheime ontvanger",
        "key_decisions": "Geheim partijbesluit",
        "dilemmas": "Geheim standpunt",
    }


def everything_seen(client, incident) -> str:
    pages = [client.get(incident.get_absolute_url())]
    for tile in registry.tiles():
        pages.append(
            client.get(reverse("incidents:tile", args=[incident.pk, tile.name]), headers=HTMX)
        )
        if tile.bounded:
            pages.append(client.get(reverse("incidents:tile_all", args=[incident.pk, tile.name])))
    assert {page.status_code for page in pages} == {200}
    return "\n".join(page.content.decode() for page in pages)


def test_no_tile_shows_an_item_above_the_readers_clearance(
    red_items, incident, client_for, crisis_user
):
    Membership.objects.filter(incident=incident, user=crisis_user).update(clearance=TLP.AMBER)
    seen = everything_seen(client_for(crisis_user), incident)
    leaks = [text for text in red_items.values() if text in seen]
    assert leaks == [], [seen[seen.index(t) - 600 : seen.index(t) + 60] for t in leaks]
    assert "De kernboodschap is hoger gerubriceerd dan u mag zien." in seen


def test_a_member_holding_red_sees_every_one_of_them(red_items, incident, client_for, vic_user):
    seen = everything_seen(client_for(vic_user), incident)
    assert [text for text in red_items.values() if text not in seen] == []
