"""The audit trail a person can read (issue 13): every code written is catalogued with a
Dutch label, the before/after reads as "veld: oud → nieuw", and the audit page pages, filters
and never shows a raw code or dict."""

import ast
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents import audit, services
from incidents.models import AuditEvent

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")


# --- The catalogue ----------------------------------------------------------------------------


def test_every_code_is_app_entity_verb_with_a_label_and_a_known_entity():
    for code, label in audit.ACTIONS.items():
        assert CODE.match(code), code
        assert str(label).strip(), code
        assert audit.entity(code) in audit.ENTITIES, code
    for old, new in audit.RENAMED.items():
        assert old not in audit.ACTIONS and new in audit.ACTIONS


def _source_files():
    skip = {"tests", "migrations", ".venv", "node_modules", "locale", "bench"}
    for path in ROOT.rglob("*.py"):
        if not skip.intersection(path.relative_to(ROOT).parts):
            yield path


def _name(node) -> str:
    return getattr(node, "id", None) or getattr(node, "attr", "")


def _codes_written(tree) -> tuple[set[str], list[str]]:
    """Codes passed as `action` to audit_record / AuditEvent; an action that is a parameter
    of its function is followed to that function's callers in the same module."""
    functions = {f.name: f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
    parents = {child: f for f in functions.values() for child in ast.walk(f)}
    codes, unresolved = set(), []
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]

    def follow(value, call) -> None:
        if isinstance(value, ast.IfExp):  # "x.y.ticked" if done else "x.y.unticked"
            follow(value.body, call)
            follow(value.orelse, call)
        elif isinstance(value, ast.Constant) and isinstance(value.value, str):
            codes.add(value.value)
        elif isinstance(value, ast.Name) and parents.get(call) is not None:
            function = parents[call]
            params = [a.arg for a in function.args.args]
            if value.id not in params:
                unresolved.append(value.id)
                return
            index = params.index(value.id)
            for caller in calls:
                if _name(caller.func) == function.name:
                    args = [k.value for k in caller.keywords if k.arg == value.id]
                    for arg in args + caller.args[index : index + 1]:
                        follow(arg, caller)
        else:
            unresolved.append(ast.unparse(value))

    for call in calls:
        if _name(call.func) in ("audit_record", "AuditEvent"):
            for keyword in call.keywords:
                if keyword.arg == "action":
                    follow(keyword.value, call)
    return codes, unresolved


def test_every_code_written_anywhere_in_the_source_is_catalogued():
    written, unresolved = set(), []
    for path in _source_files():
        codes, names = _codes_written(ast.parse(path.read_text(), str(path)))
        written |= codes
        unresolved += [f"{path.relative_to(ROOT)}: {name}" for name in names]
    assert not unresolved  # a code the scan cannot follow is a code nobody checked
    assert len(written) > 60  # the scan finds the codes (not vacuously empty)
    assert written - set(audit.ACTIONS) == set()
    assert {
        "notifications.notification.queued",
        "communication.message.published",
        "playbook.stakeholder.informed",
    } <= written


def test_an_uncatalogued_code_is_refused_and_nothing_is_written(incident, vic_user):
    before = AuditEvent.objects.count()
    with pytest.raises(ValueError, match="incidents.incident.exploded"):
        services.audit_record(actor=vic_user, action="incidents.incident.exploded")
    assert AuditEvent.objects.count() == before


def test_outside_debug_an_uncatalogued_code_is_still_written_and_logged(
    settings, incident, vic_user, caplog
):
    settings.AUDIT_STRICT = False
    event = services.audit_record(
        actor=vic_user, action="incidents.incident.exploded", incident=incident
    )
    assert event.pk and "incidents.incident.exploded" in caplog.text
    assert audit.label(event.action) == "incidents.incident.exploded"


# --- Readable changes -------------------------------------------------------------------------


def test_a_classification_change_reads_as_field_old_arrow_new(incident, vic_user):
    services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"area": "meerdere_regios"},
        reason="Twee regio's",
    )
    event = incident.audit_events.get(action="incidents.classification.changed")
    assert audit.label(event.action) == "Duiding gewijzigd"
    assert audit.change_lines(event) == [
        "geraakt gebied: Onbekend → Meerdere veiligheidsregio's",
        "reden: Twee regio's",
    ]


def test_an_opened_incident_shows_its_fields_with_their_labels_and_choice_labels(incident):
    event = incident.audit_events.get(action="incidents.incident.opened")
    lines = audit.change_lines(event)
    assert "titel: Storing betalingsverkeer" in lines
    assert "status: Melding" in lines
    assert not any("{" in line or "_" in line.split(":")[0] for line in lines)


def test_a_code_stored_before_its_rename_keeps_its_label_and_entity():
    assert audit.label("notifications.queued") == "Notificatie klaargezet"
    assert "notifications.queued" in audit.codes_of_entity("notification")


# --- The audit page ---------------------------------------------------------------------------


def _url(incident, **query):
    from urllib.parse import urlencode

    url = reverse("incidents:audit", args=[incident.pk])
    return f"{url}?{urlencode(query)}" if query else url


