"""What every professional page asks again and again, kept in the shared cache between writes.

The header's places and counts and the demo banner cost a handful of ORM queries on every page
(about a third of a simple page), yet their answers change only when one of a few tables is
written: they are a family of answers renewed by those writes (``keten.generations``). Entries
are keyed by the account, the membership and the day: never shared between people.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from keten.generations import Generation

T = TypeVar("T")

#: Rows that decide the header's places (accounts, memberships, inbox grants, referral rules) or its
#: counts (reports, signals, referrals, match notices, case files and who keeps them), and the demo
#: banner (case files). Every table of the referrals app: notifications, consents, the rules.
HEADER = Generation(
    "header",
    (
        "accounts.User",
        "accounts.Organisation",
        "accounts.Membership",
        "intake.Report",
        "intake.InboxAccess",
        "screening.Handover",
        "links.MatchNotice",
        "cases.Case",
        "cases.CaseAssignment",
    ),
    ("referrals",),
    seconds=300,
)


def remembered(key: str, compute: Callable[[], T], *, store: bool = True) -> T:
    """``compute()``'s answer, computed again only after a write that could change it."""
    return HEADER.remembered(f"header:{key}", compute, store=store)


def remembered_many(computes: dict[str, Callable[[], Any]], *, store: bool = True) -> dict[str, Any]:
    """Several answers a page needs together (the banner and the places), in one cache read."""
    found = HEADER.remembered_many(
        {f"header:{key}": compute for key, compute in computes.items()}, store=store
    )
    return {key: found[f"header:{key}"] for key in computes}
