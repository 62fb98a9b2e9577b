"""What each row of the inbox says: number, tags, dates, labels, the first answer, the tick box."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation
from django.utils.formats import date_format

from keten.intake.models import InboxAccess, Label, Report, State
from tests.base import InEnglish, KetenTestCase
from tests.intake.test_triage import INBOX, new_report


def short(day) -> str:  # type: ignore[no-untyped-def]
    with translation.override("en"):
        return date_format(day, "SHORT_DATE_FORMAT")


def row_of(html: str, report: Report) -> str:
    start = html.index(f'<tr data-report="{report.pk}"')
    return html[start : html.index("</tr>", start) + len("</tr>")]


class InboxRowTests(InEnglish, KetenTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.urgent = new_report(danger=True, days_old=9)
        Report.objects.filter(pk=self.urgent.pk).update(
            has_new_reporter_message=True, assigned_to=self.operator, province="Antwerpen", region="flemish"
        )
        self.urgent.labels.set([Label.objects.create(name="port"), Label.objects.create(name="car wash")])
        self.answered = new_report()
        Report.objects.filter(pk=self.answered.pk).update(acknowledged_on=timezone.localdate())
        self.quiet = new_report(receipt=False)
        self.closed = new_report(danger=True)
        Report.objects.filter(pk=self.closed.pk).update(state=State.CLOSED_WITHOUT_ACTION)

    def test_a_row_shows_every_column_in_the_operators_words(self) -> None:
        self.login(self.operator)
        html = self.client.get(INBOX).content.decode()
        urgent = Report.objects.get(pk=self.urgent.pk)
        number = urgent.number
        self.assertEqual(
            row_of(html, urgent),
            f'<tr data-report="{urgent.pk}" class="inbox-danger">\n'
            f'    <td class="inbox-tick"><input type="checkbox" name="reports" value="{urgent.pk}"'
            f' form="bulk-form" id="tick-{urgent.pk}" aria-label="Tick report #{number}"></td>\n'
            f'    <td data-label="Number"><a href="/en/report/inbox/{urgent.pk}/">#{number}</a>'
            ' <span class="tag overdue">danger now</span> <span class="tag intake-new-message"'
            " data-new-reporter-message>new message from the reporter</span></td>\n"
            f'    <td data-label="Received">{short(urgent.received_on)}</td>\n'
            '    <td data-label="Came in by">Online form</td>\n'
            '    <td data-label="State">New</td>\n'
            '    <td data-label="Exploitation">Sexual exploitation</td>\n'
            '    <td data-label="Where">Flemish Region · Antwerpen</td>\n'
            '    <td data-label="Answer by">'
            f'<span class="overdue">{short(urgent.acknowledge_by)} (overdue)</span></td>\n'
            f'    <td data-label="Assigned to">{self.operator}</td>\n'
            '    <td data-label="Labels">'
            '<span class="tag">car wash</span> <span class="tag">port</span> </td>\n'
            "  </tr>",
        )

    def test_the_first_answer_column_says_answered_due_or_nothing(self) -> None:
        self.login(self.operator)
        html = self.client.get(INBOX).content.decode()
        self.assertIn(
            '<td data-label="Answer by"><span class="muted">answered</span></td>', row_of(html, self.answered)
        )
        self.assertIn('<td data-label="Answer by">—</td>', row_of(html, self.quiet))
        self.assertIn('<td data-label="Labels">—</td>', row_of(html, self.quiet))
        self.assertIn('<td data-label="Assigned to">—</td>', row_of(html, self.quiet))
        self.assertIn('<td data-label="Where">—</td>', row_of(html, self.quiet))
        # Closed: no answer is due any more, and danger no longer colours the row (its tag stays).
        closed = row_of(html, self.closed)
        self.assertIn('<td data-label="Answer by">—</td>', closed)
        self.assertNotIn("inbox-danger", closed)
        self.assertIn('<span class="tag overdue">danger now</span>', closed)
        due = Report.objects.filter(pk=self.answered.pk)
        due.update(acknowledged_on=None, acknowledge_by=timezone.localdate() + timedelta(days=2))
        html = self.client.get(INBOX).content.decode()
        self.assertIn(
            f'<td data-label="Answer by">{short(timezone.localdate() + timedelta(days=2))}</td>',
            row_of(html, self.answered),
        )

    def test_who_may_only_read_gets_no_tick_box(self) -> None:
        InboxAccess.objects.create(organisation=self.police, level="read", granted_at=timezone.now())
        self.login(self.police_officer)
        html = self.client.get(INBOX).content.decode()
        self.assertNotIn("inbox-tick", row_of(html, self.urgent))
        self.assertIn(f'<tr data-report="{self.urgent.pk}" class="inbox-danger">\n    \n    <td', html)

    def test_names_and_labels_are_escaped(self) -> None:
        self.urgent.labels.add(Label.objects.create(name="<b>x</b>"))
        self.operator.full_name = "Ann <script>"
        self.operator.save()
        self.login(self.operator)
        html = self.client.get(INBOX).content.decode()
        row = row_of(html, self.urgent)
        self.assertIn('<span class="tag">&lt;b&gt;x&lt;/b&gt;</span>', row)
        self.assertIn("Ann &lt;script&gt;", row)
        self.assertNotIn("<script>", row)
