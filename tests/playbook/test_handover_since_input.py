"""Issue 19.1: the handover brief's "wijzigingen sinds" date is validated like every date."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["0001-01-01T00:00", "9999-12-31T23:59", "abc"])
def test_an_implausible_since_date_does_not_break_the_brief(client_for, vic_user, incident, value):
    response = client_for(vic_user).get(
        reverse("playbook:handover", args=[incident.pk]), {"sinds": value}
    )
    assert response.status_code == 200
    if value != "abc":
        assert "controleer het jaartal" in response.content.decode()
