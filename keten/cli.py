"""The ``keten`` command: Django's management commands with Keten's settings."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keten.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    # Commands speak one language, English unless KETEN_COMMAND_LANGUAGE says nl, fr or de; without
    # this they would mix the site's default (Dutch) with their own English lines.
    translation.activate(os.environ.get("KETEN_COMMAND_LANGUAGE", "en"))
    try:
        execute_from_command_line(["keten", *(argv if argv is not None else sys.argv[1:])])
    except BrokenPipeError:
        # The reader went away (``keten ctdc_export - | head``): not an error of ours. Point
        # stdout at /dev/null so that Python's final flush does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)


if __name__ == "__main__":
    main()
