"""Incident data changes only through the app (audited); the admin only shows it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_can_view_but_not_change_an_incident_in_the_admin(client_for, admin_user, incident):
    client = client_for(admin_user)
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert incident.reference in page.content.decode()
    response = client.post(url, {"title": "Gewijzigd buiten de app om"})
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.title != "Gewijzigd buiten de app om"
    assert client.get(reverse("admin:incidents_incident_add")).status_code == 403
    assert client.get(reverse("admin:incidents_auditevent_changelist")).status_code == 200
