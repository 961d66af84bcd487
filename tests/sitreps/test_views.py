import pytest
from django.urls import reverse

from incidents.models import AuditEvent
from sitreps import rendering, services
from sitreps.models import Sitrep
from tests.helpers import htmx

from .conftest import approve, pdf_pages

pytestmark = pytest.mark.django_db


def url(name, incident, *args):
    if name == "tile":  # the one tile view (incidents/registry.py)
        return reverse("incidents:tile", args=[incident.pk, "sitreps"])
    return reverse(f"sitreps:{name}", args=[incident.pk, *args])


@pytest.fixture
def done_sitrep(incident, vic_user):
    return services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")


@pytest.fixture
def approved_sitrep(done_sitrep, crisis_user):
    return approve(done_sitrep, by=crisis_user, stamp=True)


@pytest.fixture
def failed_sitrep(incident, vic_user, monkeypatch):
    def broken(html):
        raise RuntimeError("printer on fire")

    monkeypatch.setattr(rendering, "html_to_pdf", broken)
    sitrep = services.sitrep_issue_now(incident=incident, actor=vic_user, audience_tlp="AMBER")
    monkeypatch.undo()
    return sitrep


# --- List page --------------------------------------------------------------------------------


def test_the_list_page_shows_the_form_and_the_completeness_check_to_the_crisis_team(
    client_for, crisis_user, incident
):
    response = client_for(crisis_user).get(url("list", incident))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="request-form"' in html
    assert "Controle op volledigheid (doelgroep TLP:AMBER)" in html
    assert "Openstaande acties" in html  # listed as an empty section
    assert "getroffen gemeenten zijn niet ingevuld" in html


def test_a_bestuurder_sees_the_list_without_the_form(client_for, bestuurder, approved_sitrep):
    response = client_for(bestuurder).get(url("list", approved_sitrep.incident))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="request-form"' not in html
    assert url("download", approved_sitrep.incident, approved_sitrep.pk) in html


def test_an_outsider_gets_404_on_every_sitrep_page(client_for, outsider, done_sitrep):
    incident = done_sitrep.incident
    client = client_for(outsider)
    for path in (
        url("list", incident),
        url("check", incident),
        url("preview", incident),
        url("tile", incident),
        url("row", incident, done_sitrep.pk),
        url("download", incident, done_sitrep.pk),
    ):
        assert client.get(path).status_code == 404, path
    for path in (url("create", incident), url("retry", incident, done_sitrep.pk)):
        assert client.post(path, {"audience_tlp": "AMBER"}).status_code == 404, path


def test_wrong_methods_get_405(client_for, vic_user, done_sitrep):
    incident = done_sitrep.incident
    client = client_for(vic_user)
    assert client.get(url("create", incident)).status_code == 405
    assert client.get(url("retry", incident, done_sitrep.pk)).status_code == 405
    assert client.post(url("list", incident)).status_code == 405
    assert client.post(url("download", incident, done_sitrep.pk)).status_code == 405
    assert client.post(url("preview", incident)).status_code == 405


# --- Requesting -------------------------------------------------------------------------------


