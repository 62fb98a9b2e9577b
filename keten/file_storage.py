"""Where the encrypted files live: Django's storage named ``private``, on local disk or in S3.

``KETEN_STORAGE`` chooses the backend (``disk``, the default, or ``s3``); every part of Keten
reaches the files through ``django.core.files.storage.storages["private"]`` and
:mod:`keten.encryption`, which encrypts a file before it is handed to the storage: neither the
disk nor the bucket ever holds a clear byte. Names are ``<folder>/<random uuid4 hex>``: they say
nothing about the time or the order of what they hold.

On disk (``MEDIA_ROOT/encrypted``) files are written atomically with mode 0600 in folders of
mode 0700, and their times are set to midnight of the day (keten/intake/services.py keeps only
the day a report came in). In a bucket, the object store itself records when an object was
written (``LastModified``): docs/storage.md says what that means for whoever runs the bucket.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, Storage

from keten.private_files import FILE_MODE, FOLDER_MODE, create_private_folder

# Written beside their target and renamed over it; never a stored file.
TEMPORARY_PREFIX = ".tmp-"


def start_of_day(timestamp: float | None = None) -> float:
    """Midnight (UTC) of the day of ``timestamp`` (default now), as a POSIX timestamp."""
    now = time.time() if timestamp is None else timestamp
    return float(int(now // 86400) * 86400)


def write_atomically(path: Path, data: bytes) -> None:
    """Write, flush to disk, then rename: a reader sees the whole file or none of it."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=TEMPORARY_PREFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


class PrivateFileSystemStorage(FileSystemStorage):
    """``MEDIA_ROOT/encrypted`` on local disk: atomic writes, private modes, only the day in the times."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("file_permissions_mode", FILE_MODE)
        kwargs.setdefault("directory_permissions_mode", FOLDER_MODE)
        kwargs.setdefault("allow_overwrite", True)  # `keten keys rotate` rewrites a file in place
        super().__init__(**kwargs)

    # The location follows MEDIA_ROOT as it is when a file is used (tests give themselves a store).
    @property
    def base_location(self) -> str:
        return os.path.join(settings.MEDIA_ROOT, "encrypted")

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def _save(self, name: str, content: File) -> str:
        path, folder = Path(self.path(name)), Path(self.location)
        create_private_folder(folder)
        for part in path.parent.relative_to(folder).parts:
            folder = folder / part
            create_private_folder(folder)
        existed = path.exists()
        # A rewrite (key rotation) keeps the day the file was first written.
        day = path.stat().st_mtime if existed else start_of_day()
        content.seek(0)
        write_atomically(path, content.read())
        os.utime(path, (day, day))
        if not existed:
            os.utime(path.parent, (day, day))
        return name


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every stored name under ``folder``, folder by folder in sorted order, without temporary files."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder}/" if folder else ""
    for name in sorted(files):
        if name and not name.startswith(TEMPORARY_PREFIX):
            yield prefix + name
    for sub in sorted(folders):
        if sub:
            yield from stored_names(storage, prefix + sub)
