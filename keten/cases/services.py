"""Every change to a case file: one function per write, atomic and audited (STYLE.md, 2 and 3)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from keten.accounts.models import Organisation, User
from keten.audit.log import log_action
from keten.cases import plausibility
from keten.cases.models import (
    PROCEDURE_FIELDS,
    CalendarToken,
    Case,
    CaseAssignment,
    CaseLink,
    ConditionEvidence,
    Document,
    GuidanceActivity,
    GuidancePlan,
    KeyContact,
    MagistrateOpinion,
    Note,
    ProcedureEvent,
    ResidenceDocument,
)
from keten.core import procedure
from keten.core.crypto import normalise_for_index
from keten.core.dates import age_on
from keten.encryption import (
    delete_encrypted_file,
    index_key,
    lookup_hash,
    read_encrypted_file,
    save_encrypted_file,
)
from keten.uploads import clean_file

IDENTITY_FIELDS = (
    "given_names",
    "family_name",
    "aliases",
    "date_of_birth",
    "contact_details",
    "identity_documents",
)
CASE_FIELDS = (
    *IDENTITY_FIELDS,
    "gender",
    "nationalities",
    "unaccompanied",
    "languages",
    "forms",
    "sexual_exploitation_types",
    "sector",
    "means_of_control",
    "exploitation_place",
    "exploitation_started_on",
    "exploitation_ended_on",
    "intake_channel",
)


# --- Duplicates --------------------------------------------------------------------------------


def normalised_name(given_names: str, family_name: str) -> str:
    """The name as compared for duplicates: no accents or case, word order ignored."""
    return " ".join(sorted(normalise_for_index(f"{given_names} {family_name}").split()))


def identity_hashes(given_names: str, family_name: str, date_of_birth: str) -> tuple[str, str]:
    """Keyed hashes of the normalised name, and of the name with the date of birth."""
    name = normalised_name(given_names, family_name)
    if not name:
        return "", ""
    name_hash = lookup_hash(name, purpose="case-name")
    identity_hash = lookup_hash(f"{name}|{date_of_birth}", purpose="case-identity") if date_of_birth else ""
    return name_hash, identity_hash


def find_duplicates(
    *,
    centre: Organisation,
    given_names: str,
    family_name: str,
    date_of_birth: str,
    exclude: int | None = None,
) -> list[int]:
    """Ids of the centre's cases that may concern the same person, without decrypting any file.

    Same name and date of birth, or the same name where one of the two has no date of birth.
    """
    name_hash, identity_hash = identity_hashes(given_names, family_name, date_of_birth)
    if not name_hash:
        return []
    cases = Case.objects.filter(centre=centre, name_hash=name_hash)
    if identity_hash:
        from django.db.models import Q

        cases = cases.filter(Q(identity_hash=identity_hash) | Q(identity_hash=""))
    if exclude is not None:
        cases = cases.exclude(pk=exclude)
    return list(cases.order_by("pk").values_list("pk", flat=True)[:20])


# --- The file ------------------------------------------------------------------------------------


def _apply(case: Case, data: dict[str, Any]) -> list[str]:
    changed = []
    for field in CASE_FIELDS:
        if field in data:
            value = data[field]
            if value is None and not field.endswith("_on"):
                value = ""
            setattr(case, field, value)
            changed.append(field)
    if isinstance(case.date_of_birth, date):
        case.date_of_birth = case.date_of_birth.isoformat()
    case.name_hash, case.identity_hash = identity_hashes(
        case.given_names, case.family_name, case.date_of_birth
    )
    case.age_at_start = age_at_start(case)
    case.age_at_registration = age_at_registration(case)
    return [*changed, "name_hash", "identity_hash", "age_at_start", "age_at_registration"]


def age_at_start(case: Case) -> int | None:
    """Age in whole years when the exploitation started, or when the file was opened."""
    birth = case.birth_date
    start = case.exploitation_started_on or (timezone.localdate(case.created_at) if case.created_at else None)
    if birth is None or start is None or start < birth:
        return None
    return age_on(birth, start)


def age_at_registration(case: Case) -> int | None:
    """Age in whole years on the day the file was opened (CTDC codebook v2, ``ageBroad``)."""
    birth = case.birth_date
    opened = timezone.localdate(case.created_at) if case.created_at else timezone.localdate()
    if birth is None or opened < birth:
        return None
    return age_on(birth, opened)


def create_case(
    *,
    actor: User,
    centre: Organisation,
    data: dict[str, Any],
    workers: list[User] | None = None,
    report_id: int | None = None,
    referred_on: date | None = None,
) -> Case:
    """Open a file in ``centre``; the procedure starts as referred on ``referred_on``.

    ``referred_on`` (default today) may be earlier, for a person who came in before the
    file was opened; never after today (:class:`ReferralDateRefused`).
    """
    today = timezone.localdate()
    if referred_on is not None and referred_on > today:
        raise ReferralDateRefused(referred_on)
    with transaction.atomic():
        case = Case(centre=centre, created_by=actor, report_id=report_id)
        case.procedure_since = referred_on or today
        _apply(case, data)
        case.save()
        for worker in workers or []:
            CaseAssignment.objects.create(case=case, user=worker)
        log_action(
            "case.created",
            actor=actor,
            organisation=centre,
            obj=case,
            data={
                "workers": [w.pk for w in workers or []],
                "report": report_id,
                "referred_on": case.procedure_since.isoformat(),
            },
        )
    return case


class ReferralDateRefused(Exception):
    """The referral date cannot be set: in the future, or a later step is recorded."""


def referral_date_editable(case: Case) -> bool:
    """Whether the first step (the referral) may still be re-dated: no step recorded after it."""
    return case.procedure_state == procedure.State.REFERRED and not case.procedure_events.exists()


def date_referral(*, actor: User, case_id: int, on: date) -> Case:
    """Set the day the person was referred, while no later step is recorded.

    Raises :class:`ReferralDateRefused` for a day after today or once a step follows the
    referral (the history is then fixed: record a step instead). Locks the case row and
    audits the change (``case.referral_dated``).
    """
    if on > timezone.localdate():
        raise ReferralDateRefused(on)
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("centre").get(pk=case_id)
        if not referral_date_editable(case):
            raise ReferralDateRefused(on)
        before = case.procedure_since
        if before != on:
            case.procedure_since = on
            case.save(update_fields=["procedure_since"])
            log_action(
                "case.referral_dated",
                actor=actor,
                organisation=case.centre,
                obj=case,
                data={"from": before.isoformat(), "to": on.isoformat()},
            )
    return case


def update_case(*, actor: User, case: Case, data: dict[str, Any], referred_on: date | None = None) -> Case:
    """Save the person's details; with ``referred_on``, re-date the referral too (:func:`date_referral`)."""
    with transaction.atomic():
        if referred_on is not None:
            case.procedure_since = date_referral(actor=actor, case_id=case.pk, on=referred_on).procedure_since
        fields = _apply(case, data)
        case.save(update_fields=fields)
        log_action(
            "case.updated",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={
                "fields": [
                    f
                    for f in fields
                    if f not in ("name_hash", "identity_hash", "age_at_start", "age_at_registration")
                ]
            },
        )
    return case


