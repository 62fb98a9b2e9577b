"""Records of several organisations with identifiers, for the links tests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation

from keten.accounts.models import Membership
from keten.accounts.roles import Role
from keten.links import services
from keten.links.kinds import RecordKind
from keten.links.records import Record, hotline
from tests.base import KetenTestCase, make_person
from tests.cases.helpers import make_case
from tests.referrals.helpers import make_report, make_screening


def membership_of(user: Any) -> Membership:
    return user.active_membership_list()[0]


def case_record(case: Any) -> Record:
    from django.utils import timezone

    return Record(RecordKind.CASE, case.pk, case.centre, timezone.localdate(case.created_at))


def report_record(report: Any) -> Record:
    return Record(RecordKind.REPORT, report.pk, hotline(), report.received_on)


def screening_record(screening: Any) -> Record:
    from django.utils import timezone

    return Record(
        RecordKind.SCREENING, screening.pk, screening.organisation, timezone.localdate(screening.created_at)
    )


def add(user: Any, record: Record, kind: str, value: str, country: str = "BE") -> Any:
    return services.add_identifier(
        membership=membership_of(user), record=record, kind=kind, value=value, country=country
    )


def url(name: str, **kwargs: Any) -> str:
    with translation.override("en"):
        return reverse(f"links:{name}", kwargs=kwargs)


class LinksTestCase(KetenTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.manager_b = make_person("manager.b@payoke.example", cls.centre_b, Role.CENTRE_MANAGER)
        cls.case_a = make_case(cls.centre_a, actor=cls.worker_a, workers=[cls.worker_a])
        cls.case_b = make_case(
            cls.centre_b,
            actor=cls.worker_b,
            workers=[cls.worker_b],
            given_names="Joy",
            family_name="Other",
            date_of_birth="1990-01-01",
        )
        cls.report_1 = make_report()
        cls.report_2 = make_report()
        cls.report_3 = make_report()
        cls.police_screening = make_screening(cls.police_officer, cls.police)
