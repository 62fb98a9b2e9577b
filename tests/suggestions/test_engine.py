"""Indicators and forms suggested from free text, with the words that triggered them."""

from __future__ import annotations

from django.test import SimpleTestCase

from keten.core import indicators
from keten.suggestions import lexicon
from keten.suggestions.engine import suggest
from keten.suggestions.text import guess_language


def codes(text: str) -> tuple[set[str], set[str]]:
    result = suggest(text)
    return {item.code for item in result.indicators}, {item.code for item in result.forms}


class EngineTests(SimpleTestCase):
    def test_every_lexicon_entry_names_a_catalogue_indicator_in_all_four_languages(self) -> None:
        for code, by_language in lexicon.INDICATOR_RULES.items():
            with self.subTest(code=code):
                self.assertIn(code, indicators.BY_ID)
                self.assertEqual(set(by_language), {"nl", "fr", "en", "de"})

    def test_it_marks_the_words_that_triggered_a_sign(self) -> None:
        text = "De baas heeft zijn paspoort afgenomen."
        result = suggest(text)
        [sign] = result.indicators
        self.assertEqual(sign.code, "general.documents_taken")
        self.assertEqual([text[span.start : span.end] for span in sign.spans], ["paspoort", "afgenomen"])
        self.assertEqual(
            result.segments(),
            [
                ("De baas heeft zijn ", False),
                ("paspoort", True),
                (" ", False),
                ("afgenomen", True),
                (".", False),
            ],
        )

    def test_the_same_sign_is_found_in_each_language(self) -> None:
        for text in (
            "The boss took his passport.",
            "De baas nam zijn paspoort af en bewaart het.",
            "Le patron a pris son passeport.",
            "Der Chef hat ihm den Reisepass abgenommen.",
        ):
            with self.subTest(text=text):
                self.assertIn("general.documents_taken", codes(text)[0])

    def test_a_negated_sign_is_not_suggested(self) -> None:
        for text in (
            "Nobody took his passport.",
            "Niemand heeft haar paspoort afgenomen.",
            "Personne ne lui a pris son passeport.",
            "Niemand hat ihm den Pass abgenommen.",
            "She keeps her own passport.",
        ):
            with self.subTest(text=text):
                self.assertEqual(codes(text), (set(), set()))

    def test_a_form_needs_words_that_name_it_or_a_sector_together_with_a_sign(self) -> None:
        self.assertEqual(codes("My sister works in a restaurant and likes it."), (set(), set()))
        signs, forms = codes("He sleeps in the restaurant kitchen.")
        self.assertEqual((signs, forms), ({"general.sleeps_at_workplace"}, {"labour"}))
        self.assertEqual(codes("Children beg at the station.")[1], {"begging"})

    def test_threats_alone_point_to_no_form(self) -> None:
        self.assertEqual(
            codes("He is threatened every day."), ({"forced_labour.intimidation_and_threats"}, set())
        )

    def test_labels_and_reasons_are_catalogue_texts_ready_for_translation(self) -> None:
        result = suggest("Ze krijgen maar 2 euro per uur en slapen in de serre.")
        for item in result.indicators:
            self.assertEqual(item.label, indicators.get(item.code).label)
        self.assertIn("“", result.indicators[0].reason.render())

    def test_it_guesses_the_language_from_the_text(self) -> None:
        self.assertEqual(guess_language("Hij werkt zonder contract in de serre."), "nl")
        self.assertEqual(guess_language("Il travaille sans contrat dans la serre."), "fr")
        self.assertEqual(guess_language("Er arbeitet ohne Vertrag im Gewächshaus."), "de")
        self.assertEqual(guess_language("He works without a contract in the greenhouse."), "en")
        self.assertEqual(guess_language("0470 12 34 56", "fr"), "fr")

    def test_hostile_input_gives_an_answer_not_an_error(self) -> None:
        for text in ("", "\x00" * 50, "€" * 5000, "a" * 100000, "+" + "9" * 500, "@" * 300):
            with self.subTest(length=len(text)):
                suggest(text)


class SpeedTests(SimpleTestCase):
    def test_a_long_report_is_read_in_well_under_the_request_time(self) -> None:
        import time

        text = ("De baas nam zijn paspoort af; hij slaapt in het magazijn en werkt 14 uur per dag. ") * 240
        started = time.perf_counter()
        result = suggest(text)
        self.assertLess(time.perf_counter() - started, 5.0)
        self.assertIn("general.documents_taken", {item.code for item in result.indicators})
