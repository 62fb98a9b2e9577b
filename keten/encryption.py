"""Encryption at rest for model fields and files, on top of :mod:`keten.core.crypto`.

Keys come from ``KETEN_ENCRYPTION_KEYS`` (or ``_FILE``; on one machine a key is created in
``var/encryption-keys``): ``id:base64key,...``, the first one is used for new data. Each
token is bound (AES-GCM associated data) to the model field or file it belongs to, so a value
copied into another column or file does not decrypt. ``keten keys rotate`` re-encrypts
everything under the current key.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.db import models

from keten.core.crypto import KeyRing, blind_index, derive_key


@cache
def keyring() -> KeyRing:
    return KeyRing.from_config(settings.ENCRYPTION_KEYS)


@cache
def index_key(purpose: str) -> bytes:
    """A key for one kind of lookup hash (a blind index, receipt codes), derived from INDEX_KEY."""
    return derive_key(settings.INDEX_KEY.encode(), purpose)


def lookup_hash(value: str, *, purpose: str) -> str:
    """A keyed hash of a normalised value, to find equal values without decrypting anything."""
    return blind_index(value, key=index_key(purpose))


class EncryptedTextField(models.BinaryField):
    """Text kept as an AES-GCM token in the database; Python code sees the plain text.

    It cannot be searched or ordered by the database: use a separate lookup hash for that.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("editable", True)
        super().__init__(*args, **kwargs)

    def _check_str_default_value(self) -> list[Any]:
        # Unlike raw bytes, these fields hold text: a text default such as "" is right.
        return []

    def associated_data(self) -> bytes:
        return f"field:{self.model._meta.label_lower}.{self.name}".encode()

    def encode(self, value: Any) -> bytes:
        return str(value).encode()

    def decode(self, plaintext: bytes) -> Any:
        return plaintext.decode()

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.decode(keyring().decrypt(bytes(value), associated_data=self.associated_data()))

    def to_python(self, value: Any) -> Any:
        return value

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if value is None:
            return None
        token = keyring().encrypt(self.encode(value), associated_data=self.associated_data())
        return connection.Database.Binary(token)

    def value_to_string(self, obj: models.Model) -> str:
        return str(self.value_from_object(obj))

    def formfield(self, **kwargs: Any) -> forms.Field:  # type: ignore[override]
        defaults: dict[str, Any] = {"form_class": forms.CharField, "widget": forms.Textarea}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)  # type: ignore[return-value]


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (dict, list, str, number) kept encrypted."""

    def encode(self, value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, sort_keys=True).encode()

    def decode(self, plaintext: bytes) -> Any:
        return json.loads(plaintext)


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    from django.apps import apps

    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedTextField):
                yield model, field


# --- Files ------------------------------------------------------------------------------------


def files_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "encrypted"


def _file_associated_data(name: str) -> bytes:
    return f"file:{name}".encode()


def _path(name: str) -> Path:
    path = (files_root() / name).resolve()
    if files_root().resolve() not in path.parents:
        raise ValueError("file name outside the encrypted store")
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """Write, flush to disk, then rename: a reader sees the whole file or none of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
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


def start_of_day(timestamp: float | None = None) -> float:
    """Midnight (UTC) of the day of ``timestamp`` (default now), as a POSIX timestamp."""
    now = time.time() if timestamp is None else timestamp
    return float(int(now // 86400) * 86400)


def save_encrypted_file(data: bytes, *, folder: str) -> str:
    """Encrypt and store ``data``; return the name to keep in the database.

    The name is random (it says nothing about order), and the file's and its folder's access and
    modification times are set to midnight of the day: the database keeps only the day a report
    came in, and the file system must not tell more. (The inode change time cannot be set by a
    program; docs/intake.md says what that leaves for an operator with a shell on the server.)
    """
    name = f"{folder}/{uuid.uuid4().hex}"
    path = _path(name)
    write_atomically(path, keyring().encrypt(data, associated_data=_file_associated_data(name)))
    day = start_of_day()
    os.utime(path, (day, day))
    os.utime(path.parent, (day, day))
    return name


def read_encrypted_file(name: str) -> bytes:
    return keyring().decrypt(_path(name).read_bytes(), associated_data=_file_associated_data(name))


def delete_encrypted_file(name: str) -> None:
    _path(name).unlink(missing_ok=True)


def encrypted_file_names() -> Iterator[str]:
    root = files_root()
    if not root.exists():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith(".tmp-"):
            yield path.relative_to(root).as_posix()
