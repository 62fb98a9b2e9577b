from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.accounts.models import Organisation, User
from keten.accounts.roles import OrganisationKind, Role
from keten.audit.log import log_action
from keten.cases.demo import (
    DEMO_SLUG_PREFIX,
    clear_demo,
    create_demo_organisations_and_accounts,
    load_demo_activity,
    load_fictitious_cases,
)
from keten.cases.models import Case


class Command(BaseCommand):
    help = (
        "Fill the database with clearly fictitious case files ('Demo Person 17') spread over the centres; "
        "on a fresh installation it first creates demo organisations and one demo account per role. "
        "A demo banner shows on every page while demo cases exist. --clear removes all of it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=50)
        parser.add_argument("--clear", action="store_true", help="remove all demo data")
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["clear"]:
            counts = clear_demo()
            log_action("case.demo_cleared", actor="keten demo", data=counts)
            self.stdout.write(
                f"Deleted {counts['cases']} demo cases, {counts['accounts']} demo accounts "
                f"and {counts['organisations']} demo organisations."
            )
            return
        centres = self._centres()
        fresh = not centres or all(c.slug.startswith(DEMO_SLUG_PREFIX) for c in centres)
        if not centres:
            # A fresh installation: demo mode is only ever entered while no real file exists.
            if Case.objects.filter(demo=False).exists():
                raise CommandError("This installation holds real case files but no active centre.")
            accounts = create_demo_organisations_and_accounts()
            log_action("account.demo_accounts_created", actor="keten demo", data={"count": len(accounts)})
            self._print_accounts(accounts)
            centres = self._centres()
        workers: dict[int, list[User]] = {}
        for user in User.objects.filter(
            memberships__organisation__in=centres,
            memberships__role=Role.SOCIAL_WORKER,
            memberships__is_active=True,
            is_active=True,
        ).distinct():
            for membership in user.memberships.filter(organisation__in=centres, role=Role.SOCIAL_WORKER):
                workers.setdefault(membership.organisation_id, []).append(user)
        start = Case.objects.filter(demo=True).count() + 1
        created = load_fictitious_cases(
            options["cases"], centres=centres, workers=workers, seed=options["seed"], start_number=start
        )
        log_action("case.demo_loaded", actor="keten demo", data={"count": created})
        self.stdout.write(f"Created {created} fictitious cases in {len(centres)} centres.")
        if fresh:
            made = load_demo_activity(max(1, created // 10))
            self.stdout.write(
                f"Created {made['reports']} hotline reports, {made['screenings']} signals and "
                f"{made['referrals']} referrals."
            )

    def _centres(self) -> list[Organisation]:
        return list(Organisation.objects.filter(kind=OrganisationKind.CENTRE, is_active=True).order_by("pk"))

    def _print_accounts(self, accounts: list[Any]) -> None:
        if not accounts:
            return
        self.stdout.write(
            "Demo accounts (fictitious: remove them with 'keten demo --clear'). Log in at "
            "/en/accounts/login/ with the e-mail address and password, then add the secret to an "
            "authenticator app (or compute the code with 'oathtool --totp -b SECRET'):"
        )
        for account in accounts:
            self.stdout.write(
                f"  {account.role:<20} {account.email:<40} password {account.password}  "
                f"secret {account.totp_secret}  ({account.organisation})"
            )
