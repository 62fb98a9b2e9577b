"""The published tables: counts from :mod:`counting`, protected by :mod:`keten.core.disclosure`.

A :class:`StatTable` holds only what may be published: shown numbers, hidden cells (with no value at
all, so no template, export or chart can leak one), labels, the counting note and the method note.

Tables are built in two steps. Each builder (``people_by_year_and_gender`` ...) counts and returns a
:class:`Draft`: its numbers, each named by the people it counts (:func:`people`), and what a reader
knows of them. :func:`publish` protects the drafts of one page, export, PDF or public block
together, as one release, so a number shown by two tables (the total, the people of a year, of a
form ...) is hidden in both or in neither, and no combination of tables gives a hidden number away.
The true counts never leave the drafts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keten.cases.choices import FormOfExploitation, Gender, IntakeChannel, Sector
from keten.core import procedure
from keten.core.ctdc import AGE_BROAD, display_range
from keten.core.disclosure import Key as ReleaseKey
from keten.core.disclosure import (
    ProtectedRelease,
    ProtectedTable,
    PublishedCell,
    Release,
)
from keten.core.i18n import render
from keten.knowledge.names import country_name
from keten.knowledge.reference import CHAIN_PHASES
from keten.statistics import counting
from keten.statistics.conf import min_count, min_interval_width
from keten.statistics.counting import UNKNOWN, Key, Scope

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

#: Categories of gender in the order tables show them ("unknown" is the "not known" column).
GENDERS: tuple[str, ...] = (Gender.FEMALE, Gender.MALE, Gender.TRANSGENDER_NON_CONFORMING)
FORMS: tuple[str, ...] = tuple(FormOfExploitation.values)
CHANNELS: tuple[str, ...] = tuple(IntakeChannel.values)
PROCEDURE_STATES: tuple[str, ...] = tuple(state.value for state in procedure.State)


@dataclass(frozen=True)
class CellView:
    """One published number, or a hidden one (``value`` None, ``note`` the footnote number)."""

    value: int | None
    note: int | None = None
    share: float | None = None

    @property
    def hidden(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        return str(self.value) if self.value is not None else HIDDEN_MARK


#: What a hidden cell shows, everywhere (HTML, CSV, XLSX, PDF, SVG): never a value.
HIDDEN_MARK = "x"


@dataclass(frozen=True)
class RowView:
    label: str
    cells: tuple[CellView, ...]
    total: CellView | None


@dataclass(frozen=True)
class StatTable:
    slug: str
    title: str
    row_header: str
    column_labels: tuple[str, ...]
    rows: tuple[RowView, ...]
    totals: RowView | None
    method: str
    footnotes: tuple[tuple[int, str], ...]
    counting_note: str = ""
    total_label: str = ""
    shares_note: str = ""
    chart: str = "bars"  # "bars": one bar per row; "groups": a group of bars per row
    empty_note: str = ""  # what an empty table says, when it does not count cases
    protected: ProtectedTable | None = field(default=None, repr=False, compare=False)

    @property
    def empty(self) -> bool:
        return not self.rows

    @property
    def empty_text(self) -> str:
        return self.empty_note or _("No cases in this selection.")

    @property
    def has_shares(self) -> bool:
        return any(cell.share is not None for row in self.rows for cell in row.cells)

    @property
    def nothing_published(self) -> bool:
        """True when every number of the table is hidden or zero: nothing worth showing."""
        cells = [cell for row in self.rows for cell in (*row.cells, row.total) if cell is not None]
        return all(cell.hidden or cell.value == 0 for cell in cells)


def _label(choices: Mapping[Any, Any]) -> Callable[[Key], str]:
    def label(key: Key) -> str:
        if key is UNKNOWN:
            return _("Not known")
        return str(choices.get(key, key))

    return label


# --- Quantities: one key per number, whichever table shows it ------------------------------------


def population(scope: Scope, *, yearly: bool = False) -> frozenset[tuple[str, object]]:
    """The conditions a scope puts on the people counted. ``yearly``: the cells name their own
    year, so the scope's year range is not a condition of theirs."""
    conditions: set[tuple[str, object]] = {("demo", scope.demo)}
    if scope.centre_ids is not None:
        ids = tuple(sorted(scope.centre_ids))
        conditions.add(("centre", ids[0]) if len(ids) == 1 else ("centres", ids))
    if scope.form:
        conditions.add(("form", scope.form))  # the same people as the form's row of the form table
    if not yearly and (scope.year_from is not None or scope.year_to is not None):
        if scope.year_from is not None and scope.year_from == scope.year_to:
            conditions.add(("year", scope.year_from))  # the same people as that year's row
        else:
            conditions.add(("years", (scope.year_from, scope.year_to)))
    return frozenset(conditions)


