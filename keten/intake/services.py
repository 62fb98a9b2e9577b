"""Every change to a report goes through these functions: web views, commands and tasks call them.

Reporters' own actions (submitting, adding information) are deliberately *not* written to the
audit trail: an audit entry carries an exact time, and the reporter was promised that no exact
time of their submission is kept. Operators' actions and reads are all audited.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from keten.accounts import policy
from keten.accounts.models import Membership, Organisation, User
from keten.audit.log import log_action, start_of_today
from keten.core import receipts, regions
from keten.core.metadata import CleanFile
from keten.encryption import (
    delete_encrypted_file,
    encrypted_file_names,
    index_key,
    save_encrypted_file,
    stored_file_day,
)
from keten.file_storage import start_of_day
from keten.intake import conf
from keten.intake.access import WORK, inbox_level, may_change_inbox_settings
from keten.intake.models import (
    ACKNOWLEDGE_DAYS_MAX,
    ACKNOWLEDGE_DAYS_MIN,
    CLOSED_STATES,
    AccessLevel,
    Author,
    Channel,
    InboxAccess,
    InboxSettings,
    Label,
    Report,
    ReportAttachment,
    ReportMessage,
    ReportNote,
    State,
    StateChange,
)

logger = logging.getLogger(__name__)

FILE_FOLDER = "intake"
RECEIPT_PURPOSE = "receipt-codes"

# The triage workflow: from each state, where a report may go next.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.NEW: frozenset(
        {
            State.IN_TRIAGE,
            State.WAITING_FOR_REPORTER,
            State.REFERRED,
            State.CLOSED_WITHOUT_ACTION,
            State.DUPLICATE,
        }
    ),
    State.IN_TRIAGE: frozenset(
        {State.WAITING_FOR_REPORTER, State.REFERRED, State.CLOSED_WITHOUT_ACTION, State.DUPLICATE}
    ),
    State.WAITING_FOR_REPORTER: frozenset(
        {State.IN_TRIAGE, State.REFERRED, State.CLOSED_WITHOUT_ACTION, State.DUPLICATE}
    ),
    # Finished reports can be reopened when something new comes in.
    State.REFERRED: frozenset({State.IN_TRIAGE}),
    State.CLOSED_WITHOUT_ACTION: frozenset({State.IN_TRIAGE}),
    State.DUPLICATE: frozenset({State.IN_TRIAGE}),
}
# The moves that happen without an operator: the reporter answered or added information, so triage
# resumes. A referred report stays referred (a partner has it); it only gets the "new message" mark.
REPORTER_MOVES = frozenset(
    {
        (State.WAITING_FOR_REPORTER, State.IN_TRIAGE),
        (State.CLOSED_WITHOUT_ACTION, State.IN_TRIAGE),
        (State.DUPLICATE, State.IN_TRIAGE),
    }
)
#: Why the system moved a report (the audit entry's reason; fixed text, never the reporter's words).
REASON_REPORTER_ADDED_INFORMATION = "the reporter added information"


class AlreadySubmitted(Exception):
    """This form (its one-time token, ``keten.intake.once``) was already stored: nothing was stored now."""


class IntakeError(Exception):
    """A change that is not allowed; ``message`` says why, for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Upload:
    """A file that passed the checks: the name the reporter gave it and its cleaned content."""

    file_name: str
    clean: CleanFile


def today() -> date:
    return timezone.localdate()


def receipt_hash(code: str) -> str:
    return receipts.hash_receipt_code(code, key=index_key(RECEIPT_PURPOSE))


def find_report_by_code(code: str) -> int | None:
    """The id of the report this code opens, or None. Always hashes and queries, whatever the input."""
    normalised = receipts.normalise_receipt_code(code) or receipts.generate_receipt_code()
    return Report.objects.filter(receipt_hash=receipt_hash(normalised)).values_list("pk", flat=True).first()


def _store_files(uploads: list[Upload]) -> list[str]:
    stored: list[str] = []
    try:
        for upload in uploads:
            stored.append(save_encrypted_file(upload.clean.data, folder=FILE_FOLDER))
    except BaseException:
        _delete_files(stored)
        raise
    return stored


