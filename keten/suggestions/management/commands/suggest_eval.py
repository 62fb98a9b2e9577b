"""``keten suggest_eval``: precision and recall of the suggestions on the labelled sentences.

Prints one table per split (``tuning``, ``held_out``, ``all``): per kind (identifier, and each type
of identifier; indicator; form) and per language. ``--check`` exits with status 1 when a kind is
below the bar of ``evaluation.MIN_PRECISION``; ``--mistakes`` lists what went wrong per sentence.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.suggestions.evaluation import EVALUATION_SET, MIN_PRECISION, SPLITS, Report, evaluate, load, table


class Command(BaseCommand):
    help = "Precision and recall of the text suggestions on the labelled evaluation set."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", default=str(EVALUATION_SET), help="A JSONL evaluation set.")
        parser.add_argument(
            "--split", choices=(*SPLITS, "all"), help="Only this part of the set (default: each, then all)."
        )
        parser.add_argument("--no-languages", action="store_true", help="Only the totals, not per language.")
        parser.add_argument("--mistakes", action="store_true", help="List every missed or wrong suggestion.")
        parser.add_argument(
            "--check", action="store_true", help="Exit with status 1 if a precision is below the bar."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        examples = load(Path(options["file"]))
        report = evaluate(examples)
        splits = (options["split"],) if options["split"] else (*SPLITS, "all")
        for split in splits:
            self._print_table(report, split, by_language=not options["no_languages"])
        if options["mistakes"]:
            for mistake in report.mistakes:
                self.stdout.write(
                    f"{mistake.example}  {mistake.kind}  missed: {', '.join(mistake.missed) or '-'}"
                    f"  wrong: {', '.join(mistake.wrong) or '-'}"
                )
        if options["check"]:
            failures = [
                f"{kind} precision {report.count(split, 'all', kind).precision:.2f} < {bar:.2f} ({split})"
                for split in splits
                for kind, bar in MIN_PRECISION.items()
                if report.count(split, "all", kind).precision < bar
            ]
            if failures:
                raise CommandError("Below the bar: " + "; ".join(failures))

    def _print_table(self, report: Report, split: str, *, by_language: bool) -> None:
        sentences = report.sentences.get((split, "all"), 0)
        self.stdout.write(f"\n{split}: {sentences} sentences")
        self.stdout.write("| kind | language | found right | found wrong | missed | precision | recall |")
        self.stdout.write("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
        for kind, language, right, wrong, missed, precision, recall in table(
            report, split=split, by_language=by_language
        ):
            self.stdout.write(
                f"| {kind} | {language} | {right} | {wrong} | {missed} | {precision:.2f} | {recall:.2f} |"
            )
