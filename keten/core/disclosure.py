"""Disclosure control for published figures.

Counts of victims are small and the people behind them are in danger: a published figure must never
let anyone recognise a person, alone or combined with anything else published with it (DESIGN.md,
principle 1; domain REFERENCE.md, section 9). Statistical offices protect tables in two steps
(Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, chapter 4 and 5):

1. **Primary suppression.** A count from 1 to ``min_count - 1`` (default 1 to 4) is hidden. Totals
   are counts too and follow the same rule. Zeros are published unless ``suppress_zeros`` is set.
2. **Secondary suppression.** Hiding one cell in a row is useless when the row total is published:
   the hidden value is the total minus the other cells. So further counts are hidden until no hidden
   value can be worked out from everything that is published.

**A release is the unit of protection.** Everything published together (a page, an export, a PDF,
a public block) is one :class:`Release`: a set of *quantities* (the number of people in 2023, the
number of women, the number of minors in 2023 ...) named by keys the caller chooses, and the linear
relations a reader knows between them (a total is the sum of its parts; in a table where a person
may be in several rows, each row is at most the number of people). A quantity shown in two tables is
one key, so it is hidden everywhere or nowhere, and the auditor sees every way tables combine: the
age table cannot hide a total that the gender table shows.

**The auditor** (:meth:`Release.audit`) is the attacker with a linear-programming solver (Cox,
"Suppression methodology and statistical disclosure control", JASA 75, 1980): for each hidden
quantity it asks ``scipy.optimize.linprog`` (HiGHS) for the least and the greatest value consistent
with every published number and every relation, where a hidden quantity is known to lie in

- ``[1, min_count - 1]`` when it is hidden as small ("primary": its footnote says "fewer than 5
  people"; ``[0, min_count - 1]`` when zeros are hidden too),
- ``[1, ∞)`` when it is hidden for another reason ("secondary": its footnote says nothing of its
  size; zeros are always published, so a reader knows it is not 0; ``[0, ∞)`` when zeros are
  hidden too).

A release is protected when every hidden quantity can move by at least ``min_interval_width``
(default 1: never pinned). A quantity the relations need but no table shows (the people of a year
when only the forms by year are published) is unknown to the reader: ``[0, ∞)``. The solver works
over the reals, like the attacker the auditor models; its bounds are rounded inwards to whole
numbers. For one table they are exact over whole numbers (the constraints form a network, whose
matrix is totally unimodular); across tables an attacker solving an integer programme could in
rare cases narrow a range further.

**How complements are chosen.** Hidden quantities are taken one at a time, the largest small
counts first. When one is too narrow, one LP finds the cheapest published quantities to hide so
that it can move by the required width: every quantity connected to it may take any value a reader
would allow, but a published one pays its cost (its count, a total twice its count) per unit it
moves. The ones that move are hidden ("secondary"). Where a small count can only be freed if a
small total's footnote says less (four hidden 1s under a hidden total of 4 are otherwise all 1),
that total is marked "secondary" instead of "primary". Hiding a quantity, or saying less about
it, only widens the others' ranges, so a target once settled stays settled.

**Proof.** Every solution the solver returns is a full set of values consistent with what is
published; the auditor keeps them, checks them again at the end by plain arithmetic (not by the
solver), and requires that, across them, every hidden quantity takes values at least the required
width apart (or has no upper bound). Keeping them also spares most LPs: a quantity already seen to
move needs no LP of its own. A release that cannot be protected raises :class:`DisclosureError`.

Open data may instead get noisy counts with :func:`geometric_counts` (differential privacy), and
the epsilon spent is tracked by a :class:`PrivacyBudget`.
"""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple, TypeAlias

# Imported when the module loads (a second or more), so that no request pays for it.
from scipy.optimize import linprog

from keten.core.i18n import Message, _

#: A cell of a published table: ``(row, column)`` indices, ``None`` standing for "total".
#: ``(i, None)`` is the total of row ``i``, ``(None, j)`` the total of column ``j`` and
#: ``(None, None)`` the grand total.
CellKey: TypeAlias = tuple[int | None, int | None]
#: Why a cell is hidden: it is small itself, or it protects a small one.
Reason: TypeAlias = Literal["primary", "secondary"]
#: The name of a quantity in a release: any hashable value the caller chooses. Two tables showing
#: the same quantity must use the same key.
Key: TypeAlias = Hashable

#: Counts from 1 to ``DEFAULT_MIN_COUNT - 1`` are hidden (REFERENCE.md, section 9).
DEFAULT_MIN_COUNT = 5
#: A hidden value must be able to move by at least this much: by default, it is never pinned.
DEFAULT_MIN_INTERVAL_WIDTH = 1


class DisclosureError(RuntimeError):
    """A release could not be protected, or its audit failed: nothing of it may be published."""


# --- Published tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedCell:
    """One number as published: its value, or ``None`` with the reason it is hidden."""

    value: int | None
    suppressed: bool = False
    reason: Reason | None = None

    def __post_init__(self) -> None:
        if self.suppressed != (self.value is None) or self.suppressed != (self.reason is not None):
            raise ValueError("A suppressed cell has no value and a reason; a shown cell neither.")

    @classmethod
    def shown(cls, value: int) -> PublishedCell:
        return cls(value=value)

    @classmethod
    def hidden(cls, reason: Reason) -> PublishedCell:
        return cls(value=None, suppressed=True, reason=reason)


