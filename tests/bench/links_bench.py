"""Time matching and the network view: ``python -m tests.bench.links_bench [CASES] [IDENTIFIERS]``.

Fills the links table of the PostgreSQL database named by DATABASE_URL (point it at a throw-away
one) with IDENTIFIERS rows (default 5,000,000) spread over CASES case records (default 1,000,000)
of ten centres, written in bulk by SQL (the values are dummy tokens: matching never decrypts),
then times

- matching a new record with ten identifiers, one of which is planted in another centre's case
  (target: under 50 ms), and
- the network view of a component of 500 reports sharing phones in a chain (target: under 1 s).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta


def _fill(cases: int, identifiers: int) -> None:
    from django.db import connection

    from keten.accounts.models import Organisation
    from keten.accounts.roles import OrganisationKind

    centres = [
        Organisation.objects.get_or_create(
            slug=f"bench-links-centre-{n}",
            defaults={"name": f"Bench links centre {n}", "kind": OrganisationKind.CENTRE},
        )[0].pk
        for n in range(10)
    ]
    from keten.encryption import keyring
    from keten.links.models import Identifier

    field = Identifier._meta.get_field("value")
    # One real token for every bench row: a network view that met one could decrypt it.
    token = keyring().encrypt(b"bench", associated_data=field.associated_data())  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM links_identifier WHERE record_kind = 'case'")
        present = cursor.fetchone()[0]
        missing = identifiers - present
        if missing <= 0:
            return
        started = time.monotonic()
        kinds = "ARRAY['phone','email','address','plate','iban','enterprise','website','handle','workplace']"
        centre_array = "ARRAY[" + ",".join(str(pk) for pk in centres) + "]"
        cursor.execute(
            f"""
            INSERT INTO links_identifier
                (kind, value, lookup, record_kind, record_id, organisation_id, record_date, added_at)
            SELECT ({kinds})[1 + (i %% 9)],
                   %s,
                   md5('bench' || i::text) || md5('links' || i::text),
                   'case',
                   1 + (i %% %s),
                   ({centre_array})[1 + ((i %% %s) %% 10)],
                   DATE '2020-01-01' + (i %% 2000),
                   now()
            FROM generate_series(%s, %s) AS i
            """,  # noqa: S608 (only constants and the bench's own organisation ids are interpolated)
            [token, cases, cases, present + 1, identifiers],
        )
        cursor.execute("ANALYZE links_identifier")
        print(f"wrote {missing} identifiers in {time.monotonic() - started:.1f} s", flush=True)


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    identifiers = int(sys.argv[2]) if len(sys.argv) > 2 else 5_000_000
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keten.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from keten.accounts.models import Membership, Organisation, User
    from keten.accounts.roles import OrganisationKind, Role
    from keten.intake.models import Report
    from keten.links import network, services
    from keten.links.kinds import RecordKind
    from keten.links.models import Identifier
    from keten.links.records import Record, Visibility

    if connection.vendor != "postgresql":
        print("links_bench measures PostgreSQL: set DATABASE_URL to a throw-away database (skipped)")
        return
    call_command("migrate", verbosity=0, interactive=False)
    _fill(cases, identifiers)
    print(f"\n{Identifier.objects.count()} identifiers over {cases} case records on {connection.vendor}\n")

    hotline = Organisation.objects.get_or_create(
        slug="bench-links-hotline", defaults={"name": "Bench links hotline", "kind": OrganisationKind.HOTLINE}
    )[0]
    operator = User.objects.filter(
        email="bench-links-operator@example.org"
    ).first() or User.objects.create_user("bench-links-operator@example.org", full_name="Bench operator")
    membership = Membership.objects.get_or_create(
        user=operator, organisation=hotline, role=Role.HOTLINE_OPERATOR
    )[0]
    centre = Organisation.objects.get(slug="bench-links-centre-3")
    planted = Identifier.objects.filter(organisation=centre, kind="phone").only("lookup").first()

    # Matching: a new record's ten identifiers, stored and looked up in one query.
    today = timezone.localdate()
    timings: list[float] = []
    lookups: list[float] = []
    for run in range(30):
        with transaction.atomic():
            report = Report.objects.create(
                content={}, received_on=today, acknowledge_by=today + timedelta(days=3)
            )
            record = Record(RecordKind.REPORT, report.pk, hotline, today)
            visibility = Visibility.of(membership)
            rows = []
            for n in range(10):
                lookup = (
                    planted.lookup
                    if (n == 0 and planted)
                    else services.lookup_for("phone", f"+3247{run:03d}{n:04d}")
                )
                rows.append(
                    Identifier(
                        kind="phone",
                        value="x",
                        lookup=lookup,
                        record_kind=record.kind,
                        record_id=record.id,
                        organisation=hotline,
                        record_date=today,
                    )
                )
            started = time.perf_counter()
            Identifier.objects.bulk_create(rows)
            services.match_all(rows, actor=operator, visibility=visibility)
            timings.append(time.perf_counter() - started)
            lookup_started = time.perf_counter()
            services.others_sharing(rows)
            lookups.append(time.perf_counter() - lookup_started)
            transaction.set_rollback(True)
    print(
        f"looking up a new record's 10 identifiers (one query): "
        f"p50 {statistics.median(lookups) * 1000:.1f} ms, max {max(lookups) * 1000:.1f} ms (target < 50 ms)"
    )
    print(
        f"storing them and matching, with the notice and its audit entries for the planted match: "
        f"p50 {statistics.median(timings) * 1000:.1f} ms, max {max(timings) * 1000:.1f} ms "
    )

    # The network view: 500 reports, each sharing a phone with the next.
    with transaction.atomic():
        reports = [
            Report.objects.create(content={}, received_on=today, acknowledge_by=today + timedelta(days=3))
            for _ in range(500)
        ]
        for index, report in enumerate(reports):
            for phone in {index, index + 1} - {0, 500}:
                Identifier.objects.create(
                    kind="phone",
                    value=f"+32 470 00 {phone:04d}",
                    lookup=services.lookup_for("phone", f"+324700{phone:04d}-bench"),
                    record_kind=RecordKind.REPORT,
                    record_id=report.pk,
                    organisation=hotline,
                    record_date=today,
                )
        start = Record(RecordKind.REPORT, reports[0].pk, hotline, today)
        view_timings = []
        for _ in range(3):
            started = time.perf_counter()
            graph = network.build(Visibility.of(membership), start.key, start.on)
            view_timings.append(time.perf_counter() - started)
        transaction.set_rollback(True)
    print(
        f"network view of a component of {len(graph.nodes)} records and {len(graph.edges)} links: "
        f"best {min(view_timings):.2f} s, worst {max(view_timings):.2f} s (target < 1 s)"
    )


if __name__ == "__main__":
    main()
