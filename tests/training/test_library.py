"""The practice cases are data: every file fits the schema, the library covers what the issue asks,
and the engine still gives each case's expected answer (so a change in the law is caught here)."""

from __future__ import annotations

import json
from pathlib import Path

from django.test import SimpleTestCase
from django.utils import translation

from keten.core import law
from keten.training.feedback import ELEMENT_IDS, expected_values
from keten.training.library import CASES_DIR, LANGUAGES, TRAPS, CaseError, load_case, load_library

VALID = json.loads((CASES_DIR / "01-loverboy.json").read_text(encoding="utf-8"))


class EngineAgreementTest(SimpleTestCase):
    def test_it_gives_every_case_its_expected_answer_element_by_element(self) -> None:
        with translation.override("en"):
            for case in load_library():
                engine = expected_values(case.facts)
                expected = case.expected.model_dump()
                self.assertEqual(set(expected), set(ELEMENT_IDS), case.id)
                for element in ELEMENT_IDS:
                    with self.subTest(case=case.id, element=element):
                        self.assertEqual(
                            engine[element],
                            expected[element],
                            f"{case.id}: the engine now says {engine[element]!r} for {element}; "
                            "check the change in the law or the engine, then the case file",
                        )


class CoverageTest(SimpleTestCase):
    def setUp(self) -> None:
        self.cases = load_library()

    def test_it_has_at_least_thirty_cases(self) -> None:
        self.assertGreaterEqual(len(self.cases), 30)

    def test_it_teaches_the_law_before_and_after_the_new_code(self) -> None:
        starts = [case.facts["facts_date"]["from"] for case in self.cases if case.facts.get("facts_date")]
        self.assertTrue(any(start < "2026-04-08" for start in starts))
        self.assertTrue(any(start >= "2026-04-08" for start in starts))

    def test_it_covers_every_form_of_exploitation_for_adults_and_minors_together(self) -> None:
        # Every purpose of the 1867 Code, and forced marriage from the new Code. Illegal adoption
        # and surrogacy are not required: Keten has not read them in Belgian law (docs/training.md).
        for purpose in (*law.CLASSIC_PURPOSES, "forced_marriage"):
            self.assertTrue(any(purpose in case.forms for case in self.cases), purpose)
        self.assertTrue(all(form in law.PURPOSES for case in self.cases for form in case.forms))
        self.assertTrue(any(case.minor for case in self.cases))
        self.assertTrue(any(not case.minor for case in self.cases))
        minors_forms = {form for case in self.cases if case.minor for form in case.forms}
        self.assertGreaterEqual(minors_forms, {"sexual", "labour", "begging", "forced_crime"})

    def test_it_covers_belgians_eu_and_non_eu_nationals(self) -> None:
        groups = {case.nationality for case in self.cases}
        self.assertGreaterEqual(groups, {"belgian", "eu", "non_eu"})

    def test_it_covers_every_trap(self) -> None:
        for trap in TRAPS:
            self.assertTrue(any(trap in case.traps for case in self.cases), trap)

    def test_it_covers_every_qualification_and_urgency(self) -> None:
        self.assertEqual({case.expected.qualification for case in self.cases}, set(law.QUALIFICATIONS))
        self.assertEqual({case.expected.urgency for case in self.cases}, {"emergency", "urgent", "normal"})

    def test_it_tells_every_case_in_four_languages(self) -> None:
        for case in self.cases:
            for language in LANGUAGES:
                for text in (case.title, case.story, case.lesson):
                    self.assertTrue(text.get(language).strip(), f"{case.id} {language}")
            self.assertNotEqual(case.story.get("de"), case.story.get("en"), case.id)
            self.assertNotEqual(case.story.get("nl"), case.story.get("fr"), case.id)

    def test_it_has_exactly_three_demo_cases(self) -> None:
        self.assertEqual(len([case for case in self.cases if case.demo]), 3)


class SchemaTest(SimpleTestCase):
    def write(self, directory: Path, name: str, data: dict[str, object]) -> Path:
        path = directory / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        return path

    def check_refused(self, data: dict[str, object], words: str, name: str = "01-loverboy") -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = self.write(Path(folder), name, data)
            with self.assertRaises(CaseError) as raised:
                load_case(path)
        self.assertIn(words, str(raised.exception))
        self.assertIn(f"{name}.json", str(raised.exception))

    def test_it_refuses_a_missing_german_story(self) -> None:
        story = {key: value for key, value in VALID["story"].items() if key != "de"}
        self.check_refused({**VALID, "story": story}, "story.de")

    def test_it_refuses_facts_outside_the_screening_contract(self) -> None:
        self.check_refused({**VALID, "facts": {**VALID["facts"], "purposes": ["marriage"]}}, "purposes")

    def test_it_refuses_an_unknown_trap(self) -> None:
        self.check_refused({**VALID, "traps": ["borders"]}, "traps")

    def test_it_refuses_a_minor_tag_the_facts_contradict(self) -> None:
        self.check_refused({**VALID, "minor": False}, "minor")

    def test_it_refuses_a_nationality_tag_the_facts_contradict(self) -> None:
        self.check_refused({**VALID, "nationality": "non_eu"}, "nationality")

    def test_it_refuses_an_id_that_is_not_the_file_name(self) -> None:
        self.check_refused(VALID, "file name", name="99-other")

    def test_it_refuses_an_unknown_field(self) -> None:
        self.check_refused({**VALID, "answer": "trafficking"}, "answer")

    def test_it_refuses_a_file_that_is_not_json(self) -> None:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "01-loverboy.json"
            path.write_text("{not json", encoding="utf-8")
            with self.assertRaises(CaseError):
                load_case(path)