def people(scope: Scope, *conditions: tuple[str, object], yearly: bool = False) -> ReleaseKey:
    """The key of "the people of ``scope`` who meet ``conditions``": equal keys, equal numbers,
    so a number shown by two tables of a release is one quantity, hidden everywhere or nowhere."""
    return ("people", population(scope, yearly=yearly) | frozenset(conditions))


# --- Drafts: a table before protection -----------------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A table of counts, its quantities and what readers know of them, not yet protected.

    ``declare`` adds the table's counts and relations to a release; ``render`` lays the protected
    release out as a :class:`StatTable`. Build drafts, then :func:`publish` them together.
    """

    slug: str
    declare: Callable[[Release], None]
    render: Callable[[ProtectedRelease], StatTable]


def release_of(drafts: Sequence[Draft]) -> Release:
    """The drafts' quantities and relations as one release, with the configured threshold."""
    release = Release(min_count=min_count(), min_interval_width=min_interval_width())
    for draft in drafts:
        draft.declare(release)
    return release


def publish(drafts: Sequence[Draft]) -> list[StatTable]:
    """Protect the drafts as one release (everything published together) and lay them out."""
    protected = release_of(drafts).protect()
    return [draft.render(protected) for draft in drafts]


def _footnotes(protected: ProtectedTable) -> tuple[dict[str, int], tuple[tuple[int, str], ...]]:
    numbers: dict[str, int] = {}
    notes: list[tuple[int, str]] = []
    for key in protected.suppressed:
        cell = protected.cell(key)
        reason = cell.reason if cell else None
        if reason is None or reason in numbers:
            continue
        message = protected.explain(key)
        numbers[reason] = len(numbers) + 1
        notes.append((numbers[reason], render(message, _) if message else ""))
    return numbers, tuple(notes)


def _view(cell: PublishedCell, numbers: dict[str, int], *, share_of: int | None = None) -> CellView:
    if cell.suppressed:
        return CellView(value=None, note=numbers.get(cell.reason or ""))
    share = None
    if share_of:
        share = round(100 * (cell.value or 0) / share_of, 1)
    return CellView(value=cell.value, share=share)


def _view_or_none(cell: PublishedCell | None, numbers: dict[str, int]) -> CellView | None:
    return None if cell is None else _view(cell, numbers)


def _declare_multi(
    release: Release,
    parts: Sequence[ReleaseKey],
    unknown: ReleaseKey | None,
    total: ReleaseKey,
    *,
    others: Sequence[ReleaseKey] = (),
) -> None:
    """What a reader knows when a person may be in several rows: no row of ``parts`` holds more
    than the people with information (the total minus "not known"), and together with ``others``
    (rows that count mentions, not people) the rows hold at least them."""
    known: dict[ReleaseKey, int] = {total: 1}
    if unknown is not None:
        known[unknown] = known.get(unknown, 0) - 1
    for part in parts:
        terms = {key: -value for key, value in known.items()}
        terms[part] = terms.get(part, 0) + 1
        release.relate(terms, "le")
    terms = dict(known)
    for part in [*parts, *others]:
        terms[part] = terms.get(part, 0) - 1
    release.relate(terms, "le")