def _delete_files(names: list[str]) -> None:
    for name in names:
        delete_encrypted_file(name)


def _attachment(
    report: Report, upload: Upload, stored_name: str, message: ReportMessage | None
) -> ReportAttachment:
    return ReportAttachment(
        report=report,
        message=message,
        file_name=upload.file_name[:200],
        content_type=upload.clean.content_type,
        size=len(upload.clean.data),
        stored_name=stored_name,
        received_on=report.received_on if message is None else message.sent_on,
    )


def submit_report(
    *,
    content: dict[str, Any],
    form_of_exploitation: str = "",
    kind_of_place: str = "",
    immediate_danger: bool = False,
    language: str = "",
    uploads: list[Upload] | None = None,
    channel: str = Channel.WEB,
    give_receipt: bool = True,
    recorded_by: User | None = None,
    organisation: Organisation | None = None,
    submission: str | None = None,
) -> tuple[Report, str | None]:
    """Store a new report with its files; return it and its receipt code (shown once, never stored).

    The files are written first, then the report and its attachment rows are committed in one
    transaction; if anything fails, the files written are deleted again. So a report exists with
    all its files or not at all, and a caller acknowledges only after this returns.

    ``submission`` is the hash of the form's one-time token: if a report with it exists (the same
    form sent again), AlreadySubmitted is raised and nothing is stored.
    """
    uploads = uploads or []
    if submission and Report.objects.filter(submission=submission).exists():
        raise AlreadySubmitted
    received_on = today()
    province, region = "", ""
    postal_code = str(content.get("postal_code") or "")
    if postal_code:
        try:
            block = regions.postal_range(postal_code)
        except regions.PostalCodeError:
            pass
        else:
            province, region = block.province, block.region
    code = receipts.generate_receipt_code() if give_receipt else None
    stored = _store_files(uploads)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                channel=channel,
                content=content,
                form_of_exploitation=form_of_exploitation,
                kind_of_place=kind_of_place,
                immediate_danger=immediate_danger,
                language=language,
                province=province,
                region=region,
                received_on=received_on,
                acknowledge_by=received_on + timedelta(days=acknowledge_days()),
                receipt_hash=receipt_hash(code) if code else None,
                recorded_by=recorded_by,
                submission=submission or None,
            )
            ReportAttachment.objects.bulk_create(
                [
                    _attachment(report, upload, name, None)
                    for upload, name in zip(uploads, stored, strict=True)
                ]
            )
            if immediate_danger:
                # After the commit: the alert must not go out for a report that was not stored.
                transaction.on_commit(_alert_danger)
            if recorded_by is not None:
                log_action(
                    "report.recorded",
                    actor=recorded_by,
                    organisation=organisation,
                    obj=report,
                    data={"channel": channel, "receipt": bool(code)},
                )
    except BaseException as error:
        _delete_files(stored)
        # Two sendings of one form at the same moment: the unique hash lets only one through.
        if isinstance(error, IntegrityError) and _taken(Report, submission):
            raise AlreadySubmitted from None
        raise
    return report, code


def _alert_danger() -> None:
    from keten.intake.triage import alert_danger

    alert_danger()


def _taken(model: type[Report] | type[ReportMessage], submission: str | None) -> bool:
    return bool(submission) and model.objects.filter(submission=submission).exists()


def add_reporter_message(
    *, report_id: int, body: str, uploads: list[Upload] | None = None, submission: str | None = None
) -> ReportMessage:
    """The reporter adds information (text and files) to their report.

    The report is marked as having a new message from the reporter (until someone who works in the
    inbox opens it). A report waiting for the reporter, closed without action or marked duplicate
    goes back to "in triage"; a referred one keeps its state and only gets the mark.
    ``submission`` works as for ``submit_report``: a form sent again raises AlreadySubmitted.
    """
    uploads = uploads or []
    if _taken(ReportMessage, submission):
        raise AlreadySubmitted
    stored = _store_files(uploads)
    try:
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            message = ReportMessage.objects.create(
                report=report,
                author=Author.REPORTER,
                sent_on=today(),
                body=body,
                submission=submission or None,
            )
            ReportAttachment.objects.bulk_create(
                [
                    _attachment(report, upload, name, message)
                    for upload, name in zip(uploads, stored, strict=True)
                ]
            )
            report.has_new_reporter_message = True
            report.save(update_fields=["has_new_reporter_message"])
            if (report.state, State.IN_TRIAGE) in REPORTER_MOVES:
                set_report_state(report_id=report.pk, to_state=State.IN_TRIAGE, membership=None)
    except BaseException as error:
        _delete_files(stored)
        if isinstance(error, IntegrityError) and _taken(ReportMessage, submission):
            raise AlreadySubmitted from None
        raise
    return message


