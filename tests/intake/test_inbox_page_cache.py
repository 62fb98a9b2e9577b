"""The inbox's small lookups are kept between requests (``keten.intake.page_cache``), yet every
page shows each change at once, and one person's answers never reach another."""

from __future__ import annotations

from django.utils import timezone

from keten.accounts.models import Membership
from keten.accounts.roles import Role
from keten.intake.models import InboxAccess, ReplyTemplate
from tests.base import InEnglish, KetenTestCase, make_person
from tests.intake.test_triage import INBOX, new_report


class InboxPageCacheTests(InEnglish, KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.report = new_report()
        self.login(self.operator)
        # Read once: what follows must not be answered from these entries.
        self.inbox()
        self.page()

    def inbox(self) -> str:
        return self.client.get(INBOX).content.decode()

    def page(self) -> str:
        return self.client.get(f"{INBOX}{self.report.pk}/").content.decode()

    def test_going_on_duty_shows_at_once(self) -> None:
        self.assertIn("I am on duty: send me danger alerts", self.inbox())
        self.client.post(INBOX + "duty/", {"on_duty": "1"})
        self.assertIn("I am no longer on duty", self.inbox())
        self.client.post(INBOX + "duty/", {"on_duty": "0"})
        self.assertIn("I am on duty: send me danger alerts", self.inbox())

    def test_a_saved_filter_shows_at_once_and_only_to_its_owner(self) -> None:
        self.client.post(INBOX + "filters/", {"filters": "state=new", "name": "Fresh ones"})
        self.assertIn("Fresh ones", self.inbox())
        colleague = make_person("colleague@hotline.example", self.hotline, Role.HOTLINE_OPERATOR)
        other = self.login(colleague, client=self.client_class())
        self.assertNotIn("Fresh ones", other.get(INBOX).content.decode())
        self.assertIn("Fresh ones", self.inbox())

    def test_a_new_colleague_can_be_assigned_at_once_and_not_once_gone(self) -> None:
        colleague = make_person("rosalind@hotline.example", self.hotline, Role.HOTLINE_OPERATOR)
        option = f'<option value="{colleague.pk}">Rosalind</option>'
        self.assertIn(option, self.inbox())
        self.assertIn(option, self.page())
        Membership.objects.filter(user=colleague).update(is_active=False)
        self.assertNotIn(option, self.inbox())
        self.assertNotIn(option, self.page())

    def test_a_partner_granted_work_can_be_assigned_at_once(self) -> None:
        option = f'<option value="{self.police_officer.pk}">'
        self.assertNotIn(option, self.page())
        InboxAccess.objects.create(organisation=self.police, level="work", granted_at=timezone.now())
        self.assertIn(option, self.page())
        InboxAccess.objects.filter(organisation=self.police).delete()
        self.assertNotIn(option, self.page())

    def test_a_new_answer_period_shows_at_once(self) -> None:
        self.client.post(INBOX + "settings/", {"acknowledge_days": 9})
        self.assertIn('data-acknowledge-days="9"', self.inbox())

    def test_a_new_reply_template_can_be_picked_at_once(self) -> None:
        self.assertNotIn("First thanks", self.page())
        ReplyTemplate.objects.create(
            title="First thanks", language="en", body="Thank you.", changed_at=timezone.now()
        )
        self.assertIn("First thanks (English)", self.page())

    def test_no_reply_templates_when_the_reporter_cannot_read_a_reply(self) -> None:
        ReplyTemplate.objects.create(
            title="First thanks", language="en", body="Thank you.", changed_at=timezone.now()
        )
        silent = new_report(receipt=False)
        self.assertNotIn("First thanks", self.client.get(f"{INBOX}{silent.pk}/").content.decode())
