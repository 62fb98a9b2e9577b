"""Adding and removing identifiers, and matching them across organisations without pooling.

When a new identifier (or a case's person) matches a record of another organisation that the
person adding it may not see, nobody is shown the other record: a :class:`MatchNotice` goes to the
notice roles of both organisations (``records.NOTICE_ROLES``), naming the kind of match and a
reference. Every step is audited with codes and ids only, never the value or its hash.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from keten.accounts.models import Membership, Organisation, User
from keten.audit.log import log_action
from keten.encryption import lookup_hash
from keten.links.kinds import IdentifierKind, RecordKind
from keten.links.models import Decision, Identifier, MatchNotice, Probe
from keten.links.normalise import normalise
from keten.links.records import Record, Visibility

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class RateLimited(Exception):
    message = _("You have added many identifiers in a short time. Please wait before adding more.")


def lookup_for(kind: str, normal: str) -> str:
    """The keyed lookup hash of a normal form: one key per kind, so equal text of two kinds differs."""
    return lookup_hash(normal, purpose=f"links-{kind}")


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "KETEN_LINKS_PER_PERSON_PER_HOUR", 60)),
        int(getattr(settings, "KETEN_LINKS_PER_ORGANISATION_PER_DAY", 600)),
    )


def check_rate(membership: Membership) -> None:
    """Raise RateLimited (and audit it) when the person or the organisation typed too many
    identifiers lately: each one is a probe of every other organisation's records."""
    per_person_hour, per_organisation_day = _limits()
    now = timezone.now()
    by_person = Probe.objects.filter(user=membership.user, at__gte=now - timedelta(hours=1)).count()
    by_organisation = Probe.objects.filter(
        organisation=membership.organisation, at__gte=now - timedelta(days=1)
    ).count()
    if by_person >= per_person_hour or by_organisation >= per_organisation_day:
        log_action(
            "links.rate_limited",
            actor=membership.user,
            organisation=membership.organisation,
            data={"last_hour": by_person, "last_day": by_organisation},
        )
        raise RateLimited


@dataclass(frozen=True)
class Added:
    identifier: Identifier
    created: bool


def add_identifier(
    *, membership: Membership, record: Record, kind: str, value: str, country: str = "BE"
) -> Added:
    """Normalise (NotAnIdentifier if invalid), store encrypted with its lookup hash, and match.

    What the person sees afterwards is the same whether or not anything matched.
    """
    normal, shown = normalise(kind, value, country)
    check_rate(membership)
    lookup = lookup_for(kind, normal)
    with transaction.atomic():
        Probe.objects.create(user=membership.user, organisation=membership.organisation)
        existing = Identifier.objects.filter(
            record_kind=record.kind, record_id=record.id, kind=kind, lookup=lookup
        ).first()
        if existing is not None:
            return Added(existing, created=False)
        identifier = Identifier.objects.create(
            kind=kind,
            value=shown,
            lookup=lookup,
            record_kind=record.kind,
            record_id=record.id,
            organisation=record.organisation,
            record_date=record.on,
            added_by=membership.user,
        )
        log_action(
            "links.identifier_added",
            actor=membership.user,
            organisation=membership.organisation,
            obj=identifier,
            data={"kind": kind, "record_kind": record.kind, "record": record.id},
        )
        match(identifier, actor=membership.user, visibility=Visibility.of(membership))
    return Added(identifier, created=True)


def remove_identifier(*, membership: Membership, record: Record, identifier_id: int) -> bool:
    identifier = Identifier.objects.filter(
        pk=identifier_id, record_kind=record.kind, record_id=record.id
    ).first()
    if identifier is None or identifier.kind == IdentifierKind.PERSON:
        return False
    log_action(
        "links.identifier_removed",
        actor=membership.user,
        organisation=membership.organisation,
        obj=identifier,
        data={"kind": identifier.kind, "record_kind": record.kind, "record": record.id},
    )
    identifier.delete()
    return True


def new_reference() -> str:
    return "M-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))


def others_sharing(identifiers: list[Identifier]) -> list[tuple[Identifier, str, int, int]]:
    """For a record's identifiers, the records of other organisations holding the same ones:
    ``(identifier, record kind, record id, organisation id)``. One indexed query for them all."""
    mine = {(item.kind, item.lookup): item for item in identifiers if item.organisation_id is not None}
    if not mine:
        return []
    rows = (
        Identifier.objects.filter(lookup__in={lookup for _kind, lookup in mine})
        .exclude(organisation__isnull=True)
        .values_list("kind", "lookup", "record_kind", "record_id", "organisation_id")
    )
    found: dict[tuple[str, str, str, int], tuple[Identifier, str, int, int]] = {}
    for kind, lookup, record_kind, record_id, organisation_id in rows:
        identifier = mine.get((kind, lookup))
        if identifier is None or organisation_id == identifier.organisation_id:
            continue
        found.setdefault(
            (kind, lookup, record_kind, record_id), (identifier, record_kind, record_id, organisation_id)
        )
    return list(found.values())


def match(identifier: Identifier, *, actor: User | None, visibility: Visibility | None) -> list[MatchNotice]:
    return match_all([identifier], actor=actor, visibility=visibility)


