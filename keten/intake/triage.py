"""Triage at scale: bulk changes, saved filters, who is on duty, danger alerts, reply templates.

Every change goes through the services of ``keten.intake.services`` (which check who asks and
write the audit trail), one report at a time, so a bulk change is audited report by report and a
refused change leaves the others done.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from keten.accounts.models import Membership, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.intake.access import WORK, inbox_level, may_manage_reply_templates
from keten.intake.models import OnDuty, ReplyTemplate, Report, SavedFilter, State
from keten.intake.services import IntakeError, assign_report, set_report_state

logger = logging.getLogger(__name__)

#: At most this many reports in one bulk change (one page of the inbox is 50).
BULK_LIMIT = 200
#: States a bulk change may move reports to: a duplicate needs the number of its original.
BULK_STATES = tuple(value for value, _label in State.choices if value != State.DUPLICATE)


@dataclass
class BulkOutcome:
    changed: list[int] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)


def bulk_change(
    *,
    report_ids: list[int],
    membership: Membership,
    assignee: User | None = None,
    assign: bool = False,
    to_state: str = "",
) -> BulkOutcome:
    """Assign and/or move each report; collect what was refused and why, report by report."""
    if inbox_level(membership) != WORK:
        raise IntakeError(_("Only the hotline may change reports."))
    if not assign and not to_state:
        raise IntakeError(_("Choose what to change: an assignment, a state or both."))
    if to_state and to_state not in BULK_STATES:
        raise IntakeError(_("Reports cannot be marked as duplicates together: do it report by report."))
    outcome = BulkOutcome()
    existing = set(Report.objects.filter(pk__in=report_ids).values_list("pk", flat=True))
    for report_id in dict.fromkeys(report_ids):
        if report_id not in existing:
            outcome.refused.append((report_id, _("There is no report with that number.")))
            continue
        try:
            with transaction.atomic():
                if to_state:
                    set_report_state(report_id=report_id, to_state=to_state, membership=membership)
                if assign:
                    assign_report(report_id=report_id, assignee=assignee, membership=membership)
        except IntakeError as error:
            outcome.refused.append((report_id, error.message))
        else:
            outcome.changed.append(report_id)
    return outcome


# --- Saved filters ------------------------------------------------------------------------------


def save_filter(*, owner: User, name: str, query: str) -> SavedFilter:
    """Save (or replace) one of the operator's own filters under ``name``."""
    saved, _created = SavedFilter.objects.update_or_create(
        owner=owner, name=name.strip()[:60], defaults={"query": query[:500], "created_at": timezone.now()}
    )
    return saved


def delete_filter(*, owner: User, filter_id: int) -> bool:
    """Delete one of the operator's own filters; another person's is never touched."""
    deleted, _rows = SavedFilter.objects.filter(pk=filter_id, owner=owner).delete()
    return bool(deleted)


# --- On duty and danger alerts ------------------------------------------------------------------


def set_on_duty(*, membership: Membership, on_duty: bool) -> None:
    if inbox_level(membership) != WORK:
        raise IntakeError(_("Only the hotline may change reports."))
    if on_duty:
        OnDuty.objects.update_or_create(user=membership.user, defaults={"since": timezone.now()})
    else:
        OnDuty.objects.filter(user=membership.user).delete()
    log_action(
        "inbox.duty_changed",
        actor=membership.user,
        organisation=membership.organisation,
        data={"on_duty": on_duty},
    )


def hotline_operators() -> list[User]:
    """Active people acting as hotline operators for an active hotline."""
    return list(
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.HOTLINE_OPERATOR,
            memberships__organisation__kind=OrganisationKind.HOTLINE,
            memberships__organisation__is_active=True,
        ).distinct()
    )


def alert_recipients() -> list[User]:
    """The operators on duty; every hotline operator when nobody is."""
    operators = hotline_operators()
    on_duty = set(OnDuty.objects.filter(user__in=operators).values_list("user_id", flat=True))
    return [user for user in operators if user.pk in on_duty] or operators


def alert_danger() -> int:
    """Tell the operators on duty that a danger report waits. The e-mail says nothing of the
    report, not even its number: only that one waits, and where the inbox is. Returns how many
    e-mails were handed to the mail server."""
    messages = []
    for user in alert_recipients():
        language = user.language if user.language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        with translation.override(language):
            link = settings.SITE_URL.rstrip("/") + reverse("intake:inbox") + "?danger=1"
            subject = _("Keten: a report says someone is in danger now")
            body = _(
                "A new report in the hotline's inbox says someone is in danger now.\n\n"
                "Please open the inbox and look at it first:\n%(link)s\n\n"
                "This e-mail says nothing about the report on purpose."
            ) % {"link": link}
        messages.append((subject, body, None, [user.email]))
    try:
        sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    except Exception:  # a mail server down must never lose the report
        logger.exception("the danger alert could not be sent")
        sent = 0
    # The day only: the moment would tell when the reporter wrote (``keten.intake.models``).
    log_action(
        "inbox.danger_alerted",
        actor="system",
        data={"recipients": len(messages), "sent": sent},
        day_only=True,
    )
    return sent


# --- Reply templates ----------------------------------------------------------------------------


def _require_template_manager(membership: Membership) -> None:
    if not may_manage_reply_templates(membership):
        raise IntakeError(_("Only the hotline's administrators manage reply templates."))


def save_reply_template(
    *, membership: Membership, title: str, language: str, body: str, template_id: int | None = None
) -> ReplyTemplate:
    _require_template_manager(membership)
    values = {"title": title, "language": language, "body": body}
    try:
        with transaction.atomic():
            if template_id is None:
                template = ReplyTemplate.objects.create(
                    **values, changed_by=membership.user, changed_at=timezone.now()
                )
            else:
                template = ReplyTemplate.objects.get(pk=template_id)
                for key, value in values.items():
                    setattr(template, key, value)
                template.changed_by = membership.user
                template.changed_at = timezone.now()
                template.save()
    except IntegrityError:
        raise IntakeError(_("A template with this title exists already in this language.")) from None
    log_action(
        "inbox.reply_template_saved",
        actor=membership.user,
        organisation=membership.organisation,
        obj=template,
        data={"language": language},
    )
    return template


def delete_reply_template(*, membership: Membership, template_id: int) -> None:
    _require_template_manager(membership)
    deleted, _rows = ReplyTemplate.objects.filter(pk=template_id).delete()
    if deleted:
        log_action(
            "inbox.reply_template_deleted",
            actor=membership.user,
            organisation=membership.organisation,
            data={"template": template_id},
        )


def templates_for(language: str) -> list[ReplyTemplate]:
    """Every template, the reporter's language first (to pick from: their texts stay unread)."""
    return sorted(
        ReplyTemplate.objects.only("title", "language"),
        key=lambda t: (t.language != language, t.language, t.title),
    )
