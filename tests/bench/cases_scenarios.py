"""Case files: the caseload list, a case page and the deadlines view, over many fictitious cases.

BENCH_CASES sets how many cases to load (default BENCH_SCALE); on PostgreSQL a million loads in
minutes (bulk_create in batches of 5,000, the encrypted fields encrypted as each batch is sent).
Cases already loaded by an earlier run are kept, so a large database is filled once.
"""

from __future__ import annotations

import os
import time

from tests.bench.harness import Bench, Endpoint


def endpoints(bench: Bench) -> list[Endpoint]:
    from keten.accounts.models import Membership, Organisation, User
    from keten.accounts.roles import OrganisationKind, Role
    from keten.cases.demo import load_fictitious_cases
    from keten.cases.models import Case

    centres = []
    for slug, name in (
        ("bench-pag-asa", "Bench PAG-ASA"),
        ("bench-payoke", "Bench Payoke"),
        ("bench-surya", "Bench Surya"),
    ):
        centre, _ = Organisation.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": OrganisationKind.CENTRE}
        )
        centres.append(centre)
    worker, created = User.objects.get_or_create(
        email="bench.worker@keten.invalid", defaults={"full_name": "Bench worker"}
    )
    if created:
        Membership.objects.create(user=worker, organisation=centres[0], role=Role.SOCIAL_WORKER)
    manager, created = User.objects.get_or_create(
        email="bench.manager@keten.invalid", defaults={"full_name": "Bench manager"}
    )
    if created:
        Membership.objects.create(user=manager, organisation=centres[0], role=Role.CENTRE_MANAGER)

    wanted = int(os.environ.get("BENCH_CASES", str(bench.scale)))
    present = Case.objects.filter(demo=True).count()
    if present < wanted:
        # A worker holds a realistic caseload (about 60 files); the rest of the centre's cases
        # belong to colleagues who are not logged in here.
        started = time.monotonic()
        load_fictitious_cases(
            wanted - present, centres=centres, workers={}, start_number=present + 1, seed=present + 1
        )
        print(f"loaded {wanted - present} cases in {time.monotonic() - started:.1f} s")  # noqa: T201
    mine = list(Case.objects.filter(centre=centres[0]).order_by("-id").values_list("id", flat=True)[:60])
    from keten.cases.models import CaseAssignment

    CaseAssignment.objects.bulk_create(
        [CaseAssignment(case_id=pk, user=worker) for pk in mine], ignore_conflicts=True
    )
    worker_cookie = bench.session_cookie(worker)
    manager_cookie = bench.session_cookie(manager)
    case_id = mine[0]
    pages = [
        ("caseload (worker)", "/en/cases/", worker_cookie),
        ("caseload (manager)", "/en/cases/", manager_cookie),
        ("caseload page 50 (manager)", "/en/cases/?page=50", manager_cookie),
        ("case page", f"/en/cases/{case_id}/", worker_cookie),
        ("my deadlines", "/en/cases/deadlines/", worker_cookie),
        ("centre deadlines", "/en/cases/deadlines/?scope=centre", manager_cookie),
    ]
    # Each page twice: the latency a person sees (the p95 target of issue #7) with as many
    # requests at once as the machine has cores, then the throughput under BENCH_CONNECTIONS.
    people = os.cpu_count() or 2
    return [
        Endpoint(f"{name}, {load}", path, headers={"Cookie": cookie}, connections=connections)
        for load, connections in ((f"{people} at once", people), ("under load", None))
        for name, path, cookie in pages
    ]