def one_way(
    *,
    slug: str,
    title: str,
    row_header: str,
    keys: Sequence[Key],
    counts: Counter[Key],
    label: Callable[[Key], str],
    quantity: Callable[[Key], ReleaseKey],
    total: ReleaseKey,
    people: int | None = None,
    counting_note: str = "",
    without_share: frozenset[Key] = frozenset(),
    unbounded: frozenset[Key] = frozenset(),
) -> Draft:
    """A one-way table: one count per category, "not known" last, and the total.

    ``people`` is given for multi-valued categories (forms, nationalities): the total shown is the
    number of people, each counted once, not the sum of the categories. ``quantity`` names the
    number of each category; ``total`` the total. Rows in ``unbounded`` count mentions, not people
    (the grouped rare nationalities), so no relation bounds them by the number of people.
    """
    keys = list(keys)
    if counts.get(UNKNOWN, 0) and UNKNOWN not in keys:
        keys.append(UNKNOWN)
    if not keys:
        return _empty_draft(slug, title, row_header, counting_note)
    values = [counts.get(key, 0) for key in keys]
    names = [quantity(key) for key in keys]

    def declare(release: Release) -> None:
        if people is None:
            release.add_grid([[name] for name in names], [[value] for value in values], column_totals=[total])
            return
        for name, value in zip(names, values, strict=True):
            release.publish(name, value)
        release.publish(total, people)
        unknown = names[keys.index(UNKNOWN)] if UNKNOWN in keys else None
        bounded = [
            name for key, name in zip(keys, names, strict=True) if key is not UNKNOWN and key not in unbounded
        ]
        others = [
            name for key, name in zip(keys, names, strict=True) if key is not UNKNOWN and key in unbounded
        ]
        _declare_multi(release, bounded, unknown, total, others=others)

    def render_table(protected: ProtectedRelease) -> StatTable:
        table = protected.table(
            [[name] for name in names],
            row_labels=[label(key) for key in keys],
            column_labels=[_("People")],
            row_totals=names,
            column_totals=[total],
            total=total,
        )
        numbers, notes = _footnotes(table)
        total_cell = protected.cell(total)
        unknown_cell = table.cells[keys.index(UNKNOWN)][0] if UNKNOWN in keys else PublishedCell.shown(0)
        # Shares over the people with information, only when that denominator is itself published.
        denominator: int | None = None
        if not total_cell.suppressed and not unknown_cell.suppressed:
            denominator = (total_cell.value or 0) - (unknown_cell.value or 0)
        rows = []
        for index, key in enumerate(keys):
            share_of = denominator if key is not UNKNOWN and key not in without_share else None
            rows.append(
                RowView(label(key), (_view(table.cells[index][0], numbers, share_of=share_of),), None)
            )
        shares_note = ""
        if denominator:
            shares_note = _("Shares are of the %(people)s people whose information is known.") % {
                "people": denominator
            }
            if people is not None:
                shares_note += " " + _(
                    "Because a person can be in several rows, the shares can add up to more than 100%."
                )
        return StatTable(
            slug=slug,
            title=title,
            row_header=row_header,
            column_labels=(_("People"),),
            rows=tuple(rows),
            totals=RowView(_("Total of people"), (_view(total_cell, numbers),), None),
            method=render(protected.method, _),
            footnotes=notes,
            counting_note=counting_note,
            shares_note=shares_note,
            chart="bars",
            protected=table,
        )

    return Draft(slug=slug, declare=declare, render=render_table)


