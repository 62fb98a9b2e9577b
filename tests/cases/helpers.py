"""Shared set-up of the case tests: a case file of centre A assigned to worker_a."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import translation

from keten.accounts.models import Organisation, User
from keten.cases import services
from keten.cases.models import Case
from tests.base import KetenTestCase


def make_case(
    centre: Organisation,
    *,
    actor: User,
    workers: list[User] | None = None,
    nationalities: list[str] | None = None,
    referred_on: date | None = None,
    **data: Any,
) -> Case:
    fields = {
        "given_names": "Amina",
        "family_name": "Testperson",
        "date_of_birth": "1995-04-12",
        "gender": "female",
        "nationalities": nationalities if nationalities is not None else ["NG"],
        "languages": ["en"],
        "forms": ["sexual"],
        "intake_channel": "police",
        **data,
    }
    return services.create_case(
        actor=actor, centre=centre, data=fields, workers=workers, referred_on=referred_on
    )


class CaseTestCase(KetenTestCase):
    case: Case

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.case = make_case(
            cls.centre_a, actor=cls.worker_a, workers=[cls.worker_a], referred_on=date(2026, 1, 5)
        )

    def url(self, name: str, case: Case | None = None, **kwargs: Any) -> str:
        with translation.override("en"):
            return reverse(f"cases:{name}", kwargs={"case_id": (case or self.case).pk, **kwargs})

    def move(self, event: str, on: date, case: Case | None = None, **extra: str) -> Any:
        return self.client.post(
            self.url("move", case),
            {"event": event, "on": on.isoformat(), "reason": "", "document_reference": "", **extra},
        )
