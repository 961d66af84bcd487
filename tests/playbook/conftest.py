import pytest

from playbook.services import playbook_ensure


@pytest.fixture
def playbook_incident(incident):
    """The shared incident with its own checklists (the signal gives them on opening)."""
    playbook_ensure(incident)
    return incident
