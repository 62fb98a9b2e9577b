"""Every change to referrals, consent and chain phases: checked, saved, audited, notified."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from keten.accounts.models import Membership, Organisation, User
from keten.audit.log import log_action
from keten.cases.models import Case, Document
from keten.referrals.models import (
    ChainPhase,
    Consent,
    LegalBasis,
    Notification,
    Outcome,
    Referral,
    SourceKind,
    Status,
)
from keten.referrals.permissions import (
    DEFAULT_EXPIRY_DAYS,
    MAX_EXPIRY_DAYS,
    RECEIVING_KINDS,
    SCOPES_BY_SOURCE,
    Action,
    Scope,
    policy,
)


class ReferralRefused(Exception):
    """The referral cannot be made; ``field`` says which input and ``message`` why."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Source:
    kind: str
    case: Case | None = None
    report: Any = None
    screening: Any = None


def documents_of(source: Source, ids: list[int]) -> list[Document]:
    """The documents of the referred case with these ids; refused if one is not of that file."""
    if not ids:
        return []
    wanted = set(ids)
    found = list(source.case.documents.filter(pk__in=wanted)) if source.case is not None else []
    if len(found) != len(wanted):
        raise ReferralRefused("documents", gettext("Choose documents of this file."))
    return found


def missing_consent(*, source: Source, to: Organisation, scopes: list[str], on: date) -> list[str]:
    """The scopes the victim did not agree to share with ``to`` (in the order given).

    On a case, every scope needs a consent covering ``to`` (the organisation or its kind). A report
    may be shared without the reporter's consent only as the situation without identity: the rest
    of what they wrote goes on the hotline's mandate (see :func:`create_referral`). A screening
    needs the consent recorded on it.
    """
    if source.kind == SourceKind.CASE:
        if source.case is None:
            raise ValueError("the referral has no such record")
        consents = list(Consent.objects.filter(case=source.case))
        return [
            scope
            for scope in scopes
            if not any(c.covers(to.pk, to.kind, on) and scope in c.scopes for c in consents)
        ]
    if source.kind == SourceKind.SCREENING:
        agreed = getattr(source.screening, "consent", "") == "yes"
        return [] if agreed else [s for s in scopes if s != Scope.SITUATION]
    return [s for s in scopes if s != Scope.SITUATION]


