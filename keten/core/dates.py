"""Calendar arithmetic for deadlines and ages.

Everything here works on :class:`datetime.date`, a calendar day, never on ``datetime``:
a residence document is valid until a day, not until an instant, so no time zone can
move it.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

MAJORITY_AGE = 18
"""A minor is a person who has not yet reached 18 (old Civil Code art. 388)."""


def _require_date(value: date, name: str) -> None:
    # datetime is a subclass of date: without this check a datetime would slip through
    # and carry a time, possibly naive, into a calendar rule.
    if isinstance(value, datetime):
        raise TypeError(f"{name} must be a date, not a datetime")


def days_in_month(year: int, month: int) -> int:
    """Number of days in ``month`` of ``year`` (28 to 31)."""
    return calendar.monthrange(year, month)[1]


def add_months(d: date, months: int) -> date:
    """The same day ``months`` calendar months later (earlier when negative).

    When the target month is shorter, the result is its last day: 31 January + 1 month
    is 28 February (29 in a leap year), and 29 February 2028 + 12 months is
    28 February 2029. So a document valid for 3 months from 30 November is valid until
    28 or 29 February.
    """
    _require_date(d, "d")
    year, month_index = divmod(d.year * 12 + (d.month - 1) + months, 12)
    month = month_index + 1
    return date(year, month, min(d.day, days_in_month(year, month)))


def add_days(d: date, days: int) -> date:
    """The day ``days`` calendar days later (earlier when negative)."""
    _require_date(d, "d")
    return d + timedelta(days=days)


def age_on(birth: date, on: date) -> int:
    """Age in completed years on the day ``on``.

    Choice: a person born on 29 February becomes a year older on 1 March in a year
    without 29 February, since the year is only completed once 28 February has passed
    ([verify] should a Belgian rule say otherwise). Raises ValueError before the birth.
    """
    _require_date(birth, "birth")
    _require_date(on, "on")
    if on < birth:
        raise ValueError("the day is before the birth date")
    had_birthday = (on.month, on.day) >= (birth.month, birth.day)
    return on.year - birth.year - (0 if had_birthday else 1)


def is_minor_on(birth: date, on: date) -> bool:
    """Whether a person born on ``birth`` is under :data:`MAJORITY_AGE` on ``on``."""
    return age_on(birth, on) < MAJORITY_AGE