def match_all(
    identifiers: list[Identifier], *, actor: User | None, visibility: Visibility | None
) -> list[MatchNotice]:
    """Notices for the records of other organisations that share these identifiers.

    A record the person adding may already see (their own organisation's, or one referred to them
    with a scope that shows this kind) gets no notice: the link shows in their network view.
    """
    shared = others_sharing(identifiers)
    if not shared:
        return []
    seen = (
        visibility.kinds_on({(kind, record_id) for _i, kind, record_id, _o in shared}) if visibility else {}
    )
    notices = []
    for identifier, record_kind, record_id, organisation_id in shared:
        if identifier.kind in seen.get((record_kind, record_id), frozenset()):
            continue
        notice = _notify(identifier, record_kind, record_id, organisation_id, actor=actor)
        if notice is not None:
            notices.append(notice)
    return notices


def _notify(
    identifier: Identifier, record_kind: str, record_id: int, organisation_id: int, *, actor: User | None
) -> MatchNotice | None:
    pair = Q(
        record_a_kind=identifier.record_kind,
        record_a_id=identifier.record_id,
        record_b_kind=record_kind,
        record_b_id=record_id,
    ) | Q(
        record_a_kind=record_kind,
        record_a_id=record_id,
        record_b_kind=identifier.record_kind,
        record_b_id=identifier.record_id,
    )
    if identifier.organisation_id is None or MatchNotice.objects.filter(pair, kind=identifier.kind).exists():
        return None
    try:
        with transaction.atomic():
            notice = MatchNotice.objects.create(
                reference=new_reference(),
                kind=identifier.kind,
                organisation_a_id=identifier.organisation_id,
                record_a_kind=identifier.record_kind,
                record_a_id=identifier.record_id,
                organisation_b_id=organisation_id,
                record_b_kind=record_kind,
                record_b_id=record_id,
            )
    except IntegrityError:
        return None
    for organisation_id_of_side in (notice.organisation_a_id, notice.organisation_b_id):
        log_action(
            "links.notice_created",
            actor=actor,
            organisation=Organisation.objects.get(pk=organisation_id_of_side),
            obj=notice,
            data={"kind": notice.kind, "reference": notice.reference},
        )
    return notice


# --- A person known to two centres ------------------------------------------------------------


def sync_person(case_id: int, identity_hash: str, *, actor: User | None) -> None:
    """Keep a case's person identifier equal to its keyed hash of names and date of birth (the hash
    the duplicate warning already uses), and match it against other centres' cases."""
    from keten.cases.models import Case

    current = Identifier.objects.filter(
        record_kind=RecordKind.CASE, record_id=case_id, kind=IdentifierKind.PERSON
    ).first()
    if current is not None and current.lookup == identity_hash:
        return
    if current is not None:
        current.delete()
    if not identity_hash:
        return
    case = Case.objects.select_related("centre").get(pk=case_id)
    identifier = Identifier.objects.create(
        kind=IdentifierKind.PERSON,
        value="",
        lookup=identity_hash,
        record_kind=RecordKind.CASE,
        record_id=case_id,
        organisation=case.centre,
        record_date=timezone.localdate(case.created_at),
        added_by=actor,
    )
    match(identifier, actor=actor, visibility=None)


# --- Notices ----------------------------------------------------------------------------------


def notices_for(membership: Membership) -> list[MatchNotice]:
    organisation = membership.organisation_id
    return list(
        MatchNotice.objects.filter(
            Q(organisation_a_id=organisation) | Q(organisation_b_id=organisation)
        ).order_by("-created_at", "-pk")[:200]
    )


def undecided_count(membership: Membership) -> int:
    """How many notices wait for this organisation's decision (one COUNT, for the header)."""
    organisation = membership.organisation_id
    return MatchNotice.objects.filter(
        Q(organisation_a_id=organisation, decision_a="") | Q(organisation_b_id=organisation, decision_b="")
    ).count()


def side_of(notice: MatchNotice, membership: Membership) -> str:
    return "a" if notice.organisation_a_id == membership.organisation_id else "b"


def open_notice(membership: Membership, notice_id: int) -> MatchNotice | None:
    notice = (
        MatchNotice.objects.filter(pk=notice_id)
        .filter(
            Q(organisation_a_id=membership.organisation_id) | Q(organisation_b_id=membership.organisation_id)
        )
        .select_related("organisation_a", "organisation_b")
        .first()
    )
    if notice is not None:
        log_action(
            "links.notice_viewed",
            actor=membership.user,
            organisation=membership.organisation,
            obj=notice,
            data={"side": side_of(notice, membership)},
        )
    return notice


def decide(membership: Membership, notice: MatchNotice, decision: str) -> None:
    """Record the decision of the person's organisation about its own record, and audit it."""
    if decision not in (Decision.REFER, Decision.NO_REFERRAL):
        raise ValueError("unknown decision")
    side = side_of(notice, membership)
    now = timezone.now()
    if side == "a":
        notice.decision_a, notice.decided_a_by, notice.decided_a_at = decision, membership.user, now
    else:
        notice.decision_b, notice.decided_b_by, notice.decided_b_at = decision, membership.user, now
    notice.save()
    log_action(
        "links.notice_decided",
        actor=membership.user,
        organisation=membership.organisation,
        obj=notice,
        data={"decision": decision, "side": side},
    )