def create_referral(
    *,
    actor: User,
    membership: Membership,
    source: Source,
    to: Organisation,
    purpose: str,
    scopes: list[str],
    documents: list[Document] | None = None,
    expires_on: date | None = None,
    legal_basis: str = "",
    reporter_contact_shared: bool = False,
) -> Referral:
    """Refer a record the person may open to a partner. Refused (:class:`ReferralRefused`) when
    the role may not refer this kind of record, the partner cannot receive referrals, a scope does
    not fit the record, or the consent does not cover it and no allowed legal basis is given.

    What a report says goes on the hotline's own mandate (``LegalBasis.HOTLINE_MANDATE``, see its
    legal source there): only the hotline refers reports, and an anonymous report has nobody who
    could consent. It is recorded and audited like any legal basis. The reporter's own contact
    details go with it only when ``reporter_contact_shared`` says the reporter agreed."""
    today = timezone.localdate()
    if not policy.may_refer(membership, source.kind):
        raise ReferralRefused("source", gettext("You may not refer this record."))
    if to.kind not in RECEIVING_KINDS or not to.is_active or to.pk == membership.organisation_id:
        raise ReferralRefused("to_organisation", gettext("This organisation cannot receive referrals."))
    allowed = SCOPES_BY_SOURCE[source.kind]
    scopes = [scope.value for scope in allowed if scope.value in scopes]
    if not scopes:
        raise ReferralRefused("scopes", gettext("Choose at least one part of the record that fits it."))
    documents = documents or []
    if Scope.DOCUMENTS in scopes:
        if not documents:
            raise ReferralRefused("documents", gettext("Choose the documents to share."))
        if source.case is None or any(d.case_id != source.case.pk for d in documents):
            raise ReferralRefused("documents", gettext("Choose documents of this file."))
    else:
        documents = []
    expires_on = expires_on or today + timedelta(days=DEFAULT_EXPIRY_DAYS)
    if expires_on < today or expires_on > today + timedelta(days=MAX_EXPIRY_DAYS):
        raise ReferralRefused("expires_on", gettext("Choose a day from today up to one year ahead."))
    missing = missing_consent(source=source, to=to, scopes=scopes, on=today)
    on_mandate = source.kind == SourceKind.REPORT and bool(missing)
    if on_mandate:
        legal_basis = LegalBasis.HOTLINE_MANDATE
    reporter_contact_shared = bool(reporter_contact_shared) and Scope.REPORT in scopes
    if legal_basis == LegalBasis.HOTLINE_MANDATE and not on_mandate:
        raise ReferralRefused("legal_basis", gettext("Choose a legal basis from the list."))
    if legal_basis and legal_basis not in LegalBasis.values:
        raise ReferralRefused("legal_basis", gettext("Choose a legal basis from the list."))
    if missing and not legal_basis:
        raise ReferralRefused(
            "legal_basis",
            gettext(
                "The person did not agree to share this with this organisation. Record the consent "
                "first, or ask a centre manager or a magistrate to record a legal basis."
            ),
        )
    if legal_basis and not on_mandate and not policy.may(membership, Action.RECORD_LEGAL_BASIS):
        raise ReferralRefused(
            "legal_basis", gettext("Only a centre manager or a magistrate may record a legal basis.")
        )
    with transaction.atomic():
        referral = Referral.objects.create(
            source_kind=source.kind,
            case=source.case,
            report=source.report,
            screening=source.screening,
            from_organisation=membership.organisation,
            to_organisation=to,
            purpose=purpose,
            scopes=scopes,
            expires_on=expires_on,
            legal_basis=legal_basis if missing else "",
            legal_basis_by=actor if missing else None,
            created_by=actor,
            reporter_contact_shared=reporter_contact_shared,
        )
        if documents:
            referral.documents.set(documents)
        data = {
            "to": to.pk,
            "scopes": scopes,
            "source": source.kind,
            "case": referral.case_id,
            "report": referral.report_id,
            "screening": referral.screening_id,
            "expires_on": expires_on.isoformat(),
            "documents": [d.pk for d in documents],
        }
        if source.kind == SourceKind.REPORT:
            data["reporter_contact_shared"] = reporter_contact_shared
        log_action(
            "referral.created", actor=actor, organisation=membership.organisation, obj=referral, data=data
        )
        if missing:
            log_action(
                "referral.legal_basis_recorded",
                actor=actor,
                organisation=membership.organisation,
                obj=referral,
                data={"basis": legal_basis, "beyond_consent": missing, "case": referral.case_id},
            )
        Notification.objects.create(organisation=to, referral=referral)
        transaction.on_commit(lambda: notify_receivers(referral))
    return referral


def notify_receivers(referral: Referral) -> int:
    """E-mail the active members of the receiving organisation who may receive referrals.

    The message says only that a referral waits, with a link: no name, no case, no purpose.
    """
    memberships = Membership.objects.filter(
        organisation=referral.to_organisation, is_active=True, user__is_active=True
    ).select_related("user", "organisation")
    link = settings.SITE_URL + reverse("referrals:inbox")
    messages = []
    for membership in memberships:
        if not policy.may(membership, Action.RECEIVE):
            continue
        with translation.override(membership.user.language or "nl"):
            subject = gettext("A new referral is waiting in Keten")
            body = gettext(
                "A partner of the chain sent your organisation a referral. Log in to Keten to see it: %(url)s"
            ) % {"url": link}
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [membership.user.email]))
    sent = send_mass_mail(messages, fail_silently=True) if messages else 0
    log_action("referral.notified", obj=referral, data={"recipients": len(messages), "sent": sent})
    return len(messages)


def answer_referral(
    *, actor: User, membership: Membership, referral: Referral, accept: bool, reason: str = ""
) -> Referral:
    """Accept, or decline with a reason, a referral waiting for the person's organisation."""
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status != Status.PENDING or locked.to_organisation_id != membership.organisation_id:
            raise ReferralRefused("answer", gettext("This referral has already been answered."))
        if not accept and not reason.strip():
            raise ReferralRefused("reason", gettext("Say why you decline it."))
        locked.status = Status.ACCEPTED if accept else Status.DECLINED
        locked.decline_reason = "" if accept else reason.strip()
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked.save(update_fields=["status", "decline_reason", "answered_by", "answered_at"])
        log_action(
            "referral.answered",
            actor=actor,
            organisation=membership.organisation,
            obj=locked,
            data={"status": locked.status, "case": locked.case_id},
        )
    return locked


