"""The report form's wording, its memory on a shared device, files after an error, and the receipt page."""

from __future__ import annotations

import re

from keten.intake.models import Report
from tests.base import KetenTestCase
from tests.intake.helpers import conversation_token, png_bytes, submit, upload

PRIVATE_FIELDS = ("what", "postal_code", "municipality", "when", "who", "contact")


def field_html(html: str, name: str) -> str:
    """The opening tag of the input or textarea called ``name``."""
    match = re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', html)
    assert match is not None, name
    return match.group(0)


class FilesAfterAnErrorTests(KetenTestCase):
    def test_it_says_next_to_the_file_field_that_files_must_be_chosen_again(self) -> None:
        response, code = submit(
            self.client, what="", files=[upload("a.png", png_bytes()), upload("b.png", png_bytes())]
        )
        self.assertIsNone(code)
        html = response.content.decode()
        self.assertIn("You chose 2 files", html)
        self.assertIn("please choose them again before you send", html)
        field = html[html.index('<label for="id_attachments"') :]
        self.assertIn('id="id_attachments_error"', field[: field.index('name="attachments"')])

    def test_it_says_nothing_about_files_when_none_were_chosen(self) -> None:
        response, _code = submit(self.client, what="")
        self.assertNotContains(response, "You chose")
        self.assertNotContains(response, 'id="id_attachments_error"')

    def test_it_says_the_same_when_adding_information_fails(self) -> None:
        from keten.intake.views.public import reset_code_limiter

        reset_code_limiter()
        _response, code = submit(self.client)
        self.client.post("/en/report/follow-up/", {"code": code})
        response = self.client.post(
            "/en/report/follow-up/conversation/add/",
            {
                "once": conversation_token(self.client),
                "body": "x" * 20001,
                "attachments": [upload("a.png", png_bytes())],
            },
        )
        self.assertContains(response, "You chose 1 file")
        self.assertContains(response, "This text is too long")


class WordingTests(KetenTestCase):
    def test_it_gives_each_field_its_own_plain_message(self) -> None:
        response, _code = submit(self.client, what="")
        html = response.content.decode()
        summary = html[
            html.index('id="error-summary"') : html.index("</div>", html.index('id="error-summary"'))
        ]
        self.assertIn('<a href="#id_what">Please tell us what you saw or heard.</a>', summary)
        self.assertNotIn("This field is required", html)
        self.assertNotIn("What did you see or hear?:", html)

    def test_it_announces_the_length_limit_and_says_kindly_when_it_is_passed(self) -> None:
        page = self.client.get("/en/report/").content.decode()
        self.assertIn("At most 20,000 characters.", page)
        self.assertIn("At most 10,000 characters.", page)
        response, _code = submit(self.client, what="x" * 20001)
        self.assertContains(response, "This text is too long: it can have at most 20,000 characters.")
        self.assertNotContains(response, "Ensure this value")
        self.assertEqual(Report.objects.count(), 0)

    def test_it_words_the_limit_in_dutch_and_french(self) -> None:
        self.assertContains(self.client.get("/nl/report/"), "Hoogstens 20.000 tekens.")
        self.assertContains(self.client.get("/fr/report/"), "20\u00a0000 caractères au maximum.")

    def test_it_gives_the_operator_their_own_wording_on_the_phone_form(self) -> None:
        self.login(self.operator)
        page = self.client.get("/en/report/inbox/call/")
        self.assertContains(page, "What the caller said")
        self.assertNotContains(page, "Tell it in your own words")
        self.assertNotContains(page, "What did you see or hear?")
        refused = self.client.post("/en/report/inbox/call/", {"what": "", "channel": "phone"})
        self.assertContains(refused, "Write down what the caller said.")


class SharedDeviceTests(KetenTestCase):
    def test_it_keeps_nothing_in_the_browsers_form_history(self) -> None:
        html = self.client.get("/en/report/").content.decode()
        for name in PRIVATE_FIELDS:
            with self.subTest(field=name):
                self.assertIn('autocomplete="off"', field_html(html, name))


