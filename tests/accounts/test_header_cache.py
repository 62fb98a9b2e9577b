"""The header's counts and the demo banner come from the shared cache, and are counted again as
soon as a write could change them, whichever way the write is made (keten.accounts.header_cache)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keten.accounts.header_cache import HEADER
from keten.audit.models import AuditEvent
from keten.cases.models import Case
from keten.generations import families_writing
from keten.intake.models import Report, State
from keten.intake.services import submit_report
from tests.base import InEnglish, KetenTestCase
from tests.cases.helpers import make_case

HOME = "/en/accounts/work/"
DANGER = "report says someone is in danger now"
BANNER = "Demo: every person and every fact on these pages is invented."


class HeaderCacheTests(InEnglish, KetenTestCase):
    def test_a_danger_report_shows_in_the_header_at_the_next_page(self) -> None:
        client = self.login(self.operator)
        self.assertNotContains(client.get(HOME), DANGER)
        submit_report(content={"what": "Someone is locked in."}, immediate_danger=True)
        self.assertContains(client.get(HOME), "1 " + DANGER)

    def test_a_change_made_with_a_bulk_update_shows_too(self) -> None:
        submit_report(content={"what": "Someone is locked in."}, immediate_danger=True)
        client = self.login(self.operator)
        self.assertContains(client.get(HOME), "1 " + DANGER)
        Report.objects.update(state=State.IN_TRIAGE)
        self.assertNotContains(client.get(HOME), DANGER)

    def test_a_warm_header_asks_the_cache_not_the_tables(self) -> None:
        submit_report(content={"what": "Someone is locked in."}, immediate_danger=True)
        client = self.login(self.operator)
        page = reverse("accounts:invitations")  # a page that counts nothing itself
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            self.assertContains(client.get(page), "1 " + DANGER)
        counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "intake_report" in q["sql"]]
        self.assertEqual(counts, [])

    def test_a_warm_page_reads_the_banner_and_the_places_in_one_cache_read(self) -> None:
        client = self.login(self.operator)
        page = reverse("accounts:invitations")
        client.get(page)
        with CaptureQueriesContext(connection) as queries:
            client.get(page)
        reads = [q["sql"] for q in queries if "keten_cache" in q["sql"]]
        self.assertEqual(len(reads), 1, reads)
        self.assertNotIn("cases_case", " ".join(q["sql"] for q in queries))
        # A demo case appears: the same one read now shows the banner.
        make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a])
        Case.objects.update(demo=True)
        self.assertContains(client.get(page), BANNER)

    def test_entries_are_never_shared_between_people(self) -> None:
        submit_report(content={"what": "Someone is locked in."}, immediate_danger=True)
        self.assertContains(self.login(self.operator).get(HOME), "1 " + DANGER)
        for name in ("worker_a", "police_officer", "outsider"):
            with self.subTest(name=name):
                self.assertNotContains(self.login(self.named_users()[name], Client()).get(HOME), DANGER)

    def test_demo_cases_loaded_in_bulk_show_the_banner_at_once(self) -> None:
        case = make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a])
        client = self.login(self.worker_a)
        self.assertNotContains(client.get(HOME), BANNER)
        Case.objects.filter(pk=case.pk).update(demo=True)
        self.assertContains(client.get(HOME), BANNER)
        Case.objects.filter(pk=case.pk).delete()
        self.assertNotContains(client.get(HOME), BANNER)

    def test_writes_that_change_nothing_keep_the_entries(self) -> None:
        client = self.login(self.operator)
        client.get(HOME)
        before = cache.get(HEADER.key)
        Report.objects.filter(pk=-1).update(state=State.IN_TRIAGE)  # no row
        AuditEvent.objects.count()
        client.get(HOME)  # writes the session and the audit trail, no watched table
        self.assertEqual(cache.get(HEADER.key), before)

    def test_a_committed_transaction_replaces_the_generation_again(self) -> None:
        with transaction.atomic():
            submit_report(content={"what": "Someone is locked in."})
            submit_report(content={"what": "Another one."})
            # Once per transaction, at commit: with Redis the token must change after the data
            # is visible to others.
            waiting = [callback for _sids, callback, _robust in connection.run_on_commit]
            self.assertEqual(waiting.count(HEADER.renew), 1)

    def test_which_statements_are_watched(self) -> None:
        self.assertIn(HEADER, families_writing('INSERT INTO "intake_report" ("state") VALUES (%s)'))
        self.assertIn(HEADER, families_writing('UPDATE "referrals_notification" SET "read_at" = %s'))
        self.assertIn(HEADER, families_writing('DELETE FROM "cases_case" WHERE "id" = %s'))
        self.assertNotIn(HEADER, families_writing('INSERT INTO "audit_auditevent" ("sequence") VALUES (%s)'))
        self.assertNotIn(HEADER, families_writing('UPDATE "cases_caselink" SET "kind" = %s'))
        self.assertNotIn(HEADER, families_writing('SELECT COUNT(*) FROM "intake_report"'))

    def test_one_write_renews_every_family_that_depends_on_it(self) -> None:
        from keten.statistics.figures_cache import FIGURES

        # Both families are registered when the apps start, before any page imported them.
        self.assertEqual(families_writing('UPDATE "cases_case" SET "demo" = %s'), [HEADER, FIGURES])
        self.assertEqual(
            families_writing('INSERT INTO "screening_handover" ("status") VALUES (%s)'), [HEADER]
        )
        self.assertEqual(families_writing('DELETE FROM "referrals_chainphase"'), [HEADER, FIGURES])
        figures_before, header_before = cache.get(FIGURES.key), cache.get(HEADER.key)
        make_case(self.centre_a, actor=self.worker_a, workers=[self.worker_a])
        self.assertNotEqual(cache.get(FIGURES.key), figures_before)
        self.assertNotEqual(cache.get(HEADER.key), header_before)
