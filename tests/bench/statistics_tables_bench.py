"""Time every statistics table over many cases: ``python -m tests.bench.statistics_tables_bench [N]``.

Loads N cases (default 1,000,000) into the database named by DATABASE_URL (or a fresh SQLite
file under a temporary KETEN_DATA_DIR), then builds each published table for every centre and
prints how long each took. Target: under 1 second per table on PostgreSQL.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from typing import Any


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    os.environ.setdefault("KETEN_DATA_DIR", tempfile.mkdtemp(prefix="keten-stats-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keten.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import translation

    from keten.cases.models import Case
    from keten.statistics import tables
    from keten.statistics.counting import Scope
    from tests.bench.statistics_scenarios import bench_people, load_cases

    call_command("migrate", verbosity=0, interactive=False)
    _manager, _rapporteur, centres = bench_people()
    missing = count - Case.objects.filter(demo=False).count()
    if missing > 0:
        started = time.monotonic()
        load_cases(missing, centres)
        print(f"loaded {missing} cases in {time.monotonic() - started:.1f} s", flush=True)
    translation.activate("en")
    scope = Scope()
    names = {centre.pk: centre.name for centre in centres}
    builders = {
        "people by year and gender": lambda: tables.people_by_year_and_gender(scope),
        "age at start (groups x minor/adult)": lambda: tables.people_by_age(scope),
        "people by form": lambda: tables.people_by_form(scope),
        "forms by year": lambda: tables.forms_by_year(scope),
        "people by nationality": lambda: tables.people_by_nationality(scope),
        "people by sector": lambda: tables.people_by_sector(scope),
        "people by channel": lambda: tables.people_by_channel(scope),
        "people by procedure stage": lambda: tables.people_by_procedure(scope),
        "people by centre": lambda: tables.people_by_centre(scope, names),
        "chain phases reached": lambda: tables.people_by_chain_phase(scope),
        "year x gender, one centre, 2018-2022, labour": lambda: tables.people_by_year_and_gender(
            Scope(year_from=2018, year_to=2022, centre_ids=(centres[0].pk,), form="labour")
        ),
    }
    print(f"\n{Case.objects.count()} cases on {connection.vendor}\n")
    worst = 0.0
    for name, build in builders.items():
        started = time.monotonic()
        build()
        elapsed = time.monotonic() - started
        worst = max(worst, elapsed)
        print(f"{name:<48} {elapsed * 1000:>9.0f} ms", flush=True)
    print(f"\nslowest table: {worst * 1000:.0f} ms")
    time_protection(centres)


def time_protection(centres: list[Any]) -> None:
    """Protecting a whole page as one release (the LPs), apart from counting, for a few views."""
    from keten.accounts.models import User
    from keten.statistics import pages, tables
    from keten.statistics.access import Viewer
    from keten.statistics.counting import Scope

    user = User.objects.filter(memberships__isnull=False).first()
    membership = user.memberships.first() if user else None
    names = {centre.pk: centre.name for centre in centres}
    views = {
        "statistics page, every centre": (Scope(), True),
        "statistics page, one centre": (Scope(centre_ids=(centres[0].pk,)), False),
        "one centre, one year, one form": (
            Scope(year_from=2020, year_to=2020, centre_ids=(centres[0].pk,), form="begging"),
            False,
        ),
    }
    print()
    for name, (scope, national) in views.items():
        viewer = Viewer(user, membership, names if national else {centres[0].pk: centres[0].name}, national)  # type: ignore[arg-type]
        with tables.counted_once():
            started = time.monotonic()
            drafts = pages.internal_drafts(scope, viewer)
            counted = time.monotonic() - started
            release = tables.release_of(drafts)
            started = time.monotonic()
            protected = release.protect()
            protecting = time.monotonic() - started
        print(
            f"{name:<36} counting {counted * 1000:>7.0f} ms, protecting {protecting * 1000:>6.0f} ms "
            f"({len(release.published)} numbers, {len(protected.hidden)} hidden, {release.last_solves} LPs)",
            flush=True,
        )


if __name__ == "__main__":
    main()