def two_way(
    *,
    slug: str,
    title: str,
    row_header: str,
    row_keys: Sequence[object],
    row_label: Callable[[object], str],
    column_keys: Sequence[Key],
    column_label: Callable[[Key], str],
    counts: Mapping[tuple[Any, Key], int],
    cell: Callable[[object, Key], ReleaseKey],
    row_total: Callable[[object], ReleaseKey],
    column_total: Callable[[Key], ReleaseKey],
    total: ReleaseKey,
    multi: bool = False,
    row_people: Mapping[Any, int] | None = None,
    counting_note: str = "",
    totals_label: str = "",
) -> Draft:
    """A two-way table with its totals. For multi-valued columns (``multi``) the row totals and the
    grand total would count mentions, not people, so they are not published; ``row_people`` then
    gives the people of each row (each at most once in a column, and in at least one column), which
    a reader may know from another table."""
    column_keys = list(column_keys)
    if any(key[1] is UNKNOWN and value for key, value in counts.items()) and UNKNOWN not in column_keys:
        column_keys.append(UNKNOWN)
    if not row_keys or not column_keys:
        return _empty_draft(slug, title, row_header, counting_note)
    matrix = [[counts.get((row, column), 0) for column in column_keys] for row in row_keys]
    cells = [[cell(row, column) for column in column_keys] for row in row_keys]
    row_totals = [row_total(row) for row in row_keys]
    column_totals = [column_total(column) for column in column_keys]

    def declare(release: Release) -> None:
        if not multi:
            release.add_grid(cells, matrix, row_totals=row_totals, column_totals=column_totals, total=total)
            return
        release.add_grid(cells, matrix, column_totals=column_totals)
        unknown_column = column_keys.index(UNKNOWN) if UNKNOWN in column_keys else None
        for row, line, key in zip(row_keys, cells, row_totals, strict=True):
            release.count(key, (row_people or {}).get(row, 0))
            unknown = line[unknown_column] if unknown_column is not None else None
            parts = [name for index, name in enumerate(line) if index != unknown_column]
            _declare_multi(release, parts, unknown, key)

    def render_table(protected: ProtectedRelease) -> StatTable:
        table = protected.table(
            cells,
            row_labels=[row_label(row) for row in row_keys],
            column_labels=[column_label(column) for column in column_keys],
            row_totals=None if multi else row_totals,
            column_totals=column_totals,
            total=None if multi else total,
        )
        numbers, notes = _footnotes(table)
        rows = tuple(
            RowView(
                row_label(row),
                tuple(_view(item, numbers) for item in table.cells[index]),
                _view_or_none(table.row_totals[index], numbers),
            )
            for index, row in enumerate(row_keys)
        )
        totals = RowView(
            totals_label or _("Total of people"),
            tuple(_view(item, numbers) for item in table.column_totals if item is not None),
            _view_or_none(table.total, numbers),
        )
        return StatTable(
            slug=slug,
            title=title,
            row_header=row_header,
            column_labels=tuple(column_label(column) for column in column_keys),
            rows=rows,
            totals=totals,
            method=render(protected.method, _),
            footnotes=notes,
            counting_note=counting_note,
            total_label="" if multi else _("Total"),
            chart="groups",
            protected=table,
        )

    return Draft(slug=slug, declare=declare, render=render_table)


def _empty(slug: str, title: str, row_header: str, counting_note: str) -> StatTable:
    return StatTable(
        slug=slug,
        title=title,
        row_header=row_header,
        column_labels=(),
        rows=(),
        totals=None,
        method="",
        footnotes=(),
        counting_note=counting_note,
    )


def _empty_draft(slug: str, title: str, row_header: str, counting_note: str) -> Draft:
    table = _empty(slug, title, row_header, counting_note)
    return Draft(slug=slug, declare=lambda release: None, render=lambda protected: table)


# --- The tables Keten publishes ------------------------------------------------------------------

MULTI_FORM_NOTE = gettext_lazy(
    "A person counts once in each of their forms of exploitation and once in the total, so the forms "
    "can add up to more than the total."
)
MULTI_NATIONALITY_NOTE = gettext_lazy(
    "A person counts once in each of their nationalities and once in the total, so the rows can add up "
    "to more than the total. Nationalities with fewer people than the threshold are grouped as "
    "“other nationalities”."
)
OTHER_NATIONALITIES = "__other__"
MULTI_PHASE_NOTE = gettext_lazy(
    "A person counts once in each chain phase recorded on their case and once in the total, so the "
    "phases can add up to more than the total. A phase counts as reached once a partner has recorded "
    "it, whatever its outcome."
)
#: Short names of the chain phases for table rows and chart bars (the labels of
#: keten.knowledge.reference.CHAIN_PHASES are whole sentences), in the order of the chain.
CHAIN_PHASE_LABELS: dict[str, StrOrPromise] = {
    "detection": gettext_lazy("Detection"),
    "identification": gettext_lazy("Identification"),
    "protection": gettext_lazy("Protection"),
    "guidance": gettext_lazy("Guidance by a centre"),
    "investigation": gettext_lazy("Investigation"),
    "arrest": gettext_lazy("Arrest of suspects"),
    "prosecution": gettext_lazy("Prosecution"),
    "conviction": gettext_lazy("Conviction"),
    "compensation": gettext_lazy("Compensation"),
}


