"""Prometheus metrics at `/metrics` (prometheus_client; docs/decisions/0009-metrics-and-error-reports.md).

Two kinds of figure:

- **Per process**, counted as requests pass (`MetricsMiddleware`): `sinergi_http_requests_total` by view,
  method and status, and the `sinergi_http_request_duration_seconds` histogram by view. With several
  gunicorn workers each counts its own requests; prometheus_client's multiprocess mode adds them up when
  `PROMETHEUS_MULTIPROC_DIR` names a folder every worker writes to (the web unit sets it; gunicorn's
  config marks a dead worker's files). Without it the figures are those of whichever worker answered
  the scrape — fine for `sinergi serve`, not for production.
- **Read from the database at scrape time** (`DatabaseCollector`), so they are the same whichever worker
  answers: the task queue's depth and the age of its oldest waiting task, failed tasks, and whatever
  the apps register with `register_figure` (imports by status, statistics publications) — core stays
  below the apps, as with navigation and leases.

Access: off (404) unless `SINERGI_METRICS_TOKEN` (a bearer token the scraper sends) or
`SINERGI_METRICS_ALLOWED` (addresses or networks, by `core.clientaddr`) is set; anything else gets 403.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from .clientaddr import client_address

REQUESTS = Counter(
    "sinergi_http_requests", "HTTP requests answered, by view, method and status", ["view", "method", "status"]
)
LATENCY = Histogram(
    "sinergi_http_request_duration_seconds",
    "Time to answer an HTTP request, by view",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


@dataclass(frozen=True)
class Figure:
    """A gauge read from the database at scrape time: `read()` yields (label values, value)."""

    name: str
    documentation: str
    labels: tuple[str, ...]
    read: Callable[[], Iterable[tuple[tuple[str, ...], float]]]


_figures: dict[str, Figure] = {}


def register_figure(figure: Figure) -> None:
    if figure.name in _figures and _figures[figure.name] != figure:
        raise ValueError(f"metric {figure.name!r} registered twice")
    _figures[figure.name] = figure


def _task_figures() -> Iterator[GaugeMetricFamily]:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(status="READY")
    depth = GaugeMetricFamily("sinergi_task_queue_depth", "Background tasks waiting for a worker")
    depth.add_metric([], waiting.count())
    yield depth
    oldest = waiting.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    age = GaugeMetricFamily(
        "sinergi_task_queue_oldest_age_seconds", "Age of the oldest task waiting for a worker (0: none waits)"
    )
    age.add_metric([], max((timezone.now() - oldest).total_seconds(), 0.0) if oldest else 0.0)
    yield age
    failed = GaugeMetricFamily(
        "sinergi_tasks_failed", "Background tasks that failed, kept until prune_db_task_results removes them"
    )
    failed.add_metric([], DBTaskResult.objects.filter(status="FAILED").count())
    yield failed


class DatabaseCollector(Collector):
    def collect(self) -> Iterator[GaugeMetricFamily]:
        yield from _task_figures()
        for figure in sorted(_figures.values(), key=lambda f: f.name):
            family = GaugeMetricFamily(figure.name, figure.documentation, labels=list(figure.labels))
            for labels, value in figure.read():
                family.add_metric(list(labels), value)
            yield family


def request_figures() -> bytes:
    """The per-process figures: of all workers in multiprocess mode, else of this process."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]  # prometheus_client leaves it unannotated
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def exposition() -> bytes:
    """The text a scrape receives: the request figures and the database figures, read now."""
    database = CollectorRegistry()
    database.register(DatabaseCollector())
    return request_figures() + generate_latest(database)


def _allowed(request: HttpRequest) -> bool:
    token = getattr(settings, "SINERGI_METRICS_TOKEN", "")
    networks = getattr(settings, "SINERGI_METRICS_ALLOWED", [])
    if not token and not networks:
        raise Http404
    if token:
        given = request.headers.get("Authorization", "")
        if hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return True
    if networks:
        try:
            address = ipaddress.ip_address(client_address(request))
        except ValueError:
            return False
        return any(address in ipaddress.ip_network(network, strict=False) for network in networks)
    return False


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not _allowed(request):
        return HttpResponse("403 Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Counts every answer by the view that gave it (its URL name, never the path: paths carry ids)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or "unnamed") if match is not None else "unresolved"
        REQUESTS.labels(view=view, method=request.method or "", status=str(response.status_code)).inc()
        LATENCY.labels(view=view).observe(time.perf_counter() - started)
        return response
