"""The postal-code helper agrees with the region table, always shows every centre, and explains errors."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from keten.core import regions
from keten.knowledge.models import Centre
from tests.base import KetenTestCase

URL = "/{language}/help/which-centre/"


def boundary_codes() -> list[tuple[str, str]]:
    """(postal code, expected region) for the first and last code of every range."""
    codes: list[tuple[str, str]] = []
    for block in regions.POSTAL_RANGES:
        codes.append((f"{block.first:04d}", block.region))
        # The last code in use (9992, not 9999: codes above it do not exist).
        codes.append((f"{block.in_use_until or block.last:04d}", block.region))
        # Just outside the range: the neighbouring range's region, or invalid at the ends.
        for outside in (block.first - 1, block.last + 1):
            neighbour = next((b for b in regions.POSTAL_RANGES if b.first <= outside <= b.last), None)
            if neighbour is not None and neighbour.in_use(outside):
                codes.append((f"{outside:04d}", neighbour.region))
    return codes


def centre_order(html: str) -> list[str]:
    return re.findall(r'<article class="centre[^"]*" aria-labelledby="centre-([a-z-]+)"', html)


class WhichCentreTests(KetenTestCase):
    def test_it_agrees_with_the_region_table_at_every_boundary(self) -> None:
        for code, region in boundary_codes():
            response = self.client.get(URL.format(language="en"), {"postal_code": code})
            self.assertEqual(response.status_code, 200, code)
            expected = regions.REGION_CENTRE[region]
            order = centre_order(response.content.decode())
            self.assertEqual(order[0], expected, code)
            self.assertEqual(sorted(order), sorted(regions.CENTRES), code)
            self.assertContains(
                response, f'<article class="centre centre-recommended" aria-labelledby="centre-{expected}"'
            )

    def test_it_refuses_codes_just_outside_the_belgian_series(self) -> None:
        for code in ("0999", "0000"):
            response = self.client.get(URL.format(language="en"), {"postal_code": code})
            self.assertContains(response, "Belgian postal codes go from 1000 to 9999", status_code=400)

    def test_it_accepts_the_belgian_prefix_and_refuses_codes_not_in_use(self) -> None:
        for code in ("B-1000", "B1000", "1000"):
            response = self.client.get(URL.format(language="en"), {"postal_code": code})
            self.assertEqual(response.status_code, 200, code)
            self.assertEqual(centre_order(response.content.decode())[0], regions.PAG_ASA, code)
        for language, message in (
            ("en", "is not a Belgian postal code"),
            ("nl", "is geen Belgische postcode"),
        ):
            response = self.client.get(URL.format(language=language), {"postal_code": "9999"})
            self.assertContains(response, f"9999 {message}", status_code=400)

    def test_it_always_shows_every_centre(self) -> None:
        for query in ({}, {"postal_code": "1000"}, {"postal_code": "oops"}):
            response = self.client.get(URL.format(language="nl"), query)
            self.assertEqual(sorted(centre_order(response.content.decode())), sorted(regions.CENTRES), query)

    def test_it_explains_invalid_codes_in_the_visitors_language(self) -> None:
        cases = {
            "12": "A Belgian postal code has four digits, for example 1000.",
            "12a4": "A Belgian postal code has four digits, for example 1000.",
            "0500": "Belgian postal codes go from 1000 to 9999. Check the number and try again.",
            "": "Enter a postal code, for example 1000.",
        }
        for language in ("nl", "fr", "en", "de"):
            for code, message in cases.items():
                with translation.override(language):
                    translated = translation.gettext(message)
                if language != "en":
                    self.assertNotEqual(translated, message, f"{language}: {message} is not translated")
                response = self.client.get(URL.format(language=language), {"postal_code": code})
                self.assertContains(response, translated.replace("'", "&#x27;"), status_code=400)
                # The typed value is kept, and the field says what is wrong.
                self.assertContains(response, 'aria-invalid="true"', status_code=400)
                if code:
                    self.assertContains(response, f'value="{code}"', status_code=400)

    def test_it_accepts_spaces_around_the_code(self) -> None:
        response = self.client.get(URL.format(language="en"), {"postal_code": " 2000 "})
        self.assertEqual(centre_order(response.content.decode())[0], regions.PAYOKE)

    def test_it_follows_the_regions_an_administrator_set(self) -> None:
        Centre.objects.filter(slug=regions.PAYOKE).update(regions=[])
        Centre.objects.filter(slug=regions.PAG_ASA).update(regions=[regions.BRUSSELS, regions.FLEMISH])
        response = self.client.get(URL.format(language="en"), {"postal_code": "9000"})
        self.assertEqual(centre_order(response.content.decode())[0], regions.PAG_ASA)

    def test_it_falls_back_to_ketens_routing_when_no_centre_claims_the_region(self) -> None:
        Centre.objects.update(regions=[])
        response = self.client.get(URL.format(language="en"), {"postal_code": "4000"})
        self.assertEqual(centre_order(response.content.decode())[0], regions.SURYA)

    def test_it_sends_the_form_from_the_help_page_with_get(self) -> None:
        html = self.client.get(reverse("knowledge:help")).content.decode()
        self.assertIn(f'<form method="get" action="{reverse("knowledge:which_centre")}"', html)
        self.assertNotIn("csrfmiddlewaretoken", html)
