"""Disclosure control: small hand-checked tables, the auditor, noise and the privacy budget."""

from __future__ import annotations

import random
from collections.abc import Sequence
from decimal import Decimal

import pytest

from keten.core.disclosure import (
    CellKey,
    Interval,
    PrivacyBudget,
    PrivacyBudgetExceeded,
    ProtectedRelease,
    ProtectedTable,
    PublishedCell,
    Reason,
    Release,
    apply_suppression,
    feasible_interval,
    geometric_counts,
    protect_column,
    protect_table,
)


def protect(
    counts: Sequence[Sequence[int]],
    *,
    min_count: int = 5,
    suppress_zeros: bool = False,
    min_interval_width: int = 1,
) -> ProtectedTable:
    return protect_table(
        counts,
        row_labels=[f"row {i}" for i in range(len(counts))],
        column_labels=[f"column {j}" for j in range(len(counts[0]))],
        min_count=min_count,
        suppress_zeros=suppress_zeros,
        min_interval_width=min_interval_width,
    )


def hidden_cells(table: ProtectedTable) -> dict[CellKey, Reason | None]:
    return {key: cell.reason for key in table.suppressed if (cell := table.cell(key)) is not None}


def pattern(counts: Sequence[Sequence[int]], reasons: dict[CellKey, Reason]) -> ProtectedTable:
    """A hidden pattern chosen by hand: what a careless release would publish."""
    return apply_suppression(
        counts,
        reasons,
        row_labels=[f"row {i}" for i in range(len(counts))],
        column_labels=[f"column {j}" for j in range(len(counts[0]))],
    )


def assert_protected(counts: Sequence[Sequence[int]], table: ProtectedTable, width: int = 1) -> None:
    intervals = feasible_interval(counts, table)
    assert set(intervals) == set(table.suppressed)
    for key, interval in intervals.items():
        assert interval.width is None or interval.width >= width, (key, interval)


# --- The two attacks of issue 15 ---------------------------------------------------------------


FORCED_CRIMINALITY_BY_YEAR = [[5], [4], [9], [4], [7], [6], [6]]  # total 41


def test_the_interval_attack_pins_two_small_cells_that_only_hide_each_other() -> None:
    """5, x, 9, x, 7, 6, 6, total 41: the two hidden cells sum to 8, and each is at most 4."""
    published = pattern(FORCED_CRIMINALITY_BY_YEAR, {(1, 0): "primary", (3, 0): "primary"})

    intervals = feasible_interval(FORCED_CRIMINALITY_BY_YEAR, published)

    assert intervals == {(1, 0): Interval(4, 4), (3, 0): Interval(4, 4)}


def test_it_protects_two_small_cells_against_their_bounds() -> None:
    table = protect_column(
        [row[0] for row in FORCED_CRIMINALITY_BY_YEAR], labels=list("abcdefg"), column_label="n"
    )

    assert table.cells[1][0].reason == table.cells[3][0].reason == "primary"
    assert table.cells[0][0].reason == "secondary"  # the smallest other year, 5
    assert table.total == PublishedCell.shown(41)
    intervals = feasible_interval(FORCED_CRIMINALITY_BY_YEAR, table)
    assert intervals[(1, 0)] == intervals[(3, 0)] == Interval(1, 4)
    assert intervals[(0, 0)] == Interval(5, 11)


def test_the_interval_attack_pins_a_row_of_ones_under_a_hidden_total() -> None:
    """A "Not known" row with four hidden cells and a hidden total: each is at least 1, the total
    at most 4, so every cell is 1."""
    counts = [[1, 1, 1, 1], [20, 30, 25, 40]]
    reasons: dict[CellKey, Reason] = {(0, column): "primary" for column in range(4)}
    reasons[(0, None)] = "primary"
    reasons.update({(None, column): "secondary" for column in range(4)})

    intervals = feasible_interval(counts, pattern(counts, reasons))

    assert all(intervals[(0, column)] == Interval(1, 1) for column in range(4))


