"""German, Belgium's third official language, offered by default and read page by page (issue 18)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format, number_format

from keten.core import regions
from tests.base import KetenTestCase
from tests.cases.helpers import CaseTestCase
from tests.intake.helpers import submit

ROOT = Path(__file__).resolve().parents[2]


class GermanPublicPagesTests(KetenTestCase):
    def test_every_page_offers_german_in_the_language_switch(self) -> None:
        html = self.client.get("/nl/").content.decode()
        self.assertIn('href="/de/" hreflang="de" lang="de">Deutsch</a>', html)
        self.assertIn('<link rel="alternate" hreflang="de" href="http://127.0.0.1:8000/de/">', html)
        german = self.client.get("/de/").content.decode()
        self.assertIn('<span aria-current="true" lang="de">Deutsch</span>', german)
        self.assertIn('hreflang="nl"', german)

    def test_the_start_page_speaks_german(self) -> None:
        response = self.client.get("/de/")
        self.assertContains(response, '<html lang="de">')
        self.assertContains(response, "Jetzt Hilfe bekommen")
        self.assertContains(response, "Menschenhandel verstehen")
        self.assertContains(response, "Diese Seite schnell verlassen")
        self.assertNotContains(response, "Get help now")

    def test_the_easy_read_page_speaks_german(self) -> None:
        response = self.client.get("/de/easy-read/")
        self.assertContains(response, "Es ist nicht Ihre Schuld")
        self.assertContains(response, "Wo bekommen Sie Hilfe?")

    def test_the_sitemap_lists_the_german_pages_with_their_alternates(self) -> None:
        xml = self.client.get("/sitemap.xml").content.decode()
        for path in ("", "easy-read/", "report/", "screening/", "figures/", "easy-read/flyer.pdf"):
            self.assertIn(f"<loc>http://testserver/de/{path}</loc>", xml)
        self.assertIn('hreflang="de" href="http://testserver/de/easy-read/"', xml)

    def test_a_german_speaking_postal_code_recommends_surya(self) -> None:
        response = self.client.get("/de/help/which-centre/", {"postal_code": "4780"})
        self.assertContains(
            response, '<article class="centre centre-recommended" aria-labelledby="centre-surya"'
        )
        self.assertContains(response, "Zentren für die Postleitzahl 4780 (Wallonische Region)")

    def test_a_wrong_postal_code_is_explained_in_german(self) -> None:
        response = self.client.get("/de/help/which-centre/", {"postal_code": "47"})
        self.assertContains(response, "Eine belgische Postleitzahl hat vier Ziffern", status_code=400)

    def test_not_found_speaks_german(self) -> None:
        response = self.client.get("/de/gibt-es-nicht/")
        self.assertContains(response, "Wir finden diese Seite nicht", status_code=404)


class GermanReportTests(KetenTestCase):
    def test_a_german_speaking_citizen_reports_and_gets_a_receipt_code_in_german(self) -> None:
        form = self.client.get("/de/report/")
        self.assertContains(form, "Was haben Sie gesehen oder gehört?")
        self.assertContains(form, "Höchstens 20.000 Zeichen.")
        refused, code = submit(self.client, "de", what="")
        self.assertIsNone(code)
        self.assertContains(refused, "Bitte sagen Sie uns, was Sie gesehen oder gehört haben.")
        response, code = submit(self.client, "de", postal_code="4700", municipality="Eupen")
        self.assertIsNotNone(code)
        self.assertContains(response, "Danke: Ihre Meldung ist eingegangen")
        self.assertContains(response, "Schreiben Sie diesen Code jetzt auf.")


class GermanProfessionalPagesTests(CaseTestCase):
    def test_the_login_page_speaks_german(self) -> None:
        response = self.client.get("/de/accounts/login/")
        self.assertContains(response, "Für Fachleute der Kette.")
        self.assertContains(response, "Passwort vergessen?")

    def test_a_social_worker_reads_a_case_file_in_german(self) -> None:
        self.login(self.worker_a)
        with translation.override("de"):
            caseload = self.client.get(reverse("cases:list"))
            detail = self.client.get(reverse("cases:detail", args=[self.case.pk]))
        self.assertContains(caseload, "Neue Akte anlegen")
        self.assertContains(caseload, "Weitergeleitet (Aufnahme)")
        self.assertContains(detail, "Schutzverfahren")
        self.assertContains(detail, "Nigeria")
        # A German date as the German-speaking Community writes it.
        self.assertContains(detail, "5. Januar 2026")

    def test_the_hotline_inbox_speaks_german(self) -> None:
        self.login(self.operator)
        with translation.override("de"):
            response = self.client.get(reverse("intake:inbox"))
        self.assertContains(response, "Posteingang für Meldungen")


class GermanFormatsTests(KetenTestCase):
    def test_dates_and_numbers_are_written_the_german_way(self) -> None:
        with translation.override("de"):
            self.assertEqual(date_format(date(2026, 11, 24)), "24. November 2026")
            self.assertEqual(date_format(date(2026, 11, 24), "SHORT_DATE_FORMAT"), "24.11.2026")
            self.assertEqual(number_format(Decimal("1234.5"), 1, force_grouping=True), "1.234,5")


class GermanMailTests(KetenTestCase):
    def test_an_invitation_to_a_german_speaker_is_in_german(self) -> None:
        # An installation administrator appoints a centre's administrator (tenancy: they invite
        # the centre's other people themselves).
        self.login(self.admin)
        with translation.override("en"), self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("accounts:invite"),
                {
                    "email": "neu@pag-asa.example",
                    "full_name": "Neue Sozialarbeiterin",
                    "organisation": str(self.centre_a.pk),
                    "role": "administrator",
                    "language": "de",
                },
            )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].subject, "Ihr Keten-Konto")
        self.assertIn("Hallo Neue Sozialarbeiterin,", mail.outbox[0].body)
        self.assertIn("/de/accounts/password/set/", mail.outbox[0].body)


def test_german_speaking_postal_codes_lead_to_surya() -> None:
    # Eupen, Kelmis, Raeren, Bütgenbach, Sankt Vith, Burg-Reuland, Thommen.
    for code in ("4700", "4720", "4730", "4750", "4780", "4790", "4791"):
        recommendation = regions.recommend_centres(code)
        assert recommendation.province == "liege", code
        assert recommendation.region == regions.WALLOON, code
        assert recommendation.recommended == regions.SURYA, code


def run_keten(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).with_name("keten")), *args]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "keten.settings", **env}
    return subprocess.run(command, env=environment, input=stdin, capture_output=True, text=True, timeout=120)


def test_the_screen_command_answers_in_german() -> None:
    result = run_keten("screen", "--lang", "de", stdin='{"colour": "blue"}')
    assert result.returncode == 2
    assert "colour: Dieses Feld gehört nicht zu einer Einschätzung." in result.stderr


@pytest.mark.django_db
def test_commands_speak_german_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from keten.cli import main

    empty = tmp_path / "empty.csv"
    empty.write_text("")
    monkeypatch.setenv("KETEN_COMMAND_LANGUAGE", "de")
    try:
        with pytest.raises(SystemExit):
            main(["ctdc_import", str(empty), "--name", "leer"])
    finally:
        translation.deactivate()
    assert "Die Datei ist leer" in capsys.readouterr().err


def test_german_can_be_switched_off() -> None:
    probe = "from django.conf import settings; print([code for code, _ in settings.LANGUAGES])"
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "keten.settings"}
    on = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    off = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        env={**environment, "KETEN_GERMAN": "false"},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert on.stdout.strip() == "['nl', 'fr', 'en', 'de']", on.stderr
    assert off.stdout.strip() == "['nl', 'fr', 'en']", off.stderr
