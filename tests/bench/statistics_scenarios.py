"""Statistics pages over ``bench.scale`` cases, and a fast bulk loader for many cases.

The loader writes rows with ``executemany`` in batches of 5,000: the identity fields are encrypted
once (an empty text) and the same token reused, and every other value is prepared for the database
once per distinct value, so a million cases load in minutes on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from tests.bench.harness import Bench, Endpoint

BATCH = 5000
NATIONALITIES = (
    "RO BG NG MA VN CN BR AL UA PL IN PK AF ER SY TR EG TH PH HU SK MD BE FR NL DE IT ES PT GH CM CD GN SN "
    "CI DZ TN LY IQ IR BD LK NP ET SO SD KE UG TZ RU BY GE AM AZ KZ UZ KG TJ MN"
).split()
FORMS = ["sexual", "labour", "begging", "organ_removal", "forced_crime"]
SECTORS = ["", "A", "C", "F", "G", "I", "N", "T", "S"]
CHANNELS = ["police", "social_inspection", "hotline_report", "screening", "another_centre", "ngo", "self"]
STATES = [
    "referred",
    "reflection",
    "first_residence",
    "second_residence",
    "permanent",
    "guidance_only",
    "closed",
]


def load_cases(count: int, centres: list[Any], *, seed: int = 7) -> None:
    """Add ``count`` fictitious cases spread over ``centres`` (no identity: encrypted empty texts)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from keten.cases.models import Case
    from keten.encryption import EncryptedTextField

    chooser = random.Random(seed)  # noqa: S311 - fictitious data
    fields = [field for field in Case._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(Case._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    encrypted = {
        field.name: field.get_db_prep_save(getattr(field, "default", ""), connection)
        for field in fields
        if isinstance(field, EncryptedTextField)
    }
    memo: dict[tuple[str, Any], Any] = {}

    def prepared(field: Any, value: Any) -> Any:
        key = (field.name, repr(value))
        if key not in memo:
            memo[key] = field.get_db_prep_save(value, connection)
        return memo[key]

    form_choices = [[form] for form in FORMS] * 6 + [[a, b] for a in FORMS for b in FORMS if a < b] + [[]]
    nationality_choices = [[code] for code in NATIONALITIES] * 3 + [["RO", "MD"], ["BE", "MA"], []]
    has_age = any(field.name == "age_at_start" for field in fields)
    rows: list[tuple[Any, ...]] = []
    with transaction.atomic():
        for _index in range(count):
            year = chooser.randint(2015, 2024)
            created = timezone.make_aware(
                datetime.datetime(year, chooser.randint(1, 12), chooser.randint(1, 28), 12)  # noqa: DTZ001
            )
            values: dict[str, Any] = {
                "centre": chooser.choice(centres).pk,
                "gender": chooser.choice(
                    ["female", "female", "male", "male", "transgender_non_conforming", "unknown"]
                ),
                "nationalities": chooser.choice(nationality_choices),
                "languages": [],
                "forms": chooser.choice(form_choices),
                "sector": chooser.choice(SECTORS),
                "intake_channel": chooser.choice(CHANNELS),
                "state": "open",
                "procedure_state": chooser.choice(STATES),
                "procedure_since": created.date(),
                "created_at": created.replace(hour=12, minute=0, second=0, microsecond=0),
                "demo": False,
            }
            if has_age:
                values["age_at_start"] = chooser.choice([None, *range(5, 66)])
            row = []
            for field in fields:
                if field.name in encrypted:
                    row.append(encrypted[field.name])
                elif field.name in values:
                    row.append(prepared(field, values[field.name]))
                else:
                    row.append(prepared(field, field.get_default()))
            rows.append(tuple(row))
            if len(rows) >= BATCH:
                _write(connection, sql, fields, rows)
                rows = []
        if rows:
            _write(connection, sql, fields, rows)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(Case._meta.db_table)}")


def _write(connection: Any, sql: str, fields: list[Any], rows: list[tuple[Any, ...]]) -> None:
    """One batch: COPY on PostgreSQL (one round trip), executemany elsewhere."""
    if connection.vendor == "postgresql":
        from keten.cases.models import Case

        quote = connection.ops.quote_name
        columns = ", ".join(quote(field.column) for field in fields)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {quote(Case._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def bench_people(centre_slug: str = "bench-stats-centre") -> tuple[Any, Any, list[Any]]:
    from keten.accounts.models import Membership, Organisation, User
    from keten.accounts.roles import OrganisationKind, Role

    centres = [
        Organisation.objects.get_or_create(
            slug=f"{centre_slug}-{index}",
            defaults={"name": f"Bench centre {index}", "kind": OrganisationKind.CENTRE},
        )[0]
        for index in range(3)
    ]
    office = Organisation.objects.get_or_create(
        slug="bench-rapporteur", defaults={"name": "Bench rapporteur", "kind": OrganisationKind.RAPPORTEUR}
    )[0]
    manager, created = User.objects.get_or_create(
        email="bench.manager@keten.invalid", defaults={"full_name": "M"}
    )
    if created:
        Membership.objects.create(user=manager, organisation=centres[0], role=Role.CENTRE_MANAGER)
    rapporteur, created = User.objects.get_or_create(
        email="bench.rapporteur@keten.invalid", defaults={"full_name": "R"}
    )
    if created:
        Membership.objects.create(user=rapporteur, organisation=office, role=Role.RAPPORTEUR)
    return manager, rapporteur, centres


def endpoints(bench: Bench) -> list[Endpoint]:
    from keten.cases.models import Case

    manager, rapporteur, centres = bench_people()
    missing = bench.scale - Case.objects.filter(demo=False).count()
    if missing > 0:
        load_cases(missing, centres)
    manager_cookie = {"Cookie": bench.session_cookie(manager)}
    rapporteur_cookie = {"Cookie": bench.session_cookie(rapporteur)}
    return [
        Endpoint("statistics page (centre manager)", "/en/figures/statistics/", headers=manager_cookie),
        Endpoint(
            "statistics page (rapporteur, national)", "/en/figures/statistics/", headers=rapporteur_cookie
        ),
        Endpoint(
            "statistics page, filtered (rapporteur)",
            "/en/figures/statistics/?year_from=2018&year_to=2022&form=labour",
            headers=rapporteur_cookie,
        ),
        Endpoint(
            "statistics CSV export (rapporteur)",
            "/en/figures/statistics/export.csv",
            headers=rapporteur_cookie,
        ),
        Endpoint("public figures", "/en/figures/"),
    ]
