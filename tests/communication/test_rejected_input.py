"""Issue 19.2: a bad hidden revision shows a message instead of a bare 422."""

import pytest

from tests.helpers import HTMX

from .test_views import form_data, url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("revision", ["-1", "abc"])
def test_a_bad_revision_on_save_shows_a_message(
    client_for, vic_user, incident, make_message, revision
):
    message = make_message()
    response = client_for(vic_user).post(
        url("message", incident, message),
        form_data(text="Mijn tekst.", revision=revision),
        headers=HTMX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "ongeldige verwijzing" in html
    assert "Mijn tekst." in html


def test_a_bad_revision_on_approval_shows_a_message(client_for, vic_user, incident, in_review):
    message = in_review()
    response = client_for(vic_user).post(
        url("message_approve", incident, message), {"revision": "-1"}, headers=HTMX
    )
    assert response.status_code == 422
    assert "ongeldige verwijzing" in response.content.decode()
