"""``keten permissions --markdown``: print the referral permission table from the code."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from keten.referrals.permissions import POLICY, markdown_table


class Command(BaseCommand):
    help = "Print who may do what with referrals, consent and chain phases (roles × actions × scopes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--markdown", action="store_true", help="Print the table as Markdown (README.md)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["markdown"]:
            self.stdout.write(markdown_table(), ending="")
            return
        for role, grant in POLICY.items():
            self.stdout.write(
                f"{role}: refers={sorted(grant.refers)} actions={sorted(grant.actions)} "
                f"scopes={sorted(grant.scopes)} phases={sorted(grant.phases)}"
            )
