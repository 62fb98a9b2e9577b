"""One JSON API, one OpenAPI document (served at /api/v1/openapi.json).

Ninja's own docs page is off (its template loads a CDN and inline script, which our CSP forbids):
``keten.api.docs`` serves Swagger UI from our own static files at /api/v1/docs instead."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from keten.api.cases import router as cases_router
from keten.api.reports import router as reports_router
from keten.referrals.api import router as referrals_router
from keten.screening.api import router as screening_router

api = NinjaAPI(
    title="Keten API",
    version="1",
    description="The JSON API of Keten. Every endpoint states who may use it; "
    "anything you may not see answers 404.",
    urls_namespace="api",
    docs_url=None,
)


class Health(Schema):
    status: str


@api.get("/health", response=Health, tags=["health"], auth=None)
def health(request: HttpRequest) -> dict[str, str]:
    """Is the service up? Open to everyone, says nothing else."""
    return {"status": "ok"}


api.add_router("/", screening_router)
api.add_router("/", referrals_router)
api.add_router("/", reports_router)
api.add_router("/", cases_router)