@dataclass(frozen=True)
class ProtectedTable:
    """One table of a protected release, laid out for display: cells, totals and the method.

    A total the table does not publish is ``None``. For a one-way table (see :func:`protect_column`)
    there is one column and each row total is the row's single cell, published or hidden with it.
    """

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[PublishedCell, ...], ...]
    row_totals: tuple[PublishedCell | None, ...]
    column_totals: tuple[PublishedCell | None, ...]
    total: PublishedCell | None
    method: Message
    min_count: int = DEFAULT_MIN_COUNT

    def cell(self, key: CellKey) -> PublishedCell | None:
        match key:
            case (None, None):
                return self.total
            case (None, int(column)):
                return self.column_totals[column]
            case (int(row), None):
                return self.row_totals[row]
            case (int(row), int(column)):
                return self.cells[row][column]
        raise ValueError(f"Not a cell: {key!r}.")

    def keys(self) -> Iterator[CellKey]:
        """Every position, row by row, each row followed by its total, totals last."""
        rows: list[int | None] = [*range(len(self.row_labels)), None]
        columns: list[int | None] = [*range(len(self.column_labels)), None]
        for row in rows:
            for column in columns:
                yield (row, column)

    @property
    def suppressed(self) -> tuple[CellKey, ...]:
        return tuple(key for key in self.keys() if (cell := self.cell(key)) is not None and cell.suppressed)

    def explain(self, key: CellKey) -> Message | None:
        """Why a cell is hidden, in words a reader of the table understands (principle 4)."""
        cell = self.cell(key)
        return explain_reason(cell.reason if cell else None, min_count=self.min_count)


class Interval(NamedTuple):
    """The values a hidden cell can take given everything published; ``high`` None: no bound."""

    low: int
    high: int | None

    @property
    def width(self) -> int | None:
        return None if self.high is None else self.high - self.low

    @property
    def pinned(self) -> bool:
        """True when the published numbers reveal the hidden value exactly."""
        return self.high == self.low

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int):
            return False
        return self.low <= value and (self.high is None or value <= self.high)


# --- A release ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relation:
    """``sum(coefficient * quantity) == 0`` (``kind`` "eq") or ``<= 0`` (``kind`` "le")."""

    terms: tuple[tuple[Key, int], ...]
    kind: Literal["eq", "le"]


def describe_method(*, min_count: int = DEFAULT_MIN_COUNT, suppress_zeros: bool = False) -> Message:
    """The method note printed under every protected table."""
    params: dict[str, int] = {"threshold": min_count, "highest_hidden": min_count - 1}
    if suppress_zeros:
        return Message(
            _(
                "Counts from 0 to %(highest_hidden)s are hidden (threshold %(threshold)s). Further "
                "numbers are hidden (secondary suppression) so that hidden values cannot be worked "
                "out from the totals."
            ),
            params,
        )
    return Message(
        _(
            "Counts from 1 to %(highest_hidden)s are hidden (threshold %(threshold)s). Further "
            "numbers are hidden (secondary suppression) so that hidden values cannot be worked out "
            "from the totals."
        ),
        params,
    )


def explain_reason(reason: Reason | None, *, min_count: int) -> Message | None:
    """Why a quantity is hidden, in words a reader understands (principle 4).

    Never more than the auditor assumes: "fewer than 5" is the interval [1, 4] the auditor gives a
    primary cell; the secondary note gives no number at all.
    """
    if reason == "primary":
        return Message(
            _("Hidden: fewer than %(threshold)s people, who could be recognised."), {"threshold": min_count}
        )
    if reason == "secondary":
        return Message(
            _("Hidden so that the small numbers hidden nearby cannot be worked out from the totals.")
        )
    return None


