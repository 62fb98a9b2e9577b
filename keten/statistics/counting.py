"""How Keten counts people: every rule behind every published figure, in one place.

The rules (docs/statistics.md says the same in words for readers):

1. **One case, one person.** A case file is one person guided by one centre. Cases marked as demo
   data are never counted, except on a page explicitly shown in demo mode.
2. **Year** is the year of registration: the calendar year (Belgian time) in which the case file
   was created, as the CTDC's ``yearOfRegistration``.
3. **Several forms, several nationalities.** A person counts once in each of their forms of
   exploitation (and once in each of their nationalities) and once in the total of people, so the
   categories can add up to more than the total. Every such table says so.
4. **Missing is not zero** (CTDC codebook, version 2). A person without the information (gender
   "unknown", no age at the start of exploitation, no form, no nationality, no sector) is counted in
   a separate "not known" row, and shares are computed over the people *with* information only.
5. **Adult or minor** is the age in whole years at the start of exploitation (``Case.age_at_start``,
   derived by the case services from the date of birth, which is never decrypted here): under 18 is
   a minor.
6. **Chain phases reached** are the phases partners recorded on the case (``referrals.ChainPhase``),
   whatever their outcome: a person counts once in each phase recorded on their case (however often
   it was recorded) and once in the total; people with no phase recorded are counted apart.

Every function here aggregates in the database (``GROUP BY``); lists stored as JSON (forms,
nationalities) are unnested by the database too (``json_each`` on SQLite,
``jsonb_array_elements_text`` on PostgreSQL), so the cost does not grow with Python loops over cases.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import BooleanField, Count, IntegerField, Max, Min, QuerySet, Value, When
from django.db.models import Case as Case_
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractYear
from django.utils import timezone

from keten.cases.models import Case
from keten.core.ctdc import AGE_GROUPS
from keten.knowledge.reference import CHAIN_PHASE_BITS

#: The key of the "not known" category in every count.
UNKNOWN: None = None
#: Below this age (in whole years, at the start of exploitation) a person is a minor.
ADULT_AGE = 18
MINOR = "minor"
ADULT = "adult"
#: Gender values that mean "not known" (HTCDS NonSpecifiedUnknown, or nothing recorded).
UNKNOWN_GENDERS = frozenset({"unknown", ""})
#: The single-valued fields that may be counted by :func:`count_by`.
SIMPLE_FIELDS = frozenset({"gender", "sector", "intake_channel", "procedure_state", "state", "centre_id"})
#: The fields holding a JSON list of codes.
LIST_FIELDS = frozenset({"forms", "nationalities"})
#: The field holding the age at the start of exploitation (added to ``Case`` by the case services).
AGE_FIELD = "age_at_start"

Key = str | None


F = TypeVar("F", bound=Callable[..., Any])


def _without_jit(function: F) -> F:
    """Run a count with PostgreSQL's JIT compiler off: on these short aggregations over many rows
    it spends about a second compiling to save a few milliseconds (measured over a million cases)."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if connection.vendor != "postgresql":
            return function(*args, **kwargs)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True)
class Scope:
    """Which cases a figure covers. ``centre_ids`` None means every centre."""

    year_from: int | None = None
    year_to: int | None = None
    centre_ids: tuple[int, ...] | None = None
    form: str | None = None
    demo: bool = False


def has_age_field() -> bool:
    return any(field.name == AGE_FIELD for field in Case._meta.get_fields())


def cases_in(scope: Scope) -> QuerySet[Case]:
    """The cases a scope covers, with only the columns statistics use (nothing is decrypted)."""
    queryset = Case.objects.filter(demo=scope.demo).order_by()
    if scope.centre_ids is not None:
        queryset = queryset.filter(centre_id__in=scope.centre_ids)
    if scope.year_from is not None:
        queryset = queryset.filter(created_at__year__gte=scope.year_from)
    if scope.year_to is not None:
        queryset = queryset.filter(created_at__year__lte=scope.year_to)
    if scope.form:
        queryset = queryset.alias(has_form=_list_contains("forms", scope.form)).filter(has_form=True)
    return queryset


@_without_jit
def count_people(scope: Scope) -> int:
    return cases_in(scope).count()


@_without_jit
def registration_years(scope: Scope) -> list[int]:
    """Every year from the first to the last registration of the scope's centres, oldest first."""
    bounds = cases_in(Scope(centre_ids=scope.centre_ids, demo=scope.demo)).aggregate(
        first=Min("created_at"), last=Max("created_at")
    )
    if bounds["first"] is None or bounds["last"] is None:
        return []
    first, last = timezone.localtime(bounds["first"]).year, timezone.localtime(bounds["last"]).year
    return list(range(first, last + 1))


