"""``/readyz`` and ``/metrics``: for load balancers and Prometheus, not for people."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from keten.ops import metrics, readiness


@require_safe
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    """200 when every check passes, else 503; the body names the checks and nothing else."""
    results = readiness.run_checks()
    ok = all(results.values())
    body = {
        "status": "ready" if ok else "not ready",
        "checks": {k: "ok" if v else "failed" for k, v in results.items()},
    }
    return JsonResponse(body, status=200 if ok else 503)


def _bearer_token(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@require_safe
@never_cache
def prometheus(request: HttpRequest) -> HttpResponse:
    """The metrics, for whoever holds KETEN_METRICS_TOKEN; without a token set, there is no page."""
    expected = settings.METRICS_TOKEN
    if not expected:
        raise Http404
    if not hmac.compare_digest(_bearer_token(request).encode(), expected.encode()):
        response = HttpResponse(status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(metrics.exposition(), content_type=CONTENT_TYPE_LATEST)
