"""``keten screen``: the screening contract on the command line.

Reads the facts as JSON on standard input and writes the result as JSON on standard output, the
same result as ``POST /api/v1/screenings/evaluate``. Bad input exits with code 2 and a message on
standard error that names the field.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext

from keten.core.screening import FactsError, screen
from keten.screening.api import read_json

BAD_INPUT = 2


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = "Evaluate screening facts (JSON on standard input) and print the explained result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of the texts in the result (default: %(default)s).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stdin = options.get("stdin") or sys.stdin
        raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        with translation.override(options["lang"]):
            try:
                result = screen(read_json(raw), translate=gettext)
            except FactsError as error:
                raise CommandError(
                    f"{error.field}: {error.message.render(gettext)}", returncode=BAD_INPUT
                ) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