class Release:
    """Everything published together: quantities with their true counts, which of them are
    published, and the linear relations between them that a reader knows.

    Build it, then call :meth:`protect`. Keys are chosen by the caller; a quantity that appears in
    several tables is declared once and keeps one key (:meth:`count` refuses two different values
    for one key, which catches two tables that disagree).
    """

    def __init__(
        self,
        *,
        min_count: int = DEFAULT_MIN_COUNT,
        min_interval_width: int = DEFAULT_MIN_INTERVAL_WIDTH,
        suppress_zeros: bool = False,
    ) -> None:
        if min_count < 2:
            raise ValueError("min_count must be at least 2: a threshold of 1 hides nothing.")
        if min_interval_width < 1:
            raise ValueError("min_interval_width must be at least 1.")
        # A small count lies in [1, min_count - 1] (or from 0): it cannot move further than that.
        room = min_count - 1 if suppress_zeros else min_count - 2
        if min_interval_width > room:
            raise ValueError(
                f"min_interval_width {min_interval_width} cannot be met: a hidden small count "
                f"can only move by {room} with min_count {min_count}."
            )
        self.min_count = min_count
        self.min_interval_width = min_interval_width
        self.suppress_zeros = suppress_zeros
        self._values: dict[Key, int] = {}
        self._published: dict[Key, None] = {}  # an ordered set
        self._margins: set[Key] = set()
        self._relations: list[Relation] = []
        self.last_solves = 0  # how many LPs the last protect() solved (for benchmarks)

    # Declaring quantities and relations.

    def count(self, key: Key, value: int) -> None:
        """Declare a quantity and its true count (published or not)."""
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"Counts are non-negative integers, not {value!r}.")
        known = self._values.setdefault(key, value)
        if known != value:
            raise ValueError(f"Two counts for {key!r}: {known} and {value}.")

    def publish(self, key: Key, value: int) -> None:
        """Declare a quantity and publish it (shown, or hidden by :meth:`protect`)."""
        self.count(key, value)
        self._published[key] = None

    def value(self, key: Key) -> int:
        try:
            return self._values[key]
        except KeyError:
            raise ValueError(f"No count declared for {key!r}.") from None

    def relate(self, terms: Mapping[Key, int], kind: Literal["eq", "le"]) -> None:
        """``sum(coefficient * quantity)`` is zero (``"eq"``) or at most zero (``"le"``)."""
        cleaned = tuple((key, coefficient) for key, coefficient in terms.items() if coefficient)
        total = sum(self.value(key) * coefficient for key, coefficient in cleaned)
        if (kind == "eq" and total != 0) or (kind == "le" and total > 0):
            raise ValueError(f"The counts break the relation {cleaned!r} ({kind}).")
        if cleaned:
            self._relations.append(Relation(cleaned, kind))

    def add_sum(self, total: Key, parts: Iterable[Key]) -> None:
        """``total`` is the sum of ``parts`` (each part once)."""
        terms: dict[Key, int] = {total: -1}
        for part in parts:
            terms[part] = terms.get(part, 0) + 1
        self.relate(terms, "eq")
        self._margins.add(total)

    def add_at_most(self, part: Key, whole: Iterable[Key]) -> None:
        """``part`` is at most the sum of ``whole`` (a row of a table where a person may be in
        several rows is at most the number of people)."""
        terms: dict[Key, int] = {part: 1}
        for key in whole:
            terms[key] = terms.get(key, 0) - 1
        self.relate(terms, "le")

    def add_at_least(self, parts: Iterable[Key], whole: Iterable[Key]) -> None:
        """The sum of ``parts`` is at least the sum of ``whole`` (everyone is in some row)."""
        terms: dict[Key, int] = {}
        for key in whole:
            terms[key] = terms.get(key, 0) + 1
        for key in parts:
            terms[key] = terms.get(key, 0) - 1
        self.relate(terms, "le")

    def add_grid(
        self,
        cells: Sequence[Sequence[Key]],
        counts: Sequence[Sequence[int]],
        *,
        row_totals: Sequence[Key] | None = None,
        column_totals: Sequence[Key] | None = None,
        total: Key | None = None,
    ) -> None:
        """Publish a table of counts and the totals given (each a sum of its cells)."""
        rows = [list(row) for row in counts]
        if not rows or not rows[0] or any(len(row) != len(rows[0]) for row in rows):
            raise ValueError("A table needs at least one row and one column, all of one length.")
        if len(cells) != len(rows) or any(
            len(line) != len(row) for line, row in zip(cells, rows, strict=True)
        ):
            raise ValueError("The keys do not match the shape of the table.")
        for line, row in zip(cells, rows, strict=True):
            for key, value in zip(line, row, strict=True):
                self.publish(key, value)
        if row_totals is not None:
            for key, line, row in zip(row_totals, cells, rows, strict=True):
                self.publish(key, sum(row))
                self.add_sum(key, line)
        if column_totals is not None:
            for index, key in enumerate(column_totals):
                self.publish(key, sum(row[index] for row in rows))
                self.add_sum(key, [line[index] for line in cells])
        if total is not None:
            self.publish(total, sum(map(sum, rows)))
            parts = row_totals or column_totals or [key for line in cells for key in line]
            self.add_sum(total, parts)

    @property
    def published(self) -> tuple[Key, ...]:
        return tuple(self._published)

    @property
    def relations(self) -> tuple[Relation, ...]:
        return tuple(self._relations)

    def is_small(self, value: int) -> bool:
        return value < self.min_count and (value > 0 or self.suppress_zeros)

    # Protecting.

    def protect(self) -> ProtectedRelease:
        """Hide every small published count and the cheapest complements, then prove it.

        Raises :class:`DisclosureError` if the release cannot be protected (it never is published
        half-protected).
        """
        hidden: dict[Key, Reason] = {
            key: "primary" for key in self._published if self.is_small(self._values[key])
        }
        auditor = _Auditor(self, hidden)
        auditor.explore(list(hidden))
        queue = deque(sorted(hidden, key=lambda key: (-self._values[key], repr(key))))  # larger first
        while queue:
            target = queue.popleft()
            while not auditor.settle(target):
                complements, demoted, solution = auditor.complements(target)
                for key in complements:
                    hidden[key] = "secondary"
                    queue.append(key)
                for key in demoted:
                    hidden[key] = "secondary"  # its footnote says less: its bounds are wider
                auditor.remember(solution)
        # The proof: the solutions kept are tables consistent with everything published (checked
        # here by plain arithmetic, not by the solver), and in them every hidden quantity moves by
        # at least the required width (or it has no upper bound at all).
        for solution in auditor.solutions:
            if not auditor.check(solution):
                raise DisclosureError("A recorded solution no longer fits the release.")
        for key in hidden:
            if not (auditor.proven(key) or key in auditor.unbounded):
                raise DisclosureError(f"Disclosure audit failed for {key!r}.")
        self.last_solves = auditor.solves
        return ProtectedRelease(
            shown={key: self._values[key] for key in self._published if key not in hidden},
            hidden=dict(hidden),
            min_count=self.min_count,
            suppress_zeros=self.suppress_zeros,
            min_interval_width=self.min_interval_width,
        )

    def _cost(self, key: Key) -> int:
        value = self._values[key]
        return 2 * value if key in self._margins else value

    # Auditing.

    def audit(self, published: ProtectedRelease) -> dict[Key, Interval]:
        """For every hidden quantity, the least and the greatest value consistent with everything
        published, the relations and the bounds a reader knows from the footnotes and the method.

        Uses only what is published (never the true counts of hidden quantities).
        """
        hidden = dict(published.hidden)
        for key in hidden:
            if key not in self._published:
                raise ValueError(f"{key!r} is hidden but was never published.")
        for key, value in published.shown.items():
            if self._values.get(key) != value:
                raise ValueError(f"The published value of {key!r} differs from the release.")
        auditor = _Auditor(self, hidden)
        return {key: auditor.interval(key) for key in hidden}


