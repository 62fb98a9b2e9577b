"""The records identifiers sit on, and who may see which of them: built on each app's own access
functions (keten.intake.access, keten.cases.access/models, keten.screening.access,
keten.referrals.permissions), never on a rule of its own."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from keten.accounts.models import Membership, Organisation
from keten.accounts.roles import OrganisationKind, Role
from keten.cases.access import access_case
from keten.cases.models import Case
from keten.intake.access import access_report, inbox_level, may_work
from keten.intake.models import Report
from keten.links.kinds import IdentifierKind, RecordKind, kinds_for_scopes
from keten.referrals.models import Status
from keten.referrals.permissions import policy
from keten.screening.access import access_screening
from keten.screening.models import Screening

ALL_KINDS = frozenset(IdentifierKind.values)


@dataclass(frozen=True)
class Record:
    kind: str
    id: int
    organisation: Organisation | None
    on: date

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


def hotline() -> Organisation | None:
    """The organisation whose inbox holds the reports (the first active hotline)."""
    return Organisation.objects.filter(kind=OrganisationKind.HOTLINE, is_active=True).order_by("pk").first()


def open_record(
    request: HttpRequest, membership: Membership, kind: str, record_id: int, *, write: bool
) -> Record:
    """The record if the person may open it (and change it, with ``write``); 404 otherwise.

    Each app's own access function decides, and audits the read as it always does.
    """
    if kind == RecordKind.CASE:
        case = access_case(membership.user, record_id, write=write)
        if case.centre_id != membership.organisation_id:
            raise Http404
        return Record(kind, case.pk, case.centre, timezone.localdate(case.created_at))
    if kind == RecordKind.REPORT:
        report = access_report(request, record_id, write=write)
        return Record(kind, report.pk, hotline(), report.received_on)
    if kind == RecordKind.SCREENING:
        screening = access_screening(membership, record_id)
        return Record(kind, screening.pk, screening.organisation, timezone.localdate(screening.created_at))
    raise Http404


def record_url(kind: str, record_id: int) -> str:
    if kind == RecordKind.CASE:
        return reverse("cases:detail", kwargs={"case_id": record_id})
    if kind == RecordKind.REPORT:
        return reverse("intake:detail", args=[record_id])
    return reverse("screening:detail", kwargs={"screening_id": record_id})


def record_label(kind: str, record_id: int) -> str:
    if kind == RecordKind.CASE:
        return _("Case %(number)s") % {"number": record_id}
    if kind == RecordKind.REPORT:
        return _("Report %(number)s") % {"number": f"{record_id:05d}"}
    return _("Screening %(number)s") % {"number": record_id}


@dataclass
class Visibility:
    """Which records one person, acting for one organisation now, may see, and which kinds of
    identifier on each: everything on their own records; on a record received through a referral,
    only what its accepted scopes open (keten.links.kinds.KINDS_BY_SCOPE)."""

    membership: Membership | None
    reports: bool = False
    referred: dict[tuple[str, int], frozenset[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, membership: Membership | None) -> Visibility:
        if membership is None or not membership.is_active or not membership.organisation.is_active:
            return cls(None)
        seen = cls(membership, reports=inbox_level(membership) is not None)
        scopes_by_record: dict[tuple[str, int], set[str]] = defaultdict(set)
        for referral in policy.received(membership).filter(status=Status.ACCEPTED):
            allowed = kinds_for_scopes(referral.source_kind, policy.scopes_for(membership, referral))
            source = referral.source_id
            if allowed and source is not None:
                scopes_by_record[(referral.source_kind, source)] |= allowed
        seen.referred = {key: frozenset(kinds) for key, kinds in scopes_by_record.items()}
        return seen

    def _own_cases(self, ids: Iterable[int]) -> set[int]:
        if self.membership is None:
            return set()
        return set(
            Case.objects.visible_to(self.membership.user)
            .filter(centre_id=self.membership.organisation_id, pk__in=list(ids))
            .values_list("pk", flat=True)
        )

    def _own_screenings(self, ids: Iterable[int]) -> set[int]:
        return set(
            Screening.objects.visible_to(self.membership)
            .filter(pk__in=list(ids))
            .values_list("pk", flat=True)
        )

    def _reports(self, ids: Iterable[int]) -> set[int]:
        if not self.reports:
            return set()
        return set(Report.objects.filter(pk__in=list(ids)).values_list("pk", flat=True))

    def kinds_on(self, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], frozenset[str]]:
        """For each record the person may see among ``keys``: the kinds of identifier they may see
        on it. Records they may not see are left out."""
        by_kind: dict[str, set[int]] = defaultdict(set)
        for kind, record_id in keys:
            by_kind[kind].add(record_id)
        if self.membership is None:
            return {}
        own: dict[str, set[int]] = {
            RecordKind.CASE: self._own_cases(by_kind[RecordKind.CASE]) if by_kind[RecordKind.CASE] else set(),
            RecordKind.SCREENING: (
                self._own_screenings(by_kind[RecordKind.SCREENING])
                if by_kind[RecordKind.SCREENING]
                else set()
            ),
            RecordKind.REPORT: self._reports(by_kind[RecordKind.REPORT])
            if by_kind[RecordKind.REPORT]
            else set(),
        }
        visible: dict[tuple[str, int], frozenset[str]] = {}
        for kind, ids in by_kind.items():
            for record_id in ids:
                if record_id in own.get(kind, set()):
                    visible[(kind, record_id)] = ALL_KINDS
                elif (kind, record_id) in self.referred:
                    visible[(kind, record_id)] = self.referred[(kind, record_id)]
        return visible

    def may_see(self, kind: str, record_id: int, identifier_kind: str) -> bool:
        return identifier_kind in self.kinds_on([(kind, record_id)]).get((kind, record_id), frozenset())


#: Who receives an organisation's match notices and decides about referring its record: the roles
#: that hold and refer records there (keten.referrals.permissions.POLICY, "refers").
NOTICE_ROLES: dict[str, frozenset[str]] = {
    OrganisationKind.CENTRE: frozenset({Role.CENTRE_MANAGER}),
    OrganisationKind.HOTLINE: frozenset({Role.HOTLINE_OPERATOR}),
    OrganisationKind.POLICE: frozenset({Role.INVESTIGATOR}),
    OrganisationKind.PROSECUTION: frozenset({Role.MAGISTRATE}),
    OrganisationKind.SOCIAL_INSPECTION: frozenset({Role.INSPECTOR}),
}


def receives_notices(membership: Membership | None) -> bool:
    if membership is None or not membership.is_active or not membership.organisation.is_active:
        return False
    return membership.role in NOTICE_ROLES.get(membership.organisation.kind, frozenset())


def may_add_to_report(membership: Membership) -> bool:
    return may_work(inbox_level(membership))
