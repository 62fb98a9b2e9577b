"""The web shell: headers, languages, quick exit, error pages, no third parties, no cookies."""

from __future__ import annotations

import re

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from tests.base import KetenTestCase

THIRD_PARTY = re.compile(
    r"""(?:src|href|action)\s*=\s*["'](?:https?:)?//(?!127\.0\.0\.1|localhost|testserver)"""
)


class SecurityHeaderTests(KetenTestCase):
    def test_it_sends_a_strict_content_security_policy(self) -> None:
        response = self.client.get("/en/")
        policy = response["Content-Security-Policy"]
        self.assertIn("default-src 'self'", policy)
        self.assertIn("script-src 'self'", policy)
        self.assertNotIn("unsafe-inline", policy)
        self.assertIn("frame-ancestors 'none'", policy)

    def test_it_sends_the_other_security_headers(self) -> None:
        response = self.client.get("/en/")
        self.assertEqual(response["Referrer-Policy"], "no-referrer")
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("camera=()", response["Permissions-Policy"])
        self.assertNotIn("Strict-Transport-Security", response)

    @override_settings(SECURE_HSTS_SECONDS=63072000, SECURE_SSL_REDIRECT=False)
    def test_it_sends_hsts_on_https(self) -> None:
        response = self.client.get("/en/", secure=True)
        self.assertIn("max-age=63072000", response["Strict-Transport-Security"])

    def test_it_never_caches_pages_behind_login(self) -> None:
        self.login(self.worker_a)
        self.assertEqual(self.client.get(reverse("accounts:home"))["Cache-Control"], "no-store")

    def test_it_has_no_inline_script(self) -> None:
        self.login(self.admin)
        for url in ("/en/", reverse("accounts:home"), reverse("accounts:people"), reverse("audit:list")):
            html = self.client.get(url).content.decode()
            self.assertIsNone(re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url)
            self.assertNotIn(" onclick=", html, url)


class PublicPageTests(KetenTestCase):
    def test_it_shows_the_quick_exit_on_public_pages(self) -> None:
        for language in ("nl", "fr", "en", "de"):
            response = self.client.get(f"/{language}/")
            self.assertContains(response, "data-quick-exit-link")
            self.assertContains(response, 'href="https://www.meteo.be/"')

    def test_it_sets_no_cookie_on_public_pages(self) -> None:
        response = self.client.get("/nl/")
        self.assertEqual(response.cookies, {})

    def test_the_report_form_cookie_ends_with_the_browser(self) -> None:
        response = self.client.get("/nl/report/")
        cookie = response.cookies["csrftoken"]  # type: ignore[attr-defined]
        self.assertEqual(cookie["max-age"], "")
        self.assertEqual(cookie["expires"], "")

    def test_it_names_alternate_languages(self) -> None:
        response = self.client.get("/nl/")
        for language in ("nl", "fr", "en", "de"):
            self.assertContains(response, f'hreflang="{language}"')

    def test_it_offers_help_numbers_as_phone_links(self) -> None:
        response = self.client.get("/en/")
        for number in ("tel:112", "tel:101", "tel:+3278055800"):
            self.assertContains(response, number)

    def test_it_has_an_icon_from_our_own_origin(self) -> None:
        response = self.client.get("/favicon.ico")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("/static/keten/icon"))
        self.assertContains(self.client.get("/en/"), 'rel="icon" href="/static/keten/icon')

    def test_it_serves_robots_and_health(self) -> None:
        self.assertContains(self.client.get("/robots.txt"), "Disallow: /api/")
        self.assertEqual(self.client.get("/healthz").json(), {"status": "ok"})
        self.assertEqual(self.client.get("/api/v1/health").json(), {"status": "ok"})


class NoThirdPartyTests(KetenTestCase):
    def test_it_loads_nothing_from_another_site(self) -> None:
        self.login(self.admin)
        urls = [
            "/nl/",
            "/fr/",
            "/en/",
            reverse("accounts:home"),
            reverse("accounts:people"),
            reverse("audit:list"),
            reverse("accounts:invite"),
        ]
        for url in urls:
            html = self.client.get(url).content.decode()
            # The quick exit is a link away from Keten, not an asset; nothing else may point out.
            html = html.replace('href="https://www.meteo.be/"', "")
            self.assertIsNone(THIRD_PARTY.search(html), f"{url} refers to another site")


class LanguageTests(KetenTestCase):
    def test_it_redirects_the_root_to_the_browsers_language(self) -> None:
        response = self.client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
        self.assertRedirects(response, "/fr/", fetch_redirect_response=False)

    def test_it_speaks_each_language(self) -> None:
        expected = {"nl": "Inloggen", "fr": "Se connecter", "en": "Log in"}
        for language, word in expected.items():
            with translation.override(language):
                url = reverse("accounts:login")
            self.assertContains(self.client.get(url), word)

    def test_it_switches_language_on_the_same_page(self) -> None:
        with translation.override("nl"):
            url = reverse("accounts:login")
        response = self.client.get(url)
        self.assertContains(response, 'href="/fr/accounts/login/"')
        self.assertContains(response, 'href="/en/accounts/login/"')
        self.assertContains(self.client.get("/fr/accounts/login/"), 'lang="fr"')

    def test_it_formats_dates_in_the_language(self) -> None:
        from datetime import date

        from django.utils.formats import date_format

        with translation.override("nl"):
            self.assertEqual(date_format(date(2026, 3, 1)), "1 maart 2026")
        with translation.override("fr"):
            self.assertEqual(date_format(date(2026, 3, 1)), "1 mars 2026")
        # English as written in Belgium, not in the United States.
        with translation.override("en"):
            self.assertEqual(date_format(date(2026, 3, 1)), "1 March 2026")
            self.assertEqual(date_format(date(2026, 3, 1), "SHORT_DATE_FORMAT"), "01/03/2026")

    def test_it_answers_404_in_the_visitors_language(self) -> None:
        response = self.client.get("/fr/this-does-not-exist/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "introuvable", status_code=404)
        response = self.client.get("/nl/bestaat-niet/")
        self.assertContains(response, "niet vinden", status_code=404)

    def test_it_answers_500_in_the_visitors_language(self) -> None:
        from django.test import RequestFactory

        from keten.views import server_error

        with translation.override("fr"):
            response = server_error(RequestFactory().get("/fr/"))
        self.assertEqual(response.status_code, 500)
        self.assertIn("Un problème", response.content.decode())


class CsrfTests(KetenTestCase):
    def test_it_accepts_a_null_origin_only_from_the_same_site(self) -> None:
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.get(reverse("accounts:login"))
        token = client.cookies["csrftoken"].value
        data = {"email": "x@example.org", "password": "wrong password here", "csrfmiddlewaretoken": token}
        url = reverse("accounts:login")
        same_site = client.post(url, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
        self.assertEqual(same_site.status_code, 400)  # reached the form: wrong password
        cross_site = client.post(url, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
        self.assertEqual(cross_site.status_code, 403)
        other_origin = client.post(reverse("accounts:login"), data, HTTP_ORIGIN="https://evil.example")
        self.assertEqual(other_origin.status_code, 403)
