import pytest

from aftermath import services
from aftermath.models import EvaluationTheme


@pytest.fixture
def theme():
    return EvaluationTheme.objects.get(slug="kaart-nafase")


@pytest.fixture
def joint(incident, vic_user, theme):
    """A draft evaluation with a crisis and a technical partner and one finding."""
    services.participant_add(
        incident=incident, actor=vic_user, name="Petra", organisation="VRU", side="crisis"
    )
    services.participant_add(
        incident=incident, actor=vic_user, name="Sam", organisation="Z-CERT", side="technisch"
    )
    services.finding_add(
        incident=incident, actor=vic_user, theme=theme, kind="goed", text="Snel opgeschaald"
    )
    return incident.evaluation