def set_workers(*, actor: User, case: Case, workers: list[User]) -> None:
    with transaction.atomic():
        CaseAssignment.objects.filter(case=case).exclude(user__in=workers).delete()
        existing = set(CaseAssignment.objects.filter(case=case).values_list("user_id", flat=True))
        CaseAssignment.objects.bulk_create(
            [CaseAssignment(case=case, user=w) for w in workers if w.pk not in existing]
        )
        log_action(
            "case.workers_assigned",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={"workers": [w.pk for w in workers]},
        )


def link_cases(*, actor: User, case: Case, other: Case, kind: str) -> CaseLink:
    with transaction.atomic():
        link, _ = CaseLink.objects.update_or_create(from_case=case, to_case=other, defaults={"kind": kind})
        log_action(
            "case.linked",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={"other": other.pk, "kind": kind},
        )
    return link


def add_contact(*, actor: User, case: Case, role: str, name: str, details: str) -> KeyContact:
    with transaction.atomic():
        contact = KeyContact.objects.create(case=case, role=role, name=name, details=details)
        log_action("case.contact_added", actor=actor, organisation=case.centre, obj=case, data={"role": role})
    return contact


# --- The protection procedure --------------------------------------------------------------------


class ProcedureRefused(Exception):
    """The move is not allowed; ``decision.reasons`` says why."""

    def __init__(self, decision: procedure.MoveDecision) -> None:
        super().__init__(", ".join(reason.code for reason in decision.reasons))
        self.decision = decision


