"""The rows of the referral lists (received, sent), ready to show, and their page.

A row carries plain strings: the template neither reverses a URL nor looks up a label or a date
format once per row. The notices not yet read come with the rows, in the same query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from keten.accounts.models import Membership
from keten.referrals.models import Notification, Referral, Status

#: What the lists show of a referral (never its purpose or a reason for declining).
LISTED_FIELDS = (
    "created_at",
    "status",
    "expires_on",
    "from_organisation__name",
    "to_organisation__name",
)

#: The date as the lists show it (``{{ day|date:"j N Y" }}``).
DAY = "j N Y"


@dataclass(slots=True)
class ReferralRow:
    pk: int
    url: str
    organisation: str  # the sender in the inbox, the receiver in the sent list
    created: str
    status: str
    expires: str
    expired: bool
    unread: bool


def page_of(referrals: QuerySet[Referral], number: str | None, size: int) -> Page:
    """The page asked for, like ``Paginator.get_page``. The first page of a list that fits on it
    needs no COUNT query: its length is the count."""
    paginator = Paginator(referrals, size)
    if number not in (None, "", "1"):
        return paginator.get_page(number)
    rows = list(referrals[: size + 1])
    if len(rows) <= size:
        paginator.count = len(rows)  # a cached_property: known already
    return Page(rows[:size], 1, paginator)


def with_unread(referrals: QuerySet[Referral], membership: Membership) -> QuerySet[Referral]:
    """Each referral marked ``unread`` when its notice to the person's organisation is not read yet."""
    notices = Notification.objects.filter(
        referral=OuterRef("pk"), organisation_id=membership.organisation_id, read_at__isnull=True
    )
    return referrals.annotate(unread=Exists(notices))


def referral_rows(referrals: list[Referral], *, received: bool, today: date) -> list[ReferralRow]:
    """One row per referral of the page (fetched with their organisations)."""
    statuses = {value: str(label) for value, label in Status.choices}
    prefix = reverse("referrals:inbox")
    return [
        ReferralRow(
            pk=referral.pk,
            url=f"{prefix}{referral.pk}/",
            organisation=(referral.from_organisation if received else referral.to_organisation).name,
            created=date_format(timezone.localtime(referral.created_at), DAY),
            status=statuses.get(referral.status, referral.status),
            expires=date_format(referral.expires_on, DAY),
            expired=referral.expires_on < today,
            unread=getattr(referral, "unread", False),
        )
        for referral in referrals
    ]
