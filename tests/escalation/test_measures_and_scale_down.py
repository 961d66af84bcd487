"""Afschalen as a GRIP change downward, and measures (maatregelen) that block closing."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from escalation import services
from escalation.models import Measure
from incidents.models import AuditEvent, Incident, LogEntry
from tests.helpers import HTMX, close_incident

pytestmark = pytest.mark.django_db


def measure(incident, user, title="Systemen ontkoppeld", **extra):
    return services.measure_create(
        incident=incident,
        actor=user,
        title=title,
        owner=extra.pop("owner", "CISO"),
        end_criterion=extra.pop("end_criterion", "Forensisch onderzoek afgerond"),
        **extra,
    )


def up(incident, user, level):
    return services.grip_change(
        incident=incident, actor=user, to_level=level, decided_by="Leider", reason="Effecten"
    )


def test_a_measure_is_logged_audited_and_touches_the_measures_part(incident, vic_user):
    version = incident.version
    created = measure(incident, vic_user)
    assert created.is_open
    assert LogEntry.objects.filter(
        incident=incident, text__startswith="Maatregel van kracht"
    ).exists()
    assert AuditEvent.objects.filter(
        action="escalation.measure.created", object_id=str(created.pk)
    ).exists()
    incident.refresh_from_db()
    assert incident.version > version and "measures" in incident.part_versions


def test_a_measure_needs_an_owner_and_an_end_criterion(incident, vic_user):
    with pytest.raises(ValidationError) as exc:
        measure(incident, vic_user, owner=" ", end_criterion="")
    assert set(exc.value.error_dict) == {"owner", "end_criterion"}


def test_ending_needs_a_reason_and_happens_once(incident, vic_user):
    created = measure(incident, vic_user)
    with pytest.raises(ValidationError):
        services.measure_end(measure=created, actor=vic_user, reason="")
    services.measure_end(measure=created, actor=vic_user, reason="Criterium gehaald")
    created.refresh_from_db()
    assert created.status == Measure.Status.ENDED and created.ended_at and created.end_reason
    with pytest.raises(ValidationError):
        services.measure_end(measure=created, actor=vic_user, reason="Nog eens")


def test_an_edit_is_audited_with_before_and_after(incident, vic_user):
    created = measure(incident, vic_user)
    services.measure_update(
        measure=created,
        actor=vic_user,
        title=created.title,
        owner="Gemeente",
        end_criterion=created.end_criterion,
        since=created.since,
    )
    event = AuditEvent.objects.get(action="escalation.measure.changed")
    assert event.before == {"owner": "CISO"} and event.after == {"owner": "Gemeente"}


def test_an_open_measure_blocks_closing_with_a_clear_message(incident, vic_user):
    from aftermath import services as aftermath_services

    aftermath_services.evaluation_waive(incident=incident, actor=vic_user, reason="Kleine storing")
    created = measure(incident, vic_user)
    with pytest.raises(ValidationError) as exc:
        close_incident(incident, vic_user)
    message = " ".join(exc.value.message_dict["status"])
    assert "1 maatregel is nog van kracht (Systemen ontkoppeld)" in message
    services.measure_end(measure=created, actor=vic_user, reason="Klaar")
    assert close_incident(incident, vic_user).status == Incident.Status.CLOSED


def test_the_measures_page_adds_edits_and_ends_over_htmx(client_for, incident, vic_user):
    client = client_for(vic_user)
    url = reverse("escalation:measures", args=[incident.pk])
    bad = client.post(url, {"title": "Extra ambulances", "owner": ""}, headers=HTMX)
    assert bad.status_code == 422 and "Extra ambulances" in bad.content.decode()
    good = client.post(
        url,
        {"title": "Extra ambulances", "owner": "RAV", "end_criterion": "Meldkamer normaal"},
        headers=HTMX,
    )
    assert good.status_code == 200 and "incidentChanged" in good.headers["HX-Trigger"]
    created = Measure.objects.get(incident=incident)
    edit = reverse("escalation:measure_edit", args=[incident.pk, created.pk])
    response = client.post(
        edit,
        {"title": "Extra ambulances", "owner": "RAV Utrecht", "end_criterion": "Meldkamer normaal"},
        headers=HTMX,
    )
    assert response.status_code == 200
    created.refresh_from_db()
    assert created.owner == "RAV Utrecht"
    end = reverse("escalation:measure_end", args=[incident.pk, created.pk])
    assert client.post(end, {"end_reason": ""}, headers=HTMX).status_code == 422
    assert client.post(end, {"end_reason": "Rustig"}, headers=HTMX).status_code == 200
    assert "Beëindigd op" in client.get(url).content.decode()


def test_the_measures_list_is_bounded_with_show_all(client_for, incident, vic_user):
    for number in range(30):
        measure(incident, vic_user, title=f"Maatregel {number:02d}")
    client = client_for(vic_user)
    url = reverse("escalation:measures", args=[incident.pk])
    page = client.get(url).content.decode()
    assert page.count('id="maatregel-') == 25
    assert "Maatregel 29" not in page and "Toon alle 30 maatregelen" in page
    assert "Maatregel 29" in client.get(url + "?alle=1").content.decode()


def test_a_bestuurder_reads_the_pages_but_cannot_post(client_for, incident, bestuurder):
    client = client_for(bestuurder)
    for name in ("measures", "scale_down", "recovery"):
        url = reverse(f"escalation:{name}", args=[incident.pk])
        assert client.get(url).status_code == 200
        assert client.post(url, {}).status_code == 403


# --- Afschalen ---------------------------------------------------------------------------------


def test_scaling_down_is_a_decision_with_coordination_and_effects(incident, vic_user, levels):
    up(incident, vic_user, levels["grip-3"])
    measure(incident, vic_user, title="Noodprocedure op papier")
    change = services.grip_scale_down(
        incident=incident,
        actor=vic_user,
        to_level=levels["grip-1"],
        decided_by="Burgemeester",
        reason="Effecten beperkt tot één locatie.",
        coordination_by="Leider CoPI",
        remaining_effects="Telefonie ziekenhuis nog beperkt.",
    )
    assert not change.is_upscaling and change.coordination_by == "Leider CoPI"
    text = change.decision.text
    assert "afschaling" in text and "Leider CoPI" in text and "Noodprocedure op papier" in text
    assert change.log_entry.category == LogEntry.Category.DECISION
    incident.refresh_from_db()
    assert incident.grip_label == levels["grip-1"].name


def test_scaling_down_refuses_a_higher_level_and_a_missing_successor(incident, vic_user, levels):
    up(incident, vic_user, levels["grip-2"])
    with pytest.raises(ValidationError) as exc:
        services.grip_scale_down(
            incident=incident,
            actor=vic_user,
            to_level=levels["grip-3"],
            decided_by="X",
            reason="Y",
            coordination_by="",
        )
    assert set(exc.value.error_dict) == {"to_level", "coordination_by"}


def test_the_scale_down_form_shows_the_card_criteria(client_for, incident, vic_user, levels):
    up(incident, vic_user, levels["grip-2"])
    measure(incident, vic_user, title="Extra ambulancecapaciteit")
    page = client_for(vic_user).get(reverse("escalation:scale_down", args=[incident.pk]))
    text = page.content.decode()
    assert "Welke effecten zijn er nog?" in text
    assert "Extra ambulancecapaciteit" in text
    assert "Coördinatie gaat over naar" in text
    choices = [label for _value, label in page.context["form"].fields["to_level"].choices]
    assert levels["grip-3"].name not in choices and levels["grip-1"].name in choices


def test_a_stale_scale_down_returns_409_with_the_change_and_the_level_now(
    client_for, incident, vic_user, crisis_user, levels
):
    up(incident, vic_user, levels["grip-2"])
    seen = levels["grip-2"].pk
    up(incident, crisis_user, levels["grip-3"])
    response = client_for(vic_user).post(
        reverse("escalation:scale_down", args=[incident.pk]),
        {
            "to_level": levels["grip-1"].pk,
            "decided_by": "Burgemeester",
            "decided_by_function": "Voorzitter",
            "reason": "Mijn reden om af te schalen",
            "coordination_by": "Leider CoPI",
            "expected_level": seen,
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in body
    assert "Huidig niveau: GRIP 3" in body
    assert "Mijn reden om af te schalen" in body
    # A second submit is based on the level the user has just been shown.
    assert f'name="expected_level" value="{levels["grip-3"].pk}"' in body
