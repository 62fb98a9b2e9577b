"""Properties of disclosure control, on random tables and random releases of several tables.

The attacker here does not trust the module: it writes its own linear programme (with
``scipy.optimize.linprog``) from what is published alone (the shown numbers, the hidden marks and
what their footnotes say: a small count lies in [1, threshold - 1], any other hidden count is at
least 1, since zeros are published), plus the sums every reader knows (rows, columns, totals, and
the same total shown in several tables). For every hidden number it asks for the least and the
greatest value, and none may be pinned.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from keten.core.disclosure import ProtectedRelease, ProtectedTable, PublishedCell, Release, protect_table

# Small counts are the interesting ones: draw them often, and larger ones too.
COUNT = st.one_of(st.integers(0, 4), st.integers(0, 30))
THRESHOLD = 5


@st.composite
def tables(draw: st.DrawFn, max_side: int = 7) -> list[list[int]]:
    rows = draw(st.integers(1, max_side))
    columns = draw(st.integers(1, max_side))
    return [draw(st.lists(COUNT, min_size=columns, max_size=columns)) for _row in range(rows)]


class Attacker:
    """Unknowns, the sums a reader knows, and the bounds the footnotes give."""

    def __init__(self, threshold: int = THRESHOLD) -> None:
        self.threshold = threshold
        self.unknown: dict[str, tuple[int, int | None]] = {}
        self.shown: dict[str, int] = {}
        self.sums: list[tuple[str, list[str]]] = []

    def see(self, name: str, cell: PublishedCell) -> None:
        if cell.reason == "primary":
            self.unknown[name] = (1, self.threshold - 1)  # "fewer than 5 people"
        elif cell.reason == "secondary":
            self.unknown[name] = (1, None)  # zeros are published, so at least 1
        else:
            assert cell.value is not None
            assert self.shown.setdefault(name, cell.value) == cell.value, "one number, two values"
            assert cell.value == 0 or cell.value >= self.threshold, f"small count {name} shown"

    def knows_sum(self, total: str, parts: Sequence[str]) -> None:
        self.sums.append((total, list(parts)))

    def ranges(self) -> dict[str, tuple[float, float | None]]:
        names = sorted(self.unknown)
        column = {name: index for index, name in enumerate(names)}
        rows, rhs = [], []
        for total, parts in self.sums:
            row = [0.0] * len(names)
            constant = 0.0
            for name, sign in [(total, -1.0), *((part, 1.0) for part in parts)]:
                if name in column:
                    row[column[name]] += sign
                else:
                    constant += sign * self.shown[name]
            if any(row):
                rows.append(row)
                rhs.append(-constant)
        found: dict[str, tuple[float, float | None]] = {}
        for name in names:
            extremes: list[float | None] = []
            for sign in (1.0, -1.0):
                costs = [0.0] * len(names)
                costs[column[name]] = sign
                result = linprog(
                    costs,
                    A_eq=rows or None,
                    b_eq=rhs or None,
                    bounds=[self.unknown[other] for other in names],
                    method="highs",
                )
                assert result.status in (0, 3), result.message
                extremes.append(None if result.status == 3 else sign * result.fun)
            low, high = extremes
            assert low is not None
            found[name] = (low, high)
        return found

    def assert_nothing_pinned(self) -> None:
        for name, (low, high) in self.ranges().items():
            assert high is None or high - low >= 1 - 1e-6, f"{name} is pinned to {low}"


def see_table(
    attacker: Attacker,
    table: ProtectedTable,
    names: list[list[str]],
    rows: list[str],
    columns: list[str],
    total: str,
) -> None:
    """A two-way table with row totals ``rows``, column totals ``columns`` and grand ``total``."""
    for line, cells in zip(names, table.cells, strict=True):
        for name, cell in zip(line, cells, strict=True):
            attacker.see(name, cell)
    for name, cell in zip(rows, table.row_totals, strict=True):
        assert cell is not None
        attacker.see(name, cell)
    for name, cell in zip(columns, table.column_totals, strict=True):
        assert cell is not None
        attacker.see(name, cell)
    assert table.total is not None
    attacker.see(total, table.total)
    for name, line in zip(rows, names, strict=True):
        attacker.knows_sum(name, line)
    for index, name in enumerate(columns):
        attacker.knows_sum(name, [line[index] for line in names])
    attacker.knows_sum(total, rows)


@settings(max_examples=80, deadline=None)
@given(tables())
def test_no_hidden_cell_of_a_table_can_be_worked_out(counts: list[list[int]]) -> None:
    table = protect_table(
        counts,
        row_labels=[f"r{i}" for i in range(len(counts))],
        column_labels=[f"c{j}" for j in range(len(counts[0]))],
    )
    attacker = Attacker()
    names = [[f"r{i}c{j}" for j in range(len(counts[0]))] for i in range(len(counts))]
    rows = [f"r{i}" for i in range(len(counts))] if len(counts[0]) > 1 else [line[0] for line in names]
    see_table(attacker, table, names, rows, [f"c{j}" for j in range(len(counts[0]))], "total")

    attacker.assert_nothing_pinned()
    # Every shown number is the true one.
    for i, line in enumerate(counts):
        for j, value in enumerate(line):
            cell = table.cells[i][j]
            assert cell.suppressed or cell.value == value
            if 0 < value < THRESHOLD:
                assert cell.suppressed


PERSON = st.tuples(
    st.sampled_from([2021, 2022, 2023]),
    st.sampled_from(["woman", "man", "unknown"]),
    st.sampled_from(["minor", "adult", "age unknown"]),
    st.sampled_from(["labour", "sexual", "begging"]),
)


@settings(max_examples=40, deadline=None)
@given(st.lists(PERSON, min_size=1, max_size=80))
def test_no_hidden_cell_of_a_release_can_be_worked_out(people: list[tuple[int, str, str, str]]) -> None:
    """Three tables of one page: people by year and gender, by year and age, and by form. They
    share the people per year, the total, and nothing else; each is protected with the others."""
    years = sorted({person[0] for person in people})
    genders, ages, forms = (
        ["woman", "man", "unknown"],
        ["minor", "adult", "age unknown"],
        ["labour", "sexual", "begging"],
    )
    by_gender = Counter((year, gender) for year, gender, _age, _form in people)
    by_age = Counter((year, age) for year, _gender, age, _form in people)
    by_form = Counter(form for *_rest, form in people)
    release = Release()
    grids = {
        "gender": [[f"{year}/{gender}" for gender in genders] for year in years],
        "age": [[f"{year}/{age}" for age in ages] for year in years],
    }
    year_totals = [str(year) for year in years]
    release.add_grid(
        grids["gender"],
        [[by_gender[(year, gender)] for gender in genders] for year in years],
        row_totals=year_totals,
        column_totals=genders,
        total="people",
    )
    release.add_grid(
        grids["age"],
        [[by_age[(year, age)] for age in ages] for year in years],
        row_totals=year_totals,
        column_totals=ages,
        total="people",
    )
    release.add_grid(
        [[form] for form in forms], [[by_form[form]] for form in forms], column_totals=["people"]
    )

    published = release.protect()

    attacker = Attacker()
    for _name, grid, columns in (("gender", grids["gender"], genders), ("age", grids["age"], ages)):
        table = published.table(
            grid,
            row_labels=year_totals,
            column_labels=columns,
            row_totals=year_totals,
            column_totals=columns,
            total="people",
        )
        see_table(attacker, table, grid, year_totals, columns, "people")
    for form in forms:
        attacker.see(form, published.cell(form))
    attacker.knows_sum("people", forms)
    attacker.assert_nothing_pinned()
    assert_true_values(release, published)


def assert_true_values(release: Release, published: ProtectedRelease) -> None:
    for key, value in published.shown.items():
        assert release.value(key) == value
    for key, reason in published.hidden.items():
        if reason == "primary":
            assert 1 <= release.value(key) < THRESHOLD
        else:
            assert release.value(key) >= 1  # never a zero