def test_it_protects_a_row_of_ones() -> None:
    counts = [[1, 1, 1, 1], [20, 30, 25, 40]]

    table = protect(counts)

    assert all(table.cells[0][column].reason == "primary" for column in range(4))
    assert_protected(counts, table)


def age_and_gender(hidden: dict[str, Reason]) -> tuple[Release, ProtectedRelease]:
    """Two one-way tables of one page sharing their total: gender (120 women, 80 men) and age
    (4 minors, 196 adults)."""
    release = Release()
    release.add_grid([["women"], ["men"]], [[120], [80]], column_totals=["people"])
    release.add_grid([["minors"], ["adults"]], [[4], [196]], column_totals=["people"])
    shown = {key: release.value(key) for key in release.published if key not in hidden}
    return release, ProtectedRelease(shown=shown, hidden=hidden)


def test_the_margin_attack_combines_two_tables_of_one_release() -> None:
    """The age table alone hides its total and the minors and shows 196 adults; the gender table
    shows the total, 200: there are 4 minors."""
    release, published = age_and_gender({"minors": "primary"})

    assert release.audit(published) == {"minors": Interval(4, 4)}


def test_it_protects_a_margin_shared_by_two_tables() -> None:
    release, _naive = age_and_gender({})

    published = release.protect()

    assert published.hidden["minors"] == "primary"
    assert published.cell("people") == published.cell("people")  # one key: one decision
    intervals = release.audit(published)
    assert not intervals["minors"].pinned
    assert all(interval.width is None or interval.width >= 1 for interval in intervals.values())


def test_a_shared_margin_is_hidden_everywhere_or_nowhere() -> None:
    release = Release()
    release.add_grid([["women"], ["men"]], [[2], [1]], column_totals=["people"])
    release.add_grid([["minors"], ["adults"]], [[0], [3]], column_totals=["people"])

    published = release.protect()

    assert published.hidden["people"] == "primary"
    with pytest.raises(ValueError, match="Two counts"):
        release.count("people", 4)


# --- One table ---------------------------------------------------------------------------------


def test_it_hides_a_small_cell_and_complements_around_it() -> None:
    counts = [[3, 10, 12], [8, 9, 15]]

    table = protect(counts)

    assert hidden_cells(table)[(0, 0)] == "primary"
    assert len(hidden_cells(table)) >= 4
    assert table.total == PublishedCell.shown(57)
    assert_protected(counts, table)


def test_it_forces_a_second_suppression_in_a_row_with_a_single_small_cell() -> None:
    counts = [[2, 40], [30, 50]]

    table = protect(counts)

    assert table.cells[0][0].reason == "primary"
    assert table.cells[0][1].suppressed or table.row_totals[0] is not None and table.row_totals[0].suppressed
    assert_protected(counts, table)


def test_it_hides_everything_small_and_still_publishes_large_totals() -> None:
    counts = [[1, 2, 3], [4, 1, 2], [3, 3, 1]]

    table = protect(counts)

    assert all(cell.reason == "primary" for row in table.cells for cell in row)
    assert table.total == PublishedCell.shown(20)
    assert_protected(counts, table)


def test_it_hides_small_totals() -> None:
    counts = [[1, 2], [10, 20]]

    table = protect(counts)

    assert table.row_totals[0] == PublishedCell.hidden("primary")  # a row of 3 people
    assert_protected(counts, table)


def test_it_publishes_zeros_and_never_hides_them_as_complements() -> None:
    counts = [[3, 0, 12], [0, 9, 15], [7, 8, 0]]

    table = protect(counts)

    for row, values in enumerate(counts):
        for column, value in enumerate(values):
            if value == 0:
                assert table.cells[row][column] == PublishedCell.shown(0)
    assert_protected(counts, table)


