from __future__ import annotations

from typing import Any

from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.statistics.tables import StatTable
from tests.base import KetenTestCase, make_organisation, make_person


class StatisticsTestCase(KetenTestCase):
    """The named people, plus the national rapporteur."""

    rapporteur_office: Organisation
    rapporteur: User

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.rapporteur_office = make_organisation(
            "Federal Migration Centre", OrganisationKind.RAPPORTEUR, "myria"
        )
        cls.rapporteur = make_person("rapporteur@myria.example", cls.rapporteur_office, Role.RAPPORTEUR)

    def named_users(self) -> dict[str, User]:
        return {**super().named_users(), "rapporteur": self.rapporteur}

    def tables_of(self, response: Any) -> dict[str, StatTable]:
        return {item["table"].slug: item["table"] for item in response.context["items"]}
