"""The data folder, the database file and the key files: readable by Keten's own user only.

A default umask makes new files readable by every local user (0644): one ``cp`` away from a
copy of every case. Keten creates its data folder with mode 0700 and its database, key and
anchor files with mode 0600, and warns at start-up (``keten serve``, and the log of every app
server) when one of them is open to other users, for example because it was created by hand
or restored from a backup without its modes.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
# Any bit for the group or for others is too wide.
OPEN_TO_OTHERS = 0o077

logger = logging.getLogger("keten.security")


def create_private_folder(path: Path) -> None:
    """Create ``path`` (and missing parents) for Keten's user alone; an existing folder is left."""
    if path.exists():
        return
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    os.chmod(path, FOLDER_MODE)  # mkdir's mode passes through the umask


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists (an empty file is a valid SQLite database)."""
    if path.exists():
        return
    create_private_folder(path.parent)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    os.close(descriptor)


def open_to_others(paths: Iterable[Path]) -> list[tuple[Path, int]]:
    """The paths among ``paths`` that exist and that a group or other users may use, with their mode."""
    found = []
    for path in paths:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except FileNotFoundError:
            continue
        if mode & OPEN_TO_OTHERS:
            found.append((path, mode))
    return found


def private_paths() -> list[Path]:
    """What must stay private: the data folder, the SQLite files, the key and anchor files."""
    from django.conf import settings

    paths = [Path(settings.DATA_DIR)]
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3" and str(database["NAME"]) != ":memory:":
        name = Path(database["NAME"])
        paths += [name, name.with_name(name.name + "-wal"), name.with_name(name.name + "-shm")]
    paths += [Path(settings.DATA_DIR) / name for name in settings.KEY_FILE_NAMES]
    paths.append(Path(settings.AUDIT_ANCHOR))
    # Secrets given as files (KETEN_SECRET_KEY_FILE=...) deserve the same care.
    paths += [
        Path(value)
        for name, value in os.environ.items()
        if name.startswith("KETEN_") and name.endswith("_FILE")
    ]
    return paths


def permission_warnings() -> list[str]:
    """One line per private path that is open to other users, saying how to close it."""
    warnings = []
    for path, mode in open_to_others(private_paths()):
        wanted = FOLDER_MODE if path.is_dir() else FILE_MODE
        warnings.append(
            f"{path} has mode {mode:04o}: other users of this machine can read it. "
            f"Run: chmod {wanted:o} {path}"
        )
    return warnings


def log_permission_warnings() -> list[str]:
    warnings = permission_warnings()
    for warning in warnings:
        logger.warning(warning)
    return warnings
