"""Messages and dates of the case files, as the reader reads them.

The rules in ``keten.core.procedure`` put dates into their messages as ISO strings
(YYYY-MM-DD) so that core stays free of Django; here they become dates in the reader's
language ("16 octobre 2026", "16 oktober 2026") before the message is translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from functools import lru_cache

from django.utils.dateformat import re_escaped, re_formatchars
from django.utils.dates import MONTHS, MONTHS_AP
from django.utils.formats import date_format, get_format
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

    A list rendering many messages passes ``days``, the :func:`day_writer` of that list.
    """
    return render_core(localise_dates(message, days), gettext)


class _MonthNames:
    """Month names of the active language, each translated when first asked (a list of five
    rows needs two or three of them, not all twelve)."""

    def __init__(self, labels: Mapping[int, object]) -> None:
        self.labels = labels
        self.names: dict[int, str] = {}

    def __getitem__(self, month: int) -> str:
        name = self.names.get(month)
        if name is None:
            name = self.names[month] = str(self.labels[month])
        return name


def _day_parts(day_format: str) -> list[Callable[[date], str] | str] | None:
    """``day_format`` split as Django's ``dateformat`` splits it: literal text, and a function per
    format character. None when it uses a character this short list does not know."""
    months = _MonthNames(MONTHS)
    short_months = _MonthNames(MONTHS_AP)
    writers: dict[str, Callable[[date], str]] = {
        "d": lambda day: f"{day.day:02d}",
        "j": lambda day: str(day.day),
        "m": lambda day: f"{day.month:02d}",
        "n": lambda day: str(day.month),
        "F": lambda day: months[day.month],
        "N": lambda day: short_months[day.month],
        "Y": lambda day: f"{day.year:04d}",
        "y": lambda day: f"{day.year % 100:02d}",
    }
    parts: list[Callable[[date], str] | str] = []
    for index, piece in enumerate(re_formatchars.split(day_format)):
        if index % 2:
            if piece not in writers:
                return None
            parts.append(writers[piece])
        elif piece:
            parts.append(re_escaped.sub(r"\1", piece))
    return parts


def day_writer() -> DayWriter:
    """:func:`format_day` for one list, in the language active now, with the same result.

    The format and the month names are looked up once for the list, not once per day (Django's
    ``date_format`` does both, and builds a formatter object, for every day it writes)."""
    parts = _day_parts(str(get_format("DATE_FORMAT")))
    if parts is None:
        return lru_cache(maxsize=None)(format_day)
    pieces = parts

    def write(day: date) -> str:
        return "".join(part if isinstance(part, str) else part(day) for part in pieces)

    return write


class ShortDays:
    """Days as the templates' ``|date:"j N Y"`` writes them ("7 Sept. 2026"), for lists: each month
    abbreviation of the current language is looked up once, not once per row."""

    def __init__(self) -> None:
        self.months = _MonthNames(MONTHS_AP)

    def __call__(self, value: date | None) -> str:
        return f"{value.day} {self.months[value.month]} {value.year:04d}" if value else ""
