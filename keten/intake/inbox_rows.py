"""The inbox page's rows, ready to show: every label translated once per page, not once per row.

The list shows up to 50 reports with ten columns each. Asking Django's template engine for each
choice label, date and related object row by row cost most of the page's time; here each row is
plain strings, the labels of all rows come in one query, and the row's HTML is put together here
with ``html.escape`` on every value (what Django's ``escape`` does, without its per-call cost).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from html import escape

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from keten.intake.models import OPERATOR_FORM_LABELS, Channel, Region, Report, State

NOTHING = "—"


@dataclass(slots=True)
class InboxRow:
    """One report as the inbox lists it (nothing it says: the content stays encrypted)."""

    pk: str
    number: str
    url: str
    tick_label: str
    highlighted: bool  # someone is in danger now and the report is still open
    immediate_danger: bool
    new_reporter_message: bool
    received: str
    channel: str
    state: str
    form: str
    where: str
    # "answered", "none" (no receipt code or closed), "overdue" or "due"
    answer: str
    answer_by: str
    assigned: str
    labels: list[str] = field(default_factory=list)


def _labels_by_report(report_ids: list[int]) -> dict[int, list[str]]:
    """The labels of these reports, by name, in one query."""
    names: dict[int, list[str]] = defaultdict(list)
    if not report_ids:
        return names
    links = (
        Report.labels.through.objects.filter(report_id__in=report_ids)
        .order_by("label__name")
        .values_list("report_id", "label__name")
    )
    for report_id, name in links:
        names[report_id].append(name)
    return names


def inbox_rows(reports: Iterable[Report], *, today: date) -> list[InboxRow]:
    """The rows of the inbox for these reports (fetched without their labels: one query here)."""
    reports = list(reports)
    # Only the reports that have labels, when the list's query said so (``has_labels``).
    labels = _labels_by_report([report.pk for report in reports if getattr(report, "has_labels", True)])
    channels = {value: str(label) for value, label in Channel.choices}
    states = {value: str(label) for value, label in State.choices}
    regions = {value: str(label) for value, label in Region.choices}
    forms = {value: str(label) for value, label in OPERATOR_FORM_LABELS.items()}
    tick = gettext("Tick report #%(number)s")
    inbox_url = reverse("intake:inbox")
    dates: dict[date, str] = {}

    def short(day: date) -> str:
        if day not in dates:
            dates[day] = date_format(day, "SHORT_DATE_FORMAT")
        return dates[day]

    rows = []
    for report in reports:
        closed = report.is_closed
        if report.acknowledged_on:
            answer = "answered"
        elif not report.receipt_hash or closed:
            answer = "none"
        elif report.acknowledge_by < today:
            answer = "overdue"
        else:
            answer = "due"
        where = regions.get(report.region, report.region) or NOTHING
        if report.province:
            where = f"{where} · {report.province}"
        number = report.number
        rows.append(
            InboxRow(
                pk=str(report.pk),
                number=number,
                url=f"{inbox_url}{report.pk}/",
                tick_label=tick % {"number": number},
                highlighted=report.immediate_danger and not closed,
                immediate_danger=report.immediate_danger,
                new_reporter_message=report.has_new_reporter_message,
                received=short(report.received_on),
                channel=channels.get(report.channel, report.channel),
                state=states.get(report.state, report.state),
                form=forms.get(report.form_of_exploitation) or NOTHING,  # type: ignore[call-overload]
                where=where,
                answer=answer,
                answer_by=short(report.acknowledge_by) if answer in ("overdue", "due") else "",
                assigned=str(report.assigned_to) if report.assigned_to else NOTHING,
                labels=labels.get(report.pk, []),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class ColumnWords:
    """The words of the table, translated once: the column names each cell repeats for small
    screens (``data-label``) and the tags."""

    number: str
    received: str
    channel: str
    state: str
    form: str
    where: str
    answer: str
    assigned: str
    labels: str
    danger: str
    new_message: str
    answered: str
    overdue: str

    @classmethod
    def translated(cls) -> ColumnWords:
        return cls(
            number=gettext("Number"),
            received=gettext("Received"),
            channel=gettext("Came in by"),
            state=gettext("State"),
            form=gettext("Exploitation"),
            where=gettext("Where"),
            answer=gettext("Answer by"),
            assigned=gettext("Assigned to"),
            labels=gettext("Labels"),
            danger=gettext("danger now"),
            new_message=gettext("new message from the reporter"),
            answered=gettext("answered"),
            overdue=gettext("overdue"),
        )


ROW = (
    '<tr data-report="{pk}"{highlight}>\n'
    "    {tick}\n"
    '    <td data-label="{l_number}"><a href="{url}">#{number}</a>{tags}</td>\n'
    '    <td data-label="{l_received}">{received}</td>\n'
    '    <td data-label="{l_channel}">{channel}</td>\n'
    '    <td data-label="{l_state}">{state}</td>\n'
    '    <td data-label="{l_form}">{form}</td>\n'
    '    <td data-label="{l_where}">{where}</td>\n'
    '    <td data-label="{l_answer}">{answer}</td>\n'
    '    <td data-label="{l_assigned}">{assigned}</td>\n'
    '    <td data-label="{l_labels}">{labels}</td>\n'
    "  </tr>"
)


def _escaped_words(words: ColumnWords) -> dict[str, str]:
    """The column names, escaped once for every row (``data-label`` attributes)."""
    return {
        f"l_{name}": escape(getattr(words, name))
        for name in (
            "number",
            "received",
            "channel",
            "state",
            "form",
            "where",
            "answer",
            "assigned",
            "labels",
        )
    }


def _answer_cell(row: InboxRow, words: ColumnWords) -> str:
    if row.answer == "answered":
        return f'<span class="muted">{escape(words.answered)}</span>'
    if row.answer == "overdue":
        return f'<span class="overdue">{escape(row.answer_by)} ({escape(words.overdue)})</span>'
    if row.answer == "due":
        return escape(row.answer_by)
    return NOTHING


def row_html(
    row: InboxRow, *, may_work: bool, words: ColumnWords, labels: dict[str, str] | None = None
) -> SafeString:
    """One row of the inbox's table, every value escaped (``html.escape``, as Django's ``escape``).

    ``labels`` are the column names already escaped (``_escaped_words``), to share between rows.
    """
    pk = escape(row.pk)
    tick = (
        f'<td class="inbox-tick"><input type="checkbox" name="reports" value="{pk}" form="bulk-form"'
        f' id="tick-{pk}" aria-label="{escape(row.tick_label)}"></td>'
        if may_work
        else ""
    )
    tags = (f' <span class="tag overdue">{escape(words.danger)}</span>' if row.immediate_danger else "") + (
        f' <span class="tag intake-new-message" data-new-reporter-message>{escape(words.new_message)}</span>'
        if row.new_reporter_message
        else ""
    )
    row_labels = (
        "".join(f'<span class="tag">{escape(label)}</span> ' for label in row.labels)
        if row.labels
        else NOTHING
    )
    return SafeString(  # every value above is escaped
        ROW.format(
            pk=pk,
            highlight=' class="inbox-danger"' if row.highlighted else "",
            tick=tick,
            url=escape(row.url),
            number=escape(row.number),
            tags=tags,
            received=escape(row.received),
            channel=escape(row.channel),
            state=escape(row.state),
            form=escape(row.form),
            where=escape(row.where),
            answer=_answer_cell(row, words),
            assigned=escape(row.assigned),
            labels=row_labels,
            **(labels or _escaped_words(words)),
        )
    )


def rows_html(rows: list[InboxRow], *, may_work: bool) -> list[SafeString]:
    """The table's rows, in order."""
    words = ColumnWords.translated()
    labels = _escaped_words(words)
    return [row_html(row, may_work=may_work, words=words, labels=labels) for row in rows]
