"""EMAIL_URL -> Django's EMAIL_* settings (read by settings.py, tested on its own).

- ``smtp://user:pass@host:port``        plain SMTP (port 25)
- ``smtp://host:587?tls=1``             STARTTLS after connecting (EMAIL_USE_TLS)
- ``submission://user:pass@host``       STARTTLS on the submission port 587
- ``smtps://user:pass@host``            implicit TLS from the first byte (EMAIL_USE_SSL, port 465)
"""

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"smtp": 25, "submission": 587, "smtps": 465}
TRUE = ("1", "true", "yes", "on")
FALSE = ("0", "false", "no", "off", "")


def email_settings(url: str) -> dict:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with smtp://, submission:// or smtps://, not {parts.scheme}://"
        )
    query = {key.lower(): values[-1] for key, values in parse_qs(parts.query, True).items()}
    tls = query.get("tls", "").strip().lower()
    if tls not in TRUE + FALSE:
        raise ImproperlyConfigured(f"EMAIL_URL ?tls= must be 1 or 0, not {tls!r}")
    use_ssl = scheme == "smtps"
    use_tls = scheme == "submission" or tls in TRUE
    if use_ssl and use_tls:
        raise ImproperlyConfigured(
            "EMAIL_URL smtps:// is implicit TLS already; use smtp://...?tls=1 for STARTTLS"
        )
    return {
        "EMAIL_HOST": parts.hostname or "",
        "EMAIL_PORT": parts.port or DEFAULT_PORTS[scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
    }
