import pytest
from django.apps import apps

from escalation.advice import seed_texts
from escalation.models import GripLevel, ReportingTree, VitalProcess
from escalation.reporting import load_tree
from escalation.seed import seed_all


@pytest.fixture(autouse=True)
def escalation_seed(request):
    """The data migration's content. Transactional tests (live_server) flush the database
    after each test, so seed again (idempotent) instead of relying on the migration."""
    uses_transactions = {"transactional_db", "live_server"} & set(request.fixturenames)
    request.getfixturevalue("transactional_db" if uses_transactions else "db")
    seed_all(apps)
    seed_texts(apps)


@pytest.fixture
def levels():
    return {level.code: level for level in GripLevel.objects.all()}


@pytest.fixture
def tree():
    return ReportingTree.objects.get(slug="meldpunten-cyberincident")


@pytest.fixture
def tree_data(tree):
    return load_tree(tree)


@pytest.fixture
def process():
    def get(code):
        return VitalProcess.objects.get(code=code, process_list__is_current=True)

    return get
