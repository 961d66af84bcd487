"""Closing connections other threads opened (issue 17, point 5), used by tests/conftest.py."""

import threading

# Connections opened by other threads (the Celery worker thread, live-server request threads):
# left open they keep the PostgreSQL test database busy and it is not dropped at the end
# ("database ... is being accessed by other users"). Closed after each test (issue 17, point 5).
_thread_connections = []


def remember_thread_connection(sender, connection, **kwargs):
    if threading.current_thread() is not threading.main_thread():
        _thread_connections.append(connection)


def close_thread_connections() -> None:
    while _thread_connections:
        wrapper = _thread_connections.pop()
        wrapper.inc_thread_sharing()  # allowed to close it from this thread
        try:
            wrapper.close()
        finally:
            wrapper.dec_thread_sharing()
