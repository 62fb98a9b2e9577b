from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.core.disclosure import Interval
from keten.statistics import pages, tables
from keten.statistics.access import Viewer
from keten.statistics.counting import Scope
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
        if "tables" in response.context:  # the statistics page
            return {table.slug: table for table in response.context["tables"]}
        return {item["table"].slug: item["table"] for item in response.context["items"]}


def audit_page(scope: Scope, viewer: Viewer) -> dict[Hashable, Interval]:
    """The auditor over a statistics page as one release: every hidden number's range given
    everything the page publishes (tables built again from the database, protected the same way)."""
    with tables.counted_once():
        release = tables.release_of(pages.internal_drafts(scope, viewer))
    return release.audit(release.protect())


def national_viewer_of(user: User) -> Viewer:
    membership = user.memberships.select_related("organisation").get()
    centres = dict(
        Organisation.objects.filter(kind=OrganisationKind.CENTRE).order_by("name").values_list("pk", "name")
    )
    return Viewer(user, membership, centres, national=True)
