"""Prometheus metrics, by route name and as counts only: no identifier, free text or person.

Requests are counted by their URL pattern's name (``intake:detail``), never by their path (a
path may hold a receipt, a token or a case number), and by method and status code. The
reporter's own pages (the report form, the receipt, the follow-up and the conversation) are not
counted at all, as they leave no line in the access log (``keten/access_log.py``): a counter
scraped every few seconds would tell the moment of a report, and reporters are promised that
only its day is kept. The
figures about work waiting (the task queue, reports past their acknowledgement date, documents
past their deadline) are counted in the database when Prometheus asks, so every app server gives
the same answer.

Under ``keten serve`` (gunicorn, several worker processes) the counters live in files in
``PROMETHEUS_MULTIPROC_DIR``, which the command sets before gunicorn starts, and any worker's
scrape adds up all of them (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

from django.http import HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from keten.access_log import is_reporter_path

#: The label of requests that matched no URL pattern (404s, scanners): their paths are not kept.
UNMATCHED = "unmatched"

REQUESTS = Counter(
    "keten_http_requests",
    "HTTP requests answered, by URL pattern name, method and status code.",
    ["route", "method", "status"],
)
ERRORS = Counter(
    "keten_http_errors",
    "Requests that ended in a server error (status 500 or more), by URL pattern name.",
    ["route"],
)
LATENCY = Histogram(
    "keten_http_request_duration_seconds",
    "Time to answer a request, by URL pattern name.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)


def route_name(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None or not match.view_name:
        return UNMATCHED
    return str(match.view_name)


class MetricsMiddleware:
    """Counts each request under its route name, method and status; times it."""

    METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        except Exception:
            self._record(request, 500, started)
            raise
        self._record(request, response.status_code, started)
        return response

    def _record(self, request: HttpRequest, status: int, started: float) -> None:
        if is_reporter_path(request.path_info):
            return
        route = route_name(request)
        # A made-up method would make a new series for every value a client sends.
        method = request.method if request.method in self.METHODS else "other"
        REQUESTS.labels(route, method, str(status)).inc()
        LATENCY.labels(route).observe(time.perf_counter() - started)
        if status >= 500:
            ERRORS.labels(route).inc()


class WorkWaitingCollector(Collector):
    """Counts of work waiting, asked of the database at each scrape."""

    def collect(self) -> Iterator[Metric]:
        from django.utils import timezone
        from django_tasks_db.models import DBTaskResult

        from keten.cases.models import Case
        from keten.intake.models import Report

        today = timezone.localdate()
        queue = GaugeMetricFamily(
            "keten_task_queue_depth", "Background tasks waiting for a worker (keten db_worker)."
        )
        queue.add_metric([], DBTaskResult.objects.ready().count())
        yield queue
        oldest = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True)
        first = oldest.first()
        age = GaugeMetricFamily(
            "keten_task_queue_oldest_seconds",
            "How long the oldest waiting background task has waited (0 when none waits).",
        )
        age.add_metric([], max(0.0, (timezone.now() - first).total_seconds()) if first else 0.0)
        yield age
        reports = GaugeMetricFamily(
            "keten_reports_acknowledgement_overdue",
            "Open reports not yet answered whose acknowledgement date has passed.",
        )
        reports.add_metric([], Report.objects.acknowledgement_overdue(today).count())
        yield reports
        deadlines = GaugeMetricFamily(
            "keten_case_deadlines_overdue",
            "Open case files whose residence-document deadline has passed.",
        )
        deadlines.add_metric([], Case.objects.open().filter(demo=False, act_by__lt=today).count())
        yield deadlines


def exposition() -> bytes:
    """The text Prometheus reads: this process's (or all workers') counters and the work waiting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        counters = generate_latest(registry)
    else:
        counters = generate_latest(REGISTRY)
    waiting = CollectorRegistry()
    waiting.register(WorkWaitingCollector())
    return counters + generate_latest(waiting)
