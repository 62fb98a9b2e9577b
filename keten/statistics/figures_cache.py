"""Computed figures kept in Django's cache, thrown away as soon as the data behind them changes.

Counting and protecting the tables of a page costs ten grouped queries and the disclosure check;
the result only changes when cases (or chain phases, reports, centres, imported datasets) do. So
the protected tables, never the true counts, are kept in the ``default`` cache (``keten/caching.py``:
shared by every process) under a key naming everything they depend on besides those tables:

* the **scope** (centres, years, form, demo mode) and whether the reader sees every centre, with
  the centres' names: a centre manager's entry can never be read by another centre or another role;
* the **language** (labels and notes are translated when the tables are laid out) and the
  disclosure settings (``KETEN_STATS_MIN_COUNT``, ``KETEN_STATS_MIN_INTERVAL_WIDTH``);
* the installed code and translations (:data:`CODE_MARK`), so a new release never shows tables
  laid out by the one before.

Each entry is stored with the generation of :data:`FIGURES` it was computed under and used only
while that generation is still the current one: every write to the tables the figures are counted
from renews it, whatever its path (``keten.generations``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.utils.translation import get_language

from keten.generations import Generation
from keten.statistics.conf import min_count, min_interval_width

T = TypeVar("T")

#: How long computed figures are kept at most.
TIMEOUT_SECONDS = 3600
#: The tables figures are counted from: every count is of cases (their phases are a field of the
#: case, set when a chain phase is recorded), the national page counts reports and names centres,
#: the dataset pages count imported records.
FIGURES = Generation(
    "figures",
    (
        "cases.Case",
        "referrals.ChainPhase",
        "intake.Report",
        "accounts.Organisation",
        "statistics.AnalysisDataset",
        "statistics.AnalysisRecord",
        "statistics.AnalysisPairRecord",
    ),
    seconds=TIMEOUT_SECONDS,
)


def _code_mark() -> str:
    """A fingerprint of what lays the figures out: Keten's version, the compiled translations, and
    the code and templates of the figures and of the disclosure control (file sizes and times)."""
    from importlib.metadata import PackageNotFoundError, version

    root = Path(__file__).resolve().parent.parent
    try:
        described = [version("keten")]
    except PackageNotFoundError:  # pragma: no cover - run from a checkout that is not installed
        described = [""]
    patterns = ("**/django.mo", "statistics/**/*.py", "statistics/**/*.html", "core/**/*.py")
    for pattern in patterns:
        for path in sorted(root.glob(pattern)):
            stat = path.stat()
            described.append(f"{path.relative_to(root)}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(described).encode()).hexdigest()[:16]


#: Read once per process, at start.
CODE_MARK = _code_mark()


def cache_key(kind: str, *parts: object) -> str:
    """The key of one computed result: ``parts`` say whose figures and of what."""
    described = repr((kind, parts, get_language(), min_count(), min_interval_width(), CODE_MARK))
    return f"statistics:figures:{kind}:{hashlib.sha256(described.encode()).hexdigest()}"


def cached(kind: str, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave under the current data version for the same ``parts``."""
    return FIGURES.remembered(cache_key(kind, *parts), compute)
