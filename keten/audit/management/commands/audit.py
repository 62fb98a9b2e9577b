"""``keten audit verify`` and ``keten audit anchor export``: check the trail against its seals and anchors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from keten.audit.anchor import anchor_line, anchor_path
from keten.audit.chain import ChainProblem, verify_chain
from keten.audit.models import AuditEvent, AuditHead


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser(
            "verify",
            help="check every seal, link and anchor; exit 1 and name the first bad entry on any break",
        )
        verify.add_argument(
            "--anchor",
            action="append",
            type=Path,
            default=[],
            help="also check against an anchor exported earlier (may be given several times)",
        )
        anchor = subcommands.add_parser("anchor", help="the anchor kept outside the database")
        anchor_commands = anchor.add_subparsers(dest="anchor_command", required=True)
        export = anchor_commands.add_parser(
            "export", help="print the head of an intact trail as an anchor line, to keep on another machine"
        )
        export.add_argument("--output", type=Path, help="append the line to this file instead of printing it")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify(options["anchor"])
        else:
            self.export(options["output"])

    def verify(self, extra_anchors: list[Path]) -> None:
        problems = sorted(verify_chain(extra_anchors=extra_anchors))
        count = AuditEvent.objects.count()
        if problems:
            for problem in problems:
                self.stderr.write(f"BROKEN {problem}")
            first = next((problem for problem in problems if problem.sequence), None)
            if first is not None:
                self.stderr.write(f"The first bad entry is entry {first.sequence}.")
            self.stderr.write(
                f"The audit trail is NOT intact: {len(problems)} problem(s) in {count} entries."
            )
            raise SystemExit(1)
        self.stdout.write(
            self.style.SUCCESS(
                f"The audit trail is intact: {count} entries checked against their seals and {anchor_path()}."
            )
        )

    def export(self, output: Path | None) -> None:
        problems: list[ChainProblem] = sorted(verify_chain())
        if problems:
            raise CommandError(
                f"The audit trail is not intact ({problems[0]}); "
                "run 'keten audit verify' before exporting an anchor."
            )
        head = AuditHead.objects.filter(pk=1).first()
        if head is None or head.sequence == 0:
            raise CommandError("The audit trail is empty: there is nothing to anchor yet.")
        line = anchor_line(head.sequence, head.hash)
        if output is None:
            self.stdout.write(line, ending="")
        else:
            with output.open("a", encoding="ascii") as handle:
                handle.write(line)