#: The oldest year the year expression names directly; older registrations fall back to ExtractYear.
OLDEST_YEAR = 1990


def registration_year(scope: Scope | None = None) -> Any:
    """The year of registration (Belgian time) as a database expression.

    A ``CASE`` over the first instant of each year in local time, newest first (most cases are
    recent, so few comparisons per row): plain comparisons that both databases do natively, where
    ``ExtractYear`` on SQLite converts the time zone of every row in Python.
    """
    newest = timezone.localdate().year + 1
    whens = [
        When(
            created_at__gte=timezone.make_aware(datetime.datetime(year, 1, 1)),  # noqa: DTZ001 - made aware
            then=Value(year),
        )
        for year in range(newest, OLDEST_YEAR - 1, -1)
    ]
    return Case_(*whens, default=ExtractYear("created_at"), output_field=IntegerField())


@_without_jit
def count_by(scope: Scope, field: str) -> Counter[Key]:
    """People per value of a single-valued field; missing values under :data:`UNKNOWN`."""
    if field not in SIMPLE_FIELDS:
        raise ValueError(f"Not a field statistics count: {field!r}.")
    counts: Counter[Key] = Counter()
    for row in cases_in(scope).values(field).annotate(people=Count("id")):
        counts[_known(field, row[field])] += row["people"]
    return counts


@_without_jit
def count_by_year(scope: Scope, field: str) -> Counter[tuple[int, Key]]:
    """People per registration year and value of a single-valued field."""
    if field not in SIMPLE_FIELDS:
        raise ValueError(f"Not a field statistics count: {field!r}.")
    counts: Counter[tuple[int, Key]] = Counter()
    rows = (
        cases_in(scope).annotate(year=registration_year()).values("year", field).annotate(people=Count("id"))
    )
    for row in rows:
        counts[(row["year"], _known(field, row[field]))] += row["people"]
    return counts


@_without_jit
def count_ages(scope: Scope) -> Counter[int | None]:
    """People per age in whole years at the start of exploitation (None: not known)."""
    counts: Counter[int | None] = Counter()
    if not has_age_field():
        counts[None] = count_people(scope)
        return counts
    for row in cases_in(scope).values(AGE_FIELD).annotate(people=Count("id")):
        counts[row[AGE_FIELD]] += row["people"]
    return counts


def age_group(age: int | None) -> str | None:
    """The CTDC age group of an age, or None when not known."""
    if age is None:
        return None
    for low, high, label in AGE_GROUPS:
        if low <= age and (high is None or age <= high):
            return label
    return None  # pragma: no cover - the groups cover every age from 0


def adult_or_minor(age: int | None) -> str | None:
    if age is None:
        return None
    return MINOR if age < ADULT_AGE else ADULT


@_without_jit
def count_list(scope: Scope, field: str) -> Counter[Key]:
    """People per element of a JSON list (each person once per element); people with an empty list
    under :data:`UNKNOWN`."""
    counts: Counter[Key] = Counter()
    for _year, value, people in _unnest(scope, field, by_year=False):
        counts[value] += people
    return counts


@_without_jit
def count_list_by_year(scope: Scope, field: str) -> Counter[tuple[int, Key]]:
    """As :func:`count_list`, per registration year."""
    counts: Counter[tuple[int, Key]] = Counter()
    for year, value, people in _unnest(scope, field, by_year=True):
        counts[(year, value)] += people
    return counts


@_without_jit
def count_chain_phases(scope: Scope) -> Counter[Key]:
    """People per chain phase recorded on their case (``referrals.ChainPhase``), whatever its
    outcome: each person once per phase however often it was recorded; the people with no phase
    recorded under :data:`UNKNOWN`.

    One scan of the cases of the scope (:func:`cases_in`, so the same filters as every other
    count), grouped by the bit per phase that recording a phase sets on the case
    (``Case.phases_reached``): at most one row per combination of phases (512 for nine phases,
    whatever the number of cases), each person then counted once in every phase of its row.
    Joining the phases instead took 2.5 s over a million cases on PostgreSQL.
    """
    counts: Counter[Key] = Counter()
    for row in cases_in(scope).values("phases_reached").annotate(people=Count("id")):
        reached, people = row["phases_reached"] or 0, row["people"]
        if not reached:
            counts[UNKNOWN] += people
            continue
        for phase, bit in CHAIN_PHASE_BITS.items():
            if reached & bit:
                counts[phase] += people
    return +counts


