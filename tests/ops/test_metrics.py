"""/metrics: counts by route name for Prometheus, behind a token, and nothing about anyone."""

from __future__ import annotations

import re
from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from keten.intake.models import Report
from keten.intake.services import submit_report
from tests.base import InEnglish, KetenTestCase
from tests.intake.helpers import submit

TOKEN = "a-long-random-metrics-token-for-the-test"
# Label values are route names, methods and status codes: nothing else may appear there.
LABEL_VALUE = re.compile(r'="([^"]*)"')
ALLOWED_LABEL_VALUE = re.compile(r"^[a-z_][a-z0-9_:-]*$|^[A-Z]+$|^[0-9]{3}$|^[0-9.e+-]+$|^\+Inf$")


@override_settings(METRICS_TOKEN=TOKEN)
class MetricsTests(InEnglish, KetenTestCase):
    def scrape(self) -> str:
        response = self.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("text/plain"))
        return response.content.decode()

    def test_without_the_token_there_are_no_metrics(self) -> None:
        self.assertEqual(self.client.get("/metrics").status_code, 401)
        wrong = self.client.get("/metrics", headers={"Authorization": "Bearer not-the-token"})
        self.assertEqual(wrong.status_code, 401)
        self.assertNotIn(b"keten_", wrong.content)
        # A logged-in administrator is no exception: the token is the only key.
        self.login(self.admin)
        self.assertEqual(self.client.get("/metrics").status_code, 401)

    def test_with_no_token_configured_the_page_does_not_exist(self) -> None:
        with override_settings(METRICS_TOKEN=""):
            response = self.client.get("/metrics", headers={"Authorization": "Bearer "})
        self.assertEqual(response.status_code, 404)

    def test_requests_are_counted_by_route_name_not_by_path(self) -> None:
        report, _code = submit_report(content={"what": "Someone sleeps in the kitchen."})
        operator = self.login(self.operator)
        operator.get(f"/en/report/inbox/{report.pk}/")
        self.client.get("/en/nothing-here/secret-looking-path-4f9a/")
        text = self.scrape()
        self.assertRegex(
            text, r'keten_http_requests_total\{method="GET",route="intake:detail",status="200"\}'
        )
        self.assertRegex(text, r'keten_http_request_duration_seconds_count\{route="intake:detail"\}')
        self.assertIn('route="unmatched"', text)
        self.assertNotIn("secret-looking-path", text)
        self.assertNotIn(f"/inbox/{report.pk}/", text)

    def test_server_errors_are_counted_by_route(self) -> None:
        from unittest import mock

        self.client.raise_request_exception = False
        broken = mock.Mock(**{"cursor.side_effect": RuntimeError("the database went away")})
        with mock.patch("keten.views.connection", broken):
            self.assertEqual(self.client.get("/healthz").status_code, 500)
        text = self.scrape()
        self.assertRegex(text, r'keten_http_errors_total\{route="health"\} [1-9]')
        self.assertRegex(text, r'keten_http_requests_total\{method="GET",route="health",status="500"\} [1-9]')

    def test_work_waiting_is_counted(self) -> None:
        overdue, _ = submit_report(content={"what": "Nobody answered this one yet."})
        Report.objects.filter(pk=overdue.pk).update(acknowledge_by=timezone.localdate() - timedelta(days=1))
        submit_report(content={"what": "This one is still within its period."})
        text = self.scrape()
        self.assertIn("keten_reports_acknowledgement_overdue 1.0", text)
        self.assertIn("keten_task_queue_depth 0.0", text)
        self.assertIn("keten_case_deadlines_overdue 0.0", text)

    def test_a_scrape_holds_no_personal_data(self) -> None:
        """Everything personal this test puts in (a report's words, a receipt code, names,
        e-mail addresses, record numbers in paths) is absent from the scrape, and every label
        value is a route name, a method or a status code."""
        secret_words = "Marta works at the bakery on Kerkstraat without papers"
        _page, code = submit(self.client, what=secret_words, contact="marta@example.org")
        assert code is not None
        report = Report.objects.get()
        self.client.post("/en/report/follow-up/", {"code": code})
        operator = self.login(self.operator)
        operator.get(f"/en/report/inbox/{report.pk}/")
        operator.get("/en/report/inbox/", {"q": "Kerkstraat"})
        text = self.scrape()
        for personal in (
            secret_words,
            "Kerkstraat",
            "marta",
            code,
            code.replace("-", ""),
            self.operator.email,
            self.operator.full_name,
            "@",
        ):
            self.assertNotIn(personal, text)
        for line in text.splitlines():
            if not line.startswith("keten_"):
                continue  # the client library's own process and Python figures
            for value in LABEL_VALUE.findall(line):
                self.assertRegex(value, ALLOWED_LABEL_VALUE, line)

    def test_the_reporters_own_pages_are_not_counted(self) -> None:
        """Like the access log: a counter read every few seconds would date each report to the
        moment, where reporters are promised that only its day is kept."""
        _page, code = submit(self.client)
        assert code is not None
        self.client.post("/en/report/follow-up/", {"code": code})
        self.client.get("/en/report/follow-up/conversation/")
        text = self.scrape()
        for route in ("intake:new", "intake:received", "intake:follow_up", "intake:thread"):
            self.assertNotIn(f'route="{route}"', text)
        # The professionals' side of the same app is counted.
        self.login(self.operator).get("/en/report/inbox/")
        self.assertIn('route="intake:inbox"', self.scrape())
