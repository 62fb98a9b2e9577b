"""Every professional page over the demo data of ``keten demo`` (BENCH_SCALE cases, default 1000).

Each page is measured twice: here, in one process with Django's test client (the median of
BENCH_PRO_REPEAT requests, printed as the scenario is prepared), then by ``run.py`` with wrk under
BENCH_CONNECTIONS connections against the real server (requests per second, as a ratio to the
baseline view). Targets (issue 17): under 15 ms median in one process, at least 100 req/s.
"""

from __future__ import annotations

import os
import statistics
import time
from typing import Any

from tests.bench.harness import Bench, Endpoint

REPEAT = int(os.environ.get("BENCH_PRO_REPEAT", "15"))
# Only the pages whose name holds one of these words (comma-separated), e.g. "case" for a file's pages.
ONLY_PAGES = [word for word in os.environ.get("BENCH_PRO_PAGES", "").split(",") if word]
TARGET_MEDIAN_MS = 15.0


def _prepare_data(scale: int) -> None:
    from keten.accounts.models import Organisation, User
    from keten.accounts.roles import OrganisationKind, Role
    from keten.cases.demo import (
        DEMO_SLUG_PREFIX,
        create_demo_organisations_and_accounts,
        load_demo_activity,
        load_fictitious_cases,
    )
    from keten.cases.models import Case

    create_demo_organisations_and_accounts()
    demo_centres = Organisation.objects.filter(
        kind=OrganisationKind.CENTRE, slug__startswith=DEMO_SLUG_PREFIX
    )
    centres = list(demo_centres.order_by("pk"))
    present = Case.objects.filter(centre__in=centres).count()
    if present >= scale:
        return
    workers: dict[int, list[User]] = {}
    for user in User.objects.filter(
        memberships__organisation__in=centres, memberships__role=Role.SOCIAL_WORKER
    ).distinct():
        for membership in user.memberships.filter(organisation__in=centres, role=Role.SOCIAL_WORKER):
            workers.setdefault(membership.organisation_id, []).append(user)
    started = time.monotonic()
    load_fictitious_cases(scale - present, centres=centres, workers=workers, start_number=present + 1)
    load_demo_activity(50)
    print(f"loaded {scale - present} demo cases in {time.monotonic() - started:.1f} s")  # noqa: T201


def _installation_administrator() -> Any:
    """The demo has no installation administrator: one for the people, organisations and audit pages."""
    from keten.accounts.models import User
    from keten.cases.demo import DEMO_EMAIL_DOMAIN

    email = f"bench-administrator@{DEMO_EMAIL_DOMAIN}"
    found = User.objects.filter(email=email).first()
    if found is None:
        found = User.objects.create_user(email=email, password=None, full_name="Bench Administrator")
        found.is_superuser = True
        found.save(update_fields=["is_superuser"])
    return found


def _user(who: Any) -> Any:
    """A page's visitor: a membership (acting for an organisation) or an account."""
    return getattr(who, "user", who)


def _median_ms(path: str, cookie: str) -> tuple[float, int, int]:
    from django.db import connection
    from django.test import Client

    name, _sep, value = cookie.partition("=")
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[name] = value
    queries = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    status = client.get(path).status_code  # warm-up (and the status, checked by run.py too)
    # Django empties connection.queries when a request starts: count with a wrapper instead.
    with connection.execute_wrapper(count):
        client.get(path)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), status, queries


