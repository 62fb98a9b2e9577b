"""``keten screen`` throughput: the command evaluated in-process, as screenings per second.

Run with ``python -m tests.bench.screen_command_bench [N]`` (``make bench`` runs it). The command
reads JSON, evaluates it under the law of the date of the facts and writes JSON; starting the
interpreter is left out, so the figure is the command's own work.
"""

from __future__ import annotations

import io
import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keten.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tests.bench.screening_scenarios import FACTS

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    payload = json.dumps(FACTS)
    started = time.perf_counter()
    for _ in range(count):
        stdin, stdout = io.StringIO(payload), io.StringIO()
        call_command("screen", "--lang", "fr", stdin=stdin, stdout=stdout)
    elapsed = time.perf_counter() - started
    print(f"keten screen: {count} screenings in {elapsed:.2f} s, {count / elapsed:.0f} per second")


if __name__ == "__main__":
    main()