def years_between(scope: Scope, counts: Mapping[tuple[Any, Any], int]) -> list[int]:
    """Every year from the first to the last one counted (zero years included), within the scope."""
    years = sorted(year for (year, _value), people in counts.items() if people and year is not None)
    if not years:
        return []
    low = max(years[0], scope.year_from) if scope.year_from else years[0]
    high = min(years[-1], scope.year_to) if scope.year_to else years[-1]
    return list(range(low, high + 1))


_counted: ContextVar[dict[Any, Any] | None] = ContextVar("statistics_counted", default=None)


@contextmanager
def counted_once() -> Iterator[None]:
    """Within this block, a count two tables need is asked of the database once, and every count
    reads one snapshot of the database: a case registered meanwhile must not make two tables of one
    release disagree about one number (the release refuses that, and nothing would be published)."""
    token = _counted.set({})
    try:
        with _one_snapshot():
            yield
    finally:
        _counted.reset(token)


@contextmanager
def _one_snapshot() -> Iterator[None]:
    if connection.in_atomic_block:  # already in a transaction (a test, a command): keep it
        yield
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # READ COMMITTED takes a new snapshot per query; REPEATABLE READ keeps the first one.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield  # SQLite: one read transaction already sees one snapshot


def _once(name: str, scope: Scope, compute: Callable[[], Any]) -> Any:
    memo = _counted.get()
    if memo is None:
        return compute()
    if (name, scope) not in memo:
        memo[(name, scope)] = compute()
    return memo[(name, scope)]


def _by_year_and_gender(scope: Scope) -> Counter[tuple[int, Key]]:
    result: Counter[tuple[int, Key]] = _once(
        "year-gender", scope, lambda: counting.count_by_year(scope, "gender")
    )
    return result


def _people_count(scope: Scope) -> int:
    # Each person of the scope is in exactly one cell of the year and gender count.
    result: int = _once("people", scope, lambda: sum(_by_year_and_gender(scope).values()))
    return result


def first_year_of(scope: Scope) -> int | None:
    """The first year of registration of ``scope`` (from the year and gender count, so no query
    of its own within a :func:`counted_once` block)."""
    years = [year for (year, _gender), people in _by_year_and_gender(scope).items() if people]
    return min(years) if years else None


def nationality_counts(scope: Scope) -> Counter[Key]:
    """People per nationality (counted once per :func:`counted_once` block)."""
    result: Counter[Key] = _once("nationalities", scope, lambda: counting.count_list(scope, "nationalities"))
    return result


def people_by_year_and_gender(scope: Scope) -> Draft:
    counts = _by_year_and_gender(scope)
    return two_way(
        slug="people-by-year-and-gender",
        title=_("People by year of registration and gender"),
        row_header=_("Year"),
        row_keys=years_between(scope, counts),
        row_label=str,
        column_keys=list(GENDERS),
        column_label=_label(dict(Gender.choices)),
        counts=counts,
        cell=lambda year, gender: people(scope, ("year", year), ("gender", gender), yearly=True),
        row_total=lambda year: people(scope, ("year", year), yearly=True),
        column_total=lambda gender: people(scope, ("gender", gender)),
        total=people(scope),
    )