def test_requesting_a_sitrep_renders_it_and_redirects_to_the_list(
    client_for, crisis_user, incident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(crisis_user).post(url("create", incident), {"audience_tlp": "GREEN"})
    assert len(callbacks) == 1  # the Celery task is queued only after the commit
    assert response.status_code == 302
    assert response["Location"] == url("list", incident)
    sitrep = incident.sitreps.get()
    assert (sitrep.number, sitrep.audience_tlp, sitrep.state) == (1, "GREEN", Sitrep.State.DONE)
    assert sitrep.requested_by == crisis_user
    assert AuditEvent.objects.filter(action="sitreps.sitrep.requested").exists()


def test_an_htmx_request_returns_the_table_with_the_new_row(client_for, crisis_user, incident):
    response = htmx(
        client_for(crisis_user), "post", url("create", incident), {"audience_tlp": "AMBER"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="sitrep-table">')
    assert "<html" not in html
    # The row polls until the worker is done (the task runs after the commit).
    assert "In de wachtrij" in html and 'hx-trigger="every 2s"' in html


def test_an_unknown_audience_tlp_is_refused_with_422_and_the_form(
    client_for, crisis_user, incident
):
    response = htmx(
        client_for(crisis_user), "post", url("create", incident), {"audience_tlp": "PURPLE"}
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#request-form"
    assert 'id="request-form"' in response.content.decode()
    assert not incident.sitreps.exists()


def test_a_bestuurder_may_not_request_or_retry_a_sitrep(client_for, bestuurder, failed_sitrep):
    client = client_for(bestuurder)
    incident = failed_sitrep.incident
    assert client.post(url("create", incident), {"audience_tlp": "AMBER"}).status_code == 403
    assert client.post(url("retry", incident, failed_sitrep.pk)).status_code == 403
    assert client.get(url("check", incident)).status_code == 403
    assert incident.sitreps.count() == 1


def test_sitreps_are_numbered_per_incident(client_for, vic_user, incident):
    client = client_for(vic_user)
    for _ in range(2):
        client.post(url("create", incident), {"audience_tlp": "AMBER"})
    other = services.sitrep_issue_now(
        incident=__import__("incidents.services").services.incident_open(
            actor=vic_user, title="Ander incident"
        ),
        actor=vic_user,
        audience_tlp="AMBER",
    )
    assert list(incident.sitreps.order_by("number").values_list("number", flat=True)) == [1, 2]
    assert other.number == 1


def test_the_completeness_check_follows_the_chosen_audience(client_for, vic_user, incident):
    response = htmx(client_for(vic_user), "get", url("check", incident) + "?audience_tlp=GREEN")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="completeness"')
    assert "doelgroep TLP:GREEN" in html
    assert "Samenvatting" in html  # withheld from GREEN, so empty


# --- Live state, retry, download --------------------------------------------------------------


def test_an_unfinished_row_polls_and_gets_204_while_nothing_changed(client_for, vic_user, incident):
    sitrep = services.sitrep_request(
        incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False
    )
    client = client_for(vic_user)
    page = client.get(url("list", incident)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert "In de wachtrij" in page
    row_url = url("row", incident, sitrep.pk)
    assert htmx(client, "get", row_url + "?state=wachtrij").status_code == 204
    services.sitrep_run(sitrep_id=sitrep.pk)
    response = htmx(client, "get", row_url + "?state=wachtrij")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Klaar" in html and "Download concept van sitrep 1" in html
    assert "every 2s" not in html  # a finished row stops polling


def test_a_row_without_htmx_redirects_to_the_list(client_for, vic_user, done_sitrep):
    response = client_for(vic_user).get(url("row", done_sitrep.incident, done_sitrep.pk))
    assert response.status_code == 302


def test_a_failed_sitrep_shows_its_error_and_can_be_retried(
    client_for, vic_user, failed_sitrep, django_capture_on_commit_callbacks
):
    incident = failed_sitrep.incident
    assert failed_sitrep.state == Sitrep.State.FAILED
    client = client_for(vic_user)
    page = client.get(url("list", incident)).content.decode()
    assert "RuntimeError: printer on fire" in page
    assert "Opnieuw proberen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = htmx(client, "post", url("retry", incident, failed_sitrep.pk))
    assert response.status_code == 200
    assert "In de wachtrij" in response.content.decode()  # the row polls again
    failed_sitrep.refresh_from_db()
    # Eager Celery ran the task on commit: same number, now done.
    assert failed_sitrep.state == Sitrep.State.DONE
    assert failed_sitrep.number == 1 and failed_sitrep.error == ""


def test_a_done_sitrep_cannot_be_retried(client_for, vic_user, done_sitrep):
    response = htmx(
        client_for(vic_user), "post", url("retry", done_sitrep.incident, done_sitrep.pk)
    )
    assert response.status_code == 409
    name = done_sitrep.pdf.name
    done_sitrep.refresh_from_db()
    assert done_sitrep.pdf.name == name


def test_a_bestuurder_downloads_the_stored_pdf(client_for, bestuurder, approved_sitrep):
    response = client_for(bestuurder).get(
        url("download", approved_sitrep.incident, approved_sitrep.pk)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{approved_sitrep.filename}"' in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    assert "TLP:AMBER" in pdf_pages(b"".join(response.streaming_content))[0]


def test_an_unfinished_sitrep_has_no_download(client_for, vic_user, incident):
    sitrep = services.sitrep_request(
        incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False
    )
    assert client_for(vic_user).get(url("download", incident, sitrep.pk)).status_code == 404


def test_a_sitrep_of_another_incident_is_not_found_through_this_incident(
    client_for, vic_user, incident, done_sitrep
):
    from incidents import services as incident_services

    other = incident_services.incident_open(actor=vic_user, title="Ander incident")
    assert client_for(vic_user).get(url("download", other, done_sitrep.pk)).status_code == 404


def test_the_media_url_does_not_serve_sitreps(client_for, bestuurder, done_sitrep):
    response = client_for(bestuurder).get("/media/" + done_sitrep.pdf.name)
    assert response.status_code == 404


# --- Preview and tile -------------------------------------------------------------------------


def test_the_preview_renders_the_same_document_in_the_browser(client_for, bestuurder, incident):
    response = client_for(bestuurder).get(url("preview", incident) + "?audience_tlp=AMBER")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Situatierapport 1" in html
    assert "nog niet uitgegeven" in html
    assert "TLP:AMBER" in html
    assert not incident.sitreps.exists()


def test_the_dashboard_shows_the_sitrep_tile(client_for, vic_user, done_sitrep):
    response = client_for(vic_user).get(done_sitrep.incident.get_absolute_url())
    html = response.content.decode()
    assert 'id="tile-sitreps"' in html
    assert "Nieuwe sitrep" in html
    assert url("download", done_sitrep.incident, done_sitrep.pk) in html


def test_the_tile_body_is_a_fragment_and_says_alle_sitreps_to_a_bestuurder(
    client_for, bestuurder, incident
):
    response = htmx(client_for(bestuurder), "get", url("tile", incident))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="sitreps-body"')
    assert "Papieren reservekopie: nog niet gemaakt." in html
    page = client_for(bestuurder).get(incident.get_absolute_url()).content.decode()
    assert "Alle sitreps" in page


def test_the_tile_runs_a_fixed_number_of_queries(
    client_for, vic_user, incident, django_assert_max_num_queries
):
    client = client_for(vic_user)
    for _ in range(2):
        services.sitrep_request(
            incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False
        )
    with django_assert_max_num_queries(8):
        htmx(client, "get", url("tile", incident))
    for _ in range(5):
        services.sitrep_request(
            incident=incident, actor=vic_user, audience_tlp="AMBER", enqueue=False
        )
    with django_assert_max_num_queries(8):
        htmx(client, "get", url("tile", incident))


def test_pdf_pages_say_which_packages_to_install_when_weasyprint_is_missing(
    client_for, vic_user, incident, monkeypatch
):
    import sys

    rendering.weasyprint_problem.cache_clear()
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint -> ImportError
    try:
        client = client_for(vic_user)
        page = client.get(url("list", incident)).content.decode()
        assert "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core" in page
        response = client.post(url("create", incident), {"audience_tlp": "AMBER"})
        assert response.status_code == 422
        assert not incident.sitreps.exists()
        # The preview needs no WeasyPrint.
        assert client.get(url("preview", incident)).status_code == 200
    finally:
        monkeypatch.undo()
        rendering.weasyprint_problem.cache_clear()


def test_the_list_page_speaks_english_when_asked(client_for, vic_user, approved_sitrep, settings):
    client = client_for(vic_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url("list", approved_sitrep.incident)).content.decode()
    assert "Issue sitrep" in html
    assert "Completeness check (audience TLP:AMBER)" in html
    assert "Download sitrep 1" in html and "Done" in html