@dataclass(frozen=True)
class ProtectedRelease:
    """What may be published: the shown counts and the hidden keys with their reasons.

    Holds no true count of a hidden quantity, so nothing built from it can leak one.
    """

    shown: Mapping[Key, int]
    hidden: Mapping[Key, Reason]
    min_count: int = DEFAULT_MIN_COUNT
    suppress_zeros: bool = False
    min_interval_width: int = DEFAULT_MIN_INTERVAL_WIDTH
    method: Message = field(init=False)

    def __post_init__(self) -> None:
        overlap = set(self.shown) & set(self.hidden)
        if overlap:
            raise ValueError(f"Shown and hidden at once: {sorted(map(repr, overlap))}.")
        object.__setattr__(
            self, "method", describe_method(min_count=self.min_count, suppress_zeros=self.suppress_zeros)
        )

    def cell(self, key: Key) -> PublishedCell:
        reason = self.hidden.get(key)
        if reason is not None:
            return PublishedCell.hidden(reason)
        try:
            return PublishedCell.shown(self.shown[key])
        except KeyError:
            raise ValueError(f"{key!r} is not part of this release.") from None

    def explain(self, key: Key) -> Message | None:
        return explain_reason(self.hidden.get(key), min_count=self.min_count)

    def bounds(self, reason: Reason) -> Interval:
        """What a reader knows of a hidden quantity from its footnote and the method note."""
        if reason == "primary":
            return Interval(0 if self.suppress_zeros else 1, self.min_count - 1)
        return Interval(0 if self.suppress_zeros else 1, None)

    def table(
        self,
        cells: Sequence[Sequence[Key]],
        *,
        row_labels: Sequence[str],
        column_labels: Sequence[str],
        row_totals: Sequence[Key] | None = None,
        column_totals: Sequence[Key] | None = None,
        total: Key | None = None,
    ) -> ProtectedTable:
        """One table of the release laid out for display. A total that is not published (a table
        where a person may be in several columns has no row totals) is given as ``None`` and shown
        as an empty, unmarked cell."""
        if len(cells) != len(row_labels) or any(len(line) != len(column_labels) for line in cells):
            raise ValueError("The labels do not match the shape of the table.")

        def published(key: Key | None) -> PublishedCell | None:
            return None if key is None else self.cell(key)

        return ProtectedTable(
            row_labels=tuple(row_labels),
            column_labels=tuple(column_labels),
            cells=tuple(tuple(self.cell(key) for key in line) for line in cells),
            row_totals=tuple(
                published(row_totals[index] if row_totals is not None else None)
                for index in range(len(cells))
            ),
            column_totals=tuple(
                published(column_totals[index] if column_totals is not None else None)
                for index in range(len(column_labels))
            ),
            total=published(total),
            method=self.method,
            min_count=self.min_count,
        )


# --- Protecting one table ----------------------------------------------------------------------


def _grid_keys(rows: int, columns: int) -> tuple[list[list[CellKey]], list[CellKey], list[CellKey], CellKey]:
    cells: list[list[CellKey]] = [[(row, column) for column in range(columns)] for row in range(rows)]
    return (
        cells,
        [(row, None) for row in range(rows)],
        [(None, column) for column in range(columns)],
        (None, None),
    )


def table_release(
    counts: Sequence[Sequence[int]],
    *,
    min_count: int = DEFAULT_MIN_COUNT,
    suppress_zeros: bool = False,
    min_interval_width: int = DEFAULT_MIN_INTERVAL_WIDTH,
) -> Release:
    """A release of one two-way table with its row, column and grand totals, keyed by
    :data:`CellKey`. For a one-column table the row totals are the cells themselves (one key)."""
    rows = _checked_counts(counts)
    release = Release(
        min_count=min_count, suppress_zeros=suppress_zeros, min_interval_width=min_interval_width
    )
    cells, row_totals, column_totals, total = _grid_keys(len(rows), len(rows[0]))
    if len(rows[0]) == 1:
        release.add_grid(cells, rows, column_totals=column_totals, total=total)
        release.add_sum(total, column_totals)
    else:
        release.add_grid(cells, rows, row_totals=row_totals, column_totals=column_totals, total=total)
    return release


