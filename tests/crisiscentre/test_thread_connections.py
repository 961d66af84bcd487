"""A thread's database connection (worker, live server) is closed when the test ends, so the
PostgreSQL test database can be dropped (issue 17, point 5)."""

import threading

import pytest
from django.db import connection

from tests.thread_connections import close_thread_connections

OTHERS = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> %s"


def other_sessions() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (own,) = cursor.fetchone()
        cursor.execute(OTHERS, [own])
        return cursor.fetchone()[0]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_finished_threads_connection_is_closed_at_teardown():
    def query():
        from django.db import connection as thread_connection

        with thread_connection.cursor() as cursor:
            cursor.execute("SELECT 1")

    before = other_sessions()
    thread = threading.Thread(target=query)
    thread.start()
    thread.join()
    assert other_sessions() == before + 1  # the finished thread left its session open
    close_thread_connections()
    assert other_sessions() == before