def evidence_of(case: Case) -> procedure.Evidence:
    return procedure.Evidence(
        records=tuple(
            procedure.EvidenceRecord(procedure.EvidenceKind(kind), recorded_on)
            for kind, recorded_on in case.evidence.values_list("kind", "recorded_on")
        ),
        opinions=tuple(
            procedure.MagistrateOpinion(procedure.Opinion(opinion), given_on)
            for opinion, given_on in case.opinions.order_by("given_on", "pk").values_list(
                "opinion", "given_on"
            )
        ),
    )


def check_case_move(case: Case, event: procedure.Event, *, on: date) -> procedure.MoveDecision:
    """The procedure's decision, refused as well when the date makes no sense (plausibility)."""
    decision = procedure.check_move(
        case.snapshot(),
        event,
        on=on,
        nationality_eu_or_be=case.eu_or_belgian,
        evidence=evidence_of(case),
        minor=bool(case.is_minor_on(on)),
        unaccompanied_minor=case.unaccompanied_minor_on(on),
        today=timezone.localdate(),
    )
    return plausibility.with_plausibility(decision, on=on)


def _act_by(snapshot: procedure.ProcedureSnapshot, on: date) -> date | None:
    deadline = procedure.next_deadline(snapshot, on)
    return deadline.act_by if deadline is not None else None


def move_procedure(
    *,
    actor: User,
    case_id: int,
    event: procedure.Event | str,
    on: date,
    reason: str = "",
    document_reference: str = "",
) -> procedure.MoveDecision:
    """Record one step of the protection procedure, or raise :class:`ProcedureRefused`.

    Locks the case row, decides the move with :func:`keten.core.procedure.check_move`,
    saves the new snapshot, records the step (who, when, why, document reference), keeps
    the residence document up to date and audits it, all in one transaction.
    """
    event = procedure.Event(event)
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("centre").get(pk=case_id)
        decision = check_case_move(case, event, on=on)
        if decision.after is None:
            raise ProcedureRefused(decision)
        after = decision.after
        before_state = case.procedure_state
        case.procedure_state = after.state.value
        case.procedure_since = after.since or on
        case.document_starts_on = after.starts_on
        case.document_ends_on = after.ends_on
        case.prolongations = after.prolongations
        case.act_by = _act_by(after, on)
        fields = list(PROCEDURE_FIELDS)
        if event is procedure.Event.CLOSE:
            case.state, case.closed_on = Case.FileState.CLOSED, on
            fields += ["state", "closed_on"]
        elif event is procedure.Event.REOPEN:
            case.state, case.closed_on = Case.FileState.OPEN, None
            fields += ["state", "closed_on"]
        case.save(update_fields=fields)
        ProcedureEvent.objects.create(
            case=case,
            event=event.value,
            from_state=before_state,
            to_state=after.state.value,
            on=on,
            starts_on=decision.starts_on,
            ends_on=decision.ends_on,
            reason=reason,
            document_reference=document_reference,
            flags=sorted(flag.value for flag in decision.flags),
            actor=actor,
        )
        if event in procedure.ISSUES and decision.document is not None and decision.starts_on is not None:
            ResidenceDocument.objects.create(
                case=case,
                kind=decision.document.value,
                starts_on=decision.starts_on,
                ends_on=decision.ends_on,
            )
        elif event in procedure.PROLONGS and decision.document is not None:
            current = (
                case.residence_documents.filter(kind=decision.document.value)
                .order_by("-starts_on", "-pk")
                .first()
            )
            if procedure.Flag.GAP_IN_COVER in decision.flags and decision.starts_on is not None:
                # Renewed after a gap: a new period, so the gap stays visible.
                ResidenceDocument.objects.create(
                    case=case,
                    kind=decision.document.value,
                    starts_on=decision.starts_on,
                    ends_on=decision.ends_on,
                    extensions=(current.extensions if current is not None else 0) + 1,
                )
            elif current is not None:
                current.ends_on = decision.ends_on
                current.extensions += 1
                current.save(update_fields=["ends_on", "extensions"])
        log_action(
            "case.procedure_moved",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={
                "event": event.value,
                "from": before_state,
                "to": after.state.value,
                "on": on.isoformat(),
                "flags": sorted(flag.value for flag in decision.flags),
            },
        )
    return decision