def protect_table(
    counts: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    min_count: int = DEFAULT_MIN_COUNT,
    suppress_zeros: bool = False,
    min_interval_width: int = DEFAULT_MIN_INTERVAL_WIDTH,
) -> ProtectedTable:
    """Protect a two-way table of counts published with its row, column and grand totals on its own
    (a release of one table). Source: REFERENCE.md, section 9 (default threshold: 1 to 4 hidden)."""
    rows = _checked_counts(counts, row_labels, column_labels)
    release = table_release(
        rows, min_count=min_count, suppress_zeros=suppress_zeros, min_interval_width=min_interval_width
    )
    return _layout(release.protect(), rows, row_labels, column_labels)


def protect_column(
    counts: Sequence[int],
    *,
    labels: Sequence[str],
    column_label: str,
    min_count: int = DEFAULT_MIN_COUNT,
    suppress_zeros: bool = False,
    min_interval_width: int = DEFAULT_MIN_INTERVAL_WIDTH,
) -> ProtectedTable:
    """Protect a one-way table: one count per category and the total.

    With the total published, one hidden category is the total minus the others, so at least two
    categories (or the total) are hidden whenever one is.
    """
    return protect_table(
        [[count] for count in counts],
        row_labels=labels,
        column_labels=[column_label],
        min_count=min_count,
        suppress_zeros=suppress_zeros,
        min_interval_width=min_interval_width,
    )


def _layout(
    protected: ProtectedRelease,
    rows: Sequence[Sequence[int]],
    row_labels: Sequence[str],
    column_labels: Sequence[str],
) -> ProtectedTable:
    cells, row_totals, column_totals, total = _grid_keys(len(rows), len(rows[0]))
    one_column = len(rows[0]) == 1
    return protected.table(
        cells,
        row_labels=row_labels,
        column_labels=column_labels,
        row_totals=[line[0] for line in cells] if one_column else row_totals,
        column_totals=column_totals,
        total=total,
    )


def apply_suppression(
    counts: Sequence[Sequence[int]],
    suppressed: Mapping[CellKey, Reason],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    min_count: int = DEFAULT_MIN_COUNT,
    suppress_zeros: bool = False,
) -> ProtectedTable:
    """Lay out a table with the given cells hidden, checking nothing.

    Use it only to audit a suppression pattern chosen by other means (never publish the result
    without :func:`feasible_interval`).
    """
    rows = _checked_counts(counts, row_labels, column_labels)
    release = table_release(rows, min_count=min_count, suppress_zeros=suppress_zeros)
    hidden: dict[Key, Reason] = {_one_column_key(key, rows): reason for key, reason in suppressed.items()}
    for key in hidden:
        if key not in release.published:
            raise ValueError(f"No cell {key} in this table.")
    protected = ProtectedRelease(
        shown={key: release.value(key) for key in release.published if key not in hidden},
        hidden=hidden,
        min_count=min_count,
        suppress_zeros=suppress_zeros,
    )
    return _layout(protected, rows, row_labels, column_labels)


def feasible_interval(table: Sequence[Sequence[int]], published: ProtectedTable) -> dict[CellKey, Interval]:
    """For every hidden cell of one table, the least and the greatest value consistent with what
    is published and with the bounds its footnote gives (see :meth:`Release.audit`).

    ``table`` holds the true counts (without totals); it only serves to check that ``published``
    is a table of the same shape and shown values.
    """
    rows = _checked_counts(table, published.row_labels, published.column_labels)
    release = table_release(rows, min_count=published.min_count)
    shown: dict[Key, int] = {}
    hidden: dict[Key, Reason] = {}
    for position in published.keys():
        cell = published.cell(position)
        if cell is None:
            continue
        own: Key = _one_column_key(position, rows)
        if cell.reason is not None:
            hidden[own] = cell.reason
        else:
            shown[own] = cell.value or 0
    for own, value in shown.items():
        if release.value(own) != value:
            raise ValueError(f"The published value of cell {own} differs from the table.")
    intervals = release.audit(ProtectedRelease(shown=shown, hidden=hidden, min_count=published.min_count))
    return {_cell_key(key): interval for key, interval in intervals.items()}


def _one_column_key(key: CellKey, rows: Sequence[Sequence[int]]) -> CellKey:
    """In a one-column table, the total of a row is the row's cell itself."""
    row, column = key
    return (row, 0) if len(rows[0]) == 1 and row is not None and column is None else key


def _cell_key(key: Key) -> CellKey:
    if not isinstance(key, tuple) or len(key) != 2:
        raise ValueError(f"Not a cell: {key!r}.")
    return (key[0], key[1])


# --- The auditor: linear programming -----------------------------------------------------------