def test_it_hides_zeros_when_asked() -> None:
    counts = [[0, 10, 12], [8, 9, 15]]

    table = protect(counts, suppress_zeros=True)

    assert table.cells[0][0].reason == "primary"
    assert_protected(counts, table)
    assert "from 0 to 4" in table.method.render()


def test_it_leaves_a_table_without_small_counts_alone() -> None:
    counts = [[5, 10], [0, 7]]

    table = protect(counts)

    assert table.suppressed == ()
    assert feasible_interval(counts, table) == {}


def test_it_follows_a_custom_threshold() -> None:
    counts = [[7, 20, 30], [20, 20, 30]]

    assert protect(counts).suppressed == ()
    assert protect(counts, min_count=10).cells[0][0].reason == "primary"


def test_it_widens_the_protection_interval_on_request() -> None:
    counts = [[3, 10, 12], [8, 9, 15], [20, 6, 11]]

    table = protect(counts, min_count=10, min_interval_width=6)

    assert_protected(counts, table, width=6)


def test_it_refuses_a_width_that_small_counts_can_never_have() -> None:
    with pytest.raises(ValueError, match="cannot be met"):
        protect([[3, 10]], min_interval_width=4)  # a hidden 1 to 4 moves by 3 at most


def test_it_protects_a_one_way_table() -> None:
    counts = [3, 10, 12, 0, 40]

    table = protect_column(counts, labels=list("abcde"), column_label="victims")

    assert table.cells[0][0].reason == "primary"
    assert table.row_totals[0] == table.cells[0][0]
    assert table.cells[3][0] == PublishedCell.shown(0)
    assert table.total == PublishedCell.shown(65)
    assert [row for row in range(len(counts)) if table.cells[row][0].suppressed] == [0, 1]
    assert feasible_interval([[count] for count in counts], table)[(0, 0)] == Interval(1, 4)


def test_it_hides_the_total_of_a_one_way_table_when_it_is_the_only_way() -> None:
    counts = [2, 0]

    table = protect_column(counts, labels=["a", "b"], column_label="victims")

    assert table.total == PublishedCell.hidden("primary")
    assert feasible_interval([[2], [0]], table)[(0, 0)] == Interval(1, 4)


def test_it_describes_the_method_with_parameters() -> None:
    table = protect([[3, 10], [8, 9]])

    assert table.method.params == {"threshold": 5, "highest_hidden": 4}
    assert "%(highest_hidden)s" in table.method.text
    assert "cannot be worked out from the totals" in table.method.text
    explanation = table.explain((0, 0))
    assert explanation is not None and explanation.params == {"threshold": 5}
    assert table.explain((None, None)) is None


def test_it_detects_a_value_recovered_from_the_totals() -> None:
    counts = [[3, 10, 12], [8, 9, 15]]

    intervals = feasible_interval(counts, pattern(counts, {(0, 0): "primary"}))

    assert intervals == {(0, 0): Interval(3, 3)}
    assert intervals[(0, 0)].pinned


def test_it_detects_recovery_through_a_chain_of_hidden_cells() -> None:
    # (1, 2) is alone in column 2 and gives (1, 0) away through row 1, which gives (0, 0) away
    # through column 0.
    counts = [[2, 3, 40], [1, 30, 3], [20, 30, 40]]
    reasons: dict[CellKey, Reason] = dict.fromkeys([(0, 0), (0, 1), (1, 0), (1, 2)], "primary")

    intervals = feasible_interval(counts, pattern(counts, reasons))

    assert intervals[(1, 2)] == Interval(3, 3)
    assert intervals[(1, 0)] == Interval(1, 1)
    assert intervals[(0, 0)] == Interval(2, 2)


def test_it_assumes_what_a_reader_knows_of_a_complement() -> None:
    """A complement is never a zero (zeros are published): at least 1, with no upper bound."""
    counts = [[1], [5]]  # x, x, total 6

    intervals = feasible_interval(counts, pattern(counts, {(0, 0): "primary", (1, 0): "secondary"}))

    assert intervals == {(0, 0): Interval(1, 4), (1, 0): Interval(2, 5)}


