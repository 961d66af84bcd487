"""Reading never writes (issue 13): the playbook rows of an incident exist from the moment it
opens, so neither the dashboard, its tiles nor the playbook pages insert or update anything."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.registry import tiles

pytestmark = pytest.mark.django_db

PLAYBOOK_PAGES = [
    "playbook:checklists",
    "playbook:key_decisions",
    "playbook:dilemmas",
    "playbook:relief",
    "playbook:roster_body",
    "playbook:handover",
    "playbook:my_tasks",
    "playbook:stakeholders",
]


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


@pytest.mark.parametrize("content_added_behind_the_apps_back", [False, True])
def test_reading_the_dashboard_tiles_and_playbook_pages_writes_nothing(
    client_for, vic_user, content_added_behind_the_apps_back
):
    from incidents.services import incident_open
    from playbook.models import ChecklistItem, KeyDecision

    incident = incident_open(actor=vic_user, title="Storing betalingsverkeer")
    if content_added_behind_the_apps_back:
        # Not through the admin or load_playbook (which create the rows): still no page
        # fills the gap on a read.
        KeyDecision.objects.create(slug="extra", kind="proces", title="Extra")
        ChecklistItem.objects.create(slug="extra", list="reageren", text="Extra")
    client = client_for(vic_user)
    urls = [reverse("incidents:detail", args=[incident.pk])]
    urls += [reverse("incidents:tile", args=[incident.pk, tile.name]) for tile in tiles()]
    urls += [reverse(name, args=[incident.pk]) for name in PLAYBOOK_PAGES]
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert _writes(captured.captured_queries) == [], url
    # The pages did show the incident's own rows (created when it opened).
    page = client.get(reverse("playbook:checklists", args=[incident.pk])).content.decode()
    assert 'name="done"' in page
