"""The dashboard tile, the "informeer stakeholders" form, retry and detail: access and htmx."""

import pytest
from django.urls import reverse

from incidents.tlp import TLP
from notifications.models import Notification
from tests.helpers import HTMX

from .conftest import make_stakeholder

State = Notification.State


@pytest.fixture
def failed(incident, email_involvement, vic_user):
    return Notification.objects.create(
        incident=incident,
        involvement=email_involvement,
        stakeholder=email_involvement.stakeholder,
        trigger="handmatig",
        channel="email",
        recipient="crisis@partner.example",
        subject="[TLP:GREEN] Testbericht",
        body="TLP:GREEN\n\nTekst",
        state=State.FAILED,
        last_error="SMTP 550: mailbox bestaat niet",
        created_by=vic_user,
    )


def urls(incident, notification=None):
    result = {
        "tile": reverse("incidents:tile", args=[incident.pk, "notifications"]),
        "inform": reverse("notifications:inform", args=[incident.pk]),
    }
    if notification is not None:
        result["detail"] = reverse("notifications:detail", args=[incident.pk, notification.pk])
        result["retry"] = reverse("notifications:retry", args=[incident.pk, notification.pk])
    return result


# --- Dashboard tile ---------------------------------------------------------------------------


def test_the_dashboard_shows_the_delivery_log_and_the_form(client_for, vic_user, incident, failed):
    response = client_for(vic_user).get(incident.get_absolute_url())
    html = response.content.decode()
    assert 'id="tile-notifications"' in html
    assert 'id="notifications-body"' in html
    assert "Partner per e-mail" in html
    assert "SMTP 550: mailbox bestaat niet" in html
    assert 'class="badge danger"' in html
    assert "Opnieuw proberen" in html
    assert 'id="inform-form"' in html


def test_the_dashboard_loads_the_inform_form_only_when_it_is_opened(
    client_for, vic_user, incident, failed
):
    """One row per stakeholder would make every dashboard load grow with the stakeholder list."""
    client = client_for(vic_user)
    html = client.get(incident.get_absolute_url()).content.decode()
    url = reverse("notifications:inform", args=[incident.pk])
    assert f'hx-get="{url}" hx-trigger="toggle once"' in html
    assert 'name="involvements"' not in html
    opened = client.get(url, headers=HTMX).content.decode()
    assert opened.lstrip().startswith('<details id="inform-form" open>')
    assert 'name="involvements"' in opened


def test_the_form_is_outside_the_refreshing_part(client_for, vic_user, incident, failed):
    html = client_for(vic_user).get(urls(incident)["tile"], headers=HTMX).content.decode()
    assert html.lstrip().startswith('<div id="notifications-body"')
    assert reverse("notifications:inform", args=[incident.pk]) not in html  # the inform form
    assert "<textarea" not in html


def test_a_bestuurder_sees_the_log_without_form_or_retry(client_for, bestuurder, incident, failed):
    html = client_for(bestuurder).get(incident.get_absolute_url()).content.decode()
    assert "SMTP 550" in html
    assert 'id="inform-form"' not in html
    assert "Opnieuw proberen" not in html


def test_the_tile_body_refreshes_for_members(client_for, crisis_user, incident, failed):
    response = client_for(crisis_user).get(urls(incident)["tile"], headers=HTMX)
    assert response.status_code == 200
    assert "Partner per e-mail" in response.content.decode()


def test_the_tile_body_is_404_for_an_outsider(client_for, outsider, incident):
    assert client_for(outsider).get(urls(incident)["tile"]).status_code == 404


def test_the_tile_body_refuses_post(client_for, vic_user, incident):
    assert client_for(vic_user).post(urls(incident)["tile"]).status_code == 405


def test_the_tile_runs_a_fixed_number_of_queries(
    client_for, vic_user, incident, involve, no_tile_cache
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications import services

    client = client_for(vic_user)

    def add(count, prefix):
        involvements = [
            involve(incident, make_stakeholder(email=f"{prefix}{i}@x.example"))
            for i in range(count)
        ]
        services.notifications_send_manual(
            incident=incident,
            actor=vic_user,
            involvements=involvements,
            tlp="GREEN",
            subject="a",
            body="b",
        )

    def count(url, **extra):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, **extra).status_code == 200
        return len(context.captured_queries)

    add(2, "p")
    small = (count(incident.get_absolute_url()), count(urls(incident)["tile"], headers=HTMX))
    add(12, "q")
    large = (count(incident.get_absolute_url()), count(urls(incident)["tile"], headers=HTMX))
    assert small == large
    # session, user, the cached path's access query, then on a miss roles, incident, log, counts
    assert large[1] <= 7


