"""Coming back with a receipt code: the conversation, adding information, throttling, the session."""

from __future__ import annotations

import re
from unittest import mock

from django.core import signing

from keten.intake.models import Report, ReportAttachment, ReportMessage, State
from keten.intake.reporter_session import COOKIE_NAME
from keten.intake.services import reply_to_reporter, set_report_state
from keten.intake.views.public import reset_code_limiter
from tests.base import KetenTestCase
from tests.intake.helpers import conversation_token, png_bytes, submit, upload


class FollowUpTests(KetenTestCase):
    def setUp(self) -> None:
        reset_code_limiter()
        _response, code = submit(self.client)
        assert code is not None
        self.code = code
        self.report = Report.objects.get()

    def open_with(self, code: str, address: str = "192.0.2.10") -> object:
        return self.client.post("/en/report/follow-up/", {"code": code}, REMOTE_ADDR=address)

    def operator_membership(self):  # type: ignore[no-untyped-def]
        return self.operator.active_memberships().get()

    def test_it_opens_the_report_with_the_right_code_and_shows_replies(self) -> None:
        reply_to_reporter(
            report_id=self.report.pk,
            body="Thank you, we are looking into it.",
            membership=self.operator_membership(),
        )
        response = self.open_with(self.code.lower().replace("-", " "))
        self.assertRedirects(response, "/en/report/follow-up/conversation/", fetch_redirect_response=False)
        cookie = response.cookies[COOKIE_NAME]  # type: ignore[attr-defined]
        self.assertNotIn(self.code, cookie.value)
        self.assertNotIn(self.code.replace("-", ""), cookie.value)
        self.assertEqual(cookie["samesite"], "Strict")
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["max-age"], "")
        page = self.client.get("/en/report/follow-up/conversation/")
        self.assertContains(page, "Thank you, we are looking into it.")
        self.assertContains(page, "Workers sleep in the car wash")
        self.assertEqual(page["Cache-Control"], "no-store")

    def test_it_lets_the_reporter_add_information_and_files(self) -> None:
        set_report_state(
            report_id=self.report.pk,
            to_state=State.WAITING_FOR_REPORTER,
            membership=self.operator_membership(),
        )
        self.open_with(self.code)
        response = self.client.post(
            "/en/report/follow-up/conversation/add/",
            {
                "once": conversation_token(self.client),
                "body": "The van comes at six.",
                "attachments": [upload("van.png", png_bytes())],
            },
        )
        self.assertRedirects(
            response, "/en/report/follow-up/conversation/?sent=1", fetch_redirect_response=False
        )
        message = ReportMessage.objects.get()
        self.assertEqual(
            (message.author, message.body, message.sent_at), ("reporter", "The van comes at six.", None)
        )
        self.assertEqual(ReportAttachment.objects.get().message, message)
        self.report.refresh_from_db()
        self.assertEqual(self.report.state, State.IN_TRIAGE)

    def test_it_keeps_the_message_when_a_file_is_refused(self) -> None:
        self.open_with(self.code)
        response = self.client.post(
            "/en/report/follow-up/conversation/add/",
            {
                "once": conversation_token(self.client),
                "body": "Words I typed.",
                "attachments": [upload("x.png", b"not an image")],
            },
        )
        self.assertContains(response, "Words I typed.")
        self.assertContains(response, "cannot be accepted")
        self.assertEqual(ReportMessage.objects.count(), 0)

    def test_it_refuses_adding_without_a_session(self) -> None:
        response = self.client.post("/en/report/follow-up/conversation/add/", {"body": "hello"})
        self.assertRedirects(response, "/en/report/follow-up/", fetch_redirect_response=False)
        self.assertEqual(ReportMessage.objects.count(), 0)

    def test_it_says_the_same_for_a_wrong_code_and_when_throttled(self) -> None:
        wrong = self.open_with("AAAA-AAAA-AAAA-AAAA")
        self.assertEqual(wrong.status_code, 200)  # type: ignore[attr-defined]
        self.assertContains(wrong, "We could not open a report with this code.")  # type: ignore[arg-type]
        self.assertNotIn(COOKIE_NAME, wrong.cookies)  # type: ignore[attr-defined]

    def test_it_throttles_guessing_per_client_without_keeping_the_address(self) -> None:
        with self.settings(INTAKE_MAX_CODE_ATTEMPTS=3):
            reset_code_limiter()
            for _ in range(3):
                self.open_with("AAAA-AAAA-AAAA-AAAB")
            blocked = self.open_with(self.code)
            self.assertContains(blocked, "Too many attempts", status_code=429)  # type: ignore[arg-type]
            self.assertNotContains(blocked, "We could not open a report with this code.", status_code=429)  # type: ignore[arg-type]
            self.assertNotIn(COOKIE_NAME, blocked.cookies)  # type: ignore[attr-defined]
            other_client = self.open_with(self.code, address="198.51.100.7")
            self.assertEqual(other_client.status_code, 302)  # type: ignore[attr-defined]
        from keten.intake.models import CodeAttempts

        self.assertTrue(CodeAttempts.objects.exists())
        for row in CodeAttempts.objects.all():
            self.assertNotIn("192.0.2", row.client)
            self.assertRegex(row.client, r"^[0-9a-f]{64}$")

    def test_guessing_from_many_addresses_warns_the_operators_but_locks_nobody_out(self) -> None:
        with self.settings(INTAKE_MAX_CODE_ATTEMPTS_OVERALL=5):
            reset_code_limiter()
            with self.assertLogs("keten.intake.throttle", "WARNING") as logs:
                for number in range(5):
                    self.open_with("AAAA-AAAA-AAAA-AAAC", address=f"203.0.113.{number}")
            self.assertIn("Many wrong receipt codes", logs.output[0])
            self.assertEqual(self.open_with(self.code, address="203.0.113.200").status_code, 302)  # type: ignore[attr-defined]

    def test_it_says_how_long_to_wait_when_throttled_and_nothing_about_the_code(self) -> None:
        with self.settings(INTAKE_MAX_CODE_ATTEMPTS=3):
            reset_code_limiter()
            for _ in range(3):
                self.open_with("AAAA-AAAA-AAAA-AAAD")
            right = self.open_with(self.code)
            wrong = self.open_with("AAAA-AAAA-AAAA-AAAE")
        for response in (right, wrong):
            self.assertContains(
                response,  # type: ignore[arg-type]
                "Too many attempts. For your safety we do not try any code for a while. Please wait ",
                status_code=429,
            )
            self.assertNotContains(response, "Check the code", status_code=429)  # type: ignore[arg-type]
        token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
        self.assertEqual(
            token.sub(b"", right.content),  # type: ignore[attr-defined]
            token.sub(b"", wrong.content.replace(b"AAAA-AAAA-AAAA-AAAE", self.code.encode())),  # type: ignore[attr-defined]
        )

    def test_it_does_not_count_something_that_is_not_a_code(self) -> None:
        with self.settings(INTAKE_MAX_CODE_ATTEMPTS=1):
            reset_code_limiter()
            response = self.open_with("hello")
            self.assertContains(response, "16 letters and digits")  # type: ignore[arg-type]
            self.assertEqual(self.open_with(self.code).status_code, 302)  # type: ignore[attr-defined]

    def test_it_ends_the_session_after_idle_time(self) -> None:
        self.open_with(self.code)
        with mock.patch("keten.intake.reporter_session.conf.reporter_idle_seconds", return_value=-1):
            response = self.client.get("/en/report/follow-up/conversation/")
        self.assertRedirects(response, "/en/report/follow-up/", fetch_redirect_response=False)

    def test_it_refuses_a_forged_session(self) -> None:
        self.client.cookies[COOKIE_NAME] = signing.dumps({"r": self.report.pk}, salt="something else")
        response = self.client.get("/en/report/follow-up/conversation/")
        self.assertRedirects(response, "/en/report/follow-up/", fetch_redirect_response=False)

    def test_it_ends_the_session_when_the_reporter_leaves(self) -> None:
        self.open_with(self.code)
        response = self.client.post("/en/report/follow-up/leave/")
        self.assertEqual(response.cookies[COOKIE_NAME].value, "")
        self.assertRedirects(
            self.client.get("/en/report/follow-up/conversation/"),
            "/en/report/follow-up/",
            fetch_redirect_response=False,
        )


