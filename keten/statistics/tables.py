"""The published tables: counts from :mod:`counting`, protected by :mod:`keten.core.disclosure`.

A :class:`StatTable` holds only what may be published: shown numbers, hidden cells (with no value at
all, so no template, export or chart can leak one), labels, the counting note and the method note.
The true counts never leave :func:`build_*`.

Tables on one page are kept apart so that no cell of one is a total of another: gender appears only
as the columns of "people by year and gender" (whose row totals are the people per year), age only
in "age at the start of exploitation" (age groups by minor/adult, so the adult/minor split is its
column totals), forms only in their two tables, and so on. The one number they all share, the total
of people, is hidden everywhere when it is small.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from keten.cases.choices import FormOfExploitation, Gender, IntakeChannel, Sector
from keten.core import procedure
from keten.core.ctdc import AGE_BROAD, display_range
from keten.core.disclosure import ProtectedTable, PublishedCell, protect_column, protect_table
from keten.core.i18n import render
from keten.knowledge.names import country_name
from keten.knowledge.reference import CHAIN_PHASES
from keten.statistics import counting
from keten.statistics.conf import min_count
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


def _footnotes(protected: ProtectedTable) -> tuple[dict[str, int], tuple[tuple[int, str], ...]]:
    numbers: dict[str, int] = {}
    notes: list[tuple[int, str]] = []
    for key in protected.suppressed:
        reason = protected.cell(key).reason
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


def one_way(
    *,
    slug: str,
    title: str,
    row_header: str,
    keys: Sequence[Key],
    counts: Counter[Key],
    label: Callable[[Key], str],
    people: int | None = None,
    counting_note: str = "",
    without_share: frozenset[Key] = frozenset(),
) -> StatTable:
    """A one-way table: one count per category, "not known" last, and the total.

    ``people`` is given for multi-valued categories (forms, nationalities): the total shown is the
    number of people, each counted once, not the sum of the categories.
    """
    threshold = min_count()
    keys = list(keys)
    if counts.get(UNKNOWN, 0) and UNKNOWN not in keys:
        keys.append(UNKNOWN)
    if not keys:
        return _empty(slug, title, row_header, counting_note)
    values = [counts.get(key, 0) for key in keys]
    protected = protect_column(
        values, labels=[label(key) for key in keys], column_label=_("People"), min_count=threshold
    )
    numbers, notes = _footnotes(protected)
    if people is None:
        total_cell = protected.total
    else:
        # The number of people is published on its own; small, it is hidden like any count.
        total_cell = (
            PublishedCell.hidden("primary") if 0 < people < threshold else PublishedCell.shown(people)
        )
        if total_cell.suppressed and "primary" not in numbers:
            numbers["primary"] = len(numbers) + 1
            notes = (*notes, (numbers["primary"], _primary_note(threshold)))
    # Shares over the people with information, only when that denominator is itself published.
    unknown_index = keys.index(UNKNOWN) if UNKNOWN in keys else None
    unknown_cell = protected.cells[unknown_index][0] if unknown_index is not None else PublishedCell.shown(0)
    if people is not None and unknown_index is not None and not unknown_cell.suppressed:
        # In a table where a person can be in several rows, no row can be larger than the number
        # of people with information (total minus "not known"). Were that number small and
        # published, it would bound every hidden row, so the "not known" row is hidden too.
        known = people - counts.get(UNKNOWN, 0)
        if 0 < known < threshold:
            unknown_cell = PublishedCell.hidden("secondary")
            cells = list(protected.cells)
            cells[unknown_index] = (unknown_cell,)
            row_totals = list(protected.row_totals)
            row_totals[unknown_index] = unknown_cell
            protected = replace(protected, cells=tuple(cells), row_totals=tuple(row_totals))
            if "secondary" not in numbers:
                numbers["secondary"] = len(numbers) + 1
                notes = (
                    *notes,
                    (numbers["secondary"], str(SECONDARY_NOTE)),
                )
    denominator: int | None = None
    if not total_cell.suppressed and not unknown_cell.suppressed:
        denominator = (total_cell.value or 0) - (unknown_cell.value or 0)
    rows = []
    for index, key in enumerate(keys):
        share_of = denominator if key is not UNKNOWN and key not in without_share else None
        cell = unknown_cell if index == unknown_index else protected.cells[index][0]
        rows.append(RowView(label(key), (_view(cell, numbers, share_of=share_of),), None))
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
        protected=protected,
    )


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
    multi: bool = False,
    counting_note: str = "",
    totals_label: str = "",
) -> StatTable:
    """A two-way table with its totals. For multi-valued columns (``multi``) the row totals and the
    grand total would count mentions, not people, so they are left out (publishing less is safe)."""
    threshold = min_count()
    column_keys = list(column_keys)
    if any(key[1] is UNKNOWN and value for key, value in counts.items()) and UNKNOWN not in column_keys:
        column_keys.append(UNKNOWN)
    if not row_keys or not column_keys:
        return _empty(slug, title, row_header, counting_note)
    matrix = [[counts.get((row, column), 0) for column in column_keys] for row in row_keys]
    protected = protect_table(
        matrix,
        row_labels=[row_label(row) for row in row_keys],
        column_labels=[column_label(column) for column in column_keys],
        min_count=threshold,
    )
    numbers, notes = _footnotes(protected)
    rows = tuple(
        RowView(
            row_label(row),
            tuple(_view(cell, numbers) for cell in protected.cells[index]),
            None if multi else _view(protected.row_totals[index], numbers),
        )
        for index, row in enumerate(row_keys)
    )
    totals = RowView(
        totals_label or _("Total of people"),
        tuple(_view(cell, numbers) for cell in protected.column_totals),
        None if multi else _view(protected.total, numbers),
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
        protected=protected,
    )


SECONDARY_NOTE = gettext_lazy(
    "Hidden so that the small numbers hidden nearby cannot be worked out from the totals."
)


def _primary_note(threshold: int) -> str:
    return _("Hidden: fewer than %(threshold)s people, who could be recognised.") % {"threshold": threshold}


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


def people_by_year_and_gender(scope: Scope) -> StatTable:
    counts = counting.count_by_year(scope, "gender")
    return two_way(
        slug="people-by-year-and-gender",
        title=_("People by year of registration and gender"),
        row_header=_("Year"),
        row_keys=years_between(scope, counts),
        row_label=str,
        column_keys=list(GENDERS),
        column_label=_label(dict(Gender.choices)),
        counts=counts,
    )


def people_by_age(scope: Scope) -> StatTable:
    ages = counting.count_ages(scope)
    counts: Counter[tuple[object, Key]] = Counter()
    for age, people in ages.items():
        counts[(counting.age_group(age), counting.adult_or_minor(age))] += people
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
    )


def people_by_form(scope: Scope) -> StatTable:
    return one_way(
        slug="people-by-form",
        title=_("People by form of exploitation"),
        row_header=_("Form of exploitation"),
        keys=list(FORMS),
        counts=counting.count_list(scope, "forms"),
        label=_label(dict(FormOfExploitation.choices)),
        people=counting.count_people(scope),
        counting_note=str(MULTI_FORM_NOTE),
    )


def forms_by_year(scope: Scope) -> StatTable:
    counts = counting.count_list_by_year(scope, "forms")
    return two_way(
        slug="forms-by-year",
        title=_("Forms of exploitation by year of registration"),
        row_header=_("Year"),
        row_keys=years_between(scope, counts),
        row_label=str,
        column_keys=list(FORMS),
        column_label=_label(dict(FormOfExploitation.choices)),
        counts=counts,
        multi=True,
        counting_note=str(MULTI_FORM_NOTE),
    )


def people_by_nationality(scope: Scope) -> StatTable:
    raw = counting.count_list(scope, "nationalities")
    threshold = min_count()
    counts: Counter[Key] = Counter()
    for key, people in raw.items():
        if key is UNKNOWN or people >= threshold:
            counts[key] += people
        else:
            counts[OTHER_NATIONALITIES] += people
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
        people=counting.count_people(scope),
        counting_note=str(MULTI_NATIONALITY_NOTE),
        # A person with two rare nationalities is in this row twice: a share would mislead.
        without_share=frozenset({OTHER_NATIONALITIES}),
    )


def people_by_chain_phase(scope: Scope) -> StatTable:
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
        people=counting.count_people(scope),
        counting_note=str(MULTI_PHASE_NOTE),
    )


def _present(counts: Counter[Key], order: Sequence[str]) -> list[Key]:
    return [key for key in order if counts.get(key)]


def people_by_sector(scope: Scope) -> StatTable:
    counts = counting.count_by(scope, "sector")
    return one_way(
        slug="people-by-sector",
        title=_("People by sector of exploitation"),
        row_header=_("Sector (ISIC section)"),
        keys=_present(counts, Sector.values),
        counts=counts,
        label=_label(dict(Sector.choices)),
    )


def people_by_channel(scope: Scope) -> StatTable:
    return one_way(
        slug="people-by-channel",
        title=_("How people came to the centre"),
        row_header=_("Came in through"),
        keys=list(CHANNELS),
        counts=counting.count_by(scope, "intake_channel"),
        label=_label(dict(IntakeChannel.choices)),
    )


def people_by_procedure(scope: Scope) -> StatTable:
    from keten.cases.models import PROCEDURE_STATES as STATE_CHOICES

    return one_way(
        slug="people-by-procedure",
        title=_("Where the protection procedure stands"),
        row_header=_("Stage or outcome"),
        keys=list(PROCEDURE_STATES),
        counts=counting.count_by(scope, "procedure_state"),
        label=_label({value: _(str(text)) for value, text in STATE_CHOICES}),
    )


def people_by_centre(scope: Scope, names: dict[int, str]) -> StatTable:
    raw = counting.count_by(scope, "centre_id")
    keys = [str(pk) for pk in sorted(names, key=lambda pk: names[pk])]
    return one_way(
        slug="people-by-centre",
        title=_("People by centre"),
        row_header=_("Centre"),
        keys=keys,
        counts=raw,
        label=_label({str(pk): name for pk, name in names.items()}),
    )


def reports_by_year(scope: Scope) -> StatTable:
    from keten.intake.models import Channel

    counts = counting.count_reports_by_year(scope.year_from, scope.year_to)
    years = sorted({year for year, _channel in counts})
    table = two_way(
        slug="reports-by-year",
        title=_("Reports received by year and channel"),
        row_header=_("Year"),
        row_keys=list(range(years[0], years[-1] + 1)) if years else [],
        row_label=str,
        column_keys=list(Channel.values),
        column_label=_label(dict(Channel.choices)),
        counts=Counter({(year, channel): value for (year, channel), value in counts.items()}),
        totals_label=_("Total of reports"),
    )
    return replace(table, empty_note=_("No reports in this selection."))