def record_evidence(*, actor: User, case: Case, kind: str, recorded_on: date) -> ConditionEvidence:
    with transaction.atomic():
        item = ConditionEvidence.objects.create(
            case=case, kind=kind, recorded_on=recorded_on, created_by=actor
        )
        log_action(
            "case.evidence_recorded",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={"kind": kind, "on": recorded_on.isoformat()},
        )
    return item


def record_opinion(*, actor: User, case: Case, opinion: str, given_on: date) -> MagistrateOpinion:
    with transaction.atomic():
        item = MagistrateOpinion.objects.create(
            case=case, opinion=opinion, given_on=given_on, created_by=actor
        )
        log_action(
            "case.opinion_recorded",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={"opinion": opinion, "on": given_on.isoformat()},
        )
    return item


def close_case(*, actor: User, case: Case, on: date, reason: str = "") -> None:
    """Close the file: through the procedure's ``close`` step while it is under way, else directly."""
    if procedure.Event.CLOSE in procedure.ALLOWED[procedure.State(case.procedure_state)]:
        move_procedure(actor=actor, case_id=case.pk, event=procedure.Event.CLOSE, on=on, reason=reason)
        return
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        locked.state, locked.closed_on, locked.act_by = Case.FileState.CLOSED, on, None
        locked.save(update_fields=["state", "closed_on", "act_by"])
        log_action(
            "case.closed", actor=actor, organisation=case.centre, obj=case, data={"on": on.isoformat()}
        )


def reopen_case(*, actor: User, case: Case, on: date, reason: str = "") -> None:
    """Reopen a closed file. Raises :class:`ProcedureRefused` when the procedure ended for good."""
    move_procedure(actor=actor, case_id=case.pk, event=procedure.Event.REOPEN, on=on, reason=reason)


# --- Guidance, notes and documents ---------------------------------------------------------------


def save_plan(*, actor: User, case: Case, domain: str, goals: str) -> GuidancePlan:
    with transaction.atomic():
        plan, _ = GuidancePlan.objects.update_or_create(
            case=case,
            domain=domain,
            defaults={"goals": goals, "updated_by": actor, "updated_at": timezone.now()},
        )
        log_action(
            "case.plan_saved", actor=actor, organisation=case.centre, obj=case, data={"domain": domain}
        )
    return plan


def add_activity(
    *, actor: User, case: Case, domain: str, kind: str, happens_at: datetime, summary: str
) -> GuidanceActivity:
    with transaction.atomic():
        activity = GuidanceActivity.objects.create(
            case=case, domain=domain, kind=kind, happens_at=happens_at, summary=summary, created_by=actor
        )
        log_action(
            "case.activity_added",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={"domain": domain, "kind": kind, "activity": activity.pk},
        )
    return activity


def update_activity(
    *, actor: User, activity: GuidanceActivity, domain: str, kind: str, happens_at: datetime, summary: str
) -> GuidanceActivity:
    """Change an activity or appointment (another day or hour, another text); audited."""
    with transaction.atomic():
        locked = GuidanceActivity.objects.select_for_update().get(pk=activity.pk)
        changed = [
            field
            for field, value in (
                ("domain", domain),
                ("kind", kind),
                ("happens_at", happens_at),
                ("summary", summary),
            )
            if getattr(locked, field) != value
        ]
        locked.domain, locked.kind, locked.happens_at, locked.summary = domain, kind, happens_at, summary
        locked.save(update_fields=["domain", "kind", "happens_at", "summary"])
        log_action(
            "case.activity_updated",
            actor=actor,
            organisation=activity.case.centre,
            obj=activity.case,
            data={"activity": locked.pk, "kind": kind, "fields": changed},
        )
    return locked


