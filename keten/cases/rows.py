"""The rows of the case lists (caseload, deadlines), ready to print.

Everything a row shows is worked out here once, in Python: the template then only prints
values, which costs far less per row than tags, filters and ``{% url %}`` in a loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext

from keten.cases.formatting import ShortDays, day_writer, render_message
from keten.cases.models import Case
from keten.cases.paths import case_paths
from keten.core import procedure

_ROW_CLASS = {
    procedure.DeadlineStatus.OVERDUE: "overdue",
    procedure.DeadlineStatus.ACT_NOW: "overdue act-now",
}


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
    expires_on: str
    status: str
    text: str


def case_rows(cases: list[Case], today: date, *, due_only: bool = False) -> list[CaseRow]:
    """The rows of ``cases``; ``due_only`` keeps the files with a deadline, with what to do."""
    labels = state_labels()
    day = ShortDays()
    message_days = day_writer()
    detail_path = case_paths("cases:detail")
    rows = []
    for case in cases:
        deadline = case.deadline(today)
        if due_only and deadline is None:
            continue
        rows.append(
            CaseRow(
                url=detail_path(case.pk),
                reference=case.reference,
                name=case.display_name,
                state=labels[case.procedure_state],
                row_class=_ROW_CLASS.get(deadline.status, "") if deadline else "",
                act_by=day(deadline.act_by) if deadline else "",
                expires_on=day(deadline.expires_on) if deadline and due_only else "",
                status=deadline.status.value if deadline else "",
                text=render_message(deadline.message, message_days) if deadline and due_only else "",
            )
        )
    return rows
