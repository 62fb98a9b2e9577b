"""Time a CTDC import of 250,000 rows: ``python -m tests.bench.ctdc_import_bench [ROWS] [--tracemalloc]``.

Writes a CTDC-format CSV with ROWS rows (default 250,000; one in a hundred deliberately wrong),
imports it into a fresh database (DATABASE_URL, or SQLite under a temporary KETEN_DATA_DIR) and
prints the time taken and the process's maximum resident size (getrusage) before and after; with
``--tracemalloc``, also the peak of Python allocations during the import (tracemalloc slows the
import down about threefold, so the time is then not the figure to quote). Target: under 60 seconds
with flat memory.
"""

from __future__ import annotations

import csv
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def write_file(path: Path, rows: int) -> None:
    from keten.core import ctdc

    chooser = random.Random(11)  # noqa: S311 - fictitious data
    countries = sorted(ctdc.ISO_ALPHA3)[:60]
    with path.open("w", encoding="utf-8", newline="") as output:
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(ctdc.COLUMNS)
        for index in range(rows):
            row = [
                str(chooser.randint(2002, 2022)),
                chooser.choice([*ctdc.GENDERS, ""]),
                chooser.choice([*ctdc.AGE_BROAD, ""]),
                chooser.choice([*countries, ""]),
                chooser.choice([*countries, ""]),
                chooser.choice([*ctdc.TRAFFICK_MONTHS, ""]),
                *(chooser.choice(["1", ""]) for _flag in ctdc.FLAG_COLUMNS),
            ]
            if index % 100 == 99:
                row[2] = "18 to 20"  # not a range CTDC writes: rejected with its reason
            elif index % 100 == 49:
                row[2] = row[2].replace("--", "-")  # the codebook's single dash: read as published
            writer.writerow(row)


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    rows = int(arguments[0]) if arguments else 250_000
    trace = "--tracemalloc" in sys.argv
    os.environ.setdefault("KETEN_DATA_DIR", tempfile.mkdtemp(prefix="keten-import-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "keten.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from keten.statistics.exchange import import_ctdc

    call_command("migrate", verbosity=0, interactive=False)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ctdc.csv"
        started = time.monotonic()
        write_file(path, rows)
        print(f"wrote {rows} rows ({path.stat().st_size / 1e6:.1f} MB) in {time.monotonic() - started:.1f} s")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if trace:
            tracemalloc.start()
        started = time.monotonic()
        with path.open(encoding="utf-8-sig", newline="") as lines:
            result = import_ctdc(lines, name="bench", current_year=2024, partial=True)
        elapsed = time.monotonic() - started
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        if trace:
            tracemalloc.stop()
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"imported {result.rows_imported} of {result.rows_read} rows ({result.rows_rejected} rejected) "
        f"in {elapsed:.1f} s ({result.rows_read / elapsed:,.0f} rows/s)"
    )
    if trace:
        print(f"peak Python memory during the import (tracemalloc): {peak / 1e6:.1f} MB")
    print(f"process maximum resident size: {rss_before / 1e3:.0f} MB before, {rss_after / 1e3:.0f} MB after")


if __name__ == "__main__":
    main()