# --- Informeer stakeholders -------------------------------------------------------------------


def test_informing_stakeholders_queues_the_messages_and_refreshes_the_log(
    client_for, vic_user, incident, email_involvement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(vic_user).post(
            urls(incident)["inform"],
            {
                "involvements": [email_involvement.pk],
                "subject": "Eerste informatie",
                "body": "Er is een digitale verstoring.",
                "tlp": "GREEN",
            },
            headers=HTMX,
        )
    assert response.status_code == 200
    assert response["HX-Trigger"].startswith('{"incidentChanged"')
    html = response.content.decode()
    assert html.lstrip().startswith('<details id="inform-form"')
    assert "1 bericht in de wachtrij." in html
    assert 'value="Eerste informatie"' not in html  # a fresh form after success
    row = Notification.objects.get(incident=incident)
    assert row.state == State.QUEUED
    assert row.created_by == vic_user
    assert len(callbacks) == 1


def test_an_invalid_message_comes_back_with_errors_and_the_users_input(
    client_for, vic_user, incident, email_involvement
):
    response = client_for(vic_user).post(
        urls(incident)["inform"],
        {"involvements": [email_involvement.pk], "subject": "Mijn onderwerp", "tlp": "GREEN"},
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Schrijf een bericht of kies een sjabloon." in html
    assert 'value="Mijn onderwerp"' in html
    assert f'value="{email_involvement.pk}" id="inform-inv-{email_involvement.pk}" checked' in html
    assert not Notification.objects.exists()


def test_choosing_no_stakeholder_is_an_error(client_for, vic_user, incident, email_involvement):
    response = client_for(vic_user).post(
        urls(incident)["inform"], {"subject": "x", "body": "y", "tlp": "GREEN"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "Kies ten minste één instantie." in response.content.decode()


def test_a_stakeholder_of_another_incident_cannot_be_chosen(
    client_for, vic_user, incident, involve
):
    from incidents.services import incident_open

    elsewhere = incident_open(actor=vic_user, title="Ander incident")
    foreign = involve(elsewhere, make_stakeholder(email="a@b.example"))
    response = client_for(vic_user).post(
        urls(incident)["inform"],
        {"involvements": [foreign.pk], "subject": "x", "body": "y", "tlp": "GREEN"},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert not Notification.objects.exists()


def test_without_javascript_informing_redirects_to_the_incident(
    client_for, vic_user, incident, email_involvement
):
    response = client_for(vic_user).post(
        urls(incident)["inform"],
        {"involvements": [email_involvement.pk], "subject": "x", "body": "y", "tlp": "GREEN"},
    )
    assert response.status_code == 302
    assert response["Location"] == incident.get_absolute_url()


def test_without_javascript_the_form_has_its_own_page(
    client_for, vic_user, incident, email_involvement
):
    response = client_for(vic_user).get(urls(incident)["inform"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert f'action="{urls(incident)["inform"]}"' in html


def test_the_form_explains_which_stakeholders_cannot_receive_automatically(
    client_for, vic_user, incident, involve
):
    involve(incident, make_stakeholder(channel="phone", name="Per telefoon"))
    involve(incident, make_stakeholder(email="", name="Zonder adres"), max_tlp=TLP.AMBER)
    html = client_for(vic_user).get(urls(incident)["inform"]).content.decode()
    assert "niet automatisch: zelf contact opnemen" in html
    assert "geen e-mailadres: wordt overgeslagen" in html
    assert "TLP:AMBER" in html


def test_a_bestuurder_may_not_inform_stakeholders(
    client_for, bestuurder, incident, email_involvement
):
    client = client_for(bestuurder)
    data = {"involvements": [email_involvement.pk], "subject": "x", "body": "y", "tlp": "GREEN"}
    assert client.post(urls(incident)["inform"], data, headers=HTMX).status_code == 403
    assert client.get(urls(incident)["inform"]).status_code == 403
    assert not Notification.objects.exists()


def test_an_outsider_gets_404_on_the_inform_form(client_for, outsider, incident, email_involvement):
    client = client_for(outsider)
    data = {"involvements": [email_involvement.pk], "subject": "x", "body": "y", "tlp": "GREEN"}
    assert client.post(urls(incident)["inform"], data).status_code == 404
    assert client.get(urls(incident)["inform"]).status_code == 404


def test_the_inform_form_refuses_other_methods(client_for, vic_user, incident):
    assert client_for(vic_user).delete(urls(incident)["inform"]).status_code == 405


# --- Retry and detail -------------------------------------------------------------------------


def test_retrying_a_failed_message_puts_it_back_in_the_queue(
    client_for, vic_user, incident, failed, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client_for(vic_user).post(urls(incident, failed)["retry"], headers=HTMX)
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="notifications-body"')
    failed.refresh_from_db()
    assert failed.state == State.QUEUED
    assert len(callbacks) == 1


def test_retrying_a_message_that_is_not_failed_is_a_conflict(
    client_for, vic_user, incident, failed
):
    Notification.objects.filter(pk=failed.pk).update(state=State.SENT)
    response = client_for(vic_user).post(urls(incident, failed)["retry"], headers=HTMX)
    assert response.status_code == 409


def test_without_javascript_retry_redirects_to_the_message(client_for, vic_user, incident, failed):
    response = client_for(vic_user).post(urls(incident, failed)["retry"])
    assert response.status_code == 302
    assert response["Location"] == urls(incident, failed)["detail"]


def test_a_bestuurder_may_not_retry(client_for, bestuurder, incident, failed):
    assert (
        client_for(bestuurder).post(urls(incident, failed)["retry"], headers=HTMX).status_code
        == 403
    )
    failed.refresh_from_db()
    assert failed.state == State.FAILED


def test_an_outsider_gets_404_on_retry(client_for, outsider, incident, failed):
    assert client_for(outsider).post(urls(incident, failed)["retry"]).status_code == 404


def test_retry_refuses_get(client_for, vic_user, incident, failed):
    assert client_for(vic_user).get(urls(incident, failed)["retry"]).status_code == 405


def test_a_message_of_another_incident_is_404(client_for, vic_user, incident, failed):
    from incidents.services import incident_open

    elsewhere = incident_open(actor=vic_user, title="Ander incident")
    url = reverse("notifications:retry", args=[elsewhere.pk, failed.pk])
    assert client_for(vic_user).post(url).status_code == 404
    url = reverse("notifications:detail", args=[elsewhere.pk, failed.pk])
    assert client_for(vic_user).get(url).status_code == 404


def test_the_detail_page_shows_the_text_the_error_and_the_attempts(
    client_for, bestuurder, incident, failed
):
    failed.attempts.create(
        number=1,
        started_at=failed.created_at,
        finished_at=failed.created_at,
        result="blijvend",
        error="SMTP 550: mailbox bestaat niet",
    )
    response = client_for(bestuurder).get(urls(incident, failed)["detail"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "[TLP:GREEN] Testbericht" in html
    assert "blijvende fout" in html
    assert "Opnieuw proberen" not in html  # read-only role


def test_the_detail_page_is_404_for_an_outsider_and_refuses_post(
    client_for, outsider, vic_user, incident, failed
):
    assert client_for(outsider).get(urls(incident, failed)["detail"]).status_code == 404
    assert client_for(vic_user).post(urls(incident, failed)["detail"]).status_code == 405


def test_the_tile_speaks_english_when_the_user_chose_english(
    client_for, vic_user, incident, failed
):
    from django.conf import settings

    client = client_for(vic_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(incident.get_absolute_url()).content.decode()
    assert "Try again" in html
    assert "Delivery log" in html
    assert "Inform stakeholders" in html


def test_the_dashboard_keeps_the_log_short_with_failed_messages_on_top(
    client_for, vic_user, incident, failed
):
    from notifications import selectors

    template = Notification.objects.get(pk=failed.pk)
    for _ in range(selectors.DASHBOARD_LIMIT + 3):
        template.pk = None
        template.state = Notification.State.SENT
        template.save()
    body = selectors.tile_body(incident)
    assert len(body["log"]) == selectors.DASHBOARD_LIMIT
    assert body["log"][0].pk == failed.pk
    page = (
        client_for(vic_user)
        .get(reverse("incidents:tile", args=[incident.pk, "notifications"]) + "?alle=1")
        .content.decode()
    )
    assert page.count('<tr id="notification-') == selectors.DASHBOARD_LIMIT + 4
