"""Properties of disclosure control, on random tables.

The checks here do not trust the module's own arithmetic: candidate tables are checked against the
published numbers by plain addition, and on tiny tables the auditor is compared with a brute-force
search over every table that agrees with what was published.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from keten.core.disclosure import (
    CellKey,
    ProtectedTable,
    Reason,
    apply_suppression,
    describe_method,
    extreme_tables,
    feasible_interval,
    protect_table,
)

# Small counts are the interesting ones: draw them often, and larger ones too.
COUNT = st.one_of(st.integers(0, 4), st.integers(0, 30))


@st.composite
def tables(draw: st.DrawFn, max_side: int = 8, count: st.SearchStrategy[int] = COUNT) -> list[list[int]]:
    rows = draw(st.integers(1, max_side))
    columns = draw(st.integers(1, max_side))
    return [draw(st.lists(count, min_size=columns, max_size=columns)) for _row in range(rows)]


def protect(
    counts: Sequence[Sequence[int]],
    *,
    min_count: int = 5,
    suppress_zeros: bool = False,
    min_interval_width: int = 1,
) -> ProtectedTable:
    return protect_table(
        counts,
        row_labels=[f"r{i}" for i in range(len(counts))],
        column_labels=[f"c{j}" for j in range(len(counts[0]))],
        min_count=min_count,
        suppress_zeros=suppress_zeros,
        min_interval_width=min_interval_width,
    )


def true_value(counts: Sequence[Sequence[int]], key: CellKey) -> int:
    row, column = key
    rows = range(len(counts)) if row is None else [row]
    columns = range(len(counts[0])) if column is None else [column]
    return sum(counts[i][j] for i in rows for j in columns)


def agrees(bordered: Sequence[Sequence[int]], published: ProtectedTable) -> bool:
    """Could this full table (totals in the last row and column) be the one behind ``published``?"""
    cells = [list(line[:-1]) for line in bordered[:-1]]
    if any(value < 0 for line in bordered for value in line):
        return False
    if [list(line) for line in bordered] != [[*line, sum(line)] for line in cells] + [
        [sum(column) for column in zip(*[[*line, sum(line)] for line in cells], strict=True)]
    ]:
        return False
    return all(
        published.cell(key).suppressed or published.cell(key).value == true_value(cells, key)
        for key in published.keys()
    )


def at(bordered: Sequence[Sequence[int]], key: CellKey) -> int:
    row, column = key
    return bordered[-1 if row is None else row][-1 if column is None else column]


@settings(max_examples=150, deadline=None)
@given(tables())
def test_it_never_lets_a_hidden_value_be_worked_out(counts: list[list[int]]) -> None:
    table = protect(counts)

    intervals = feasible_interval(counts, table)

    assert set(intervals) == set(table.suppressed)
    for key, interval in intervals.items():
        assert true_value(counts, key) in interval
        assert not interval.pinned
        # Evidence anyone can check: two tables agreeing with everything published, differing here.
        lowest, highest = extreme_tables(counts, table, key)
        assert agrees(lowest, table) and agrees(highest, table)
        assert at(lowest, key) == interval.low
        assert at(highest, key) != interval.low
        if interval.high is not None:
            assert at(highest, key) == interval.high


@settings(max_examples=150, deadline=None)
@given(tables())
def test_it_publishes_no_small_count_and_only_true_totals(counts: list[list[int]]) -> None:
    table = protect(counts)

    for key in table.keys():
        cell = table.cell(key)
        if cell.suppressed:
            assert true_value(counts, key) != 0  # zeros are published, never hidden
        else:
            assert cell.value == true_value(counts, key)
            assert cell.value == 0 or cell.value >= 5
        if cell.reason == "primary":
            assert 1 <= true_value(counts, key) <= 4


@settings(max_examples=100, deadline=None)
@given(
    tables(max_side=5),
    st.integers(2, 10),
    st.booleans(),
    st.integers(1, 4),
)
def test_it_honours_every_option(
    counts: list[list[int]], min_count: int, suppress_zeros: bool, width: int
) -> None:
    table = protect(counts, min_count=min_count, suppress_zeros=suppress_zeros, min_interval_width=width)

    for key, interval in feasible_interval(counts, table).items():
        assert true_value(counts, key) in interval
        assert interval.width is None or interval.width >= width
    for key in table.keys():
        value = table.cell(key).value
        if value is not None:
            assert value >= min_count or (value == 0 and not suppress_zeros)


@st.composite
def tiny_release(draw: st.DrawFn) -> tuple[list[list[int]], ProtectedTable]:
    """A tiny table with any hidden pattern that keeps the grand total (so every cell is bounded)."""
    counts = draw(tables(max_side=2, count=st.integers(0, 3)))
    keys: list[CellKey] = [
        (row, column)
        for row in [*range(len(counts)), None]
        for column in [*range(len(counts[0])), None]
        if (row, column) != (None, None)
    ]
    chosen = draw(st.lists(st.sampled_from(keys), unique=True))
    reasons: dict[CellKey, Reason] = dict.fromkeys(chosen, "primary")
    published = apply_suppression(
        counts,
        reasons,
        row_labels=[f"r{i}" for i in range(len(counts))],
        column_labels=[f"c{j}" for j in range(len(counts[0]))],
        method=describe_method(),
    )
    return counts, published


@settings(max_examples=300, deadline=None)
@given(tiny_release())
def test_it_finds_exactly_the_values_an_exhaustive_search_finds(
    release: tuple[list[list[int]], ProtectedTable],
) -> None:
    counts, published = release
    grand_total = true_value(counts, (None, None))
    rows, columns = len(counts), len(counts[0])
    choices = [
        range(grand_total + 1) if published.cells[i][j].suppressed else [counts[i][j]]
        for i in range(rows)
        for j in range(columns)
    ]
    candidates = []
    for values in itertools.product(*choices):
        cells = [list(values[i * columns : (i + 1) * columns]) for i in range(rows)]
        if all(
            published.cell(key).suppressed or published.cell(key).value == true_value(cells, key)
            for key in published.keys()
        ):
            candidates.append(cells)

    intervals = feasible_interval(counts, published)

    for key, interval in intervals.items():
        possible = [true_value(cells, key) for cells in candidates]
        assert interval == (min(possible), max(possible))


def test_it_can_fail_an_unprotected_release() -> None:
    """The auditor is not a rubber stamp: primary suppression alone leaks."""
    counts = [[2, 12, 9], [15, 3, 20], [8, 11, 14]]
    naive = apply_suppression(
        counts,
        {(0, 0): "primary", (1, 1): "primary"},
        row_labels=["a", "b", "c"],
        column_labels=["x", "y", "z"],
        method=describe_method(),
    )

    intervals = feasible_interval(counts, naive)

    assert intervals[(0, 0)].pinned and intervals[(0, 0)].low == 2
    assert intervals[(1, 1)].pinned and intervals[(1, 1)].low == 3
