from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from keten.knowledge.names import country_name, language_name, parse_countries, parse_languages


class CountryNamesTest(SimpleTestCase):
    def test_names_follow_the_reader_language(self) -> None:
        for language, belgium in (("nl", "België"), ("fr", "Belgique"), ("en", "Belgium"), ("de", "Belgien")):
            with translation.override(language):
                self.assertEqual(country_name("BE"), belgium)
                self.assertEqual(country_name("be"), belgium)

    def test_every_country_keten_accepts_has_a_name_in_every_language(self) -> None:
        from keten.core.law import COUNTRY_CODES

        for language in ("nl", "fr", "en", "de"):
            unnamed = [code for code in COUNTRY_CODES if country_name(code, language) == code]
            self.assertEqual(unnamed, [], language)

    def test_names_and_codes_in_any_language_give_iso_codes(self) -> None:
        self.assertEqual(
            parse_countries("Roemenië, nigeria; Côte d'Ivoire\nbe"), (["RO", "NG", "CI", "BE"], [])
        )
        self.assertEqual(parse_countries("ro ng"), (["RO", "NG"], []))
        self.assertEqual(parse_countries("Cote d’ivoire, Allemagne"), (["CI", "DE"], []))
        self.assertEqual(parse_countries("RO, Ro, Romania"), (["RO"], []))
        self.assertEqual(parse_countries(""), ([], []))

    def test_german_names_give_iso_codes(self) -> None:
        self.assertEqual(parse_countries("Rumänien, Äthiopien, Deutschland"), (["RO", "ET", "DE"], []))
        self.assertEqual(parse_languages("Rumänisch, Deutsch"), (["ro", "de"], []))
        with translation.override("de"):
            self.assertEqual(country_name("NG"), "Nigeria")
            self.assertEqual(language_name("ro"), "Rumänisch")

    def test_unknown_countries_are_named_back(self) -> None:
        self.assertEqual(parse_countries("Nigeria, Atlantis, ZZ"), (["NG"], ["Atlantis", "ZZ"]))

    def test_languages_by_name_or_code(self) -> None:
        self.assertEqual(parse_languages("Roemeens, english, TI"), (["ro", "en", "ti"], []))
        self.assertEqual(parse_languages("xq, Klingonish"), ([], ["Klingonish", "xq"]))
        with translation.override("fr"):
            self.assertEqual(language_name("ro"), "roumain")
