"""``keten ctdc_datasets``: the imported CTDC datasets; ``--delete ID`` removes one with its records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from keten.statistics.exchange import delete_dataset
from keten.statistics.models import AnalysisDataset


class Command(BaseCommand):
    help = "List the imported CTDC datasets of the analysis area, or delete one (--delete ID; audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--delete", type=int, metavar="ID", help="Delete this dataset and its records.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["delete"] is not None:
            dataset = AnalysisDataset.objects.filter(pk=options["delete"]).first()
            if dataset is None:
                raise CommandError(
                    f"There is no dataset {options['delete']}. Run ctdc_datasets to list them."
                )
            name = dataset.name
            records = delete_dataset(dataset=dataset)
            self.stdout.write(f"Deleted dataset {options['delete']} ({name}) and its {records} records.")
            return
        datasets = AnalysisDataset.objects.order_by("pk")
        if not datasets:
            self.stdout.write("No dataset imported.")
            return
        self.stdout.write("id\tkind\timported on\trows imported\trows rejected\tname")
        for item in datasets:
            self.stdout.write(
                f"{item.pk}\t{item.kind}\t{timezone.localtime(item.created_at):%Y-%m-%d}\t"
                f"{item.rows_imported}\t{item.rows_rejected}\t{item.name}"
            )
