"""The organisations of the Belgian chain that an installation starts with, from reference data.

The three recognised specialised centres come from ``keten.knowledge.models.Centre`` (PAG-ASA,
Payoke, Sürya; same slugs as ``keten.core.regions``). The partners are those the multidisciplinary
cooperation names (Circular of 23 December 2016 on the multidisciplinary cooperation; REFERENCE §6):
the national hotline, the police, the labour auditor, the social inspection, the Immigration Office,
the guardianship service and Myria, the independent national rapporteur.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind
from keten.audit.log import log_action


@dataclass(frozen=True)
class ReferenceOrganisation:
    slug: str
    name: str
    kind: str

    @property
    def kind_label(self) -> str:
        return str(OrganisationKind(self.kind).label)


PARTNERS = (
    ReferenceOrganisation(
        "hotline", "Meldpunt mensenhandel – Point de contact traite", OrganisationKind.HOTLINE
    ),
    ReferenceOrganisation(
        "federal-judicial-police",
        "Federale gerechtelijke politie – Police judiciaire fédérale",
        OrganisationKind.POLICE,
    ),
    ReferenceOrganisation(
        "labour-auditor", "Arbeidsauditoraat – Auditorat du travail", OrganisationKind.PROSECUTION
    ),
    ReferenceOrganisation(
        "social-inspection", "Sociale inspectie – Inspection sociale", OrganisationKind.SOCIAL_INSPECTION
    ),
    ReferenceOrganisation(
        "immigration-office",
        "Dienst Vreemdelingenzaken – Office des étrangers",
        OrganisationKind.IMMIGRATION_OFFICE,
    ),
    ReferenceOrganisation(
        "guardianship", "Dienst Voogdij – Service des Tutelles", OrganisationKind.GUARDIANSHIP
    ),
    ReferenceOrganisation("myria", "Myria", OrganisationKind.RAPPORTEUR),
)


def reference_organisations() -> list[ReferenceOrganisation]:
    """The centres known to the knowledge base, then the partners."""
    from keten.knowledge.models import Centre

    centres = [
        ReferenceOrganisation(centre.slug, centre.name, OrganisationKind.CENTRE)
        for centre in Centre.objects.order_by("name")
    ]
    return centres + list(PARTNERS)


def missing_reference_organisations() -> list[ReferenceOrganisation]:
    taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
    taken_names = set(Organisation.objects.values_list("name", flat=True))
    return [o for o in reference_organisations() if o.slug not in taken_slugs and o.name not in taken_names]


def create_reference_organisations(slugs: list[str], *, actor: User | None) -> list[Organisation]:
    """Create the reference organisations named by ``slugs`` that do not exist yet; audit each."""
    wanted = [o for o in missing_reference_organisations() if o.slug in set(slugs)]
    created = []
    with transaction.atomic():
        for item in wanted:
            organisation = Organisation.objects.create(slug=item.slug, name=item.name, kind=item.kind)
            log_action(
                "organisation.created",
                actor=actor or "keten",
                organisation=organisation,
                obj=organisation,
                data={"kind": item.kind, "from": "reference"},
            )
            created.append(organisation)
    return created