def test_it_refuses_an_audit_against_a_different_table() -> None:
    table = protect([[3, 10], [8, 9]])

    with pytest.raises(ValueError, match="differs"):
        feasible_interval([[3, 10], [8, 10]], table)


def test_it_refuses_relations_the_counts_break() -> None:
    release = Release()
    release.count("a", 3)
    release.count("b", 4)

    with pytest.raises(ValueError, match="break"):
        release.add_sum("a", ["b"])


def test_it_treats_a_quantity_no_table_shows_as_unknown() -> None:
    release = Release(min_count=3)
    release.publish("a", 2)
    release.publish("b", 2)
    release.count("c", 4)
    release.add_sum("c", ["a", "b"])  # known to exist, never published

    published = release.protect()

    assert published.hidden == {"a": "primary", "b": "primary"}
    assert release.audit(published) == {"a": Interval(1, 2), "b": Interval(1, 2)}
    with pytest.raises(ValueError, match="not part of this release"):
        published.cell("c")


@pytest.mark.parametrize(
    "counts",
    [[], [[]], [[1, -1]], [[1, 2], [3]], [[True, 2]]],
)
def test_it_rejects_malformed_tables(counts: list[list[int]]) -> None:
    with pytest.raises(ValueError):
        protect_table(counts, row_labels=["a"] * len(counts), column_labels=["x", "y"])


def test_it_rejects_a_threshold_that_hides_nothing() -> None:
    with pytest.raises(ValueError):
        protect([[1]], min_count=1)


def test_it_adds_integer_geometric_noise_deterministically() -> None:
    counts = [0, 3, 10, 250]

    first = geometric_counts(counts, 1.0, random.Random(7))
    second = geometric_counts(counts, 1.0, random.Random(7))

    assert first == second
    assert all(isinstance(value, int) and value >= 0 for value in first)


def test_it_centres_geometric_noise_on_the_true_count() -> None:
    rng = random.Random(1)

    noisy = geometric_counts([100] * 4000, 0.5, rng, clamp_at_zero=False)

    mean = sum(noisy) / len(noisy)
    assert abs(mean - 100) < 0.3
    # Variance of the two-sided geometric: 2 alpha / (1 - alpha)^2, alpha = exp(-0.5): about 7.7.
    variance = sum((value - mean) ** 2 for value in noisy) / len(noisy)
    assert 6.5 < variance < 9


def test_it_rejects_a_non_positive_epsilon() -> None:
    with pytest.raises(ValueError):
        geometric_counts([1], 0.0, random.Random(1))


def test_it_spends_a_privacy_budget_exactly() -> None:
    budget = PrivacyBudget(total=Decimal("1"))

    budget = budget.spend(0.1).spend(0.2).spend("0.7")

    assert budget.spent == Decimal("1.0")
    assert budget.remaining == 0


def test_it_refuses_to_overspend_with_a_reason() -> None:
    budget = PrivacyBudget(total=Decimal("1"), spent=Decimal("0.8"))

    with pytest.raises(PrivacyBudgetExceeded) as refused:
        budget.spend(Decimal("0.5"))

    assert refused.value.message.params == {"needed": "0.5", "remaining": "0.2", "total": "1"}
    assert budget.spent == Decimal("0.8")
    assert budget.refusal("0.2") is None


@pytest.mark.parametrize("epsilon", [0, -1, "nan", "abc", float("inf")])
def test_it_rejects_a_nonsense_epsilon(epsilon: int | str | float) -> None:
    with pytest.raises(ValueError):
        PrivacyBudget(total=Decimal(1)).spend(epsilon)


def test_it_rejects_an_inconsistent_budget() -> None:
    with pytest.raises(ValueError):
        PrivacyBudget(total=Decimal(1), spent=Decimal(2))