def cancel_activity(*, actor: User, activity: GuidanceActivity) -> None:
    """Cancel an appointment (or remove an activity recorded by mistake); the audit trail keeps it."""
    with transaction.atomic():
        case = activity.case
        log_action(
            "case.activity_cancelled",
            actor=actor,
            organisation=case.centre,
            obj=case,
            data={
                "activity": activity.pk,
                "kind": activity.kind,
                "domain": activity.domain,
                "happens_at": activity.happens_at.isoformat(),
            },
        )
        GuidanceActivity.objects.filter(pk=activity.pk).delete()


def add_note(*, actor: User, case: Case, text: str) -> Note:
    with transaction.atomic():
        note = Note.objects.create(case=case, text=text, author=actor)
        log_action("case.note_added", actor=actor, organisation=case.centre, obj=case, data={"id": note.pk})
    return note


def add_document(*, actor: User, case: Case, title: str, data: bytes) -> Document:
    """Store an uploaded file encrypted, after checking its real type and cleaning it at every depth.

    Raises :class:`keten.core.metadata.UnsafeFileError` for a type that is not accepted.
    """
    cleaned = clean_file(data)
    stored_as = save_encrypted_file(cleaned.data, folder="cases")
    try:
        with transaction.atomic():
            document = Document.objects.create(
                case=case,
                title=title,
                stored_as=stored_as,
                content_type=cleaned.content_type,
                extension=cleaned.extension,
                size=len(cleaned.data),
                uploaded_by=actor,
            )
            log_action(
                "case.document_added",
                actor=actor,
                organisation=case.centre,
                obj=case,
                data={"id": document.pk, "type": cleaned.content_type, "size": len(cleaned.data)},
            )
    except BaseException:
        delete_encrypted_file(stored_as)
        raise
    return document


def read_document(*, actor: User, document: Document) -> bytes:
    log_action(
        "case.document_downloaded",
        actor=actor,
        organisation=document.case.centre,
        obj=document.case,
        data={"id": document.pk},
    )
    return read_encrypted_file(document.stored_as)


# --- Calendar tokens -----------------------------------------------------------------------------


def hash_calendar_token(token: str) -> str:
    return hashlib.sha256(index_key("calendar-tokens") + token.encode()).hexdigest()


def create_calendar_token(*, actor: User) -> str:
    """A new feed token for ``actor`` (the old ones are revoked). Shown once, stored as a hash."""
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarToken.objects.filter(user=actor, revoked_at__isnull=True).update(revoked_at=timezone.now())
        CalendarToken.objects.create(user=actor, token_hash=hash_calendar_token(token))
        log_action("case.calendar_feed_created", actor=actor)
    return token


def revoke_calendar_tokens(*, actor: User) -> int:
    with transaction.atomic():
        count = CalendarToken.objects.filter(user=actor, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        log_action("case.calendar_feed_revoked", actor=actor, data={"count": count})
    return count


def user_for_calendar_token(token: str) -> User | None:
    found = (
        CalendarToken.objects.filter(
            token_hash=hash_calendar_token(token), revoked_at__isnull=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return found.user if found else None


# --- Retention ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date
    case_ids: list[int]
    files: int


def purge_closed_cases(
    *, retention_days: int, today: date | None = None, dry_run: bool = False
) -> PurgeResult:
    """Delete the cases closed more than ``retention_days`` ago, with their encrypted files.

    Each deletion is audited (``case.purged``); a dry run only counts.
    """
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=retention_days)
    ids = list(
        Case.objects.filter(state=Case.FileState.CLOSED, closed_on__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    files = Document.objects.filter(case_id__in=ids).count()
    if dry_run or not ids:
        return PurgeResult(cutoff, ids, files)
    for case_id in ids:
        with transaction.atomic():
            case = Case.objects.select_related("centre").get(pk=case_id)
            names = list(Document.objects.filter(case=case).values_list("stored_as", flat=True))
            CaseLink.objects.filter(to_case=case).delete()
            log_action(
                "case.purged",
                actor="retention",
                organisation=case.centre,
                obj=case,
                data={
                    "closed_on": case.closed_on.isoformat() if case.closed_on else None,
                    "files": len(names),
                },
            )
            case.delete()
        # After the commit: a failed deletion leaves the files, never rows pointing at no file.
        for name in names:
            delete_encrypted_file(name)
    return PurgeResult(cutoff, ids, files)
