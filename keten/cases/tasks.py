"""Background work of the case files (django-tasks, database queue)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django_tasks import task

from keten.accounts.models import Membership, User
from keten.audit.log import log_action
from keten.cases.access import CASE_ROLES
from keten.cases.models import Case, CaseAssignment, ReminderSent

REMINDER_DAYS = 7
"""A worker is reminded every day while one of their cases must be acted on within this many days."""


def _message(count: int, overdue: int, url: str) -> str:
    lines = [
        ngettext(
            "One file you work on needs action on a residence document within %(days)s days.",
            "%(count)s files you work on need action on a residence document within %(days)s days.",
            count,
        )
        % {"count": count, "days": REMINDER_DAYS}
    ]
    if overdue:
        lines.append(
            ngettext(
                "One document has already expired.", "%(count)s documents have already expired.", overdue
            )
            % {"count": overdue}
        )
    lines.append(gettext("Log in to Keten to see which ones: %(url)s") % {"url": url})
    lines.append(gettext("For safety, this message holds no names and no details."))
    return "\n\n".join(lines)


@task()
def send_deadline_reminders(today: str | None = None) -> int:
    """E-mail each worker how many of their files need action soon; no names, no case details.

    At most one e-mail per worker per day, however often this runs. Returns the number sent.
    """
    day = date.fromisoformat(today) if today else timezone.localdate()
    rows = (
        CaseAssignment.objects.filter(
            case__state=Case.FileState.OPEN,
            case__act_by__isnull=False,
            case__act_by__lte=day + timedelta(days=REMINDER_DAYS),
            user__is_active=True,
        )
        # Only while the worker still works for the case's centre: an ended membership stops it.
        .filter(
            Exists(
                Membership.objects.filter(
                    user=OuterRef("user"),
                    organisation=OuterRef("case__centre"),
                    role__in=CASE_ROLES,
                    is_active=True,
                    organisation__is_active=True,
                )
            )
        )
        .values("user")
        .annotate(count=Count("case"), overdue=Count("case", filter=Q(case__document_ends_on__lt=day)))
    )
    sent = 0
    users = {u.pk: u for u in User.objects.filter(pk__in=[row["user"] for row in rows])}
    for row in rows:
        user = users[row["user"]]
        try:
            with transaction.atomic():
                ReminderSent.objects.create(user=user, sent_on=day, cases=row["count"])
                with translation.override(user.language or settings.LANGUAGE_CODE):
                    url = settings.SITE_URL + reverse("cases:deadlines")
                    send_mail(
                        gettext("Keten: files need action"),
                        _message(row["count"], row["overdue"], url),
                        None,
                        [user.email],
                    )
                log_action(
                    "case.reminder_sent", actor="reminders", data={"user": user.pk, "count": row["count"]}
                )
        except IntegrityError:
            continue  # already reminded today
        sent += 1
    return sent
