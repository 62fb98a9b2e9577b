"""Findings of exploratory testing: referral date, future dates, translated steps, gaps in
cover, document titles, act-by dates and dates written in the reader's language."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from keten.audit.models import AuditEvent
from keten.cases import services
from keten.cases.models import Case, GuidanceActivity, ProcedureEvent, ResidenceDocument
from keten.core.procedure import Event, State
from tests.cases.helpers import CaseTestCase, make_case

NEW_FILE = {
    "given_names": "Ioana",
    "family_name": "Example",
    "date_of_birth": "1990-02-03",
    "gender": "female",
    "nationalities": "NG",
    "languages": "en",
    "intake_channel": "police",
}


def url(name: str, language: str = "en", **kwargs: object) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


class ReferralDateTest(CaseTestCase):
    def test_it_opens_a_file_referred_last_year(self) -> None:
        self.login(self.worker_a)
        referred = timezone.localdate() - timedelta(days=400)
        response = self.client.post(url("cases:new"), {**NEW_FILE, "referred_on": referred.isoformat()})
        self.assertEqual(response.status_code, 302)
        case = Case.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        self.assertEqual(case.procedure_since, referred)
        created = AuditEvent.objects.get(action="case.created", object_id=str(case.pk))
        self.assertEqual(created.data["referred_on"], referred.isoformat())
        # A step dated after that referral, even long ago, is accepted.
        response = self.move("start_reflection", referred + timedelta(days=3), case=case)
        self.assertEqual(response.status_code, 302)

    def test_it_defaults_to_today_and_refuses_a_day_after_today(self) -> None:
        self.login(self.worker_a)
        page = self.client.get(url("cases:new"))
        self.assertContains(page, f'value="{timezone.localdate().isoformat()}"')
        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.client.post(url("cases:new"), {**NEW_FILE, "referred_on": tomorrow.isoformat()})
        self.assertContains(response, "Date of referral: this date is after today", status_code=400)
        self.assertEqual(Case.objects.count(), 1)
        response = self.client.post(url("cases:new"), NEW_FILE)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.order_by("-pk").first().procedure_since, timezone.localdate())

    def test_it_redates_the_referral_until_a_later_step_is_recorded(self) -> None:
        self.login(self.worker_a)
        edit = self.url("edit")
        form = {**NEW_FILE, "referred_on": "2025-12-01"}
        response = self.client.post(edit, form)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Case.objects.get(pk=self.case.pk).procedure_since, date(2025, 12, 1))
        audit = AuditEvent.objects.get(action="case.referral_dated", object_id=str(self.case.pk))
        self.assertEqual(audit.data, {"from": "2026-01-05", "to": "2025-12-01"})

        self.move("start_reflection", date(2025, 12, 10))
        self.assertNotContains(self.client.get(edit), 'name="referred_on"')
        self.client.post(edit, {**NEW_FILE, "referred_on": "2025-11-01"})
        self.assertEqual(Case.objects.get(pk=self.case.pk).procedure_since, date(2025, 12, 10))

    def test_it_refuses_to_redate_the_referral_after_a_step_in_the_service(self) -> None:
        services.move_procedure(
            actor=self.worker_a, case_id=self.case.pk, event=Event.START_REFLECTION, on=date(2026, 1, 6)
        )
        with self.assertRaises(services.ReferralDateRefused):
            services.date_referral(actor=self.worker_a, case_id=self.case.pk, on=date(2025, 1, 1))
        with self.assertRaises(services.ReferralDateRefused):
            make_case(self.centre_a, actor=self.worker_a, referred_on=timezone.localdate() + timedelta(1))

    def test_it_hides_the_edit_from_an_outsider(self) -> None:
        self.login(self.worker_b)
        response = self.client.post(self.url("edit"), {**NEW_FILE, "referred_on": "2025-01-01"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Case.objects.get(pk=self.case.pk).procedure_since, date(2026, 1, 5))


class FutureDatesTest(CaseTestCase):
    def test_it_refuses_a_step_dated_after_today_naming_the_field(self) -> None:
        self.login(self.worker_a)
        next_month = timezone.localdate() + timedelta(days=30)
        response = self.move("start_reflection", next_month)
        self.assertContains(response, "Date of the decision: this date is after today", status_code=400)
        self.assertFalse(ProcedureEvent.objects.exists())
        with translation.override("fr"):
            response = self.client.post(
                reverse("cases:move", kwargs={"case_id": self.case.pk}),
                {"event": "start_reflection", "on": next_month.isoformat()},
            )
        self.assertContains(response, "Date de la décision : cette date est après aujourd", status_code=400)

    def test_it_refuses_future_evidence_opinions_and_closing_dates(self) -> None:
        self.login(self.worker_a)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        for name, data in (
            ("add_evidence", {"kind": "statements", "recorded_on": tomorrow}),
            ("add_opinion", {"opinion": "positive", "given_on": tomorrow}),
            ("close", {"on": tomorrow, "reason": ""}),
        ):
            response = self.client.post(self.url(name), data)
            self.assertContains(response, "this date is after today", status_code=400, msg_prefix=name)
        self.assertTrue(Case.objects.get(pk=self.case.pk).is_open)

    def test_it_refuses_a_future_step_in_the_service_too(self) -> None:
        with self.assertRaises(services.ProcedureRefused) as refused:
            services.move_procedure(
                actor=self.worker_a,
                case_id=self.case.pk,
                event=Event.START_REFLECTION,
                on=timezone.localdate() + timedelta(days=1),
            )
        self.assertEqual(refused.exception.decision.reasons[0].code, "date_in_future")


class TranslatedStepsTest(CaseTestCase):
    def test_it_offers_the_steps_in_the_readers_language(self) -> None:
        self.login(self.worker_a)
        for language, label in (
            ("nl", "De bezinningsperiode starten"),
            ("fr", "Commencer la période de réflexion"),
        ):
            # The steps are offered on the page that records a step.
            page = self.client.get(url("cases:move", language, case_id=self.case.pk))
            select = re.search(r'<select[^>]*id="move_event".*?</select>', page.content.decode(), re.S)
            assert select is not None
            self.assertIn(label, select.group(0))
            self.assertNotIn("Start the reflection period", select.group(0))


class GapInCoverTest(CaseTestCase):
    def test_it_shows_a_gap_between_an_expiry_and_a_late_renewal(self) -> None:
        case = make_case(
            self.centre_a, actor=self.worker_a, workers=[self.worker_a], referred_on=date(2024, 8, 1)
        )
        for kind in ("statements", "guidance_agreement", "no_contact_undertaking"):
            services.record_evidence(actor=self.worker_a, case=case, kind=kind, recorded_on=date(2024, 8, 1))
        services.record_opinion(actor=self.worker_a, case=case, opinion="positive", given_on=date(2024, 8, 1))
        for event, on in (
            (Event.SKIP_REFLECTION, date(2024, 8, 1)),
            (Event.ISSUE_SECOND_RESIDENCE, date(2024, 8, 28)),
        ):
            services.move_procedure(actor=self.worker_a, case_id=case.pk, event=event, on=on)
        case.refresh_from_db()
        self.assertEqual(case.document_ends_on, date(2025, 2, 28))
        self.login(self.worker_a)
        self.move("renew_second_residence", date(2025, 3, 10), case=case)
        rows = ResidenceDocument.objects.filter(case=case, kind="certificate_of_registration")
        self.assertEqual(
            [(r.starts_on, r.ends_on) for r in rows.order_by("starts_on")],
            [(date(2024, 8, 28), date(2025, 2, 28)), (date(2025, 3, 10), date(2025, 9, 10))],
        )
        page = self.client.get(self.url("detail", case))
        self.assertContains(
            page,
            "the person had no valid residence document from 1 March 2025 until 9 March 2025",
        )
        self.assertContains(page, 'class="cover-gap"')
        self.assertContains(page, "Gap in cover")

    def test_it_shows_no_gap_when_renewed_in_time(self) -> None:
        self.login(self.worker_a)
        self.move("start_reflection", date(2026, 1, 6))
        page = self.client.get(self.url("detail"))
        self.assertNotContains(page, "Gap in cover")


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (20, 30, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


class DocumentsAndAppointmentsTest(CaseTestCase):
    def test_it_lists_documents_by_their_title(self) -> None:
        self.login(self.worker_a)
        self.client.post(
            self.url("add_document"),
            {"title": "Annex 15 of March", "file": SimpleUploadedFile("a.png", _png(), "image/png")},
        )
        page = self.client.get(self.url("documents"))
        listing = re.search(r'<ul id="document-list">.*?</ul>', page.content.decode(), re.S)
        assert listing is not None
        self.assertIn("Annex 15 of March", listing.group(0))
        self.assertNotIn("Document 1", listing.group(0))

    def test_it_lists_upcoming_appointments_only(self) -> None:
        now = timezone.now()
        for summary, when, kind in (
            ("Lawyer in Brussels", now + timedelta(days=2), GuidanceActivity.Kind.APPOINTMENT),
            ("Old appointment", now - timedelta(days=2), GuidanceActivity.Kind.APPOINTMENT),
            ("Coming activity", now + timedelta(days=3), GuidanceActivity.Kind.ACTIVITY),
        ):
            services.add_activity(
                actor=self.worker_a,
                case=self.case,
                domain="legal",
                kind=kind,
                happens_at=when,
                summary=summary,
            )
        self.login(self.worker_a)
        page = self.client.get(self.url("guidance"))
        listing = re.search(r'<ul id="upcoming-appointments">.*?</ul>', page.content.decode(), re.S)
        assert listing is not None
        self.assertIn("Lawyer in Brussels", listing.group(0))
        self.assertNotIn("Old appointment", listing.group(0))
        self.assertNotIn("Coming activity", listing.group(0))


class ActByPassedTest(CaseTestCase):
    def setUp(self) -> None:
        # Reflection started 35 days ago: it expires in 9 days, the act-by date (15 days
        # before expiry) has passed, the document has not expired.
        today = timezone.localdate()
        Case.objects.filter(pk=self.case.pk).update(procedure_since=today - timedelta(days=35))
        services.move_procedure(
            actor=self.worker_a,
            case_id=self.case.pk,
            event=Event.START_REFLECTION,
            on=today - timedelta(days=35),
        )
        self.case.refresh_from_db()
        assert self.case.act_by is not None and self.case.act_by < today < self.case.document_ends_on

    def test_it_marks_the_file_as_needing_action_now(self) -> None:
        self.login(self.manager_a)
        for page_url in (url("cases:deadlines"), url("cases:deadlines") + "?scope=centre"):
            if "centre" not in page_url:
                self.client.logout()
                self.login(self.worker_a)
            response = self.client.get(page_url)
            self.assertContains(response, 'class="overdue act-now"')
            self.assertContains(response, "Act now")
            self.assertNotContains(response, ">Overdue<")
        response = self.client.get(url("accounts:home"))
        self.assertContains(response, 'class="overdue act-now"')
        self.assertContains(response, "Act now")
        response = self.client.get(self.url("detail"))
        self.assertContains(response, "deadline-act_now")
        self.assertContains(response, "Act now")


class LocalisedDatesTest(CaseTestCase):
    def test_it_writes_dates_in_sentences_in_the_readers_language(self) -> None:
        today = timezone.localdate()
        Case.objects.filter(pk=self.case.pk).update(procedure_since=today - timedelta(days=60))
        services.move_procedure(
            actor=self.worker_a,
            case_id=self.case.pk,
            event=Event.START_REFLECTION,
            on=today - timedelta(days=50),
        )
        expired = Case.objects.get(pk=self.case.pk).document_ends_on
        assert expired is not None
        self.login(self.worker_a)
        for language in ("fr", "nl", "en"):
            page = self.client.get(url("cases:detail", language, case_id=self.case.pk)).content.decode()
            box = re.search(r'id="next-deadline">.*?</div>', page, re.S)
            assert box is not None
            self.assertNotIn(expired.isoformat(), box.group(0))
            with translation.override(language):
                day = date_format(expired, "DATE_FORMAT")
                valid_until = gettext("Valid until %(day)s.") % {"day": day}
            self.assertIn(day, box.group(0))
            timeline = self.client.get(url("cases:timeline", language, case_id=self.case.pk))
            self.assertContains(timeline, escape(valid_until))

    def test_it_writes_refusal_dates_in_the_readers_language(self) -> None:
        self.login(self.worker_a)
        with translation.override("fr"):
            response = self.client.post(
                reverse("cases:move", kwargs={"case_id": self.case.pk}),
                {"event": "start_reflection", "on": "2026-01-01"},
            )
        self.assertContains(response, "1 janvier 2026", status_code=400)
        self.assertContains(response, "5 janvier 2026", status_code=400)
        self.assertNotContains(response, "2026-01-05", status_code=400)
        self.assertEqual(Case.objects.get(pk=self.case.pk).procedure_state, State.REFERRED)
