"""Every communication view: success, wrong method, outsider 404, Bestuurder 403 on writes,
htmx fragment versus full page."""

import pytest
from django.urls import reverse

from communication import services
from communication.models import CoreMessage, Message
from tests.helpers import HTMX

from .conftest import refreshed

pytestmark = pytest.mark.django_db


def url(name, incident, message=None):
    if name == "tile":  # the one tile view (incidents/registry.py)
        return reverse("incidents:tile", args=[incident.pk, "communication"])
    args = [incident.pk] + ([message.pk] if message is not None else [])
    return reverse(f"communication:{name}", args=args)


def form_data(**overrides):
    return {
        "title": "Storing website",
        "audience": "inwoners",
        "channel": "website",
        "text": "Door een digitale verstoring is de website niet bereikbaar.",
        "action_perspective": "Bel voor vragen 14 030.",
        "tlp": "CLEAR",
        **overrides,
    }


# --- Access for every view --------------------------------------------------------------------

READ_VIEWS = ["page", "tile", "message"]
WRITE_VIEWS = [
    ("core_message", False),
    ("check", False),
    ("message_create", False),
    ("message", True),
    ("message_submit", True),
    ("message_approve", True),
    ("message_publish", True),
    ("message_reopen", True),
]


@pytest.mark.parametrize("name", READ_VIEWS)
def test_an_outsider_gets_404_on_reading_views(client_for, outsider, incident, make_message, name):
    message = make_message() if name == "message" else None
    response = client_for(outsider).get(url(name, incident, message))
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "needs_message"), WRITE_VIEWS)
def test_an_outsider_gets_404_on_writing_views(
    client_for, outsider, incident, make_message, name, needs_message
):
    message = make_message() if needs_message else None
    response = client_for(outsider).post(url(name, incident, message), form_data())
    assert response.status_code == 404


@pytest.mark.parametrize(("name", "needs_message"), WRITE_VIEWS)
def test_a_bestuurder_gets_403_on_writing_views(
    client_for, bestuurder, incident, make_message, name, needs_message
):
    message = make_message() if needs_message else None
    response = client_for(bestuurder).post(url(name, incident, message), form_data())
    assert response.status_code == 403


def test_a_bestuurder_cannot_open_the_new_message_editor(client_for, bestuurder, incident):
    assert client_for(bestuurder).get(url("message_create", incident)).status_code == 403


@pytest.mark.parametrize(
    ("name", "needs_message", "method"),
    [
        ("page", False, "post"),
        ("tile", False, "post"),
        ("core_message", False, "get"),
        ("check", False, "get"),
        ("message_create", False, "put"),
        ("message", True, "delete"),
        ("message_submit", True, "get"),
        ("message_approve", True, "get"),
        ("message_publish", True, "get"),
        ("message_reopen", True, "get"),
    ],
)
def test_a_wrong_method_gets_405(
    client_for, crisis_user, incident, make_message, name, needs_message, method
):
    message = make_message() if needs_message else None
    response = getattr(client_for(crisis_user), method)(url(name, incident, message))
    assert response.status_code == 405


def test_a_message_of_another_incident_is_404(client_for, vic_user, incident, make_message):
    from incidents.services import incident_open

    other = incident_open(actor=vic_user, title="Ander incident")
    message = make_message()
    response = client_for(vic_user).get(url("message", other, message))
    assert response.status_code == 404


# --- The communication page -------------------------------------------------------------------


def test_the_page_shows_core_message_history_and_messages(
    client_for, vic_user, crisis_user, incident, make_message
):
    services.core_message_set(incident=incident, actor=vic_user, text="Oude kern.")
    services.core_message_set(incident=incident, actor=crisis_user, text="Nieuwe kern.")
    make_message(title="Bericht voor inwoners")
    response = client_for(vic_user).get(url("page", incident))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert "Nieuwe kern." in html and "Oude kern." in html  # history in a <details>
    assert "Bericht voor inwoners" in html
    assert 'id="core-form"' in html


