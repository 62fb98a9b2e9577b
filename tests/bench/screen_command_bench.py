"""``keten screen`` throughput: the command evaluated in-process, as screenings per second.

Run with ``python -m tests.bench.screen_command_bench [N]`` (``make bench`` runs it). The command
reads JSON, evaluates it under the law of the date of the facts and writes JSON; starting the
interpreter is left out, so the figure is the command's own work. It is printed next to the
trivial baseline view served in the same process (Django's test client), as a ratio, so that the
figure compares across machines.
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
    screenings = count / elapsed
    print(f"keten screen: {count} screenings in {elapsed:.2f} s, {screenings:.0f} per second")
    baseline = _baseline_per_second(count)
    print(
        f"baseline view in the same process: {baseline:.0f} per second; "
        f"keten screen / baseline = {screenings / baseline:.2f}"
    )


def _baseline_per_second(count: int) -> float:
    from django.test import Client

    client = Client()
    client.get("/baseline")
    started = time.perf_counter()
    for _ in range(count):
        client.get("/baseline")
    return count / (time.perf_counter() - started)


if __name__ == "__main__":
    main()
