"""Submit once: the receipt is reached by POST-redirect-GET with a one-time token in the form.

Reloading the receipt page, pressing Back and Forward, or the browser re-sending the form never
stores a second report or a second message.
"""

from __future__ import annotations

from keten.intake.models import Report, ReportMessage
from tests.base import KetenTestCase
from tests.intake.helpers import CODE_PATTERN, ONCE_PATTERN, once_token, report_data


class SubmitOnceTests(KetenTestCase):
    def post_report(self, token: str | None) -> object:
        data = report_data()
        if token is not None:
            data["once"] = token
        return self.client.post("/en/report/", data)

    def test_the_receipt_is_reached_by_redirect_and_shown_only_once(self) -> None:
        response = self.post_report(once_token(self.client, "/en/report/"))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/en/report/received/")
        self.assertNotRegex(response.content.decode(), CODE_PATTERN)
        receipt = self.client.get("/en/report/received/")
        self.assertEqual(receipt["Cache-Control"], "no-store")
        self.assertRegex(receipt.content.decode(), CODE_PATTERN)
        reload = self.client.get("/en/report/received/")
        self.assertEqual(reload.status_code, 200)
        self.assertNotRegex(reload.content.decode(), CODE_PATTERN)
        self.assertContains(reload, "shown only once")
        self.assertEqual(Report.objects.count(), 1)
        # Nothing of the receipt is left in the browser.
        self.assertFalse([c for c in self.client.cookies.values() if c.value and c.key != "csrftoken"])

    def test_the_same_form_sent_twice_stores_one_report(self) -> None:
        token = once_token(self.client, "/en/report/")
        self.post_report(token)
        again = self.post_report(token)
        self.assertEqual(Report.objects.count(), 1)
        self.assertEqual(again.status_code, 302)
        self.assertEqual(again["Location"], "/en/report/received/")
        # The receipt of the first sending is still shown once, then the neutral page.
        self.assertRegex(self.client.get("/en/report/received/").content.decode(), CODE_PATTERN)
        self.assertNotRegex(self.client.get("/en/report/received/").content.decode(), CODE_PATTERN)

    def test_a_form_without_its_token_is_not_stored_and_keeps_what_was_typed(self) -> None:
        for token in (None, "", "x" * 5000, "not a token\x00"):
            response = self.post_report(token)
            self.assertEqual(response.status_code, 200)
            self.assertContains(response, "Please press")
            self.assertContains(response, "Workers sleep in the car wash")
            self.assertRegex(response.content.decode(), ONCE_PATTERN)
        self.assertEqual(Report.objects.count(), 0)

    def test_each_form_has_its_own_token(self) -> None:
        self.assertNotEqual(once_token(self.client, "/en/report/"), once_token(self.client, "/en/report/"))

    def test_the_token_is_not_stored_in_clear(self) -> None:
        token = once_token(self.client, "/en/report/")
        self.post_report(token)
        self.assertNotIn(token, str(Report.objects.values().get()))

    def test_the_neutral_page_is_in_dutch_and_french(self) -> None:
        self.assertContains(self.client.get("/nl/report/received/"), 'lang="nl"')
        self.assertContains(self.client.get("/fr/report/received/"), 'lang="fr"')


class ReporterMessageOnceTests(KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.client.post("/en/report/", {**report_data(), "once": once_token(self.client, "/en/report/")})
        code = CODE_PATTERN.search(self.client.get("/en/report/received/").content.decode())
        assert code is not None
        self.client.post("/en/report/follow-up/", {"code": code.group(1)})

    def test_the_same_message_sent_twice_is_stored_once(self) -> None:
        token = once_token(self.client, "/en/report/follow-up/conversation/")
        for _attempt in range(2):
            response = self.client.post(
                "/en/report/follow-up/conversation/add/", {"body": "They moved them.", "once": token}
            )
            self.assertEqual(response.status_code, 302)
        self.assertEqual(ReportMessage.objects.filter(author="reporter").count(), 1)

    def test_a_message_without_its_token_is_kept_in_the_form(self) -> None:
        response = self.client.post("/en/report/follow-up/conversation/add/", {"body": "They moved them."})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Please press")
        self.assertContains(response, "They moved them.")
        self.assertEqual(ReportMessage.objects.count(), 0)
