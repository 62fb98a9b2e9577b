"""Suggestions for a hotline report and for the notes of a case file.

Each page checks the same access as the page it belongs to (``keten.intake.access`` for a report,
``keten.cases.access`` for a case file), answers 404 otherwise, and audits the read like that page
does. The text is analysed in memory for this response only: it is neither stored nor logged.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from keten.accounts.access import current_membership, request_user, role_required
from keten.audit.log import log_action
from keten.cases.access import CASE_ROLES, access_case
from keten.intake.access import READ, access_report, inbox_required
from keten.intake.models import Author
from keten.suggestions.presentation import suggestions_for

# The most recent notes of a case file that the page reads.
NOTES_SHOWN = 20


@require_safe
@inbox_required(READ)
def report_suggestions(request: HttpRequest, report_id: int) -> HttpResponse:
    """Suggestions from what the reporter wrote. Same access as the report page; audited as its read."""
    report = access_report(request, report_id)
    membership = current_membership(request)
    if membership is None:  # inbox_required checked it already
        raise Http404
    log_action(
        "report.viewed",
        actor=membership.user,
        organisation=membership.organisation,
        obj=report,
        data={"page": "suggestions"},
    )
    texts = [
        (_("What was seen or heard"), str(report.field("what") or "")),
        (_("Who is involved"), str(report.field("who") or "")),
        (_("When"), str(report.field("when") or "")),
        (_("Contact details"), str(report.field("contact") or "")),
    ]
    for message in report.messages.filter(author=Author.REPORTER).order_by("sent_on", "pk"):
        heading = _("Message from the reporter, %(date)s") % {
            "date": date_format(message.sent_on, "DATE_FORMAT")
        }
        texts.append((heading, message.body))
    context = {"report": report, "texts": suggestions_for(texts, language=report.language or None)}
    return render(request, "suggestions/report.html", context)


@require_safe
@role_required(*CASE_ROLES)
def case_note_suggestions(request: HttpRequest, case_id: int) -> HttpResponse:
    """Suggestions from the case file's most recent notes. Same access as the file (audited as its read)."""
    case = access_case(request_user(request), case_id)
    notes = case.notes.order_by("-created_at", "-pk")[:NOTES_SHOWN]
    texts = [
        (_("Note of %(date)s") % {"date": date_format(note.created_at, "DATE_FORMAT")}, note.text)
        for note in notes
    ]
    return render(request, "suggestions/case.html", {"case": case, "texts": suggestions_for(texts)})
