"""The language switch's links: the same page in each language, without resolving the path four times."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.urls import URLPattern, URLResolver, get_resolver, translate_url
from django.utils import translation
from django.utils.functional import Promise

from keten.context_processors import other_language_url


def _routes(patterns: list[URLPattern | URLResolver]) -> list[object]:
    found: list[object] = []
    for pattern in patterns:
        found.append(getattr(pattern.pattern, "_route", getattr(pattern.pattern, "_regex", None)))
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns)
    return found


class LanguageUrlTests(SimpleTestCase):
    def test_no_path_segment_is_translated(self) -> None:
        # other_language_url swaps only the language prefix: a translated segment would break it.
        translated = [route for route in _routes(get_resolver().url_patterns) if isinstance(route, Promise)]
        self.assertEqual(translated, [])

    def test_the_same_page_and_query_in_each_language(self) -> None:
        paths = ["/en/", "/en/cases/12/?tab=notes&page=2", "/en/report/inbox/?danger=1"]
        with translation.override("en"):
            for path in paths:
                for code in ("nl", "fr", "de", "en"):
                    with self.subTest(path=path, code=code):
                        self.assertEqual(other_language_url(path, code), translate_url(path, code))
            self.assertEqual(other_language_url("/en/cases/12/?tab=notes", "fr"), "/fr/cases/12/?tab=notes")

    def test_a_missing_page_is_offered_in_the_other_language_too(self) -> None:
        # translate_url leaves a path it cannot resolve as it is: the switch on a 404 page then
        # led back to the same language.
        with translation.override("en"):
            self.assertEqual(other_language_url("/en/no-such-page/", "nl"), "/nl/no-such-page/")

    def test_paths_outside_the_languages_are_left_to_django(self) -> None:
        with translation.override("nl"):
            self.assertEqual(other_language_url("/healthz", "fr"), translate_url("/healthz", "fr"))