def _log_lines(incident, actor, count):
    for number in range(count):
        services.log_entry_add(
            incident=incident, actor=actor, category="melding", text=f"Regel {number}"
        )


def test_the_page_shows_labels_and_readable_changes_never_codes_or_dicts(
    client_for, admin_user, incident, vic_user
):
    services.classification_change(
        incident=incident, actor=vic_user, changes={"area": "meerdere_regios"}, reason="Twee"
    )
    page = client_for(admin_user).get(_url(incident)).content.decode()
    assert "Incident geopend" in page and "Duiding gewijzigd" in page
    assert "geraakt gebied: Onbekend → Meerdere veiligheidsregio&#x27;s" in page
    assert "incidents.incident.opened" not in page
    assert "incidents.classification.changed" not in page
    assert "{&#x27;" not in page and "{'" not in page  # no raw dict


def test_the_page_shows_fifty_events_a_page_with_page_x_of_y(
    client_for, admin_user, incident, vic_user
):
    _log_lines(incident, vic_user, 60)
    total = incident.audit_events.count()
    client = client_for(admin_user)
    first = client.get(_url(incident)).content.decode()
    assert first.count("Logregel toegevoegd") == 50
    assert f"Pagina 1 van {-(-total // 50)}" in first
    second = client.get(_url(incident, page=2)).content.decode()
    assert second.count("<tr>") - 1 == total - 50  # minus the header row
    assert "Pagina 2 van 2" in second


def test_the_page_filters_on_person_entity_and_period(
    client_for, admin_user, incident, vic_user, crisis_user
):
    services.log_entry_add(incident=incident, actor=crisis_user, category="melding", text="C")
    client = client_for(admin_user)

    by_person = client.get(_url(incident, persoon=crisis_user.pk)).content.decode()
    assert "Logregel toegevoegd" in by_person and "Incident geopend" not in by_person

    by_entity = client.get(_url(incident, onderdeel="member")).content.decode()
    assert "Lid toegevoegd" in by_entity and "Logregel toegevoegd" not in by_entity

    event = incident.audit_events.get(action="incidents.log.added")
    later = timezone.localtime(event.created_at + timedelta(minutes=5))
    earlier = timezone.localtime(event.created_at - timedelta(minutes=5))
    fmt = "%Y-%m-%dT%H:%M"
    assert (
        "Logregel toegevoegd"
        not in client.get(_url(incident, van=later.strftime(fmt))).content.decode()
    )
    window = client.get(
        _url(incident, van=earlier.strftime(fmt), tot=later.strftime(fmt))
    ).content.decode()
    assert "Logregel toegevoegd" in window
    assert (
        "Logregel toegevoegd"
        not in client.get(_url(incident, tot=earlier.strftime(fmt))).content.decode()
    )


def test_the_entity_filter_finds_codes_stored_before_their_rename(
    client_for, admin_user, incident, vic_user
):
    AuditEvent.objects.create(incident=incident, actor=vic_user, action="notifications.queued")
    page = client_for(admin_user).get(_url(incident, onderdeel="notification")).content.decode()
    assert "Notificatie klaargezet" in page and "notifications.queued" not in page


def test_an_invalid_date_gets_a_dutch_error_and_keeps_what_was_typed(
    client_for, admin_user, incident
):
    response = client_for(admin_user).get(_url(incident, van="31-31-2026", onderdeel="log"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Vul een geldige datum en tijd in" in page
    assert 'value="31-31-2026"' in page
    assert '<option value="log" selected>' in page


def test_an_end_before_the_start_is_refused_in_dutch(client_for, admin_user, incident):
    response = client_for(admin_user).get(
        _url(incident, van="2026-03-14T10:00", tot="2026-03-13T10:00")
    )
    assert response.status_code == 422
    assert "Het einde ligt vóór het begin van de periode." in response.content.decode()


@pytest.mark.parametrize("events", [10, 200])
def test_the_page_costs_the_same_queries_for_10_or_200_events(
    client_for, admin_user, incident, vic_user, events, django_assert_max_num_queries
):
    _log_lines(incident, vic_user, events)
    client = client_for(admin_user)
    with django_assert_max_num_queries(10):
        response = client.get(_url(incident, page=2 if events > 50 else 1))
    assert response.status_code == 200


def test_values_read_as_words_and_dates_not_as_stored_json():
    event = AuditEvent(
        action="notifications.notification.queued",
        before=None,
        after={"queued": ["ncc", "z-cert"], "skipped": {}, "due_at": "2027-01-28", "done": True},
    )
    assert audit.change_lines(event) == [
        "klaargezet voor: ncc, z-cert",
        "overgeslagen: –",
        "gereed voor: 28-01-2027",
        "afgevinkt: ja",
    ]


def test_the_context_of_a_removal_is_shown_without_an_arrow(incident, vic_user, crisis_user):
    services.membership_remove(incident=incident, actor=vic_user, user=crisis_user)
    event = incident.audit_events.get(action="incidents.member.removed")
    assert audit.change_lines(event) == [f"gebruiker: {crisis_user.get_username()}"]
