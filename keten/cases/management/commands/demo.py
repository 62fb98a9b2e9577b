from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.cases.demo import load_fictitious_cases
from keten.cases.models import Case


class Command(BaseCommand):
    help = (
        "Fill the database with clearly fictitious case files ('Demo Person 17') spread over the centres; "
        "a demo banner shows on every page while they exist. --clear removes them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=50)
        parser.add_argument("--clear", action="store_true", help="delete every demo case instead")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            count, _ = Case.objects.filter(demo=True).delete()
            log_action("case.demo_cleared", actor="keten demo", data={"count": count})
            self.stdout.write(f"Deleted {count} demo rows.")
            return
        centres = list(
            Organisation.objects.filter(kind=OrganisationKind.CENTRE, is_active=True).order_by("pk")
        )
        if not centres:
            raise CommandError(
                "There is no centre organisation yet: create one first (keten people or the admin)."
            )
        workers: dict[int, list[User]] = {}
        for user in User.objects.filter(
            memberships__organisation__in=centres,
            memberships__role=Role.SOCIAL_WORKER,
            memberships__is_active=True,
        ).distinct():
            for membership in user.memberships.filter(organisation__in=centres, role=Role.SOCIAL_WORKER):
                workers.setdefault(membership.organisation_id, []).append(user)
        start = Case.objects.filter(demo=True).count() + 1
        created = load_fictitious_cases(
            options["cases"], centres=centres, workers=workers, seed=options["seed"], start_number=start
        )
        log_action("case.demo_loaded", actor="keten demo", data={"count": created})
        self.stdout.write(f"Created {created} fictitious cases in {len(centres)} centres.")