def withdraw_referral(*, actor: User, membership: Membership, referral: Referral) -> Referral:
    """The sender ends the receiver's access now."""
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if not policy.sent(membership).filter(pk=locked.pk).exists() or locked.status in (
            Status.WITHDRAWN,
            Status.DECLINED,
        ):
            raise ReferralRefused("withdraw", gettext("This referral cannot be withdrawn."))
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status"])
        log_action(
            "referral.withdrawn",
            actor=actor,
            organisation=membership.organisation,
            obj=locked,
            data={"case": locked.case_id},
        )
    return locked


def mark_read(*, membership: Membership, referral: Referral) -> None:
    Notification.objects.filter(
        organisation_id=membership.organisation_id, referral=referral, read_at__isnull=True
    ).update(read_at=timezone.now())


def unread_count(membership: Membership | None) -> int:
    if not policy.may(membership, Action.RECEIVE):
        return 0
    if membership is None:
        raise ValueError("the referral has no such record")
    return Notification.objects.filter(
        organisation_id=membership.organisation_id,
        read_at__isnull=True,
        referral__in=policy.received(membership),
    ).count()


def record_consent(
    *,
    actor: User,
    membership: Membership,
    case: Case,
    scopes: list[str],
    recipient_kind: str,
    recipient: Organisation | None,
    given_on: date,
) -> Consent:
    """Record what the person agreed to share (the scopes that fit a case), with whom, and when."""
    with transaction.atomic():
        consent = Consent.objects.create(
            case=case,
            scopes=[s.value for s in SCOPES_BY_SOURCE["case"] if s.value in scopes],
            recipient_kind="" if recipient else recipient_kind,
            recipient=recipient,
            given_on=given_on,
            recorded_by=actor,
        )
        log_action(
            "consent.recorded",
            actor=actor,
            organisation=membership.organisation,
            obj=case,
            data={
                "consent": consent.pk,
                "scopes": consent.scopes,
                "kind": consent.recipient_kind,
                "to": recipient.pk if recipient else None,
            },
        )
    return consent


def withdraw_consent(*, actor: User, membership: Membership, consent: Consent, on: date) -> Consent:
    """The person no longer agrees: from ``on``, the consent covers nothing new."""
    with transaction.atomic():
        locked = Consent.objects.select_for_update().select_related("case").get(pk=consent.pk)
        if locked.withdrawn_on is not None:
            raise ReferralRefused("consent", gettext("This consent is already withdrawn."))
        locked.withdrawn_on = on
        locked.save(update_fields=["withdrawn_on"])
        log_action(
            "consent.withdrawn",
            actor=actor,
            organisation=membership.organisation,
            obj=locked.case,
            data={"consent": locked.pk},
        )
    return locked


def record_phase(
    *,
    actor: User,
    membership: Membership,
    case: Case,
    phase: str,
    started_on: date,
    ended_on: date | None,
    outcome: str,
    referral: Referral | None = None,
) -> ChainPhase:
    """Record a chain phase. The caller opened ``case`` (the centre) or ``referral`` (a partner,
    accepted and not expired); here the role must own the phase, and the dates must be past or
    today, the end not before the start."""
    if not policy.may_record_phase(membership, phase):
        raise ReferralRefused("phase", gettext("Your role does not record this phase."))
    today = timezone.localdate()
    if started_on > today:
        raise ReferralRefused("started_on", gettext("The start date cannot be after today."))
    if ended_on is not None and ended_on > today:
        raise ReferralRefused("ended_on", gettext("The end date cannot be after today."))
    if ended_on is not None and ended_on < started_on:
        raise ReferralRefused("ended_on", gettext("The end comes before the start."))
    if outcome not in Outcome.values:
        raise ReferralRefused("outcome", gettext("Choose an outcome from the list."))
    with transaction.atomic():
        item = ChainPhase.objects.create(
            case=case,
            phase=phase,
            started_on=started_on,
            ended_on=ended_on,
            outcome=outcome,
            organisation=membership.organisation,
            referral=referral,
            recorded_by=actor,
        )
        log_action(
            "chain.phase_recorded",
            actor=actor,
            organisation=membership.organisation,
            obj=case,
            data={"phase": phase, "outcome": outcome, "referral": referral.pk if referral else None},
        )
    return item
