"""The reference data: one source, consistent with the rules in keten.core."""

from __future__ import annotations

from django.test import SimpleTestCase
from django.utils import translation

from keten.core import law, regions
from keten.knowledge import reference
from tests.knowledge.helpers import TEL


class ReferenceTests(SimpleTestCase):
    def test_it_has_one_form_per_purpose_of_the_law(self) -> None:
        # The five purposes of the 1867 Code; the new Code's purposes are not confirmed (law.py).
        self.assertEqual(tuple(form.id for form in reference.FORMS), law.CLASSIC_PURPOSES)
        for form in reference.FORMS:
            self.assertTrue(form.situations, form.id)
            self.assertIs(reference.get_form(form.id), form)

    def test_it_maps_every_sector_to_an_isic_section(self) -> None:
        self.assertEqual(list(reference.ISIC_SECTIONS), [chr(code) for code in range(ord("A"), ord("U") + 1)])
        for sector in reference.SECTORS:
            self.assertIn(sector.isic_section, reference.ISIC_SECTIONS, sector.id)
        self.assertEqual(reference.sectors_in_isic_section("F"), (reference.SECTORS_BY_ID["construction"],))
        for sector_id in reference.get_form("labour").sectors:
            self.assertIn(sector_id, reference.SECTORS_BY_ID)

    def test_it_writes_phone_links_in_international_form(self) -> None:
        self.assertEqual(reference.tel_href("+32 78 055 800"), "tel:+3278055800")
        self.assertEqual(reference.tel_href("+32 2 511 64 64"), "tel:+3225116464")
        self.assertEqual(reference.tel_href("112"), "tel:112")
        for bad in ("02 511 64 64", "+32", "hello"):
            with self.assertRaises(ValueError):
                reference.tel_href(bad)
        for number in reference.HELP_NUMBERS:
            self.assertRegex(number.tel_href, TEL)

    def test_it_follows_the_numbers_of_the_core_rules(self) -> None:
        self.assertEqual(reference.HELP_NUMBERS_BY_ID["emergency"].number, regions.EMERGENCY_NUMBER)
        self.assertEqual(reference.HELP_NUMBERS_BY_ID["police"].number, regions.POLICE_NUMBER)
        self.assertEqual(reference.HELP_NUMBERS_BY_ID["hotline"].number, regions.HOTLINE_NUMBER)
        self.assertEqual(set(reference.REGION_LABELS), set(regions.REGIONS))

    def test_it_translates_the_labels(self) -> None:
        with translation.override("nl"):
            self.assertNotEqual(str(reference.get_form("labour").title), "Labour exploitation")
        with translation.override("fr"):
            self.assertNotEqual(str(reference.ISIC_SECTIONS["A"]), "Agriculture, forestry and fishing")

    def test_it_lists_the_chain_phases_and_partners(self) -> None:
        self.assertEqual(
            [phase.id for phase in reference.CHAIN_PHASES],
            [
                "detection",
                "identification",
                "protection",
                "guidance",
                "investigation",
                "arrest",
                "prosecution",
                "conviction",
                "compensation",
            ],
        )
        from keten.accounts.roles import OrganisationKind

        for partner in reference.PARTNERS:
            self.assertIn(partner.organisation_kind, OrganisationKind.values, partner.id)