def _require_work(membership: Membership | None) -> Membership:
    if membership is None or inbox_level(membership) != WORK:
        raise IntakeError(_("Only the hotline may change reports."))
    return membership


def set_report_state(
    *, report_id: int, to_state: str, membership: Membership | None, duplicate_of_id: int | None = None
) -> Report:
    """Move a report to ``to_state``: lock it, check the move and who asks, save, record and audit.

    ``membership`` is the operator acting; None only for the moves a reporter's message makes
    (``REPORTER_MOVES``: back to in triage), which the system makes and audits with the reason
    "the reporter added information". Marking a duplicate needs the number of another report that
    exists, and links the two.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        from_state = report.state
        if to_state not in TRANSITIONS.get(from_state, frozenset()):
            raise IntakeError(_("This report cannot move to that state from where it is now."))
        if membership is None:
            if (from_state, to_state) not in REPORTER_MOVES:
                raise IntakeError(_("Only the hotline may change reports."))
            actor = None
        else:
            actor = _require_work(membership).user
        fields = ["state", "closed_on"]
        if to_state == State.DUPLICATE:
            if not duplicate_of_id:
                raise IntakeError(_("Give the number of the report this one duplicates."))
            if duplicate_of_id == report.pk:
                raise IntakeError(_("A report cannot be linked to itself."))
            original = Report.objects.filter(pk=duplicate_of_id).first()
            if original is None:
                raise IntakeError(_("There is no report with that number."))
            report.duplicate_of = original
            report.linked.add(original)
            fields.append("duplicate_of")
        elif report.duplicate_of_id is not None:
            report.duplicate_of = None
            fields.append("duplicate_of")
        report.state = to_state
        report.closed_on = today() if to_state in CLOSED_STATES else None
        report.save(update_fields=fields)
        # A move the reporter causes keeps only the day: the moment they wrote could identify them.
        StateChange.objects.create(
            report=report,
            from_state=from_state,
            to_state=to_state,
            actor=actor,
            changed_at=timezone.now() if membership is not None else start_of_today(),
        )
        if membership is not None:
            log_action(
                "report.state_changed",
                actor=membership.user,
                organisation=membership.organisation,
                obj=report,
                data={"from": from_state, "to": to_state, "duplicate_of": report.duplicate_of_id},
            )
        else:
            log_action(
                "report.state_changed",
                actor="system",
                obj=report,
                reason=REASON_REPORTER_ADDED_INFORMATION,
                data={"from": from_state, "to": to_state, "duplicate_of": None},
                day_only=True,
            )
    return report


def mark_reporter_messages_seen(*, report_id: int, membership: Membership) -> None:
    """Someone who works in the inbox opened the report: clear its "new message" mark.

    People with read access only (a granted organisation) leave the mark for the hotline.
    """
    if inbox_level(membership) != WORK:
        return
    Report.objects.filter(pk=report_id, has_new_reporter_message=True).update(has_new_reporter_message=False)


def assign_report(*, report_id: int, assignee: User | None, membership: Membership) -> Report:
    """Give a report to one operator (or to nobody)."""
    _require_work(membership)
    if assignee is not None and not any(inbox_level(m) == WORK for m in assignee.active_memberships()):
        raise IntakeError(_("Reports can only be assigned to people who work in the inbox."))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        report.assigned_to = assignee
        report.save(update_fields=["assigned_to"])
        log_action(
            "report.assigned",
            actor=membership.user,
            organisation=membership.organisation,
            obj=report,
            data={"assignee": assignee.pk if assignee else None},
        )
    return report


def set_report_labels(*, report_id: int, label_names: list[str], membership: Membership) -> Report:
    """Replace a report's labels; new label words are created."""
    _require_work(membership)
    cleaned = sorted({name.strip().lower()[:40] for name in label_names if name.strip()})
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        labels = [Label.objects.get_or_create(name=name)[0] for name in cleaned]
        report.labels.set(labels)
        log_action(
            "report.labelled",
            actor=membership.user,
            organisation=membership.organisation,
            obj=report,
            data={"labels": [label.pk for label in labels]},
        )
    return report


