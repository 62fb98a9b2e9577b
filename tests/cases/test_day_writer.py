"""The lists' day writer writes every day exactly as Django's ``date_format`` does."""

from __future__ import annotations

from datetime import date, timedelta
from unittest import mock

from django.test import SimpleTestCase
from django.utils import dateformat, translation

from keten.cases.formatting import day_writer, format_day


class DayWriterTest(SimpleTestCase):
    def test_every_day_of_two_years_reads_the_same_in_every_language(self) -> None:
        for language in ("en", "nl", "fr", "de"):
            with self.subTest(language=language), translation.override(language):
                write = day_writer()
                day = date(2027, 1, 1)
                while day < date(2029, 1, 1):
                    self.assertEqual(write(day), format_day(day))
                    day += timedelta(days=1)

    def test_early_years_and_escaped_letters_read_the_same(self) -> None:
        shape = r"\d\a\y j/n/y, d.m.Y F N"
        with translation.override("nl"), mock.patch("keten.cases.formatting.get_format", return_value=shape):
            write = day_writer()
            for day in (date(5, 3, 9), date(2026, 12, 31), date(999, 9, 1)):
                self.assertEqual(write(day), dateformat.format(day, shape))

    def test_a_format_it_does_not_know_is_left_to_django(self) -> None:
        with (
            translation.override("en"),
            mock.patch("keten.cases.formatting.get_format", return_value="l j F Y"),
        ):
            write = day_writer()
        with translation.override("en"):
            # Django's own date_format with the language's DATE_FORMAT.
            self.assertEqual(write(date(2026, 12, 3)), format_day(date(2026, 12, 3)))
