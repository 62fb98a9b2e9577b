"""The foundation's pages: the baseline view, a public page, the login page, the API."""

from __future__ import annotations

from tests.bench.harness import Bench, Endpoint


def endpoints(bench: Bench) -> list[Endpoint]:
    from keten.accounts.models import Membership, Organisation, User
    from keten.accounts.roles import OrganisationKind, Role

    centre, _ = Organisation.objects.get_or_create(
        slug="bench-centre", defaults={"name": "Bench centre", "kind": OrganisationKind.CENTRE}
    )
    user, created = User.objects.get_or_create(
        email="bench.worker@keten.invalid", defaults={"full_name": "Bench"}
    )
    if created:
        Membership.objects.create(user=user, organisation=centre, role=Role.SOCIAL_WORKER)
    cookie = bench.session_cookie(user)
    return [
        Endpoint("public start page", "/en/"),
        Endpoint("login page", "/en/accounts/login/"),
        Endpoint("my work (logged in)", "/en/accounts/work/", headers={"Cookie": cookie}),
        Endpoint("api health", "/api/v1/health"),
    ]