def add_report_note(*, report_id: int, body: str, membership: Membership) -> ReportNote:
    """An internal note; anyone who may read the inbox may add one."""
    if inbox_level(membership) is None:
        raise IntakeError(_("Only people with access to the inbox may add notes."))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        note = ReportNote.objects.create(
            report=report, author=membership.user, created_at=timezone.now(), body=body
        )
        log_action("report.noted", actor=membership.user, organisation=membership.organisation, obj=report)
    return note


def reply_to_reporter(*, report_id: int, body: str, membership: Membership) -> ReportMessage:
    """A message the reporter reads with their code; the first one acknowledges the report."""
    _require_work(membership)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.receipt_hash is None:
            raise IntakeError(_("This report has no receipt code, so the reporter cannot read replies."))
        now = timezone.now()
        message = ReportMessage.objects.create(
            report=report,
            author=Author.OPERATOR,
            operator=membership.user,
            sent_on=today(),
            sent_at=now,
            body=body,
        )
        if report.acknowledged_on is None:
            report.acknowledged_on = today()
            report.save(update_fields=["acknowledged_on"])
        log_action("report.replied", actor=membership.user, organisation=membership.organisation, obj=report)
    return message


def link_reports(*, report_id: int, other_id: int, membership: Membership) -> Report:
    """Mark two reports as being about the same situation."""
    _require_work(membership)
    if report_id == other_id:
        raise IntakeError(_("A report cannot be linked to itself."))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        other = Report.objects.filter(pk=other_id).first()
        if other is None:
            raise IntakeError(_("There is no report with that number."))
        report.linked.add(other)
        log_action(
            "report.linked",
            actor=membership.user,
            organisation=membership.organisation,
            obj=report,
            data={"other": other.pk},
        )
    return report


def unlink_reports(*, report_id: int, other_id: int, membership: Membership) -> Report:
    _require_work(membership)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        report.linked.remove(other_id)
        log_action(
            "report.unlinked",
            actor=membership.user,
            organisation=membership.organisation,
            obj=report,
            data={"other": other_id},
        )
    return report


def acknowledge_days() -> int:
    """The days the hotline gives itself to answer a new reporter: its own choice, else the default.

    Only new reports take it: a report keeps the due date it got when it came in, because that is
    what its reporter was told.
    """
    chosen = (
        InboxSettings.objects.filter(pk=InboxSettings.SINGLE_PK)
        .values_list("acknowledge_days", flat=True)
        .first()
    )
    return chosen if chosen is not None else conf.acknowledge_days()


def acknowledge_days_error() -> str:
    """What to tell someone who chose a period outside the range, in the current language."""
    return _("Choose a whole number of days from %(minimum)d to %(maximum)d.") % {
        "minimum": ACKNOWLEDGE_DAYS_MIN,
        "maximum": ACKNOWLEDGE_DAYS_MAX,
    }


def set_acknowledge_days(*, days: int, membership: Membership) -> tuple[int, int]:
    """The hotline chooses how many days it gives itself to answer a new reporter.

    Only hotline operators and administrators acting for the hotline (``may_change_inbox_settings``).
    Returns the old and the new number. Audited as ``inbox.settings_changed`` with both numbers
    (``from``, ``to``); choosing the number already in force changes and records nothing.
    """
    if not may_change_inbox_settings(membership):
        raise IntakeError(_("Only the hotline may change the settings of the inbox."))
    if not ACKNOWLEDGE_DAYS_MIN <= days <= ACKNOWLEDGE_DAYS_MAX:
        raise IntakeError(acknowledge_days_error())
    with transaction.atomic():
        row = InboxSettings.objects.select_for_update().filter(pk=InboxSettings.SINGLE_PK).first()
        old = row.acknowledge_days if row is not None else conf.acknowledge_days()
        if old == days:
            return old, days
        row, _created = InboxSettings.objects.update_or_create(
            pk=InboxSettings.SINGLE_PK,
            defaults={"acknowledge_days": days, "changed_by": membership.user, "changed_at": timezone.now()},
        )
        log_action(
            "inbox.settings_changed",
            actor=membership.user,
            organisation=membership.organisation,
            obj=row,
            data={"from": old, "to": days},
        )
    return old, days