@_without_jit
def count_reports_by_year(year_from: int | None, year_to: int | None) -> Counter[tuple[int, str]]:
    """Reports received per year and channel (hotline, web form, professionals)."""
    from keten.intake.models import Report

    queryset = Report.objects.order_by().annotate(year=ExtractYear("received_on"))
    if year_from is not None:
        queryset = queryset.filter(year__gte=year_from)
    if year_to is not None:
        queryset = queryset.filter(year__lte=year_to)
    counts: Counter[tuple[int, str]] = Counter()
    for row in queryset.values("year", "channel").annotate(reports=Count("id")):
        counts[(row["year"], row["channel"])] += row["reports"]
    return counts


def first_year(scope: Scope) -> int | None:
    years = registration_years(scope)
    return years[0] if years else None


# --- Internals -----------------------------------------------------------------------------------


def _known(field: str, value: object) -> Key:
    if value is None or value == "":
        return UNKNOWN
    if field == "gender" and value in UNKNOWN_GENDERS:
        return UNKNOWN
    return str(value)


def _list_contains(field: str, value: str) -> RawSQL:
    """A boolean expression: the JSON list in ``field`` holds ``value`` (portable)."""
    if field not in LIST_FIELDS:
        raise ValueError(f"Not a list field: {field!r}.")
    table = connection.ops.quote_name(Case._meta.db_table)
    column = connection.ops.quote_name(field)
    if connection.vendor == "postgresql":
        # Names come from the model, never from a request; the value is always a parameter.
        return RawSQL(  # noqa: S611
            f"{table}.{column} @> jsonb_build_array(%s::text)", (value,), output_field=BooleanField()
        )
    return RawSQL(  # noqa: S611
        f"EXISTS (SELECT 1 FROM json_each({table}.{column}) WHERE json_each.value = %s)",  # noqa: S608
        (value,),
        output_field=BooleanField(),
    )


def _subquery(scope: Scope, field: str, *, by_year: bool) -> tuple[str, tuple[Any, ...]]:
    if field not in LIST_FIELDS:
        raise ValueError(f"Not a list field: {field!r}.")
    queryset: Any = cases_in(scope)
    if by_year:
        queryset = queryset.annotate(year_of_case=registration_year()).values("id", field, "year_of_case")
    else:
        queryset = queryset.values("id", field)
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _unnest(scope: Scope, field: str, *, by_year: bool) -> list[tuple[int, str | None, int]]:
    """(year or 0, element, people) rows in one scan; element None counts the people whose list is
    empty. The lists hold each code once (the case forms remove repeats), so ``COUNT(*)`` counts
    each person once per element."""
    sql, params = _subquery(scope, field, by_year=by_year)
    column = connection.ops.quote_name(field)
    year = 'cases."year_of_case"' if by_year else "0"
    if connection.vendor == "postgresql":
        query = (
            f"SELECT {year}, element, COUNT(*) FROM ({sql}) AS cases "  # noqa: S608
            f"LEFT JOIN LATERAL jsonb_array_elements_text("
            f"CASE WHEN jsonb_typeof(cases.{column}) = 'array' THEN cases.{column} ELSE '[]'::jsonb END"
            f") AS element ON TRUE GROUP BY 1, 2"
        )
    else:
        query = (
            f"SELECT {year}, element.value, COUNT(*) FROM ({sql}) AS cases "  # noqa: S608
            f"LEFT JOIN json_each(CASE WHEN json_type(cases.{column}) = 'array' THEN cases.{column} "
            f"ELSE '[]' END) AS element GROUP BY 1, 2"
        )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    return [(int(row[0]), None if row[1] in (None, "") else str(row[1]), int(row[2])) for row in rows]


def with_information(counts: Counter[Key], total: int) -> int:
    """The denominator of shares: the people with information (CTDC codebook)."""
    return total - counts.get(UNKNOWN, 0)


__all__ = [
    "ADULT",
    "MINOR",
    "UNKNOWN",
    "Scope",
    "adult_or_minor",
    "age_group",
    "cases_in",
    "count_ages",
    "count_by",
    "count_by_year",
    "count_chain_phases",
    "count_list",
    "count_list_by_year",
    "count_people",
    "count_reports_by_year",
    "first_year",
    "registration_years",
    "with_information",
]
