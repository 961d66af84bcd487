"""Texts the region maintains in the admin (NCP-D values, Cirkel teams, the checker's rules).

Each kind is seeded from the code by a data migration and an idempotent loader; the code keeps
the stable value codes and its own (translated) text as the fallback. Reads go through a
TextCache: one query, then kept for TTL seconds per process, so pages and PDFs do not query
per label. An admin save clears the cache of its own process at once; other processes (the
Celery worker, other gunicorn workers) see the edit within TTL seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.utils import translation

TTL = 30.0
_caches: list[TextCache] = []


class TextCache:
    def __init__(self, load: Callable[[], dict], ttl: float = TTL):
        self._load = load
        self._ttl = ttl
        self._value: dict | None = None
        self._loaded_at = 0.0
        _caches.append(self)

    def get(self) -> dict:
        now = time.monotonic()
        if self._value is None or now - self._loaded_at > self._ttl:
            self._value = self._load()
            self._loaded_at = now
        return self._value

    def clear(self) -> None:
        self._value = None


def clear_all() -> None:
    """Forget every cached text (tests call this between tests; admin saves clear their own)."""
    for cache in _caches:
        cache.clear()


def dutch(text) -> str:
    """The source (Dutch) text of a gettext_lazy string: what the seed writes into the row."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(text)


def pick(edited: str | None, code_text) -> str:
    """The region's text; in another UI language the catalogue's translation of the code text
    as long as the region kept the seeded wording (its own edits are shown as written)."""
    if not edited:
        return str(code_text)
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language.split("-")[0] == settings.LANGUAGE_CODE or edited != dutch(code_text):
        return edited
    return str(code_text)