def grant_inbox_access(*, organisation: Organisation, level: str, actor: User) -> InboxAccess:
    """An installation administrator lets a chain partner use the inbox (``read`` or ``work``)."""
    if not policy.may_grant_inbox(actor):
        raise IntakeError(_("Only an installation administrator may grant access to the inbox."))
    if not policy.inbox_grantable_organisations().filter(pk=organisation.pk).exists():
        raise IntakeError(
            _("Only a centre, the police, the prosecution or the social inspection may get access.")
        )
    if level not in AccessLevel.values:
        raise IntakeError(_("Unknown access level."))
    with transaction.atomic():
        grant, _created = InboxAccess.objects.update_or_create(
            organisation=organisation,
            defaults={"level": level, "granted_by": actor, "granted_at": timezone.now()},
        )
        log_action(
            "inbox.access_granted",
            actor=actor,
            organisation=organisation,
            obj=organisation,
            data={"level": level},
        )
    return grant


def revoke_inbox_access(*, organisation: Organisation, actor: User) -> None:
    """An installation administrator, or the hotline's administrator, withdraws a grant."""
    if not policy.may_revoke_inbox(actor):
        raise IntakeError(
            _("Only an installation administrator or the hotline may withdraw access to the inbox.")
        )
    with transaction.atomic():
        InboxAccess.objects.filter(organisation=organisation).delete()
        log_action("inbox.access_revoked", actor=actor, organisation=organisation, obj=organisation)


@dataclass(frozen=True)
class PurgePlan:
    reports: list[tuple[int, str, date, int]]  # id, state, closed on, number of files
    orphan_files: list[str]


def plan_purge(*, on: date | None = None) -> PurgePlan:
    """What a purge would delete now: closed reports past retention, and files no report claims.

    Orphan files can only come from a crash between writing the files of a submission and
    committing it (the submission was never acknowledged). Files on disk carry only the day they
    were written (``save_encrypted_file``; a bucket keeps the moment), so orphans are swept once
    that day is two days ago: a submission in progress is never touched.
    """
    cutoff = (on or today()) - timedelta(days=conf.retention_days())
    reports = [
        (report.pk, report.state, report.closed_on, report.attachments.count())
        for report in Report.objects.purgeable(cutoff).only("pk", "state", "closed_on").order_by("pk")
        if report.closed_on is not None
    ]
    claimed = set(ReportAttachment.objects.values_list("stored_name", flat=True))
    day_ago = start_of_day() - 86400
    orphans = [
        name
        for name in encrypted_file_names()
        if name.startswith(FILE_FOLDER + "/") and name not in claimed and stored_file_day(name) < day_ago
    ]
    return PurgePlan(reports=reports, orphan_files=orphans)


def purge_closed_reports(*, on: date | None = None) -> PurgePlan:
    """Delete closed reports past the retention period with their files; audit each without content.

    Rows go first, in one transaction; the files after it commits. A crash in between leaves
    files without rows, which the next purge sweeps as orphans.
    """
    plan = plan_purge(on=on)
    for report_id, state, _closed_on, _files in plan.reports:
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=report_id).first()
            if report is None or report.state not in CLOSED_STATES:
                continue
            names = list(report.attachments.values_list("stored_name", flat=True))
            report.delete()
            log_action(
                "report.purged",
                actor="retention",
                object_type="intake.report",
                object_id=report_id,
                data={"state": state, "files": len(names)},
            )
            transaction.on_commit(lambda names=names: _delete_files(names))  # type: ignore[misc]
    _delete_files(plan.orphan_files)
    if plan.orphan_files:
        log_action("report.orphans_purged", actor="retention", data={"files": len(plan.orphan_files)})
    return plan
