"""Deny by default, across the whole project: every page that is not public answers nothing
useful to an anonymous visitor or to a logged-in person who belongs to no organisation.

The list of URLs comes from the URL configuration itself, so a new view without an access
check makes this test fail.
"""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tests.base import KetenTestCase

# Pages anyone may open: information, help, the report form, the questionnaire, public figures,
# and the steps of logging in.
PUBLIC = {
    "robots",
    "favicon",
    "health",
    # For load balancers, like health: which checks pass (database, storage, keys, queue), no data.
    "ready",
    "sitemap",
    "baseline",
    "accounts:login",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
    "accounts:password_reset_confirm",
    "screening:start",
    "screening:questions",
    "intake:new",
    "intake:received",
    "intake:quick_exit",
    "intake:leave",
    "intake:follow_up",
    "statistics:public",
    "admin:login",
    "api:openapi-json",
    # The interactive docs of that same public schema (our own Swagger UI files, no data).
    "api_docs",
    "api:health",
    "api:list_indicators",
    "api:api-root",
    "training:demo",
    "training:demo_case",
}
PUBLIC_NAMESPACES = {"knowledge"}
# Open to any logged-in professional, also without an organisation.
# Pages about one's own account: recovery codes, invitations, one's own API tokens (a token works
# only while its membership is active, keten.api.tokens).
ANY_PROFESSIONAL = {"accounts:home", "accounts:recovery_codes", "accounts:invitations", "api_tokens:list"}
SAMPLE_ARGUMENTS = {"int": "1", "str": "sample", "slug": "identity", "path": "1", "": "1"}


def named_patterns() -> list[tuple[str, str]]:
    """(name, path) for every named URL, with sample values for its parameters."""
    found: list[tuple[str, str]] = []

    def walk(resolver: URLResolver, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace or ""]))
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = ":".join(filter(None, [namespace, pattern.name]))
                if namespace == "admin" and name not in {"admin:index", "admin:login"}:
                    continue
                converters = re.findall(r"<(?:(\w+):)?(\w+)>", str(pattern.pattern))
                kwargs = {key: SAMPLE_ARGUMENTS.get(kind, "1") for kind, key in converters}
                with translation.override("en"):
                    found.append((name, reverse(name, kwargs=kwargs or None)))

    walk(get_resolver(), "")
    return found


def is_public(name: str) -> bool:
    return name in PUBLIC or name.split(":")[0] in PUBLIC_NAMESPACES


class DenyByDefaultTests(KetenTestCase):
    def test_it_finds_the_urls_of_every_app(self) -> None:
        namespaces = {name.split(":")[0] for name, _path in named_patterns() if ":" in name}
        self.assertTrue(
            {
                "accounts",
                "audit",
                "knowledge",
                "screening",
                "intake",
                "cases",
                "referrals",
                "statistics",
                "training",
                "api",
            }
            <= namespaces
        )

    def test_it_shows_nothing_private_to_anonymous_visitors(self) -> None:
        for name, path in named_patterns():
            if is_public(name):
                continue
            response = self.client.get(path)
            self.assertNotEqual(response.status_code, 200, f"{name} ({path}) is open to anyone")

    def test_it_shows_nothing_private_to_a_person_without_an_organisation(self) -> None:
        self.login(self.outsider)
        for name, path in named_patterns():
            if is_public(name) or name in ANY_PROFESSIONAL:
                continue
            response = self.client.get(path)
            self.assertIn(
                response.status_code,
                {302, 401, 403, 404, 405},
                f"{name} ({path}) answered {response.status_code}",
            )

    def test_it_refuses_changes_from_anonymous_visitors(self) -> None:
        for name, path in named_patterns():
            if is_public(name) or name == "api:evaluate_screening":
                continue
            response = self.client.post(path, {})
            self.assertNotIn(
                response.status_code, {200, 201}, f"{name} ({path}) accepted an anonymous change"
            )