def people_by_age(scope: Scope) -> Draft:
    ages = counting.count_ages(scope)
    counts: Counter[tuple[object, Key]] = Counter()
    for age, number in ages.items():
        counts[(counting.age_group(age), counting.adult_or_minor(age))] += number
    row_keys: list[object] = list(AGE_BROAD)
    if counts.get((None, None)):
        row_keys.append(None)
    split = {counting.MINOR: _("Minor"), counting.ADULT: _("Adult")}
    return two_way(
        slug="people-by-age",
        title=_("Age at the start of exploitation"),
        row_header=_("Age group (years)"),
        row_keys=row_keys,
        row_label=lambda key: _("Not known") if key is None else display_range(str(key)),
        column_keys=[counting.MINOR, counting.ADULT],
        column_label=_label(split),
        counts=counts,
        cell=lambda group, adult: people(scope, ("age_group", group), ("adult", adult)),
        row_total=lambda group: people(scope, ("age_group", group)),
        column_total=lambda adult: people(scope, ("adult", adult)),
        total=people(scope),
    )


def _form_key(scope: Scope) -> Callable[[Key], ReleaseKey]:
    return lambda form: people(scope, ("form", form))


def people_by_form(scope: Scope) -> Draft:
    return one_way(
        slug="people-by-form",
        title=_("People by form of exploitation"),
        row_header=_("Form of exploitation"),
        keys=list(FORMS),
        counts=counting.count_list(scope, "forms"),
        label=_label(dict(FormOfExploitation.choices)),
        quantity=_form_key(scope),
        total=people(scope),
        people=_people_count(scope),
        counting_note=str(MULTI_FORM_NOTE),
    )


def forms_by_year(scope: Scope) -> Draft:
    counts = counting.count_list_by_year(scope, "forms")
    per_year: Counter[int] = Counter()
    for (year, _gender), number in _by_year_and_gender(scope).items():
        per_year[year] += number
    return two_way(
        slug="forms-by-year",
        title=_("Forms of exploitation by year of registration"),
        row_header=_("Year"),
        row_keys=years_between(scope, counts),
        row_label=str,
        column_keys=list(FORMS),
        column_label=_label(dict(FormOfExploitation.choices)),
        counts=counts,
        cell=lambda year, form: people(scope, ("year", year), ("form", form), yearly=True),
        row_total=lambda year: people(scope, ("year", year), yearly=True),
        column_total=_form_key(scope),
        total=people(scope),
        multi=True,
        row_people=per_year,
        counting_note=str(MULTI_FORM_NOTE),
    )


def people_by_nationality(scope: Scope) -> Draft:
    raw = nationality_counts(scope)
    threshold = min_count()
    counts: Counter[Key] = Counter()
    for key, number in raw.items():
        if key is UNKNOWN or number >= threshold:
            counts[key] += number
        else:
            counts[OTHER_NATIONALITIES] += number
    keys: list[Key] = sorted(
        (key for key in counts if key not in (UNKNOWN, OTHER_NATIONALITIES)),
        key=lambda key: country_name(str(key)),
    )
    if counts.get(OTHER_NATIONALITIES):
        keys.append(OTHER_NATIONALITIES)
    labels = {OTHER_NATIONALITIES: _("Other nationalities")}
    labels.update(
        {key: country_name(key) for key in keys if isinstance(key, str) and key != OTHER_NATIONALITIES}
    )
    return one_way(
        slug="people-by-nationality",
        title=_("People by nationality"),
        row_header=_("Nationality"),
        keys=keys,
        counts=counts,
        label=_label(labels),
        quantity=lambda key: people(scope, ("nationality", key)),
        total=people(scope),
        people=_people_count(scope),
        counting_note=str(MULTI_NATIONALITY_NOTE),
        # A person with two rare nationalities is in this row twice: a share would mislead.
        without_share=frozenset({OTHER_NATIONALITIES}),
        unbounded=frozenset({OTHER_NATIONALITIES}),
    )


def people_by_chain_phase(scope: Scope) -> Draft:
    counts = counting.count_chain_phases(scope)
    names = {phase.id: CHAIN_PHASE_LABELS.get(phase.id, phase.label) for phase in CHAIN_PHASES}

    def label(key: Key) -> str:
        return _("No phase recorded") if key is UNKNOWN else str(names.get(key, key))

    return one_way(
        slug="people-by-chain-phase",
        title=_("Chain phases reached"),
        row_header=_("Phase of the chain"),
        keys=[phase.id for phase in CHAIN_PHASES],
        counts=counts,
        label=label,
        quantity=lambda key: people(scope, ("phase", key)),
        total=people(scope),
        people=_people_count(scope),
        counting_note=str(MULTI_PHASE_NOTE),
    )


