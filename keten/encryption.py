"""Encryption at rest for model fields and files, on top of :mod:`keten.core.crypto`.

Keys come from ``KETEN_ENCRYPTION_KEYS`` (or ``_FILE``; on one machine a key is created in
``var/encryption-keys``): ``id:base64key,...``, the first one is used for new data. Each
token is bound (AES-GCM associated data) to the model field or file it belongs to, so a value
copied into another column or file does not decrypt. ``keten keys rotate`` re-encrypts
everything under the current key.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.db import models

from keten.core.crypto import KeyRing, blind_index, derive_key
from keten.file_storage import stored_names


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
# Through Django's storage named "private" (keten/file_storage.py): local disk or an S3 bucket.

# What every stored name looks like: a folder, then a random uuid4 (nothing about time or order).
STORED_NAME = re.compile(r"[a-z0-9_-]+/[0-9a-f]{32}")


def private_storage() -> Storage:
    return storages["private"]


def files_root() -> Path:
    """The folder of the local-disk store (``KETEN_STORAGE=disk``)."""
    return Path(settings.MEDIA_ROOT) / "encrypted"


def file_associated_data(name: str) -> bytes:
    return f"file:{name}".encode()


def checked_name(name: str) -> str:
    """``name`` if Keten could have made it; a ``ValueError`` for anything else (``../``, absolute...)."""
    if not STORED_NAME.fullmatch(name):
        raise ValueError("not a name of the encrypted file store")
    return name


def read_stored_token(name: str) -> bytes:
    """The stored bytes of a file as they are (still encrypted)."""
    with private_storage().open(checked_name(name), "rb") as handle:
        return bytes(handle.read())


def write_stored_token(name: str, token: bytes) -> None:
    """Store already encrypted bytes under ``name``, replacing what was there."""
    saved = private_storage().save(checked_name(name), ContentFile(token))
    if saved != name:
        raise ValueError(f"the store kept {name} as {saved}")


def stored_file_exists(name: str) -> bool:
    return bool(private_storage().exists(checked_name(name)))


def stored_file_day(name: str) -> float:
    """When the store says the file was written, as a POSIX timestamp (on disk: midnight of the day)."""
    return private_storage().get_modified_time(checked_name(name)).timestamp()


def save_encrypted_file(data: bytes, *, folder: str) -> str:
    """Encrypt and store ``data``; return the name to keep in the database.

    The name is random (it says nothing about order). On disk, the file's and its folder's access
    and modification times are set to midnight of the day: the database keeps only the day a
    report came in, and the file system must not tell more (keten/file_storage.py).
    """
    name = checked_name(f"{folder}/{uuid.uuid4().hex}")
    write_stored_token(name, keyring().encrypt(data, associated_data=file_associated_data(name)))
    return name


def read_encrypted_file(name: str) -> bytes:
    return keyring().decrypt(read_stored_token(name), associated_data=file_associated_data(name))


def delete_encrypted_file(name: str) -> None:
    private_storage().delete(checked_name(name))


def encrypted_file_names() -> Iterator[str]:
    for name in stored_names(private_storage()):
        if STORED_NAME.fullmatch(name):
            yield name