def test_the_page_for_htmx_is_only_the_overview(client_for, vic_user, incident):
    response = client_for(vic_user).get(url("page", incident), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and html.strip().startswith('<div id="overview"')
    assert "core-form" not in html  # never a form inside a region that refreshes itself


def test_a_bestuurder_reads_the_page_without_forms(client_for, bestuurder, incident):
    response = client_for(bestuurder).get(url("page", incident))
    assert response.status_code == 200
    assert 'id="core-form"' not in response.content.decode()


def count_queries(client, path) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_page_runs_a_fixed_number_of_queries(
    client_for, vic_user, crisis_user, incident, make_message, approved
):
    client = client_for(vic_user)
    make_message()
    services.core_message_set(incident=incident, actor=vic_user, text="Een.")
    few = count_queries(client, url("page", incident))
    for number in range(5):
        approved(title=f"Bericht {number}")
        services.core_message_set(incident=incident, actor=crisis_user, text=f"Versie {number}")
    assert count_queries(client, url("page", incident)) == few


# --- Tile -------------------------------------------------------------------------------------


def test_the_tile_body_is_a_fragment_with_core_message_and_approved_messages(
    client_for, bestuurder, vic_user, incident, approved, make_message
):
    services.core_message_set(incident=incident, actor=vic_user, text="De kern.")
    approved(title="Vastgesteld bericht")
    make_message(title="Nog een concept")
    response = client_for(bestuurder).get(url("tile", incident), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<div id="communication-body"')
    assert "De kern." in html and "Vastgesteld bericht" in html
    assert "Nog een concept" not in html


def test_the_dashboard_shows_the_communication_tile(client_for, vic_user, incident):
    response = client_for(vic_user).get(reverse("incidents:detail", args=[incident.pk]))
    assert 'id="tile-communication"' in response.content.decode()


def test_the_tile_runs_a_fixed_number_of_queries(
    rf, vic_user, incident, approved, django_assert_num_queries
):
    from communication.tiles import communication_tile

    approved()
    request = rf.get("/")
    request.user = vic_user
    with django_assert_num_queries(2):
        communication_tile(request, incident)
    for _ in range(4):
        approved()
    with django_assert_num_queries(2):
        tile = communication_tile(request, incident)
        [m.approved_by.get_username() for m in tile["approved"]]


# --- Core message -----------------------------------------------------------------------------


def test_saving_the_core_message_with_htmx_returns_the_form_and_refreshes_viewers(
    client_for, crisis_user, incident
):
    response = client_for(crisis_user).post(
        url("core_message", incident), {"text": "Kern.", "tlp": "CLEAR"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<form id="core-form"')
    assert "incidentChanged" in response["HX-Trigger"]
    assert CoreMessage.objects.get(incident=incident).created_by == crisis_user


def test_saving_the_core_message_without_htmx_redirects(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        url("core_message", incident), {"text": "Kern.", "tlp": "CLEAR"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("page", incident)


def test_an_empty_core_message_is_422_with_a_dutch_error(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        url("core_message", incident), {"text": "", "tlp": "CLEAR"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "Dit veld is verplicht." in response.content.decode()


# --- Live check -------------------------------------------------------------------------------


def test_the_check_returns_the_findings_fragment(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        url("check", incident),
        {"text": "Een cyberaanval door DDoS.", "action_perspective": ""},
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<div id="check-findings"')
    assert "cyberaanval" in html and "digitale verstoring" in html
    assert "DDoS" in html and "overbelasting van een website of dienst" in html
    assert 'data-rule="action_perspective"' in html


def test_the_check_says_so_when_the_text_is_clear(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        url("check", incident),
        {"text": "Een digitale verstoring.", "action_perspective": "Bel 112."},
        headers=HTMX,
    )
    assert 'id="check-clear"' in response.content.decode()


def test_the_check_runs_in_a_fixed_number_of_queries(
    client_for, crisis_user, incident, django_assert_max_num_queries
):
    client = client_for(crisis_user)
    with django_assert_max_num_queries(6):
        client.post(url("check", incident), {"text": "ransomware " * 200})


# --- Creating a message -----------------------------------------------------------------------


def test_the_new_message_editor_is_a_full_page_with_the_live_check(
    client_for, crisis_user, incident
):
    response = client_for(crisis_user).get(url("message_create", incident))
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert f'hx-post="{url("check", incident)}"' in html
    assert 'hx-trigger="input changed delay:500ms"' in html


def test_the_new_message_editor_for_htmx_is_the_editor_fragment(client_for, crisis_user, incident):
    response = client_for(crisis_user).get(url("message_create", incident), headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html and html.strip().startswith('<div id="editor"')


def test_creating_a_message_redirects_to_its_editor(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(url("message_create", incident), form_data())
    message = Message.objects.get(incident=incident)
    assert response.status_code == 302
    assert response["Location"] == url("message", incident, message)
    assert (message.status, message.created_by) == ("concept", crisis_user)


def test_creating_a_message_with_htmx_redirects_the_client(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        url("message_create", incident), form_data(aligned_with=["nkc", "gemeente"]), headers=HTMX
    )
    message = Message.objects.get(incident=incident)
    assert response["HX-Redirect"] == url("message", incident, message)
    assert message.aligned_with == ["nkc", "gemeente"]


def test_saving_with_findings_is_allowed_and_shows_them(client_for, crisis_user, incident):
    client = client_for(crisis_user)
    client.post(url("message_create", incident), form_data(text="Een cyberaanval."))
    message = Message.objects.get(incident=incident)
    html = client.get(url("message", incident, message)).content.decode()
    assert 'data-rule="wording"' in html


def test_an_invalid_message_is_422_and_keeps_the_input(client_for, crisis_user, incident):
    response = client_for(crisis_user).post(
        url("message_create", incident),
        form_data(title="", text="Mijn cyberaanval-tekst"),
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Mijn cyberaanval-tekst" in html
    assert "Dit veld is verplicht." in html
    assert 'data-rule="wording"' in html
    assert not Message.objects.exists()


# --- Editing a message ------------------------------------------------------------------------


def test_the_editor_shows_the_message(client_for, vic_user, incident, make_message):
    message = make_message()
    response = client_for(vic_user).get(url("message", incident, message))
    assert response.status_code == 200
    assert message.title in response.content.decode()


def test_a_bestuurder_reads_a_message_without_forms(client_for, bestuurder, incident, make_message):
    message = make_message(text="Een leesbare tekst.")
    html = client_for(bestuurder).get(url("message", incident, message)).content.decode()
    assert "Een leesbare tekst." in html
    assert "<form id=" not in html and "hx-post" not in html


def test_saving_an_edit_with_htmx_returns_the_editor(client_for, vic_user, incident, make_message):
    message = make_message()
    response = client_for(vic_user).post(
        url("message", incident, message),
        form_data(text="Nieuwe tekst.", revision=message.revision),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<div id="editor"')
    assert refreshed(message).text == "Nieuwe tekst."


def test_saving_an_edit_without_htmx_redirects(client_for, vic_user, incident, make_message):
    message = make_message()
    response = client_for(vic_user).post(
        url("message", incident, message), form_data(revision=message.revision)
    )
    assert response.status_code == 302


def test_saving_an_old_revision_is_409(client_for, vic_user, crisis_user, incident, make_message):
    message = make_message()
    services.message_update(
        message=message, actor=crisis_user, expected_revision=1, text="Tussendoor gewijzigd."
    )
    response = client_for(vic_user).post(
        url("message", incident, message), form_data(text="Mijn versie.", revision=1), headers=HTMX
    )
    assert response.status_code == 409
    assert refreshed(message).text == "Tussendoor gewijzigd."


def test_a_stale_save_keeps_the_typed_text_beside_the_other_version(
    client_for, vic_user, crisis_user, incident, make_message
):
    message = make_message()
    services.message_update(
        message=message, actor=crisis_user, expected_revision=1, text="Tussendoor gewijzigd."
    )
    client = client_for(vic_user)
    response = client.post(
        url("message", incident, message),
        form_data(title="Mijn onderwerp", text="Mijn versie van de tekst.", revision=1),
        headers=HTMX,
    )
    assert response.status_code == 409
    html = response.content.decode()
    form_html = html[html.index('id="message-form"') :]
    assert "Mijn versie van de tekst.</textarea>" in form_html
    assert 'value="Mijn onderwerp"' in form_html
    other = html[html.index('id="other-version"') : html.index('id="message-form"')]
    assert "Tussendoor gewijzigd." in other
    assert "intussen gewijzigd" in html and "chris</li>" in html  # the message, who changed it
    assert f'name="revision" value="{refreshed(message).revision}"' in form_html
    # Saving again after seeing the other version puts this editor's text on top.
    response = client.post(
        url("message", incident, message),
        form_data(text="Mijn versie van de tekst.", revision=refreshed(message).revision),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert refreshed(message).text == "Mijn versie van de tekst."


def test_editing_an_approved_message_is_422(client_for, crisis_user, incident, approved):
    message = approved()
    response = client_for(crisis_user).post(
        url("message", incident, message), form_data(revision=message.revision), headers=HTMX
    )
    assert response.status_code == 422


# --- Status steps -----------------------------------------------------------------------------


def test_submitting_for_alignment_with_htmx_returns_the_editor(
    client_for, crisis_user, incident, make_message
):
    message = make_message()
    response = client_for(crisis_user).post(url("message_submit", incident, message), headers=HTMX)
    assert response.status_code == 200
    assert response.content.decode().strip().startswith('<div id="editor"')
    assert refreshed(message).status == "ter_afstemming"


def test_submitting_without_htmx_redirects(client_for, crisis_user, incident, make_message):
    message = make_message()
    response = client_for(crisis_user).post(url("message_submit", incident, message))
    assert response.status_code == 302


def test_the_author_sees_why_they_cannot_approve(client_for, crisis_user, incident, in_review):
    message = in_review()
    html = client_for(crisis_user).get(url("message", incident, message)).content.decode()
    assert 'id="approval-refusal"' in html and 'id="approve-form"' not in html


def test_the_author_approving_gets_403(client_for, crisis_user, incident, in_review):
    message = in_review()
    response = client_for(crisis_user).post(
        url("message_approve", incident, message), {"revision": message.revision}
    )
    assert response.status_code == 403
    assert refreshed(message).status == "ter_afstemming"


def test_a_second_writer_approves(client_for, vic_user, incident, in_review):
    message = in_review()
    response = client_for(vic_user).post(
        url("message_approve", incident, message), {"revision": message.revision}, headers=HTMX
    )
    assert response.status_code == 200
    assert 'id="approved-by"' in response.content.decode()
    stored = refreshed(message)
    assert (stored.status, stored.approved_by) == ("vastgesteld", vic_user)


def test_approving_with_unacknowledged_findings_is_422(client_for, vic_user, incident, in_review):
    message = in_review(text="Een cyberaanval.")
    client = client_for(vic_user)
    response = client.post(
        url("message_approve", incident, message), {"revision": message.revision}, headers=HTMX
    )
    assert response.status_code == 422
    assert "bevestig" in response.content.decode()
    response = client.post(
        url("message_approve", incident, message),
        {"revision": message.revision, "acknowledge_findings": "on"},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert refreshed(message).findings_acknowledged


def test_approving_a_stale_revision_is_409(client_for, vic_user, incident, in_review):
    message = in_review()
    response = client_for(vic_user).post(
        url("message_approve", incident, message), {"revision": message.revision + 5}, headers=HTMX
    )
    assert response.status_code == 409


def test_a_stale_approval_says_what_changed_and_carries_the_current_revision(
    client_for, vic_user, crisis_user, incident, in_review
):
    message = in_review()
    services.message_update(
        message=message, actor=crisis_user, expected_revision=1, text="Tussendoor gewijzigd."
    )
    client = client_for(vic_user)
    response = client.post(url("message_approve", incident, message), {"revision": 1}, headers=HTMX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "intussen gewijzigd" in html and "chris</li>" in html  # the message, who changed it
    approve_form = html[html.index('id="approve-form"') :]
    assert f'name="revision" value="{refreshed(message).revision}"' in approve_form
    response = client.post(
        url("message_approve", incident, message),
        {"revision": refreshed(message).revision},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert refreshed(message).status == "vastgesteld"


def test_publishing_writes_the_logbook_and_shows_who_published(
    client_for, crisis_user, incident, approved
):
    message = approved()
    response = client_for(crisis_user).post(url("message_publish", incident, message), headers=HTMX)
    assert response.status_code == 200
    assert 'id="published-by"' in response.content.decode()
    assert refreshed(message).log_entry.category == "communicatie"


def test_publishing_a_concept_is_422(client_for, crisis_user, incident, make_message):
    message = make_message()
    response = client_for(crisis_user).post(url("message_publish", incident, message), headers=HTMX)
    assert response.status_code == 422
    assert refreshed(message).status == "concept"


def test_reopening_returns_the_message_to_concept(client_for, crisis_user, incident, approved):
    message = approved()
    response = client_for(crisis_user).post(url("message_reopen", incident, message))
    assert response.status_code == 302
    assert refreshed(message).status == "concept"


def test_the_page_runs_the_language_check_on_the_core_message(client_for, vic_user, incident):
    services.core_message_set(incident=incident, actor=vic_user, text="Er is een cyberaanval.")
    html = client_for(vic_user).get(url("page", incident)).content.decode()
    assert 'id="core-findings"' in html and "digitale verstoring" in html


def test_the_editor_speaks_english_when_asked(client_for, crisis_user, incident):
    client = client_for(crisis_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(url("message_create", incident)).content.decode()
    assert "Language check" in html and "Save as draft" in html
    assert "Taalcheck" not in html