def _present(counts: Counter[Key], order: Sequence[str]) -> list[Key]:
    return [key for key in order if counts.get(key)]


def people_by_sector(scope: Scope) -> Draft:
    counts = counting.count_by(scope, "sector")
    return one_way(
        slug="people-by-sector",
        title=_("People by sector of exploitation"),
        row_header=_("Sector (ISIC section)"),
        keys=_present(counts, Sector.values),
        counts=counts,
        label=_label(dict(Sector.choices)),
        quantity=lambda key: people(scope, ("sector", key)),
        total=people(scope),
    )


def people_by_channel(scope: Scope) -> Draft:
    return one_way(
        slug="people-by-channel",
        title=_("How people came to the centre"),
        row_header=_("Came in through"),
        keys=list(CHANNELS),
        counts=counting.count_by(scope, "intake_channel"),
        label=_label(dict(IntakeChannel.choices)),
        quantity=lambda key: people(scope, ("channel", key)),
        total=people(scope),
    )


def people_by_procedure(scope: Scope) -> Draft:
    from keten.cases.models import PROCEDURE_STATES as STATE_CHOICES

    return one_way(
        slug="people-by-procedure",
        title=_("Where the protection procedure stands"),
        row_header=_("Stage or outcome"),
        keys=list(PROCEDURE_STATES),
        counts=counting.count_by(scope, "procedure_state"),
        label=_label({value: _(str(text)) for value, text in STATE_CHOICES}),
        quantity=lambda key: people(scope, ("procedure", key)),
        total=people(scope),
    )


def people_by_centre(scope: Scope, names: dict[int, str]) -> Draft:
    raw = counting.count_by(scope, "centre_id")
    keys = [str(pk) for pk in sorted(names, key=lambda pk: names[pk])]
    listed = sum(raw.get(key, 0) for key in keys) + raw.get(UNKNOWN, 0)
    everyone = listed == sum(raw.values())
    return one_way(
        slug="people-by-centre",
        title=_("People by centre"),
        row_header=_("Centre"),
        keys=keys,
        counts=raw,
        label=_label({str(pk): name for pk, name in names.items()}),
        # A centre's row is the same number as the total of that centre's own page.
        quantity=lambda key: (
            people(replace(scope, centre_ids=(int(str(key)),)))
            if key is not UNKNOWN
            else people(scope, ("centre", None))
        ),
        total=people(scope) if everyone else ("centres listed", population(scope)),
    )


def reports_by_year(scope: Scope) -> Draft:
    from keten.intake.models import Channel

    counts = counting.count_reports_by_year(scope.year_from, scope.year_to)
    years = sorted({year for year, _channel in counts})
    reports = population(Scope(year_from=scope.year_from, year_to=scope.year_to))

    def key(*conditions: tuple[str, object], yearly: bool = False) -> ReleaseKey:
        base = population(Scope()) if yearly else reports
        return ("reports", base | frozenset(conditions))

    draft = two_way(
        slug="reports-by-year",
        title=_("Reports received by year and channel"),
        row_header=_("Year"),
        row_keys=list(range(years[0], years[-1] + 1)) if years else [],
        row_label=str,
        column_keys=list(Channel.values),
        column_label=_label(dict(Channel.choices)),
        counts=Counter({(year, channel): value for (year, channel), value in counts.items()}),
        cell=lambda year, channel: key(("year", year), ("channel", channel), yearly=True),
        row_total=lambda year: key(("year", year), yearly=True),
        column_total=lambda channel: key(("channel", channel)),
        total=key(),
        totals_label=_("Total of reports"),
    )
    empty_note = _("No reports in this selection.")
    return replace(draft, render=lambda protected: replace(draft.render(protected), empty_note=empty_note))
