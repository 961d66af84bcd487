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


# --- Every incident-owned model: read-only, one shared base, scoped to members ---------------


def _incident_path(model, depth: int = 2) -> str | None:
    """The lookup from a model to its incident, or None when it belongs to no incident."""
    from incidents.models import Incident

    if model is Incident:
        return ""
    for field in model._meta.get_fields():
        if not (field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        if field.related_model is Incident:
            return field.name
        if depth > 1 and field.related_model is not model:
            inner = _incident_path(field.related_model, depth - 1)
            if inner:
                return f"{field.name}__{inner}"
    return None


def _superuser_request(admin_user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = admin_user
    return request


def test_every_incident_owned_model_is_read_only_in_the_admin_through_the_shared_base(
    admin_user,
):
    from django.contrib import admin

    from incidents.admin import IncidentOwnedAdmin

    request = _superuser_request(admin_user)
    owned = []
    for model, model_admin in admin.site._registry.items():
        for inline in model_admin.get_inline_instances(request):
            if _incident_path(inline.model) is not None:
                assert not inline.has_add_permission(request, None), inline
                assert not inline.has_change_permission(request), inline
                assert not inline.has_delete_permission(request), inline
        if _incident_path(model) is None:
            continue
        owned.append(model._meta.label)
        assert isinstance(model_admin, IncidentOwnedAdmin), model._meta.label
        assert not model_admin.has_add_permission(request), model._meta.label
        assert not model_admin.has_change_permission(request), model._meta.label
        assert not model_admin.has_delete_permission(request), model._meta.label
        assert not model_admin.get_actions(request), model._meta.label  # no bulk delete
    assert {"sitreps.Sitrep", "escalation.IncidentVitalProcess", "incidents.AuditEvent"} <= set(
        owned
    )


def test_every_read_only_admin_and_inline_uses_the_one_shared_base(admin_user):
    """No app writes its own has_*_permission trio: a read-only admin is a ReadOnlyAdmin."""
    from django.contrib import admin

    from incidents.admin import ReadOnlyAdmin, ReadOnlyInline

    request = _superuser_request(admin_user)

    def read_only(model_admin) -> bool:
        return not (
            model_admin.has_add_permission(request, None)
            if isinstance(model_admin, admin.options.InlineModelAdmin)
            else model_admin.has_add_permission(request)
        ) and not (
            model_admin.has_change_permission(request) or model_admin.has_delete_permission(request)
        )

    found = []
    for model, model_admin in admin.site._registry.items():
        if read_only(model_admin):
            found.append(model._meta.label)
            assert isinstance(model_admin, ReadOnlyAdmin), model._meta.label
        for inline in model_admin.get_inline_instances(request):
            if read_only(inline):
                assert isinstance(inline, ReadOnlyInline), inline
    assert {"incidents.ApiToken", "sitreps.OfflineExport", "incidents.AuditEvent"} <= set(found)


def test_a_superuser_cannot_delete_an_issued_sitrep_or_a_vital_process(
    client_for, admin_user, incident, vic_user
):
    from escalation.models import IncidentVitalProcess, VitalProcess
    from escalation.services import vital_process_set
    from sitreps.models import Sitrep
    from sitreps.services import sitrep_request

    sitrep = sitrep_request(incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False)
    record = vital_process_set(
        incident=incident,
        actor=vic_user,
        process=VitalProcess.objects.first(),
        status="geraakt",
    )
    client = client_for(admin_user)
    for name, obj in (("sitreps_sitrep", sitrep), ("escalation_incidentvitalprocess", record)):
        url = reverse(f"admin:{name}_delete", args=[obj.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
        changelist = reverse(f"admin:{name}_changelist")
        response = client.post(
            changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )
        assert response.status_code in (200, 302)
    assert Sitrep.objects.filter(pk=sitrep.pk).exists()
    assert IncidentVitalProcess.objects.filter(pk=record.pk).exists()


def test_sitrep_numbers_never_repeat_even_when_a_row_is_gone(incident, vic_user):
    from sitreps.models import Sitrep
    from sitreps.services import sitrep_draft, sitrep_request

    def request():
        return sitrep_request(
            incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False
        )

    assert [request().number, request().number] == [1, 2]
    Sitrep.objects.filter(incident=incident).delete()  # e.g. by hand in the database
    assert sitrep_draft(incident=incident, audience_tlp="AMBER").number == 3
    assert request().number == 3


def test_sitrep_numbering_continues_after_sitreps_from_before_the_counter(incident, vic_user):
    from sitreps.models import Sitrep, SitrepCounter
    from sitreps.services import sitrep_request

    sitrep_request(incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False)
    Sitrep.objects.create(incident=incident, number=7)
    SitrepCounter.objects.all().delete()  # as if numbered before the counter existed
    again = sitrep_request(incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False)
    assert again.number == 8


@pytest.fixture
def staff_member(vic_user):
    """VIC staff with view permission on everything in the admin (but no superuser)."""
    from django.contrib.auth.models import Permission

    vic_user.is_staff = True
    vic_user.save(update_fields=["is_staff"])
    vic_user.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
    return vic_user


def test_staff_see_only_the_incidents_they_are_a_member_of_in_the_admin(
    client_for, staff_member, outsider, admin_user, incident, django_assert_max_num_queries
):
    from incidents import services

    other = services.incident_open(actor=outsider, title="Ander team")
    services.log_entry_add(incident=other, actor=outsider, category="melding", text="Geheim X")
    services.log_entry_add(
        incident=incident, actor=staff_member, category="melding", text="Eigen Y"
    )
    client = client_for(staff_member)
    pages = {}
    for name in ("incident", "auditevent", "logentry"):
        with django_assert_max_num_queries(12):  # scoping is a subquery, not a query per row
            response = client.get(reverse(f"admin:incidents_{name}_changelist"))
        pages[name] = response.content.decode()
    assert incident.reference in pages["incident"]
    assert other.reference not in pages["incident"]
    assert "Eigen Y" in pages["logentry"] and "Geheim X" not in pages["logentry"]
    assert incident.reference in pages["auditevent"]
    assert other.reference not in pages["auditevent"]
    # Opening another team's incident, log line or audit event by id finds nothing.
    foreign = [
        ("incident", other.pk),
        ("logentry", other.log_entries.get().pk),
        ("auditevent", other.audit_events.first().pk),
    ]
    for name, pk in foreign:
        response = client.get(reverse(f"admin:incidents_{name}_change", args=[pk]))
        assert response.status_code == 302, name  # the admin's "does not exist" redirect
    # Superusers see everything.
    page = client_for(admin_user).get(reverse("admin:incidents_incident_changelist"))
    assert other.reference in page.content.decode()


def test_every_incident_owned_admin_is_scoped_to_the_staff_members_incidents(
    staff_member, outsider, incident
):
    from django.contrib import admin
    from django.test import RequestFactory

    from incidents import services

    other = services.incident_open(actor=outsider, title="Ander team")
    request = RequestFactory().get("/admin/")
    request.user = staff_member
    for model, model_admin in admin.site._registry.items():
        path = _incident_path(model)
        if path is None:
            continue
        incident_ids = set(
            model_admin.get_queryset(request).values_list(path or "pk", flat=True).distinct()
        )
        assert other.pk not in incident_ids, model._meta.label


def test_every_incident_owned_list_fetches_the_rows_its_columns_show(admin_user):
    """One base (IncidentOwnedAdmin) joins the incident and every other foreign key a list
    shows; an admin only names a row further away (list_select_related)."""
    from django.apps import apps
    from django.contrib import admin
    from django.core.exceptions import FieldDoesNotExist

    from incidents.admin import IncidentOwnedAdmin

    request = _superuser_request(admin_user)
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, IncidentOwnedAdmin):
            continue
        related = model_admin.get_list_select_related(request)
        for name in model_admin.get_list_display(request):
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a method of the admin or the model
                continue
            if field.many_to_one or field.one_to_one:
                assert name in related, (model._meta.label, name)
        assert len(related) == len(set(related)), model._meta.label
    record = admin.site._registry[apps.get_model("playbook", "KeyDecisionRecord")]
    assert "key_decision__key_decision" in record.get_list_select_related(request)


def test_the_logbook_list_costs_the_same_queries_for_more_rows(
    client_for, admin_user, incident, vic_user
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from incidents import services

    client = client_for(admin_user)
    url = reverse("admin:incidents_logentry_changelist")
    client.get(url)
    counts = []
    for text in ("Een", "Twee", "Drie"):
        services.log_entry_add(incident=incident, actor=vic_user, category="beeld", text=text)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[-1], counts
