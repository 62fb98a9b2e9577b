"""Name the installation's administrators, on the server only: ``grant``, ``revoke``, ``list``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.accounts import services
from keten.accounts.models import User


class Command(BaseCommand):
    help = (
        "List the installation administrators, or make an existing account one (grant) or no longer "
        "one (revoke). Organisation administrators are managed on the People page instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("email", nargs="?", help="the account's e-mail address (grant, revoke)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for each in User.objects.filter(is_superuser=True).order_by("email"):
                state = "" if each.is_active else " (inactive)"
                self.stdout.write(f"{each.email}{state}")
            return
        email = (options["email"] or "").strip()
        if not email:
            raise CommandError("Give the account's e-mail address.")
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the address {email}.")
        grant = options["action"] == "grant"
        if (
            not grant
            and User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).count() == 0
        ):
            raise CommandError("This is the last installation administrator: name another one first.")
        services.set_installation_administrator(user=user, on=grant, actor="keten installation_admin")
        verb = "is now" if grant else "is no longer"
        self.stdout.write(self.style.SUCCESS(f"{user.email} {verb} an installation administrator."))
