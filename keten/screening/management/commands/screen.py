"""``keten screen``: the screening contract on the command line.

Reads the facts as JSON on standard input and writes the result as JSON on standard output, the
same result as ``POST /api/v1/screenings/evaluate``. Bad input exits with code 2 and a message on
standard error that names the field.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation
from django.utils.translation import gettext

from keten.core import law
from keten.core.screening import FactsError, screen
from keten.screening.api import read_json

BAD_INPUT = 2

EPILOG = """\
input (JSON on standard input; every key optional, null means "not known"):
  person.age                 whole years, 0 to 120
  person.nationality         ISO 3166-1 alpha-2 code, such as BE, RO, SY (XK for Kosovo)
  person.possibly_minor      true: age unknown, but there are reasons to believe the person is a
                             child; they are presumed a child (Directive 2011/36/EU art. 13(2))
  person.unaccompanied       true: a child in Belgium without a parent or legal guardian
  facts_date.from, .to       YYYY-MM-DD, the day or period of the facts. The law in force then
                             applies: Criminal Code of 1867 up to 7 April 2026, the new Criminal
                             Code from 8 April 2026. Without a date: the law in force today.
  exploiter_relations        {relations}
  acts                       {acts}
  purposes                   {purposes}
                             (the last three: new Criminal Code only, not confirmed)
  means                      {means}
  consent                    true/false; irrelevant except for forced_crime ("against their will")
  border.crossed_irregularly irregular entry, transit or stay in Belgium or an EU/Schengen state
  border.helped_for_gain     someone helped for a patrimonial advantage, directly or indirectly
  indicators                 ids from GET /api/v1/indicators
  immediate_danger           true/false
  location.postal_code       Belgian postal code, such as "2000"
  circumstances              {circumstances}

output: the same JSON as POST /api/v1/screenings/evaluate (see its OpenAPI schema). "law" says which
Code read the facts; items Keten could not confirm carry "confirmed": false and the reason.

example:
  echo '{{"facts_date": {{"from": "2026-05-01"}}, "acts": ["recruitment"], "purposes": ["labour"]}}' \\
    | keten screen --lang en
"""


class Command(BaseCommand):
    stealth_options = ("stdin",)
    help = "Evaluate screening facts (JSON on standard input) and print the explained result as JSON."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        parser.epilog = EPILOG.format(
            relations=", ".join(law.RELATIONS),
            acts=", ".join(law.ACTS),
            purposes=", ".join(law.PURPOSES),
            means=", ".join(law.MEANS),
            circumstances=", ".join(law.CIRCUMSTANCES),
        )
        return parser

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
                result = screen(read_json(raw), translate=gettext, today=timezone.localdate())
            except FactsError as error:
                raise CommandError(
                    f"{error.field}: {error.message.render(gettext)}", returncode=BAD_INPUT
                ) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