class ReceiptPageTests(KetenTestCase):
    def test_it_offers_no_way_off_the_page_but_having_written_the_code_down(self) -> None:
        response, code = submit(self.client)
        self.assertIsNotNone(code)
        html = response.content.decode()
        self.assertNotIn('class="language-switch"><ul>\n      <li>', html)
        self.assertNotIn("hreflang=", html)
        self.assertNotIn("/nl/report/", html)
        self.assertNotIn("/fr/report/", html)
        main = html[html.index('<main id="main"') :]
        links = re.findall(r'<a [^>]*href="([^"]+)"', main)
        self.assertEqual(
            [link for link in links if not link.startswith(("tel:", "#"))], ["/en/report/follow-up/"]
        )
        self.assertIn("I have written down my code", html)
        self.assertNotIn("<script>", main)
        header = html[html.index('<header class="site-header"') : html.index("</header>")]
        self.assertEqual(re.findall(r'href="([^"]+)"', header), ["#main"])


class LanguageSwitchTests(KetenTestCase):
    """The review: "the report form also loses typed text on a language switch"."""

    def switch(self, language: str, **overrides: object) -> str:
        from tests.intake.helpers import once_token, report_data

        files = overrides.pop("files", [])
        data = report_data(**overrides)
        data["once"] = once_token(self.client, "/en/report/")
        data["immediate_danger"] = "on"
        data["switch_language"] = "1"
        if files:
            data["attachments"] = files
        response = self.client.post(f"/{language}/report/", data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "no-store")
        return response.content.decode()

    def test_it_keeps_everything_typed_and_shows_the_form_in_the_other_language(self) -> None:
        html = self.switch("fr", what="Ils dorment dans l'atelier.")
        self.assertIn('<html lang="fr"', html)
        self.assertIn("Signaler une situation", html)
        self.assertIn("Ils dorment dans l&#39;atelier.</textarea>", html)
        self.assertIn('value="2000"', field_html(html, "postal_code"))
        self.assertIn('value="Antwerpen"', field_html(html, "municipality"))
        self.assertIn("three young men</textarea>", html)
        self.assertRegex(html, r'<input[^>]*value="labour"[^>]*checked|<input[^>]*checked[^>]*value="labour"')
        self.assertRegex(html, r'<input[^>]*name="immediate_danger"[^>]*checked')
        # Not a sending: no error, no report, and the danger advice still shows.
        self.assertNotIn("error-summary", html)
        self.assertIn("112", html)
        self.assertEqual(Report.objects.count(), 0)

    def test_it_says_which_files_to_choose_again(self) -> None:
        html = self.switch("nl", files=[upload("a.png", png_bytes())])
        self.assertIn("kies het opnieuw", html)
        self.assertEqual(Report.objects.count(), 0)

    def test_an_empty_form_switches_without_complaining(self) -> None:
        html = self.switch("de", what="", postal_code="", municipality="", when="", who="")
        self.assertNotIn("error-summary", html)
        self.assertEqual(Report.objects.count(), 0)

    def test_every_language_button_submits_the_report_form(self) -> None:
        html = self.client.get("/en/report/").content.decode()
        for language in ("nl", "fr", "de"):
            self.assertRegex(
                html,
                rf'<button type="submit" class="link-button" form="report-form" '
                rf'formaction="/{language}/report/" formnovalidate name="switch_language" value="1"',
            )
        # The Enter key in a text field sends the form, not a language switch: the form's own
        # button comes first in the page.
        self.assertLess(
            html.index('form="report-form" class="visually-hidden"'),
            html.index('form="report-form" formaction'),
        )


class ConversationLanguageSwitchTests(KetenTestCase):
    """The reporter's message on the conversation page survives a language switch as well."""

    def test_it_keeps_the_message_being_written_and_sends_nothing(self) -> None:
        from keten.intake.models import ReportMessage
        from keten.intake.views.public import reset_code_limiter

        reset_code_limiter()
        _response, code = submit(self.client)
        assert code is not None
        self.client.post("/en/report/follow-up/", {"code": code})
        page = self.client.get("/en/report/follow-up/conversation/").content.decode()
        self.assertIn('form="message-form" formaction="/de/report/follow-up/conversation/add/"', page)
        before = ReportMessage.objects.count()
        response = self.client.post(
            "/de/report/follow-up/conversation/add/",
            {
                "body": "Der Lieferwagen ist wieder da.",
                "once": conversation_token(self.client),
                "switch_language": "1",
            },
        )
        html = response.content.decode()
        self.assertEqual(response.status_code, 200)
        self.assertIn('<html lang="de"', html)
        self.assertIn("Der Lieferwagen ist wieder da.</textarea>", html)
        self.assertNotIn("error-summary", html)
        self.assertEqual(ReportMessage.objects.count(), before)
        # The conversation is still open in the new language.
        self.assertEqual(self.client.get("/de/report/follow-up/conversation/").status_code, 200)
