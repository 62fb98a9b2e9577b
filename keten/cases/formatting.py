"""Messages and dates of the case files, as the reader reads them.

The rules in ``keten.core.procedure`` put dates into their messages as ISO strings
(YYYY-MM-DD) so that core stays free of Django; here they become dates in the reader's
language ("16 octobre 2026", "16 oktober 2026") before the message is translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import lru_cache

from django.utils.dates import MONTHS_AP
from django.utils.formats import date_format
from django.utils.translation import gettext

from keten.core.i18n import Message, ParamValue
from keten.core.i18n import render as render_core

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def format_day(day: date) -> str:
    """A calendar day in the active language's date format (``DATE_FORMAT``)."""
    return date_format(day, "DATE_FORMAT")


DayWriter = Callable[[date], str]


def _localise(value: ParamValue, days: DayWriter) -> ParamValue:
    if isinstance(value, Message):
        return localise_dates(value, days)
    if isinstance(value, tuple):
        return tuple(localise_dates(item, days) for item in value)
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        try:
            return days(date.fromisoformat(value))
        except ValueError:
            return value
    return value


def localise_dates(message: Message, days: DayWriter = format_day) -> Message:
    """The same message with every ISO date parameter written in the active language."""
    if not message.params:
        return message
    return Message(message.text, {name: _localise(value, days) for name, value in message.params.items()})


def render_message(message: Message, days: DayWriter = format_day) -> str:
    """Translate a core message for the reader, with its dates in the reader's language.

    A list rendering many messages passes ``days``, a :func:`format_day` that remembers the
    days it wrote for that list (the same few days come back in many rows).
    """
    return render_core(localise_dates(message, days), gettext)


def day_writer() -> DayWriter:
    """A :func:`format_day` for one list, in the language active now: each day formatted once."""
    return lru_cache(maxsize=None)(format_day)


class ShortDays:
    """Days as the templates' ``|date:"j N Y"`` writes them ("7 Sept. 2026"), for lists: the month
    abbreviations of the current language are looked up once, not once per row."""

    def __init__(self) -> None:
        self.months = {number: str(label) for number, label in MONTHS_AP.items()}

    def __call__(self, value: date | None) -> str:
        return f"{value.day} {self.months[value.month]} {value.year:04d}" if value else ""
