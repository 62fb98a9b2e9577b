"""Disclosure control for published figures.

Counts of victims are small and the people behind them are in danger: a published figure must never
let anyone recognise a person (DESIGN.md, principle 1; domain REFERENCE.md, section 9). This module
protects a two-way table of counts (rows by columns, published with its row totals, column totals
and grand total) and a one-way table (one column and its total) in two steps, as statistical
offices do (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, chapter 5):

1. **Primary suppression.** A count from 1 to ``min_count - 1`` (default 1 to 4) is hidden. Totals
   are counts too and follow the same rule. Zeros are published unless ``suppress_zeros`` is set.
2. **Secondary suppression.** Hiding one cell in a row is useless when the row total is published:
   the hidden value is the total minus the other cells. So further cells are hidden until no hidden
   value can be worked out, exactly, from everything that is published.

"Cannot be worked out" is checked, not hoped for. :func:`feasible_interval` is the auditor: for
every hidden cell it computes the smallest and the largest value that is consistent with all
published numbers, which is exactly what an attacker with a linear-programming solver can learn
(Cox, "Suppression methodology and statistical disclosure control", JASA 75, 1980). A table is
protected when every hidden cell can move by at least ``min_interval_width`` (default 1: the value
is never pinned).

How the auditor works. Write the table with its totals as a bordered grid: the cells, a last column
of row totals and a last row of column totals, with the grand total in the corner. Give every
inner cell and the corner a plus sign and every total a minus sign. Then every row and every column
of the signed grid adds up to zero, which is the flow-conservation law of a network whose nodes are
the rows and the columns and whose arcs are the cells. The published numbers fix some arcs; the
hidden ones may change as long as counts stay non-negative. Raising one hidden cell by ``t`` means
sending ``t`` units around a cycle of hidden cells, so the largest possible rise (or fall) of a
cell is a maximum flow. The network matrix is totally unimodular, so the real and the integer
ranges coincide: the bounds are exact for counts of people.

How hidden complements are chosen. For each hidden cell that the auditor finds pinned, the
cheapest cycle of cells through it is hidden as well, where a cell already hidden costs nothing and
another cell costs its count, a total twice its count (smaller complements first, then fewer;
readers rely on the totals most). Published zeros are never hidden as complements: a hidden zero
can only move up, and the hidden cells of its row would add up to the small count itself. A cycle
always exists (through the totals, at worst), and moving along it changes every cell on it by at
least the required width, so the result always passes the final audit, which is run anyway.

Limits. The guarantee holds for one table on its own. Tables that share cells (victims by year and
gender, and by year and age group) must be protected together or from disjoint data, and the hidden
cells of one row may add up to a small number (two hidden cells of 1 and 2 next to a published
total show that 3 people fall in one of two groups).

Open data may instead get noisy counts with :func:`geometric_counts` (differential privacy), and
the epsilon spent is tracked by a :class:`PrivacyBudget`.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal, NamedTuple, TypeAlias

from keten.core.i18n import Message, _

#: A cell of a published table: ``(row, column)`` indices, ``None`` standing for "total".
#: ``(i, None)`` is the total of row ``i``, ``(None, j)`` the total of column ``j`` and
#: ``(None, None)`` the grand total.
CellKey: TypeAlias = tuple[int | None, int | None]
#: Why a cell is hidden: it is small itself, or it protects a small one.
Reason: TypeAlias = Literal["primary", "secondary"]

#: Counts from 1 to ``DEFAULT_MIN_COUNT - 1`` are hidden (REFERENCE.md, section 9).
DEFAULT_MIN_COUNT = 5
#: A hidden value must be able to move by at least this much: by default, it is never pinned.
DEFAULT_MIN_INTERVAL_WIDTH = 1

# Positions in the bordered grid: (row, column), the last row and column holding the totals.
_Position: TypeAlias = tuple[int, int]
_Grid: TypeAlias = list[list[int]]


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
    """A table of counts ready to publish: cells, totals and the method that protected them.

    For a one-way table (see :func:`protect_column`) there is one column and each row total is
    the row's single cell, published or hidden together with it.
    """

    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    cells: tuple[tuple[PublishedCell, ...], ...]
    row_totals: tuple[PublishedCell, ...]
    column_totals: tuple[PublishedCell, ...]
    total: PublishedCell
    method: Message
    min_count: int = DEFAULT_MIN_COUNT

    def cell(self, key: CellKey) -> PublishedCell:
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
        """Every published position, row by row, each row followed by its total, totals last."""
        rows: list[int | None] = [*range(len(self.row_labels)), None]
        columns: list[int | None] = [*range(len(self.column_labels)), None]
        for row in rows:
            for column in columns:
                yield (row, column)

    @property
    def suppressed(self) -> tuple[CellKey, ...]:
        return tuple(key for key in self.keys() if self.cell(key).suppressed)

    def explain(self, key: CellKey) -> Message | None:
        """Why a cell is hidden, in words a reader of the table understands (principle 4)."""
        reason = self.cell(key).reason
        if reason == "primary":
            return Message(
                _("Hidden: fewer than %(threshold)s people, who could be recognised."),
                {"threshold": self.min_count},
            )
        if reason == "secondary":
            return Message(
                _("Hidden so that the small numbers hidden nearby cannot be worked out from the totals.")
            )
        return None


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


# --- Protecting a table ----------------------------------------------------------------------


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


def protect_table(
    counts: Sequence[Sequence[int]],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    min_count: int = DEFAULT_MIN_COUNT,
    suppress_zeros: bool = False,
    min_interval_width: int = DEFAULT_MIN_INTERVAL_WIDTH,
) -> ProtectedTable:
    """Protect a two-way table of counts published with its row, column and grand totals.

    Primary suppression hides every count (cell or total) from 1 to ``min_count - 1``, and zeros
    too when ``suppress_zeros``; secondary suppression then hides the cheapest further cells until
    :func:`feasible_interval` lets every hidden value move by at least ``min_interval_width``.
    Source: REFERENCE.md, section 9 (Keten's default threshold: 1 to 4 hidden).
    """
    if min_count < 2:
        raise ValueError("min_count must be at least 2: a threshold of 1 hides nothing.")
    if min_interval_width < 1:
        raise ValueError("min_interval_width must be at least 1.")
    grid = _bordered(_checked_counts(counts, row_labels, column_labels))
    primary = {
        position
        for position in _positions(grid)
        if _is_small(grid, position, min_count=min_count, suppress_zeros=suppress_zeros)
    }
    hidden = _secondary_suppression(grid, primary, width=min_interval_width, hide_zeros=suppress_zeros)
    reasons: dict[CellKey, Reason] = {}
    for position in sorted(hidden):
        key = _key(grid, position)
        reasons[key] = "primary" if position in primary else "secondary"
    table = apply_suppression(
        counts,
        reasons,
        row_labels=row_labels,
        column_labels=column_labels,
        method=describe_method(min_count=min_count, suppress_zeros=suppress_zeros),
        min_count=min_count,
    )
    # The construction guarantees the audit; run it anyway, so a bug can never publish a figure.
    for key, interval in feasible_interval(counts, table).items():
        if interval.width is not None and interval.width < min_interval_width:
            raise RuntimeError(f"Disclosure audit failed for cell {key}: {interval}.")
    return table


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


def apply_suppression(
    counts: Sequence[Sequence[int]],
    suppressed: Mapping[CellKey, Reason],
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    method: Message,
    min_count: int = DEFAULT_MIN_COUNT,
) -> ProtectedTable:
    """Lay out a table with the given cells hidden, checking nothing.

    :func:`protect_table` builds its result with it; use it directly only to audit a suppression
    pattern chosen by other means (never publish the result without :func:`feasible_interval`).
    """
    grid = _bordered(_checked_counts(counts, row_labels, column_labels))
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    positions = {_position(grid, key): reason for key, reason in suppressed.items()}

    def published(position: _Position) -> PublishedCell:
        reason = positions.get(position)
        if reason is not None:
            return PublishedCell.hidden(reason)
        return PublishedCell.shown(grid[position[0]][position[1]])

    return ProtectedTable(
        row_labels=tuple(row_labels),
        column_labels=tuple(column_labels),
        cells=tuple(
            tuple(published((row, column)) for column in range(last_column)) for row in range(last_row)
        ),
        row_totals=tuple(published((row, last_column)) for row in range(last_row)),
        column_totals=tuple(published((last_row, column)) for column in range(last_column)),
        total=published((last_row, last_column)),
        method=method,
        min_count=min_count,
    )


# --- The auditor -----------------------------------------------------------------------------


def feasible_interval(table: Sequence[Sequence[int]], published: ProtectedTable) -> dict[CellKey, Interval]:
    """For every hidden cell, the least and the greatest value consistent with what is published.

    ``table`` holds the true counts (without totals), ``published`` what was released. The bounds
    are exact over non-negative integers and over non-negative reals alike (the constraints form a
    network, whose matrix is totally unimodular). A cell is recoverable when its interval is a
    single point. The true counts only provide one consistent starting point; the result depends
    on the published numbers alone.
    """
    grid, hidden = _audited(table, published)
    intervals: dict[CellKey, Interval] = {}
    for position in sorted(hidden):
        value = grid[position[0]][position[1]]
        rise, _unused = _movement(grid, hidden, position, increase=True)
        fall, _unused = _movement(grid, hidden, position, increase=False)
        high = None if rise >= _infinity(grid) else value + rise
        intervals[_key(grid, position)] = Interval(low=value - fall, high=high)
    return intervals


def extreme_tables(
    table: Sequence[Sequence[int]], published: ProtectedTable, key: CellKey
) -> tuple[list[list[int]], list[list[int]]]:
    """Two full tables consistent with ``published``, giving a hidden cell its least and greatest value.

    Each is a bordered grid: the cells with each row's total appended, then a last row of column
    totals ending with the grand total. They are evidence that anyone can check by hand: both
    agree with every published number, yet differ in the hidden cell. When the cell has no upper
    bound, the second table gives it some large value.
    """
    grid, hidden = _audited(table, published)
    position = _position(grid, key)
    if position not in hidden:
        raise ValueError(f"Cell {key} is published, not hidden.")
    _rise, highest = _movement(grid, hidden, position, increase=True)
    _fall, lowest = _movement(grid, hidden, position, increase=False)
    return lowest, highest


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


# --- Internals: the bordered grid ------------------------------------------------------------


def _checked_counts(
    counts: Sequence[Sequence[int]], row_labels: Sequence[str], column_labels: Sequence[str]
) -> list[list[int]]:
    rows = [list(row) for row in counts]
    if not rows or not rows[0]:
        raise ValueError("A table needs at least one row and one column.")
    if len(row_labels) != len(rows) or any(len(row) != len(column_labels) for row in rows):
        raise ValueError("The labels do not match the shape of the table.")
    for row in rows:
        for count in row:
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"Counts are non-negative integers, not {count!r}.")
    return rows


def _bordered(rows: Sequence[Sequence[int]]) -> _Grid:
    """The cells with row totals appended and a last row of column totals and the grand total."""
    grid = [[*row, sum(row)] for row in rows]
    grid.append([sum(column) for column in zip(*grid, strict=True)])
    return grid


def _positions(grid: _Grid) -> Iterator[_Position]:
    for row in range(len(grid)):
        for column in range(len(grid[0])):
            yield (row, column)


def _key(grid: _Grid, position: _Position) -> CellKey:
    row, column = position
    return (
        None if row == len(grid) - 1 else row,
        None if column == len(grid[0]) - 1 else column,
    )


def _position(grid: _Grid, key: CellKey) -> _Position:
    row, column = key
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    if (row is not None and not 0 <= row < last_row) or (
        column is not None and not 0 <= column < last_column
    ):
        raise ValueError(f"No cell {key} in this table.")
    return (last_row if row is None else row, last_column if column is None else column)


def _is_total(grid: _Grid, position: _Position) -> bool:
    """A row or column total (not the grand total): it carries a minus sign in the network."""
    return (position[0] == len(grid) - 1) != (position[1] == len(grid[0]) - 1)


def _is_small(grid: _Grid, position: _Position, *, min_count: int, suppress_zeros: bool) -> bool:
    value = grid[position[0]][position[1]]
    return value < min_count and (value > 0 or suppress_zeros)


def _infinity(grid: _Grid) -> int:
    """Larger than any bounded change: a bounded cell never exceeds the sum of what is published."""
    return 2 * sum(map(sum, grid)) + 1


def _audited(table: Sequence[Sequence[int]], published: ProtectedTable) -> tuple[_Grid, set[_Position]]:
    grid = _bordered(_checked_counts(table, published.row_labels, published.column_labels))
    hidden: set[_Position] = set()
    for key in published.keys():
        position = _position(grid, key)
        cell = published.cell(key)
        if cell.suppressed:
            hidden.add(position)
        elif cell.value != grid[position[0]][position[1]]:
            raise ValueError(f"The published value of cell {key} differs from the table.")
    return grid, hidden


# --- Internals: the network ------------------------------------------------------------------
#
# Nodes: rows 0..R (R is the row of column totals), then columns R+1..R+1+C. The signed value
# z of a cell is its count (inner cells and the grand total) or minus its count (row and column
# totals); a change dz > 0 is flow from the row node to the column node, dz < 0 the reverse.


def _row_node(row: int) -> int:
    return row


def _column_node(grid: _Grid, column: int) -> int:
    return len(grid) + column


def _capacities(grid: _Grid, hidden: set[_Position], exclude: _Position) -> list[dict[int, int]]:
    """How far each hidden cell can change in each direction while its count stays >= 0."""
    infinity = _infinity(grid)
    capacity: list[dict[int, int]] = [{} for _node in range(len(grid) + len(grid[0]))]
    for position in hidden:
        if position == exclude:
            continue
        row, column = position
        value = grid[row][column]
        row_node, column_node = _row_node(row), _column_node(grid, column)
        total = _is_total(grid, position)
        capacity[row_node][column_node] = value if total else infinity  # dz > 0
        capacity[column_node][row_node] = infinity if total else value  # dz < 0
    return capacity


def _movement(grid: _Grid, hidden: set[_Position], target: _Position, *, increase: bool) -> tuple[int, _Grid]:
    """The largest change of a hidden cell (capped at infinity) and a table that achieves it."""
    row, column = target
    value = grid[row][column]
    raises_z = increase != _is_total(grid, target)
    row_node, column_node = _row_node(row), _column_node(grid, column)
    # The change travels through the target cell, then back around a cycle of other hidden cells.
    source, sink = (column_node, row_node) if raises_z else (row_node, column_node)
    capacity = _capacities(grid, hidden, exclude=target)
    limit = _infinity(grid) if increase else value
    amount, residual = _max_flow(capacity, source, sink, limit)
    witness = [list(line) for line in grid]
    witness[row][column] += amount if increase else -amount
    for other in hidden:
        if other == target:
            continue
        forward = _row_node(other[0]), _column_node(grid, other[1])
        flow = capacity[forward[0]][forward[1]] - residual[forward[0]][forward[1]]
        witness[other[0]][other[1]] += -flow if _is_total(grid, other) else flow
    return amount, witness


def _max_flow(
    capacity: list[dict[int, int]], source: int, sink: int, limit: int
) -> tuple[int, list[dict[int, int]]]:
    """Edmonds-Karp maximum flow, stopped at ``limit``; returns the flow and residual capacities."""
    residual = [dict(arcs) for arcs in capacity]
    for node, arcs in enumerate(capacity):
        for neighbour in arcs:
            residual[neighbour].setdefault(node, 0)
    total = 0
    while total < limit:
        parent = {source: source}
        queue = deque([source])
        while queue and sink not in parent:
            node = queue.popleft()
            for neighbour, room in residual[node].items():
                if room > 0 and neighbour not in parent:
                    parent[neighbour] = node
                    queue.append(neighbour)
        if sink not in parent:
            break
        push = limit - total
        node = sink
        while node != source:
            push = min(push, residual[parent[node]][node])
            node = parent[node]
        node = sink
        while node != source:
            residual[parent[node]][node] -= push
            residual[node][parent[node]] += push
            node = parent[node]
        total += push
    return total, residual


# --- Internals: choosing the complements -----------------------------------------------------


def _secondary_suppression(
    grid: _Grid, primary: set[_Position], *, width: int, hide_zeros: bool
) -> set[_Position]:
    hidden = set(primary)
    settled: set[_Position] = set()
    # Larger primary cells first: their cycles tend to cover the smaller ones too.
    for target in sorted(primary, key=lambda position: (-grid[position[0]][position[1]], position)):
        if target in settled:
            continue
        rise, _unused = _movement(grid, hidden, target, increase=True)
        fall, _unused = _movement(grid, hidden, target, increase=False)
        if rise + fall >= width:
            settled.add(target)
            continue
        cycle = _cheapest_cycle(grid, hidden, target, width=width, hide_zeros=hide_zeros)
        hidden.update(cycle)
        settled.update(cycle)  # every cell on the cycle moves by `width` along it
    return hidden


def _cheapest_cycle(
    grid: _Grid, hidden: set[_Position], target: _Position, *, width: int, hide_zeros: bool
) -> list[_Position]:
    """The cheapest cycle of cells through ``target`` along which all can move by ``width``.

    A hidden cell costs nothing; a published one costs its count (twice its count for a total,
    because readers rely on the totals most), then one per cell. Cells whose
    count must go down on the cycle need a count of at least ``width``. Published zeros are never
    hidden as complements: a hidden zero can only move up, and the hidden cells of its line would
    add up to the small count itself. A cycle without them exists for any non-zero target (through
    the totals, at worst).
    """
    cells = len(grid) * len(grid[0])
    grand_total = (len(grid) - 1, len(grid[0]) - 1)
    row, column = target
    row_node, column_node = _row_node(row), _column_node(grid, column)
    arcs: list[list[tuple[int, int, _Position]]] = [[] for _node in range(len(grid) + len(grid[0]))]
    for position in _positions(grid):
        if position == target:
            continue
        value = grid[position[0]][position[1]]
        if value == 0 and not hide_zeros and position not in hidden:
            continue
        total = _is_total(grid, position)
        weight = 2 * value if total or position == grand_total else value
        cost = 0 if position in hidden else weight * (cells + 1) + 1
        forward = _row_node(position[0]), _column_node(grid, position[1])
        if not total or value >= width:  # dz > 0 lowers a total
            arcs[forward[0]].append((forward[1], cost, position))
        if total or value >= width:  # dz < 0 lowers an inner cell or the grand total
            arcs[forward[1]].append((forward[0], cost, position))
    target_value = grid[row][column]
    target_total = _is_total(grid, target)
    candidates: list[tuple[int, list[_Position]]] = []
    # Raise z of the target (row -> column), then come back from its column to its row; or lower it.
    for raises_z, source, sink in ((True, column_node, row_node), (False, row_node, column_node)):
        lowers_count = raises_z == target_total
        if lowers_count and target_value < width:
            continue
        found = _shortest_path(arcs, source, sink)
        if found is not None:
            candidates.append(found)
    if not candidates:
        raise RuntimeError(f"No protecting cycle through {target}; the table is inconsistent.")
    _cost, path = min(candidates)
    return [target, *path]


def _shortest_path(
    arcs: list[list[tuple[int, int, _Position]]], source: int, sink: int
) -> tuple[int, list[_Position]] | None:
    """Dijkstra; returns the cost and the cells along the path, or None if the sink is unreachable."""
    best = {source: 0}
    via: dict[int, tuple[int, _Position]] = {}
    queue = [(0, source)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == sink:
            path: list[_Position] = []
            while node != source:
                node, position = via[node]
                path.append(position)
            return cost, path[::-1]
        if cost > best[node]:
            continue
        for neighbour, step, position in arcs[node]:
            candidate = cost + step
            if candidate < best.get(neighbour, candidate + 1):
                best[neighbour] = candidate
                via[neighbour] = (node, position)
                heapq.heappush(queue, (candidate, neighbour))
    return None