class _Auditor:
    """Feasible intervals of hidden quantities by linear programming, one connected part at a time.

    Only relations with a hidden quantity matter; hidden quantities that share no relation are
    independent, so each LP holds only the part of the release connected to its target.

    Every solution the solver returns is a table consistent with everything published. Hiding one
    more quantity only relaxes the constraints, so a solution stays valid while complements are
    added: the auditor keeps, for every quantity, the least and greatest value seen in any solution
    (``seen``), and a quantity whose seen values already differ by the required width needs no
    further LP. That keeps a page to a few dozen small LPs.
    """

    def __init__(self, release: Release, hidden: dict[Key, Reason]) -> None:
        self.release = release
        self.hidden = hidden  # shared with the caller: complements are added as they are chosen
        self.by_key: dict[Key, list[int]] = {}
        for index, relation in enumerate(release.relations):
            for key, _coefficient in relation.terms:
                self.by_key.setdefault(key, []).append(index)
        self.seen: dict[Key, tuple[float, float]] = {}
        self.unbounded: set[Key] = set()
        self.solutions: list[dict[Key, float]] = []
        self.solves = 0

    def _part(self, targets: Iterable[Key], extra: Key | None) -> tuple[list[Key], list[int]]:
        """The hidden quantities connected to ``targets`` and the relations between them."""
        hidden = self.hidden.keys() | ({extra} if extra is not None else set())
        published = self.release._published
        return self._connected(targets, lambda key: key in hidden or key not in published)

    def _connected(
        self, targets: Iterable[Key], follow: Callable[[Key], bool]
    ) -> tuple[list[Key], list[int]]:
        """The quantities reached from ``targets`` through relations, passing only through the
        keys ``follow`` accepts, and the relations on the way."""
        keys = list(dict.fromkeys(targets))
        seen_keys, relations, seen_relations = set(keys), [], set()
        queue = deque(keys)
        while queue:
            key = queue.popleft()
            for index in self.by_key.get(key, ()):
                if index in seen_relations:
                    continue
                seen_relations.add(index)
                relations.append(index)
                for other, _coefficient in self.release.relations[index].terms:
                    if follow(other) and other not in seen_keys:
                        seen_keys.add(other)
                        keys.append(other)
                        queue.append(other)
        return keys, relations

    def unknown(self, key: Key) -> bool:
        """Hidden, or never published (a quantity a relation needs but no table shows)."""
        return key in self.hidden or key not in self.release._published

    def bounds(self, key: Key) -> tuple[int, int | None]:
        """What a reader knows of an unknown quantity: see the module's documentation."""
        release = self.release
        if key not in release._published:
            return (0, None)
        if self.hidden.get(key) == "primary":
            return (0 if release.suppress_zeros else 1, release.min_count - 1)
        return (0 if release.suppress_zeros else 1, None)

    def solve(
        self, objective: Mapping[Key, float], extra: Key | None = None, *, maximise: bool
    ) -> tuple[float | None, dict[Key, float]]:
        """The extreme of a weighted sum of hidden quantities (None: unbounded above) and a
        solution reaching it (empty when unbounded)."""
        keys, relations = self._part(objective, extra)
        column = {key: index for index, key in enumerate(keys)}
        values = self.release._values
        rows_eq: list[list[float]] = []
        rhs_eq: list[float] = []
        rows_le: list[list[float]] = []
        rhs_le: list[float] = []
        for index in relations:
            relation = self.release.relations[index]
            row = [0.0] * len(keys)
            constant = 0.0
            for key, coefficient in relation.terms:
                if key in column:
                    row[column[key]] += coefficient
                else:
                    constant += coefficient * values[key]  # a published count
            (rows_eq if relation.kind == "eq" else rows_le).append(row)
            (rhs_eq if relation.kind == "eq" else rhs_le).append(-constant)
        sign = -1.0 if maximise else 1.0
        costs = [0.0] * len(keys)
        for key, weight in objective.items():
            costs[column[key]] = sign * weight
        self.solves += 1
        result = linprog(
            costs,
            A_ub=rows_le or None,
            b_ub=rhs_le or None,
            A_eq=rows_eq or None,
            b_eq=rhs_eq or None,
            bounds=[self.bounds(key) for key in keys],
            method="highs",
        )
        if result.status == 3 and maximise:  # unbounded above
            return None, {}
        if result.status != 0:
            raise DisclosureError(f"The audit of {list(objective)!r} failed: {result.message}")
        solution = {key: float(result.x[column[key]]) for key in keys}
        return sign * float(result.fun), solution

    def remember(self, solution: Mapping[Key, float]) -> None:
        """Record a solution of the current state (not of a trial)."""
        self.solutions.append(dict(solution))
        for key, value in solution.items():
            low, high = self.seen.get(key, (value, value))
            self.seen[key] = (min(low, value), max(high, value))

    def _seen(self, key: Key) -> tuple[float, float]:
        value = float(self.release._values[key])  # the true table is a solution too
        low, high = self.seen.get(key, (value, value))
        return min(low, value), max(high, value)

    def proven(self, key: Key) -> bool:
        low, high = self._seen(key)
        return math.floor(high + _TOLERANCE) - math.ceil(low - _TOLERANCE) >= self.release.min_interval_width

    def explore(self, keys: Sequence[Key]) -> None:
        """Push every hidden quantity of ``keys`` up together, then down: two LPs that usually
        show most of them can move."""
        if not keys:
            return
        for maximise in (True, False):
            _extreme, solution = self.solve(dict.fromkeys(keys, 1.0), maximise=maximise)
            if solution:
                self.remember(solution)

    def settle(self, target: Key) -> bool:
        """Whether ``target`` can move by the required width in the current state."""
        if self.proven(target) or target in self.unbounded:
            return True
        for maximise in (True, False):
            extreme, solution = self.solve({target: 1.0}, maximise=maximise)
            if extreme is None:
                self.unbounded.add(target)  # and the true value is feasible
                return True
            self.remember(solution)
            if self.proven(target):
                return True
        return False

    def interval(self, target: Key) -> Interval:
        high, _solution = self.solve({target: 1.0}, maximise=True)
        low, _solution = self.solve({target: 1.0}, maximise=False)
        assert low is not None  # noqa: S101 - minimising over non-negative counts is bounded
        return _bounds(low, high)

    def complements(self, target: Key) -> tuple[list[Key], list[Key], dict[Key, float]]:
        """The cheapest published quantities to hide so that ``target`` moves enough, the small
        ones whose footnote must say less, and a solution that proves it.

        One LP per direction (the target up by the width from the least value seen, or down from
        the greatest): every quantity connected to the target may take any value a reader would
        allow it, but a published one pays its cost (its count, a total twice its count) per unit
        it moves away from the published value, and a small hidden one pays a far higher price per
        unit it goes past ``min_count - 1``. The published quantities that move are the
        complements; the small ones that go past their bound are marked "secondary" instead of
        "primary" (their footnote then says nothing of their size: four hidden ones under a hidden
        total of 4 are otherwise all 1). With that, the solution is consistent with everything
        published. Published zeros never move (they are never hidden as complements).
        """
        release = self.release
        values = release._values
        keys, relations = self._region(target)
        column = {key: index for index, key in enumerate(keys)}
        movable = [key for key in keys if not self.unknown(key) and values[key] > 0]
        small = [key for key in keys if self.hidden.get(key) == "primary"]
        moves = len(keys)  # two deviation columns per movable quantity, then one per small one
        slacks = moves + 2 * len(movable)
        size = slacks + len(small)
        rows_eq: list[list[float]] = []
        rhs_eq: list[float] = []
        rows_le: list[list[float]] = []
        rhs_le: list[float] = []
        for index in relations:
            relation = release.relations[index]
            row = [0.0] * size
            for key, coefficient in relation.terms:
                row[column[key]] += coefficient
            (rows_eq if relation.kind == "eq" else rows_le).append(row)
            (rhs_eq if relation.kind == "eq" else rhs_le).append(0.0)
        costs = [0.0] * size
        for offset, key in enumerate(movable):
            row = [0.0] * size  # x - up + down = published value
            row[column[key]] = 1.0
            row[moves + 2 * offset] = -1.0
            row[moves + 2 * offset + 1] = 1.0
            rows_eq.append(row)
            rhs_eq.append(float(values[key]))
            costs[moves + 2 * offset] = costs[moves + 2 * offset + 1] = float(release._cost(key)) + 1.0
        demotion = 1.0 + 2.0 * sum(costs)
        for offset, key in enumerate(small):
            row = [0.0] * size  # x - slack <= min_count - 1
            row[column[key]] = 1.0
            row[slacks + offset] = -1.0
            rows_le.append(row)
            rhs_le.append(float(release.min_count - 1))
            costs[slacks + offset] = demotion
        bounds: list[tuple[float, float | None]] = []
        for key in keys:
            if key in small:
                bounds.append((self.bounds(key)[0], None))
            elif self.unknown(key) or key in movable:
                bounds.append(
                    self.bounds(key) if self.unknown(key) else (0 if release.suppress_zeros else 1, None)
                )
            else:
                bounds.append((values[key], values[key]))  # a published zero
        bounds.extend([(0.0, None)] * (size - moves))
        width = release.min_interval_width
        low, high = self._seen(target)
        least, most = bounds[column[target]]
        goals = ((math.ceil(low - _TOLERANCE) + width, most), (least, math.floor(high + _TOLERANCE) - width))
        best: tuple[float, list[Key], list[Key], dict[Key, float]] | None = None
        for goal in goals:
            if (goal[1] is not None and goal[0] > goal[1]) or (goal[0] is not None and goal[0] < least):
                continue
            bounds[column[target]] = goal
            self.solves += 1
            result = linprog(
                costs,
                A_ub=rows_le or None,
                b_ub=rhs_le or None,
                A_eq=rows_eq or None,
                b_eq=rhs_eq or None,
                bounds=bounds,
                method="highs",
            )
            if result.status != 0:
                continue
            moved = [
                key
                for offset, key in enumerate(movable)
                if result.x[moves + 2 * offset] + result.x[moves + 2 * offset + 1] > _TOLERANCE
            ]
            demoted = [key for offset, key in enumerate(small) if result.x[slacks + offset] > _TOLERANCE]
            if best is None or float(result.fun) < best[0]:
                solution = {
                    key: float(result.x[column[key]]) for key in keys if key in moved or self.unknown(key)
                }
                best = (float(result.fun), moved, demoted, solution)
        if best is None or not (best[1] or best[2]):
            raise DisclosureError(f"Nothing can be hidden that would protect {target!r}.")
        return best[1], best[2], best[3]

    def _region(self, target: Key) -> tuple[list[Key], list[int]]:
        """Every quantity connected to ``target`` through relations, hidden or published."""
        return self._connected([target], lambda _key: True)

    def check(self, solution: Mapping[Key, float]) -> bool:
        """A solution satisfies every relation and bound of the current state (a cheap proof that
        the recorded evidence still holds, independent of the solver)."""
        values = self.release._values
        for key, value in solution.items():
            low, high = self.bounds(key)
            if (
                not self.unknown(key)
                or value < low - _TOLERANCE
                or (high is not None and value > high + _TOLERANCE)
            ):
                return False
        for index in {index for key in solution for index in self.by_key.get(key, ())}:
            relation = self.release.relations[index]
            total = 0.0
            for key, coefficient in relation.terms:
                if self.unknown(key):
                    total += coefficient * solution.get(key, values[key])
                else:
                    total += coefficient * values[key]
            if (relation.kind == "eq" and abs(total) > 1e-4) or (relation.kind == "le" and total > 1e-4):
                return False
        return True


