"""Issue 19.2: a too long "gemeld aan" is refused with a message and kept, not dropped."""

import pytest

from escalation.models import ReportingItem, ReportingPoint, ReportingRun, ReportingTree
from tests.helpers import HTMX

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(incident, vic_user):
    run = ReportingRun.objects.create(
        incident=incident, tree=ReportingTree.objects.first(), created_by=vic_user
    )
    return ReportingItem.objects.create(
        run=run, point=ReportingPoint.objects.first(), name="Meldkamer", text="Bel de meldkamer."
    )


@pytest.mark.parametrize("htmx", [True, False])
def test_a_300_character_reported_to_is_refused_with_a_message(
    client_for, incident, item, vic_user, htmx
):
    long = "a" * 300
    response = client_for(vic_user).post(
        f"/incidents/{incident.pk}/meldpunten/{item.pk}/gemeld",
        {"reported_to": long},
        headers=HTMX if htmx else None,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "te lang" in html and "200" in html
    assert long in html
    item.refresh_from_db()
    assert not item.is_done
