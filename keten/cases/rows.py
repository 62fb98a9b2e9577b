"""The rows of the case lists (caseload, deadlines), ready to print.

Everything a row shows is worked out here once, in Python: the template then only prints
values, which costs far less per row than tags, filters and ``{% url %}`` in a loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from keten.cases.formatting import ShortDays, day_writer, render_message
from keten.cases.models import PROCEDURE_FIELDS, Case
from keten.cases.paths import case_paths
from keten.core import procedure

_ROW_CLASS = {
    procedure.DeadlineStatus.OVERDUE: "overdue",
    procedure.DeadlineStatus.ACT_NOW: "overdue act-now",
}

#: What the deadlines list needs of a file: its id and what its deadline follows from. The list
#: shows no names, so none is loaded or decrypted.
DEADLINE_FIELDS = (
    "id",
    "state",
    *PROCEDURE_FIELDS,
)


def state_labels() -> dict[str, str]:
    """Each procedure state's label in the current language (looked up once per list, not per row)."""
    return {state.value: gettext(label) for state, label in procedure.STATE_LABELS.items()}


@dataclass(frozen=True)
class CaseRow:
    """One file in a list: its link, who, where the procedure stands and its deadline."""

    url: str
    reference: str
    name: str
    state: str
    row_class: str
    act_by: str
    status: str


def case_rows(cases: list[Case], today: date) -> list[CaseRow]:
    """The rows of ``cases``: each file's link, who, where its procedure stands, its act-by day."""
    labels = state_labels()
    day = ShortDays()
    detail_path = case_paths("cases:detail")
    rows = []
    for case in cases:
        deadline = case.deadline(today)
        rows.append(
            CaseRow(
                url=detail_path(case.pk),
                reference=case.reference,
                name=case.display_name,
                state=labels[case.procedure_state],
                row_class=_ROW_CLASS.get(deadline.status, "") if deadline else "",
                act_by=day(deadline.act_by) if deadline else "",
                status=deadline.status.value if deadline else "",
            )
        )
    return rows


_DEADLINE_ROW = (
    "\n  <tr{}>\n"
    '    <td><a href="{}">{}</a></td>\n'
    "    <td>{}{}</td>\n"
    "    <td>{}{}</td>\n"
    "    <td>{}</td>\n"
    "  </tr>\n  "
)


def deadline_rows(cases: list[tuple[Any, ...]], today: date) -> list[SafeString]:
    """The deadlines table's rows as HTML (every value escaped): for each file of ``cases`` (its
    ``DEADLINE_FIELDS`` values, as ``values_list`` gives them) with a deadline, its act-by and
    expiry days, a tag when it is time to act or overdue, and what to do.

    The deadline is :meth:`Case.deadline`'s, worked out from the values without building a model
    instance per row; the tags' words are translated once for the list.
    """
    day = ShortDays()
    message_days = day_writer()
    detail_path = case_paths("cases:detail")
    act_now = format_html(' <span class="tag">{}</span>', gettext("Act now"))
    overdue = format_html(' <span class="tag">{}</span>', gettext("Overdue"))
    rows = []
    for pk, state, procedure_state, since, starts_on, ends_on, prolongations, _act_by in cases:
        if state != Case.FileState.OPEN:
            continue
        snapshot = procedure.ProcedureSnapshot(
            state=procedure.State(procedure_state),
            since=since,
            starts_on=starts_on,
            ends_on=ends_on,
            prolongations=prolongations,
        )
        deadline = procedure.next_deadline(snapshot, today)
        if deadline is None:
            continue
        row_class = _ROW_CLASS.get(deadline.status, "")
        rows.append(
            format_html(
                _DEADLINE_ROW,
                format_html(' class="{}"', row_class) if row_class else "",
                detail_path(pk),
                f"#{pk}",
                day(deadline.act_by),
                act_now if deadline.status == procedure.DeadlineStatus.ACT_NOW else "",
                day(deadline.expires_on),
                overdue if deadline.status == procedure.DeadlineStatus.OVERDUE else "",
                render_message(deadline.message, message_days),
            )
        )
    return rows
