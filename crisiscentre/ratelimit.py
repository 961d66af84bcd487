"""A small login limiter on Django's cache (docs/architecture.md, "Account safety").

Failed logins are counted per account (the typed username, case-insensitive) and per client
IP in a fixed window: after LOGIN_FAILURES_PER_ACCOUNT failures for one account, or
LOGIN_FAILURES_PER_IP from one address, logging in is refused with a Dutch message until the
window (LOGIN_LOCKOUT_SECONDS, from the first failure) has passed; a correct password inside
the lock is refused too, so guessing gains nothing. A successful login clears the account's
count. The counts live in the default cache: per process unless CACHE_URL names a shared
Redis, which a deployment with several web processes should set.
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache


def _now() -> float:
    return time.time()  # a function, so tests can move the clock


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.casefold().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _limits() -> dict[str, int]:
    return {
        "account": settings.LOGIN_FAILURES_PER_ACCOUNT,
        "ip": settings.LOGIN_FAILURES_PER_IP,
    }


def _keys(username: str, ip: str) -> dict[str, str]:
    keys = {"ip": _key("ip", ip or "-")}
    if username:
        keys["account"] = _key("account", username.strip())
    return keys


def _state(key: str) -> dict | None:
    state = cache.get(key)
    if state and _now() - state["since"] >= settings.LOGIN_LOCKOUT_SECONDS:
        cache.delete(key)
        return None
    return state


def locked_for(username: str, ip: str) -> int:
    """Seconds until this account or address may try again; 0 when it may now."""
    window = settings.LOGIN_LOCKOUT_SECONDS
    waits = []
    for kind, key in _keys(username, ip).items():
        state = _state(key)
        if state and state["count"] >= _limits()[kind]:
            waits.append(int(state["since"] + window - _now()) + 1)
    return max(waits, default=0)


def record_failure(username: str, ip: str) -> None:
    for key in _keys(username, ip).values():
        state = _state(key) or {"count": 0, "since": _now()}
        state["count"] += 1
        cache.set(key, state, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def record_success(username: str) -> None:
    if username:
        cache.delete(_key("account", username.strip()))


def client_ip(request) -> str:
    """REMOTE_ADDR: behind the reverse proxy set a trusted X-Forwarded-For rewrite there."""
    return request.META.get("REMOTE_ADDR", "")