class TrustedProxyTest(KetenTestCase):
    """Two reporters behind the same reverse proxy: one guesses, the other has the right code."""

    def setUp(self) -> None:
        _response, code = submit(self.client)
        assert code is not None
        self.code = code

    def through_proxy(self, code: str, client: str, proxy: str = "10.0.0.5") -> object:
        return self.client.post(
            "/en/report/follow-up/", {"code": code}, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=client
        )

    def test_a_guesser_behind_a_trusted_proxy_does_not_lock_out_another_reporter(self) -> None:
        with self.settings(INTAKE_MAX_CODE_ATTEMPTS=3, TRUSTED_PROXIES=["10.0.0.0/8"]):
            for _ in range(10):
                self.through_proxy("AAAA-AAAA-AAAA-AAAF", "203.0.113.66")
            self.assertEqual(self.through_proxy(self.code, "203.0.113.66").status_code, 429)  # type: ignore[attr-defined]
            self.assertEqual(self.through_proxy(self.code, "198.51.100.20").status_code, 302)  # type: ignore[attr-defined]

    def test_a_forged_forwarded_for_from_an_untrusted_address_is_ignored(self) -> None:
        with self.settings(INTAKE_MAX_CODE_ATTEMPTS=3, TRUSTED_PROXIES=["10.0.0.0/8"]):
            for number in range(3):
                self.through_proxy("AAAA-AAAA-AAAA-AAAG", f"203.0.113.{number}", proxy="192.0.2.99")
            # Inventing a new X-Forwarded-For for each guess does not escape the count.
            blocked = self.through_proxy("AAAA-AAAA-AAAA-AAAH", "203.0.113.200", proxy="192.0.2.99")
            self.assertEqual(blocked.status_code, 429)  # type: ignore[attr-defined]

    def test_a_client_cannot_pretend_to_be_behind_the_proxy_by_writing_the_header_itself(self) -> None:
        with self.settings(INTAKE_MAX_CODE_ATTEMPTS=3, TRUSTED_PROXIES=["10.0.0.0/8"]):
            for number in range(3):
                # The client writes "x.x.x.x" itself; the proxy appends the real address.
                self.through_proxy("AAAA-AAAA-AAAA-AAAJ", f"198.18.0.{number}, 203.0.113.66")
            self.assertEqual(self.through_proxy(self.code, "198.18.9.9, 203.0.113.66").status_code, 429)  # type: ignore[attr-defined]