#: Solvers work in floating point; a bound within this of an integer is that integer.
_TOLERANCE = 1e-6


def _bounds(low: float, high: float | None) -> Interval:
    """Integer bounds from the solver's real ones, rounded inwards (every integer solution lies
    within). The network of one table has integer extremes (total unimodularity); across tables an
    attacker solving an integer programme could in rare cases find a narrower range than this."""
    integer_low = math.ceil(low - _TOLERANCE)
    return Interval(integer_low, None if high is None else math.floor(high + _TOLERANCE))


# --- Differential privacy for open data ------------------------------------------------------


def geometric_counts(
    counts: Sequence[int],
    epsilon: float,
    rng: random.Random,
    *,
    sensitivity: int = 1,
    clamp_at_zero: bool = True,
) -> list[int]:
    """Add two-sided geometric noise to each count: epsilon-differential privacy, integer output.

    The noise ``Z`` has ``P(Z = z)`` proportional to ``exp(-epsilon / sensitivity) ** abs(z)``
    (Ghosh, Roughgarden and Sundararajan, "Universally utility-maximizing privacy mechanisms",
    STOC 2009): the discrete counterpart of the Laplace mechanism, chosen because counts stay
    integers and because floating-point Laplace noise leaks (Mironov, CCS 2012). When each person
    is counted in exactly one cell, adding or removing a person changes the whole table by 1, so
    noising every cell with ``epsilon`` spends ``epsilon`` for the table; compute published totals
    by adding the noisy cells, which costs nothing more. Clamping negatives to zero is
    post-processing and keeps the guarantee. Deterministic for a seeded ``rng`` (use
    ``random.SystemRandom`` in production).
    """
    if not (math.isfinite(epsilon) and epsilon > 0):
        raise ValueError("epsilon must be a positive number.")
    if sensitivity < 1:
        raise ValueError("sensitivity must be at least 1.")
    alpha = math.exp(-epsilon / sensitivity)
    noisy = []
    for count in counts:
        value = count + _geometric(alpha, rng) - _geometric(alpha, rng)
        noisy.append(max(value, 0) if clamp_at_zero else value)
    return noisy


