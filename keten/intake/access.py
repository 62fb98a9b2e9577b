"""Who may use the hotline's inbox, and how far: the one place that answers it.

- A hotline operator (role ``hotline_operator`` in an organisation of kind ``hotline``) does
  everything: reads, triages, assigns, labels, replies, links, records calls.
- An installation administrator may grant a chain partner (``policy.INBOX_PARTNER_KINDS``: a
  centre, police, the prosecution, the social inspection) access to the inbox with an
  ``InboxAccess`` row: ``read`` (read reports and add internal notes) or ``work`` (everything an
  operator does). The grant covers every member of that organisation, whatever their role, while
  they act for it. A grant to any other kind of organisation gives nothing.
- Nobody else, including administrators themselves, sees any report. Missing and forbidden both
  answer 404.
- The inbox's own settings (how many days the hotline gives itself to answer a new reporter) are
  the hotline's: hotline operators and organisation administrators acting for the hotline change
  them. Organisations granted access, even ``work``, follow them but do not change them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.apps import apps
from django.db import connection
from django.db.models import BooleanField, Model
from django.db.models.expressions import RawSQL
from django.http import Http404, HttpRequest, HttpResponse

from keten.accounts.access import current_membership, professional_required
from keten.accounts.models import Membership
from keten.accounts.policy import INBOX_PARTNER_KINDS
from keten.accounts.roles import OrganisationKind, Role
from keten.intake.models import (
    AccessLevel,
    InboxAccess,
    Report,
    ReportAttachment,
    ReportMessage,
    ReportNote,
    StateChange,
)

R = TypeVar("R", bound=HttpResponse)

READ = AccessLevel.READ.value
WORK = AccessLevel.WORK.value


def inbox_level(membership: Membership | None) -> str | None:
    """``"work"``, ``"read"`` or None: what the person may do in the inbox under this membership."""
    if membership is None or not membership.is_active:
        return None
    organisation = membership.organisation
    if not organisation.is_active:
        return None
    if membership.role == Role.HOTLINE_OPERATOR and organisation.kind == OrganisationKind.HOTLINE:
        return WORK
    if organisation.kind not in INBOX_PARTNER_KINDS:
        return None
    grant = InboxAccess.objects.filter(organisation=organisation).only("level").first()
    return grant.level if grant is not None else None


def may_work(level: str | None) -> bool:
    return level == WORK


def may_change_inbox_settings(membership: Membership | None) -> bool:
    """Whether the person, under this membership, may change the inbox's settings.

    Hotline operators and organisation administrators acting for an active organisation of kind
    ``hotline``; nobody else (administrators of other organisations and granted organisations included).
    """
    if membership is None or not membership.is_active:
        return False
    organisation = membership.organisation
    return (
        organisation.is_active
        and organisation.kind == OrganisationKind.HOTLINE
        and membership.role in (Role.HOTLINE_OPERATOR, Role.ORGANISATION_ADMINISTRATOR)
    )


def inbox_settings_required(view: Callable[..., R]) -> Callable[..., HttpResponse]:
    """The person may change the inbox's settings (see ``may_change_inbox_settings``); otherwise 404."""

    @professional_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_change_inbox_settings(current_membership(request)):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def inbox_required(level: str) -> Callable[[Callable[..., R]], Callable[..., HttpResponse]]:
    """The person may use the inbox at ``level`` (``read`` or ``work``); otherwise 404.

    Sets ``request.inbox_level`` for the view and its template.
    """

    def decorator(view: Callable[..., R]) -> Callable[..., HttpResponse]:
        @professional_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            granted = inbox_level(current_membership(request))
            if granted is None or (level == WORK and granted != WORK):
                raise Http404
            request.inbox_level = granted  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


#: The people a report's page names, fetched with it (``access_report(..., for_page=True)``).
PAGE_RELATED = ("assigned_to", "recorded_by")


def exists_for_report(model: type[Model], column: str) -> RawSQL:
    """``EXISTS`` a row of ``model`` whose ``column`` is the report: plain SQL on fixed table and
    column names (no input in it), far cheaper for the ORM to build than an ``Exists`` subquery."""
    quote = connection.ops.quote_name
    table, report = quote(model._meta.db_table), quote(Report._meta.db_table)
    sql = f"EXISTS (SELECT 1 FROM {table} WHERE {table}.{quote(column)} = {report}.{quote('id')})"  # noqa: S608
    return RawSQL(sql, (), output_field=BooleanField())  # noqa: S611 - fixed names, no parameters


def _page_sections() -> dict[str, RawSQL]:
    """Whether each list of the report's page has anything, asked in the report's own query: the
    page reads a list only when it has rows (most reports have no notes, links or history yet)."""
    return {
        "has_labels": exists_for_report(Report.labels.through, "report_id"),
        "has_attachments": exists_for_report(ReportAttachment, "report_id"),
        "has_messages": exists_for_report(ReportMessage, "report_id"),
        "has_notes": exists_for_report(ReportNote, "report_id"),
        "has_linked": exists_for_report(Report.linked.through, "from_report_id"),
        "has_history": exists_for_report(StateChange, "report_id"),
        # Screenings started from it by any organisation: only then are the visible ones asked.
        "has_screenings": exists_for_report(apps.get_model("screening", "Screening"), "report_id"),
    }


def access_report(
    request: HttpRequest, report_id: int, *, write: bool = False, for_page: bool = False
) -> Report:
    """The report, if the person may read it (or change it, with ``write``); otherwise 404.

    ``for_page`` fetches, in the same query, the people its page names and whether each of its
    lists has rows (``has_labels``, ``has_attachments``, ``has_messages``, ``has_notes``,
    ``has_linked``, ``has_history``, ``has_screenings``).
    """
    # Behind ``inbox_required`` the level was just worked out for this very request.
    granted = getattr(request, "inbox_level", None) or inbox_level(current_membership(request))
    if granted is None or (write and granted != WORK):
        raise Http404
    reports = Report.objects.filter(pk=report_id)
    if for_page:
        reports = reports.select_related(*PAGE_RELATED).annotate(**_page_sections())
    report = reports.first()
    if report is None:
        raise Http404
    return report


def may_manage_reply_templates(membership: Membership | None) -> bool:
    """Writing, changing and deleting the reply templates: the hotline's own administrators.

    Plain operators pick a template; administrators of other organisations, organisations granted
    inbox access and installation administrators (who do not staff the hotline) do not manage them.
    """
    if membership is None or not membership.is_active:
        return False
    organisation = membership.organisation
    return (
        organisation.is_active
        and organisation.kind == OrganisationKind.HOTLINE
        and membership.role == Role.ORGANISATION_ADMINISTRATOR
    )
