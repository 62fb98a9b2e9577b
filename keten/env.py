"""Small typed helpers that read configuration from the environment.

Every setting can also be read from a file (``NAME_FILE``), so secrets can come from a
container secret or a file with restricted permissions instead of the environment.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from keten.private_files import create_private_folder


def read(name: str, default: str = "") -> str:
    """Return ``$NAME``, else the contents of the file named by ``$NAME_FILE``, else ``default``."""
    value = os.environ.get(name)
    if value is not None:
        return value
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return default


def read_bool(name: str, default: bool = False) -> bool:
    value = read(name, "")
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def read_int(name: str, default: int) -> int:
    value = read(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from error


def read_list(name: str, default: list[str]) -> list[str]:
    value = read(name, "")
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def read_or_create_secret(name: str, path: Path, make: object = None) -> str:
    """Return the secret ``$NAME`` (or ``$NAME_FILE``); on one machine, create it once in ``path``.

    The file is created with mode 0600 (its folder, when new, 0700) so a fresh installation
    works without a secret in the repository or in the shell history.
    """
    value = read(name, "")
    if value:
        return value
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    create_private_folder(path.parent)
    value = make() if callable(make) else secrets.token_urlsafe(50)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(str(value))
    return str(value)