def _geometric(alpha: float, rng: random.Random) -> int:
    """Failures before the first success, success probability ``1 - alpha`` (inverse transform)."""
    uniform = 1.0 - rng.random()  # in (0, 1]
    return math.floor(math.log(uniform) / math.log(alpha))


class PrivacyBudgetExceeded(Exception):
    """Spending would exceed the budget; ``message`` says why, ready to show."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render())
        self.message = message


@dataclass(frozen=True)
class PrivacyBudget:
    """How much epsilon a dataset may spend on releases, and how much it has spent.

    A value: :meth:`spend` returns a new budget and never changes this one, so the Django layer can
    store each step in its ledger. Amounts are decimals, so that 0.1 + 0.2 spends exactly 0.3.
    """

    total: Decimal
    spent: Decimal = Decimal(0)

    def __post_init__(self) -> None:
        if not (self.total.is_finite() and self.total > 0):
            raise ValueError("A privacy budget must be a positive number.")
        if not (self.spent.is_finite() and 0 <= self.spent <= self.total):
            raise ValueError("The amount spent must be between 0 and the total budget.")

    @property
    def remaining(self) -> Decimal:
        return self.total - self.spent

    def refusal(self, epsilon: Decimal | int | float | str) -> Message | None:
        """Why spending ``epsilon`` is refused, or None when it is allowed."""
        amount = as_epsilon(epsilon)
        if amount > self.remaining:
            return Message(
                _(
                    "This release needs a privacy budget (epsilon) of %(needed)s, but only "
                    "%(remaining)s of %(total)s is left."
                ),
                {"needed": str(amount), "remaining": str(self.remaining), "total": str(self.total)},
            )
        return None

    def spend(self, epsilon: Decimal | int | float | str) -> PrivacyBudget:
        refusal = self.refusal(epsilon)
        if refusal is not None:
            raise PrivacyBudgetExceeded(refusal)
        return PrivacyBudget(total=self.total, spent=self.spent + as_epsilon(epsilon))


def as_epsilon(value: Decimal | int | float | str) -> Decimal:
    """A positive epsilon as a decimal; a float is read as it is written (0.1, not its binary)."""
    try:
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:
        raise ValueError(f"Not a number: {value!r}.") from None
    if not (amount.is_finite() and amount > 0):
        raise ValueError("epsilon must be a positive number.")
    return amount


# --- Internals ---------------------------------------------------------------------------------


def _checked_counts(
    counts: Sequence[Sequence[int]],
    row_labels: Sequence[str] | None = None,
    column_labels: Sequence[str] | None = None,
) -> list[list[int]]:
    rows = [list(row) for row in counts]
    if not rows or not rows[0]:
        raise ValueError("A table needs at least one row and one column.")
    if any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("Every row of a table has the same number of cells.")
    if (row_labels is not None and len(row_labels) != len(rows)) or (
        column_labels is not None and len(column_labels) != len(rows[0])
    ):
        raise ValueError("The labels do not match the shape of the table.")
    for row in rows:
        for count in row:
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"Counts are non-negative integers, not {count!r}.")
    return rows
