"""``keten dp_release``: a differentially private table of people by year and gender, for open data."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.core.disclosure import PrivacyBudgetExceeded
from keten.statistics.privacy import release_people_by_year_and_gender


class Command(BaseCommand):
    help = "Release people by year and gender with geometric noise, spending epsilon from a ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--ledger", default="open-data", help="The privacy ledger to spend from.")
        parser.add_argument("--budget", help="The total epsilon of the ledger, when it is created.")
        parser.add_argument("--epsilon", required=True, help="The epsilon this release spends, e.g. 0.5.")
        parser.add_argument("--from", dest="year_from", type=int, required=True)
        parser.add_argument("--to", dest="year_to", type=int, required=True)
        parser.add_argument("--title", default="People by year of registration and gender")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["year_from"] > options["year_to"]:
            raise CommandError("--from must not come after --to.")
        try:
            release = release_people_by_year_and_gender(
                ledger_name=options["ledger"],
                total_epsilon=options["budget"],
                epsilon=options["epsilon"],
                year_from=options["year_from"],
                year_to=options["year_to"],
                title=options["title"],
            )
        except (PrivacyBudgetExceeded, ValueError) as error:
            raise CommandError(str(error)) from error
        ledger = release.ledger
        self.stdout.write(
            f"Release {release.pk}: epsilon {release.epsilon} spent; "
            f"ledger {ledger.name}: {ledger.spent_epsilon} of {ledger.total_epsilon} spent."
        )
        self.stdout.write("year," + ",".join(release.table["columns"]))
        for label, row in zip(release.table["rows"], release.table["counts"], strict=True):
            self.stdout.write(label + "," + ",".join(str(value) for value in row))
