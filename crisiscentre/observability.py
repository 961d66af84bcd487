"""Structured logs and Prometheus-style metrics for operators (docs/operations.md).

With LOG_FORMAT=json every log line is one JSON object carrying the request id, the user id and
the incident id of the request that wrote it (contextvars, so threads and tasks do not mix them).
"""

import contextvars
import json
import logging
import re
import time
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .security import bearer_token_matches

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)
incident_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar(
    "incident_id", default=None
)

# A request id from the reverse proxy is kept when it looks like one (no log injection).
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_INCIDENT_PATH = re.compile(r"^/incidents/(\d+)(/|$)")


class RequestContextMiddleware:
    """Sets the request id, user id and incident id for every log line of a request.

    Placed right after AuthenticationMiddleware (needs request.user). The request id is
    echoed in the X-Request-ID response header so a user's report can be found in the logs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        match = _INCIDENT_PATH.match(request.path_info)
        tokens = [
            request_id_var.set(request_id),
            user_id_var.set(user_id),
            incident_id_var.set(int(match.group(1)) if match else None),
        ]
        try:
            response = self.get_response(request)
        finally:
            for var, token in zip(
                (request_id_var, user_id_var, incident_id_var), tokens, strict=True
            ):
                var.reset(token)
        response.headers.setdefault("X-Request-ID", request_id)
        return response


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request/user/incident id."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_var.get(),
            "user_id": user_id_var.get(),
            "incident_id": incident_id_var.get(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


# --- /metrics ---------------------------------------------------------------------------------


def _queue_depth() -> int | None:
    """Messages waiting in the Celery queue; None in eager mode or when Redis is unreachable."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    try:
        import redis

        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        return int(client.llen("celery"))
    except Exception:  # noqa: BLE001 - the metric is simply missing then
        return None


def collect() -> list[tuple[str, str, str, float]]:
    """(name, type, help, value) of every metric."""
    from notifications.models import Notification
    from sitreps.models import OfflineExport, Sitrep

    now = timezone.now()
    pending = Notification.objects.filter(state__in=Notification.PENDING_STATES)
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    metrics = [
        (
            "crisiscentre_outbox_backlog",
            "gauge",
            "Notifications queued or being sent.",
            pending.count(),
        ),
        (
            "crisiscentre_outbox_oldest_age_seconds",
            "gauge",
            "Age of the oldest notification still waiting (0 when none waits).",
            (now - oldest).total_seconds() if oldest else 0,
        ),
        (
            "crisiscentre_notifications_failed",
            "gauge",
            "Notifications whose delivery failed for good.",
            Notification.objects.filter(state=Notification.State.FAILED).count(),
        ),
        (
            "crisiscentre_sitreps_waiting",
            "gauge",
            "Sitreps queued or rendering.",
            Sitrep.objects.filter(state__in=(Sitrep.State.QUEUED, Sitrep.State.RUNNING)).count(),
        ),
    ]
    last = (
        Sitrep.objects.filter(state=Sitrep.State.DONE, started_at__isnull=False)
        .exclude(finished_at=None)
        .order_by("-finished_at")
        .values_list("started_at", "finished_at")
        .first()
    )
    if last:
        metrics.append(
            (
                "crisiscentre_sitrep_last_render_seconds",
                "gauge",
                "Render time of the latest finished sitrep.",
                (last[1] - last[0]).total_seconds(),
            )
        )
    export = OfflineExport.objects.filter(ok=True).order_by("-started_at", "-pk").first()
    if export:
        metrics.append(
            (
                "crisiscentre_offline_export_age_seconds",
                "gauge",
                "Age of the latest successful paper-copy export.",
                (now - export.started_at).total_seconds(),
            )
        )
    depth = _queue_depth()
    if depth is not None:
        metrics.append(
            ("crisiscentre_celery_queue_depth", "gauge", "Tasks waiting in Redis.", depth)
        )
    return metrics


def render(metrics) -> str:
    lines = []
    for name, kind, help_text, value in metrics:
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {value:g}"]
    return "\n".join(lines) + "\n"


@login_not_required
@never_cache
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Prometheus text format; off (404) without METRICS_TOKEN, 403 without the right token."""
    if not settings.METRICS_TOKEN:
        raise Http404
    if not bearer_token_matches(request, settings.METRICS_TOKEN):
        return HttpResponseForbidden("forbidden\n", content_type="text/plain")
    started = time.monotonic()
    body = render(collect())
    body += (
        "# HELP crisiscentre_metrics_seconds Time to collect these metrics.\n"
        "# TYPE crisiscentre_metrics_seconds gauge\n"
        f"crisiscentre_metrics_seconds {time.monotonic() - started:.4f}\n"
    )
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
