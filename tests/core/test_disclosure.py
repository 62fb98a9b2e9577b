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
    ProtectedTable,
    PublishedCell,
    Reason,
    apply_suppression,
    describe_method,
    extreme_tables,
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


def hidden(table: ProtectedTable) -> dict[CellKey, Reason | None]:
    return {key: table.cell(key).reason for key in table.suppressed}


def naive(counts: Sequence[Sequence[int]], cells: Sequence[CellKey]) -> ProtectedTable:
    """Only primary suppression: what a careless release would publish."""
    return apply_suppression(
        counts,
        dict.fromkeys(cells, "primary"),
        row_labels=[f"row {i}" for i in range(len(counts))],
        column_labels=[f"column {j}" for j in range(len(counts[0]))],
        method=describe_method(),
    )


def test_it_hides_a_small_cell_and_the_cheapest_rectangle_around_it() -> None:
    counts = [[3, 10, 12], [8, 9, 15]]

    table = protect(counts)

    assert hidden(table) == {
        (0, 0): "primary",
        (0, 1): "secondary",
        (1, 0): "secondary",
        (1, 1): "secondary",
    }
    assert table.cells[0][2] == PublishedCell.shown(12)
    assert [cell.value for cell in table.row_totals] == [25, 32]
    assert [cell.value for cell in table.column_totals] == [11, 19, 27]
    assert table.total.value == 57
    assert feasible_interval(counts, table) == {
        (0, 0): Interval(0, 11),
        (0, 1): Interval(2, 13),
        (1, 0): Interval(0, 11),
        (1, 1): Interval(6, 17),
    }


def test_it_forces_a_second_suppression_in_a_row_with_a_single_small_cell() -> None:
    counts = [[2, 40], [30, 50]]

    table = protect(counts)

    assert table.cell((0, 0)).reason == "primary"
    # Row 0 would give the small cell away through its total: another cell in it is hidden.
    assert table.cell((0, 1)).reason == "secondary"
    assert table.cell((1, 0)).suppressed and table.cell((1, 1)).suppressed
    assert all(not interval.pinned for interval in feasible_interval(counts, table).values())


def test_it_hides_everything_small_and_still_publishes_large_totals() -> None:
    counts = [[1, 2, 3], [4, 1, 2], [3, 3, 1]]

    table = protect(counts)

    assert all(cell.reason == "primary" for row in table.cells for cell in row)
    assert [cell.value for cell in table.row_totals] == [6, 7, 7]
    assert [cell.value for cell in table.column_totals] == [8, 6, 6]
    assert table.total.value == 20
    assert all(not interval.pinned for interval in feasible_interval(counts, table).values())


def test_it_hides_small_totals() -> None:
    counts = [[1, 2], [10, 20]]

    table = protect(counts)

    assert table.row_totals[0].reason == "primary"  # a row of 3 people
    assert table.total.value == 33


def test_it_publishes_zeros_and_never_hides_them_as_complements() -> None:
    counts = [[3, 0, 12], [0, 9, 15], [7, 8, 0]]

    table = protect(counts)

    for key in table.keys():
        row, column = key
        if row is not None and column is not None and counts[row][column] == 0:
            assert table.cell(key) == PublishedCell.shown(0)
    assert all(not interval.pinned for interval in feasible_interval(counts, table).values())


def test_it_hides_zeros_when_asked() -> None:
    counts = [[0, 10, 12], [8, 9, 15]]

    table = protect(counts, suppress_zeros=True)

    assert table.cell((0, 0)).reason == "primary"
    assert all(not interval.pinned for interval in feasible_interval(counts, table).values())
    assert "from 0 to 4" in table.method.render()


def test_it_leaves_a_table_without_small_counts_alone() -> None:
    counts = [[5, 10], [0, 7]]

    table = protect(counts)

    assert table.suppressed == ()
    assert feasible_interval(counts, table) == {}


def test_it_follows_a_custom_threshold() -> None:
    counts = [[7, 20, 30], [20, 20, 30]]

    assert protect(counts).suppressed == ()
    assert protect(counts, min_count=10).cell((0, 0)).reason == "primary"


def test_it_widens_the_protection_interval_on_request() -> None:
    counts = [[3, 10, 12], [8, 9, 15], [20, 6, 11]]

    table = protect(counts, min_interval_width=6)

    for interval in feasible_interval(counts, table).values():
        assert interval.width is None or interval.width >= 6


def test_it_protects_a_one_way_table() -> None:
    counts = [3, 10, 12, 0, 40]

    table = protect_column(counts, labels=list("abcde"), column_label="victims")

    assert table.cells[0][0].reason == "primary"
    assert table.row_totals[0].suppressed
    assert table.cells[3][0] == PublishedCell.shown(0)
    assert table.column_totals[0].value == table.total.value == 65
    hidden_rows = [row for row in range(len(counts)) if table.cells[row][0].suppressed]
    assert hidden_rows == [0, 1]  # the smallest non-zero complement
    for row in range(len(counts)):
        assert table.row_totals[row] == table.cells[row][0]
    intervals = feasible_interval([[count] for count in counts], table)
    assert intervals[(0, 0)] == Interval(0, 13)


def test_it_hides_the_total_of_a_one_way_table_when_it_is_the_only_way() -> None:
    counts = [2, 0]

    table = protect_column(counts, labels=["a", "b"], column_label="victims")

    assert table.total.reason == "primary"
    assert feasible_interval([[2], [0]], table)[(0, 0)].high is None


def test_it_describes_the_method_with_parameters() -> None:
    table = protect([[3, 10], [8, 9]])

    assert table.method.params == {"threshold": 5, "highest_hidden": 4}
    assert "%(highest_hidden)s" in table.method.text
    assert "cannot be worked out from the totals" in table.method.text
    explanation = table.explain((0, 0))
    assert explanation is not None and explanation.params == {"threshold": 5}
    assert table.explain((0, None)) is None


def test_it_detects_a_value_recovered_from_the_totals() -> None:
    counts = [[3, 10, 12], [8, 9, 15]]

    intervals = feasible_interval(counts, naive(counts, [(0, 0)]))

    assert intervals == {(0, 0): Interval(3, 3)}
    assert intervals[(0, 0)].pinned


def test_it_detects_recovery_through_a_chain_of_hidden_cells() -> None:
    # Rows and columns each hold two hidden cells, yet the pattern pins them: (1, 2) is alone in
    # column 2 and gives (1, 0) away through row 1, which gives (0, 0) away through column 0.
    counts = [[2, 3, 40], [1, 30, 3], [20, 30, 40]]

    intervals = feasible_interval(counts, naive(counts, [(0, 0), (0, 1), (1, 0), (1, 2)]))

    assert intervals[(1, 2)] == Interval(3, 3)
    assert intervals[(1, 0)] == Interval(1, 1)
    assert intervals[(0, 0)] == Interval(2, 2)


def test_it_gives_tables_that_show_the_interval() -> None:
    counts = [[3, 10, 12], [8, 9, 15]]
    table = protect(counts)

    lowest, highest = extreme_tables(counts, table, (0, 0))

    assert lowest == [[0, 13, 12, 25], [11, 6, 15, 32], [11, 19, 27, 57]]
    assert highest == [[11, 2, 12, 25], [0, 17, 15, 32], [11, 19, 27, 57]]


def test_it_refuses_an_audit_against_a_different_table() -> None:
    table = protect([[3, 10], [8, 9]])

    with pytest.raises(ValueError, match="differs"):
        feasible_interval([[3, 10], [8, 10]], table)


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
