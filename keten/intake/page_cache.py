"""What the inbox and the report page ask on every view, kept in the shared cache between writes.

The list of people who work in the inbox, the period the hotline gives itself to answer, the
reply templates' titles, and the person's own saved filters and duty: small lookups (a query
each) whose rows change far less often than the pages are read. They are one family of answers
(``keten.generations``), renewed by every write to the tables they come from, so an answer is never
older than the last write that could change it. Entries are keyed by the account: never shared
between people. Access decisions are not kept here: every page still checks them itself.

Forms that change something (assigning, bulk changes) read the people afresh from the database.
"""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import Q

from keten.accounts import policy
from keten.accounts.models import Membership
from keten.accounts.roles import OrganisationKind, Role
from keten.generations import Generation
from keten.intake import services
from keten.intake.models import AccessLevel, OnDuty, ReplyTemplate, SavedFilter

#: The rows these answers come from: people and their organisations, inbox grants, the inbox's
#: settings, reply templates, duty and saved filters.
INBOX_PAGES = Generation(
    "intake-pages",
    (
        "accounts.User",
        "accounts.Organisation",
        "accounts.Membership",
        "intake.InboxAccess",
        "intake.InboxSettings",
        "intake.ReplyTemplate",
        "intake.OnDuty",
        "intake.SavedFilter",
    ),
    seconds=300,
)


class SavedFilterRow(NamedTuple):
    """One of the person's saved filters, as the inbox links it."""

    pk: int
    name: str
    query: str


class InboxFacts(NamedTuple):
    """The small lookups of the inbox's pages, for one person."""

    people: list[tuple[int, str]]
    acknowledge_days: int
    on_duty: bool
    saved_filters: list[SavedFilterRow]
    reply_templates: list[ReplyTemplate]


def inbox_people() -> list[tuple[int, str]]:
    """Everyone who works in the inbox: hotline operators and members of organisations granted ``work``."""
    memberships = (
        Membership.objects.filter(is_active=True, organisation__is_active=True, user__is_active=True)
        .filter(
            Q(role=Role.HOTLINE_OPERATOR, organisation__kind=OrganisationKind.HOTLINE)
            | Q(
                organisation__inbox_access__level=AccessLevel.WORK,
                organisation__kind__in=policy.INBOX_PARTNER_KINDS,
            )
        )
        .values_list("user_id", "user__full_name", "user__email")
    )
    # As ``str(user)`` says it: the full name, else the e-mail address.
    people = {user_id: full_name or email for user_id, full_name, email in memberships}
    return sorted(people.items(), key=lambda item: item[1].lower())


def _facts(user_id: int) -> InboxFacts:
    return InboxFacts(
        people=inbox_people(),
        acknowledge_days=services.acknowledge_days(),
        on_duty=OnDuty.objects.filter(user_id=user_id).exists(),
        saved_filters=[
            SavedFilterRow(*row)
            for row in SavedFilter.objects.filter(owner_id=user_id).values_list("pk", "name", "query")
        ],
        # Their texts are not read on the pages (the chosen one is fetched by itself).
        reply_templates=list(ReplyTemplate.objects.only("title", "language")),
    )


def inbox_facts(user_id: int) -> InboxFacts:
    """The person's ``InboxFacts``, computed again only after a write that could change them."""
    return INBOX_PAGES.remembered(f"intake-pages:{user_id}", lambda: _facts(user_id))


def templates_for(templates: list[ReplyTemplate], language: str) -> list[ReplyTemplate]:
    """Every template, the reporter's language first."""
    return sorted(templates, key=lambda t: (t.language != language, t.language, t.title))
