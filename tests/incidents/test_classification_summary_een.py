"""The lower-cased classification summary writes "één veiligheidsregio", never "eén"."""

import pytest
from django.urls import reverse

from incidents import selectors, services
from notifications.rendering import incident_parts
from sitreps.sitrep import build_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def one_region(incident, vic_user):
    services.classification_change(
        incident=incident,
        actor=vic_user,
        changes={"area": "een_regio"},
        reason="Alleen gemeenten in deze regio melden uitval.",
    )
    return incident


def test_the_summary_itself(one_region):
    summary = selectors.classification_summary(selectors.classification_current(one_region))
    assert "geraakt gebied: één veiligheidsregio" in summary
    assert "eén" not in summary


def test_the_dashboard_the_sitrep_and_mails_say_een_with_two_accents(
    client_for, vic_user, one_region
):
    tile = client_for(vic_user).get(
        reverse("incidents:tile", args=[one_region.pk, "classification"])
    )
    sitrep = build_summary(one_region, audience_tlp="RED", since=None)["classification_summary"]
    mail = incident_parts(one_region)["duiding"].value
    for text in (tile.content.decode(), sitrep, mail):
        assert "één veiligheidsregio" in text
        assert "eén" not in text