def endpoints(bench: Bench) -> list[Endpoint]:
    from keten.accounts.models import Membership
    from keten.accounts.roles import Role
    from keten.cases.demo import DEMO_EMAIL_DOMAIN
    from keten.cases.models import CaseAssignment
    from keten.intake.models import Report
    from keten.referrals.models import Referral
    from keten.screening.models import Handover

    _prepare_data(bench.scale)

    def person(role: str, local_part: str = "") -> Membership:
        memberships = Membership.objects.filter(
            role=role, user__email__endswith="@" + DEMO_EMAIL_DOMAIN
        ).select_related("user", "organisation")
        if local_part:
            memberships = memberships.filter(user__email__startswith=local_part)
        found = memberships.order_by("pk").first()
        assert found is not None, role  # noqa: S101 - the demo accounts were just made
        return found

    worker = person(Role.SOCIAL_WORKER, "worker1.")
    manager = person(Role.CENTRE_MANAGER)
    operator = person(Role.HOTLINE_OPERATOR)
    investigator = person(Role.INVESTIGATOR)
    rapporteur = person(Role.RAPPORTEUR)
    administrator = _installation_administrator()
    cookies = {
        user.pk: bench.session_cookie(user)
        for user in (
            worker.user,
            manager.user,
            operator.user,
            investigator.user,
            rapporteur.user,
            administrator,
        )
    }
    mine = CaseAssignment.objects.filter(user=worker.user).order_by("-case_id")
    case_id = mine.values_list("case_id", flat=True)[0]
    report = Report.objects.order_by("-pk").first()
    handover = Handover.objects.filter(to_organisation=manager.organisation).order_by("-pk").first()
    referral = Referral.objects.filter(to_organisation=investigator.organisation).order_by("-pk").first()
    pages: list[tuple[str, str, Any]] = [
        ("My work (worker)", "/en/accounts/work/", worker),
        ("case list (worker)", "/en/cases/", worker),
        ("case list (manager)", "/en/cases/", manager),
        ("case page (overview, procedure)", f"/en/cases/{case_id}/", worker),
        ("case guidance", f"/en/cases/{case_id}/guidance/", worker),
        ("case notes and timeline", f"/en/cases/{case_id}/timeline/", worker),
        ("case documents", f"/en/cases/{case_id}/documents/", worker),
        ("case chain", f"/en/cases/{case_id}/chain/", worker),
        ("case people", f"/en/cases/{case_id}/people/", worker),
        ("deadlines (centre)", "/en/cases/deadlines/?scope=centre", manager),
        ("inbox (operator)", "/en/report/inbox/", operator),
        ("signals (manager)", "/en/screening/signals/", manager),
        ("referrals inbox (police)", "/en/referrals/", investigator),
        ("figures (manager)", "/en/figures/statistics/", manager),
        ("figures (rapporteur)", "/en/figures/statistics/", rapporteur),
        ("deadlines (worker)", "/en/cases/deadlines/", worker),
        ("add a note (worker)", f"/en/cases/{case_id}/notes/", worker),
        ("identifiers of a case (worker)", f"/en/links/case/{case_id}/", worker),
        ("screenings (manager)", "/en/screening/saved/", manager),
        ("match notices (operator)", "/en/links/notices/", operator),
        ("training (worker)", "/en/training/", worker),
        ("API tokens (worker)", "/en/accounts/api-tokens/", worker),
        ("people (administrator)", "/en/accounts/manage/people/", administrator),
        ("organisations (administrator)", "/en/accounts/manage/organisations/", administrator),
        ("audit trail (administrator)", "/en/audit/", administrator),
    ]
    if report is not None:
        pages.append(("report detail (operator)", f"/en/report/inbox/{report.pk}/", operator))
    if handover is not None:
        pages.append(("signal page (manager)", f"/en/screening/signals/{handover.pk}/", manager))
    if referral is not None:
        pages.append(("referral page (police)", f"/en/referrals/{referral.pk}/", investigator))
    if ONLY_PAGES:
        pages = [page for page in pages if any(word in page[0] for word in ONLY_PAGES)]
    print(f"\nProfessional pages in one process ({REPEAT} requests each, {bench.scale} demo cases):")  # noqa: T201
    for name, path, who in pages:
        median, status, queries = _median_ms(path, cookies[_user(who).pk])
        verdict = "ok" if median < TARGET_MEDIAN_MS else "SLOW"
        print(f"  {name:<32} {path:<40} {status:>4} {median:>8.1f} ms {queries:>4} queries  {verdict}")  # noqa: T201
    return [
        Endpoint(f"pro: {name}", path, headers={"Cookie": cookies[_user(who).pk]})
        for name, path, who in pages
    ]
