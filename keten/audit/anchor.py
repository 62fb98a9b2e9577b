"""The anchor: the head of the audit trail, written outside the database after every commit.

An append-only text file (``KETEN_AUDIT_ANCHOR``, by default ``var/audit-anchor``, mode 0600),
one line per committed entry::

    <sequence> <seal (HMAC) of that entry> <time of writing, UTC>

The database cannot rewrite it: whoever deletes the newest entries and rewinds the head, or
recomputes the chain with the key, leaves entries the anchor still names. ``keten audit anchor
export`` prints the head so a copy can be kept on another machine, where even the server's
administrator cannot change it; ``keten audit verify --anchor <copy>`` checks against it.
Lines are short single ``write`` calls on a file opened with ``O_APPEND``, so the app servers'
processes can append at the same time without mixing lines.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings

from keten.private_files import FILE_MODE, create_private_folder

LINE = re.compile(r"^(?P<sequence>[1-9][0-9]*) (?P<seal>[0-9a-f]{64})(?: \S+)?$")


def anchor_path() -> Path:
    return Path(settings.AUDIT_ANCHOR)


def anchor_line(sequence: int, seal: str) -> str:
    return f"{sequence} {seal} {datetime.now(UTC).isoformat(timespec='seconds')}\n"


def append_anchor(sequence: int, seal: str, *, path: Path | None = None) -> None:
    """Append one line for a committed entry (called on commit by ``log_action``)."""
    path = path or anchor_path()
    create_private_folder(path.parent)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
    try:
        os.write(descriptor, anchor_line(sequence, seal).encode())
    finally:
        os.close(descriptor)


def read_anchor(path: Path) -> tuple[list[tuple[int, str]], list[int]]:
    """The (sequence, seal) pairs of an anchor file, and the numbers of lines that are not anchors."""
    pairs: list[tuple[int, str]] = []
    unreadable: list[int] = []
    with path.open(encoding="ascii", errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            match = LINE.match(line)
            if match is None:
                unreadable.append(number)
                continue
            pairs.append((int(match["sequence"]), match["seal"]))
    return pairs, unreadable
