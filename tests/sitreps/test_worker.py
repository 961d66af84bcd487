import time

import pytest

from incidents import services as incident_services
from sitreps import services
from sitreps.models import Sitrep

from .conftest import pdf_of


@pytest.mark.worker
def test_a_real_worker_renders_the_requested_sitrep(celery_worker, django_user_model):
    user = django_user_model.objects.create_user(username="werker", is_superuser=True)
    incident = incident_services.incident_open(actor=user, title="Storing drinkwater")
    sitrep = services.sitrep_request(incident=incident, actor=user, audience_tlp="AMBER")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        sitrep.refresh_from_db()
        if sitrep.is_finished:
            break
        time.sleep(0.2)
    assert sitrep.state == Sitrep.State.DONE, sitrep.error
    pages = pdf_of(sitrep)
    assert "Storing drinkwater" in pages[0]
    assert "pagina 1 van" in pages[0]
