"""Reset a person's second factor from the server, with a written reason (audited, e-mailed).

This is the way for an installation administrator who lost their authenticator when no second
installation administrator can confirm it on the People page.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.accounts import services
from keten.accounts.models import User


class Command(BaseCommand):
    help = "Remove a person's login code so they set up a new one at the next login (with --reason)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the account's e-mail address")
        parser.add_argument(
            "--reason", required=True, help="why (kept in the audit trail; no personal details)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reason = " ".join(options["reason"].split())[:200]
        if not reason:
            raise CommandError("Write why the login code must be reset (--reason).")
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"No account has the address {options['email']}.")
        services.remove_second_factor(user=user, actor="keten reset_second_factor", reason=reason)
        self.stdout.write(self.style.SUCCESS(f"{user.email} will set up a new login code at the next login."))
