import pytest

from playbook import content


@pytest.fixture(autouse=True)
def playbook_content(request):
    """The data migration loads the content, but a transactional test elsewhere in the session
    (live server, Celery worker) flushes the database afterwards; load it again (idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    if marker:
        request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
        content.load()
