from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from keten.core.dates import (
    MAJORITY_AGE,
    add_days,
    add_months,
    age_on,
    days_in_month,
    is_minor_on,
)

reasonable_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 1, 31), 3, date(2026, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2028, 2, 29), 6, date(2028, 8, 29)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2028, 2, 29), 48, date(2032, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2026, 12, 31), 1, date(2027, 1, 31)),
        (date(2026, 12, 15), 13, date(2028, 1, 15)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 17), 0, date(2026, 5, 17)),
    ],
)
def test_it_adds_months(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2027, 12, 20), 45, date(2028, 2, 3)),  # across a year end
        (date(2028, 1, 20), 45, date(2028, 3, 5)),  # across 29 February 2028
        (date(2027, 2, 1), 45, date(2027, 3, 18)),  # no leap day in 2027
        (date(2028, 2, 1), 45, date(2028, 3, 17)),
        (date(2027, 12, 31), 60, date(2028, 2, 29)),
        (date(2026, 3, 1), -1, date(2026, 2, 28)),
    ],
)
def test_it_adds_days(start: date, days: int, expected: date) -> None:
    assert add_days(start, days) == expected


def test_it_refuses_datetimes() -> None:
    moment = datetime(2026, 1, 31, 12, tzinfo=UTC)
    with pytest.raises(TypeError):
        add_months(moment, 1)
    with pytest.raises(TypeError):
        add_days(moment, 1)
    with pytest.raises(TypeError):
        age_on(date(2000, 1, 1), moment)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2000, 5, 10), date(2018, 5, 9), 17),
        (date(2000, 5, 10), date(2018, 5, 10), 18),
        (date(2000, 5, 10), date(2000, 5, 10), 0),
        # Born on 29 February: a year older on 1 March when there is no 29 February.
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2028, 2, 28), 19),
        (date(2008, 2, 29), date(2028, 2, 29), 20),
    ],
)
def test_it_computes_ages(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_it_refuses_a_day_before_the_birth() -> None:
    with pytest.raises(ValueError, match="before the birth"):
        age_on(date(2020, 1, 1), date(2019, 12, 31))


def test_it_tells_minors_from_adults() -> None:
    assert MAJORITY_AGE == 18
    assert is_minor_on(date(2008, 2, 29), date(2026, 2, 28))
    assert not is_minor_on(date(2008, 2, 29), date(2026, 3, 1))
    assert is_minor_on(date(2010, 6, 1), date(2028, 5, 31))
    assert not is_minor_on(date(2010, 6, 1), date(2028, 6, 1))


@given(reasonable_dates, st.integers(min_value=-1200, max_value=1200))
def test_it_keeps_the_day_or_the_last_day_of_the_month(d: date, months: int) -> None:
    result = add_months(d, months)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == months
    assert result.day == min(d.day, days_in_month(result.year, result.month))


@given(reasonable_dates, st.integers(min_value=1, max_value=1200))
def test_it_moves_forward_with_positive_months(d: date, months: int) -> None:
    assert add_months(d, months) > d


@given(reasonable_dates, st.integers(min_value=0, max_value=40_000))
def test_it_never_decreases_an_age(birth: date, days: int) -> None:
    on = add_days(birth, days)
    assert age_on(birth, on) <= age_on(birth, add_days(on, 1))
    assert age_on(birth, on) >= 0
