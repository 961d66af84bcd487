import io

import pytest

from incidents.models import Decision
from incidents.services import affected_organisation_add
from playbook import demo
from playbook.models import (
    DilemmaPosition,
    IncidentChecklistItem,
    IncidentKeyDecision,
    NextMeeting,
    RosterEntry,
    StakeholderInvolvement,
)

pytestmark = pytest.mark.django_db


def snapshot(incident):
    return {
        "ticked": IncidentChecklistItem.objects.filter(incident=incident, done=True).count(),
        "taken": IncidentKeyDecision.objects.filter(incident=incident, outcome="genomen").count(),
        "decisions": Decision.objects.filter(incident=incident).count(),
        "positions": DilemmaPosition.objects.filter(incident=incident).count(),
        "roster": RosterEntry.objects.filter(incident=incident).count(),
        "meeting": NextMeeting.objects.filter(incident=incident).count(),
        "stakeholders": StakeholderInvolvement.objects.filter(incident=incident).count(),
        "informed": StakeholderInvolvement.objects.filter(
            incident=incident, informed_at__isnull=False
        ).count(),
    }


def test_the_demo_seed_fills_the_playbook_once(
    incident, vic_user, crisis_user, bestuurder, admin_user
):
    users = {"vic": vic_user, "crisisteam": crisis_user, "bestuurder": bestuurder}
    users["beheerder"] = admin_user
    affected_organisation_add(
        incident=incident, actor=vic_user, name="Regionaal Ziekenhuis Midden", sector="zorg"
    )
    demo.seed(incident=incident, users=users, stdout=io.StringIO())
    first = snapshot(incident)
    demo.seed(incident=incident, users=users, stdout=io.StringIO())
    assert (
        snapshot(incident)
        == first
        == {
            "ticked": 6,
            # liaisons, aflossing (roster), informeer stakeholders, losgeld
            "taken": 4,
            # only the region's own: the hospital's ransom decision is not in the besluitenlijst
            "decisions": 1,
            "positions": 1,
            "roster": 3,
            "meeting": 1,
            "stakeholders": 3,
            "informed": 1,
        }
    )
