"""Every public page, in every language: renders, has its texts, and keeps the visitor safe."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from keten.knowledge.models import Centre
from keten.knowledge.pages import PUBLIC_PAGES
from tests.base import KetenTestCase
from tests.knowledge.helpers import LANGUAGES, MAILTO, TEL, collect, public_urls

QUICK_EXIT = "https://www.meteo.be/"
# Figures about victims: a number next to a word for victims, a percentage, or millions.
FIGURES = re.compile(
    r"\d[\d.,\s]*\s*(?:victims|slachtoffers|victimes|opfer|%|million|miljoen|mio)", re.IGNORECASE
)


class PublicPageTests(KetenTestCase):
    def test_it_renders_every_page_in_every_language(self) -> None:
        for language in LANGUAGES:
            for url in public_urls(language):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                self.assertContains(response, f'<html lang="{language}">')

    def test_it_offers_german_by_default(self) -> None:
        self.assertIn("de", LANGUAGES)
        for url in public_urls("de"):
            response = self.client.get(url)
            self.assertContains(response, '<html lang="de">')
            self.assertContains(response, "Menschenhandel")

    def test_it_gives_every_page_its_own_title_and_description(self) -> None:
        for language in LANGUAGES:
            with translation.override(language):
                expected = [
                    (reverse(page.url_name), str(page.title), str(page.description)) for page in PUBLIC_PAGES
                ]
            titles = set()
            for url, title, description in expected:
                html = self.client.get(url).content.decode()
                found = re.search(r"<title>(.*?)</title>", html, re.S)
                assert found is not None
                self.assertIn(title.replace("'", "&#x27;"), found.group(1), url)
                self.assertIn(
                    f'<meta name="description" content="{description}', html.replace("&#x27;", "'"), url
                )
                titles.add(found.group(1))
            self.assertEqual(len(titles), len(PUBLIC_PAGES))

    def test_it_names_the_page_in_every_language(self) -> None:
        for url in public_urls("fr"):
            html = self.client.get(url).content.decode()
            for language in LANGUAGES:
                self.assertIn(f'hreflang="{language}" href="http', html, url)

    def test_it_reaches_get_help_in_one_tap_from_every_page(self) -> None:
        for language in LANGUAGES:
            with translation.override(language):
                help_url = reverse("knowledge:help")
            for url in public_urls(language):
                self.assertContains(self.client.get(url), f'class="help-now" href="{help_url}"')

    def test_it_writes_every_phone_and_mail_link_well(self) -> None:
        for language in LANGUAGES:
            for url in public_urls(language):
                links = collect(self.client.get(url).content.decode()).links
                for _tag, _attribute, value in links:
                    if value.startswith("tel:"):
                        self.assertRegex(value, TEL, url)
                    if value.startswith("mailto:"):
                        self.assertRegex(value, MAILTO, url)

    def test_it_shows_the_hotline_and_every_centre_on_the_help_page(self) -> None:
        response = self.client.get(reverse("knowledge:help"))
        self.assertContains(response, 'href="tel:112"')
        self.assertContains(response, 'href="tel:101"')
        self.assertContains(response, 'href="tel:+3278055800"')
        for phone, email in (
            ("tel:+3225116464", "mailto:info@pag-asa.be"),
            ("tel:+3232011690", "mailto:admin@payoke.be"),
            ("tel:+3242324030", "mailto:info@asblsurya.be"),
        ):
            self.assertContains(response, f'href="{phone}"')
            self.assertContains(response, f'href="{email}"')

    def test_it_writes_a_brussels_address_in_the_readers_language(self) -> None:
        for language, street, city in (
            ("fr", "Rue des Alexiens 16b", "1000 Bruxelles"),
            ("nl", "Cellebroersstraat 16b", "1000 Brussel"),
            # Brussels has no official German street names: German readers get the French ones.
            ("de", "Rue des Alexiens 16b", "1000 Bruxelles"),
        ):
            with translation.override(language):
                response = self.client.get(reverse("knowledge:help"))
            self.assertContains(response, street)
            self.assertContains(response, city)
        with translation.override("fr"):
            self.assertContains(self.client.get(reverse("knowledge:help")), "Rue Rouveroy 2")

    def test_it_puts_a_no_break_space_before_a_colon_in_french_only(self) -> None:
        with translation.override("fr"):
            french = self.client.get(reverse("knowledge:help")).content.decode()
        with translation.override("nl"):
            dutch = self.client.get(reverse("knowledge:help")).content.decode()
        self.assertIn("Téléphone\u00a0: ", french)
        self.assertNotRegex(french, r"\w: <a")
        self.assertIn("Telefoon: ", dutch)

    def test_it_reads_the_centres_from_the_database(self) -> None:
        Centre.objects.filter(slug="payoke").update(phone="+32 3 000 00 00", email="new@payoke.example")
        response = self.client.get(reverse("knowledge:help"))
        self.assertContains(response, 'href="tel:+3230000000"')
        self.assertContains(response, 'href="mailto:new@payoke.example"')
        self.assertNotContains(response, "admin@payoke.be")

    def test_it_sets_no_cookie_on_public_pages(self) -> None:
        for language in LANGUAGES:
            for url in [*public_urls(language), reverse("knowledge:which_centre") + "?postal_code=1000"]:
                response = self.client.get(url)
                self.assertEqual(response.cookies, {}, url)
                self.assertNotIn("Set-Cookie", response.headers, url)

    def test_it_refers_to_no_other_site_except_links_to_the_centres(self) -> None:
        allowed = {QUICK_EXIT, *Centre.objects.values_list("website", flat=True)}
        for language in LANGUAGES:
            for url in public_urls(language):
                for tag, attribute, value in collect(self.client.get(url).content.decode()).links:
                    if value.startswith(
                        ("/", "#", "tel:", "mailto:", "http://testserver", "http://127.0.0.1")
                    ):
                        continue
                    # Only plain links may leave Keten: nothing is ever loaded from another site.
                    self.assertEqual((tag, attribute), ("a", "href"), f"{url}: {value}")
                    self.assertIn(value, allowed, f"{url}: {value}")

    def test_it_loads_no_script_or_style_from_elsewhere(self) -> None:
        for url in public_urls("en"):
            html = self.client.get(url).content.decode()
            self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=\"/static/)[^>]*>", html), url)
            self.assertNotIn(" style=", html, url)
            self.assertNotIn("<style", html, url)

    def test_it_shows_no_figures_about_victims(self) -> None:
        for language in LANGUAGES:
            for url in public_urls(language):
                text = " ".join(collect(self.client.get(url).content.decode()).text)
                self.assertIsNone(FIGURES.search(text), f"{url}: {FIGURES.search(text)}")

    def test_it_links_to_the_screening_tool_only_when_it_exists(self) -> None:
        from keten.knowledge.pages import optional_url

        html = self.client.get(reverse("knowledge:recognise")).content.decode()
        url = optional_url("screening:start")
        if url is None:
            self.assertNotIn("/screening/", html)
        else:
            self.assertIn(f'href="{url}"', html)

    def test_it_links_to_the_report_form_only_when_it_exists(self) -> None:
        from keten.knowledge.pages import optional_url

        html = self.client.get(reverse("knowledge:help")).content.decode()
        url = optional_url("intake:new")
        if url is None:
            self.assertNotIn("/report/", html)
        else:
            self.assertIn(f'href="{url}"', html)

    def test_it_answers_head_but_refuses_post(self) -> None:
        for url in public_urls("nl"):
            self.assertEqual(self.client.head(url).status_code, 200, url)
            self.assertEqual(self.client.post(url).status_code, 405, url)

    def test_it_shows_the_five_forms_with_their_sectors(self) -> None:
        response = self.client.get("/en/forms-of-exploitation/")
        for title in (
            "Sexual exploitation",
            "Labour exploitation",
            "Exploitation of begging",
            "Removal of organs or body material",
            "Forced criminality",
        ):
            self.assertContains(response, title)
        self.assertContains(response, "Construction")
        self.assertContains(response, "Domestic work in private homes")

    def test_it_lists_the_signs_from_the_indicator_catalogue(self) -> None:
        from keten.core.indicators import GENERAL_INDICATORS

        response = self.client.get("/en/recognising-a-victim/")
        for indicator in GENERAL_INDICATORS:
            self.assertContains(response, indicator.label.replace("'", "&#x27;"))


class SitemapTests(KetenTestCase):
    def test_it_lists_every_public_page_in_every_language(self) -> None:
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        xml = response.content.decode()
        for language in LANGUAGES:
            for url in public_urls(language):
                self.assertIn(f"<loc>http://testserver{url}</loc>", xml)
            for path in ("screening/", "report/", "figures/", "easy-read/flyer.pdf"):
                self.assertIn(f"<loc>http://testserver/{language}/{path}</loc>", xml)
        self.assertIn('hreflang="x-default"', xml)

    def test_the_footer_leads_to_the_public_figures(self) -> None:
        response = self.client.get("/fr/")
        self.assertContains(response, 'href="/fr/figures/"')
