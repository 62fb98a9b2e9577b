"""Encrypted backups of the whole installation: every table and every encrypted file.

The archive is a tar stream (one JSON member per model, then the encrypted files as they
are stored) cut into chunks of :data:`CHUNK_BYTES`, each encrypted with the current key of
:func:`keten.encryption.keyring` and bound to its position, so chunks cannot be reordered,
dropped or truncated unnoticed. Nothing is written to disk unencrypted. The database is read
in one transaction (REPEATABLE READ on PostgreSQL, a read transaction on SQLite), so the
backup is consistent. Encrypted files stay encrypted under their own keys: restoring needs
the same key ring (``KETEN_ENCRYPTION_KEYS``) and index key (``KETEN_INDEX_KEY``).
"""

from __future__ import annotations

import datetime
import io
import json
import os
import struct
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, models, transaction

from keten.encryption import EncryptedJSONField, encrypted_file_names, files_root, keyring, write_atomically

MAGIC = b"KETEN-BACKUP-1\n"
CHUNK_BYTES = 16 * 1024 * 1024
FORMAT_VERSION = 1
# Rebuilt by ``migrate`` on the new installation, or short-lived.
SKIPPED_MODELS = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})


class BackupError(Exception):
    pass


class _FullPrecisionEncoder(DjangoJSONEncoder):
    """Keeps microseconds (Django's encoder cuts them to milliseconds; the audit chain hashes them)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(JSONSerializer):
    """Django's JSON serializer, keeping encrypted JSON values as JSON (not as their repr)."""

    def handle_field(self, obj: models.Model, field: Any) -> None:
        if isinstance(field, EncryptedJSONField):
            self._current[field.name] = field.value_from_object(obj)  # type: ignore[attr-defined]
        else:
            super().handle_field(obj, field)


def backup_models() -> list[type[models.Model]]:
    """Every model with a table, in an order that loads without forward references where possible."""
    ordered = serializers.sort_dependencies(
        [(config, None) for config in apps.get_app_configs()], allow_cycles=True
    )
    tables = set(connection.introspection.table_names())
    return [
        model
        for model in ordered
        if model._meta.label_lower not in SKIPPED_MODELS
        and not model._meta.proxy
        and model._meta.managed
        and model._meta.db_table in tables
    ]


class _EncryptingWriter(io.RawIOBase):
    def __init__(self, target: IO[bytes]) -> None:
        self.target, self.buffer, self.index = target, bytearray(), 0
        target.write(MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        while len(self.buffer) >= CHUNK_BYTES:
            self._emit(bytes(self.buffer[:CHUNK_BYTES]), last=False)
            del self.buffer[:CHUNK_BYTES]
        return len(data)

    def _emit(self, chunk: bytes, *, last: bool) -> None:
        token = keyring().encrypt(chunk, associated_data=f"keten-backup:{self.index}:{int(last)}".encode())
        self.target.write(struct.pack(">Q", len(token)) + token)
        self.index += 1

    def finish(self) -> None:
        self._emit(bytes(self.buffer), last=True)
        self.buffer.clear()


def _decrypted_chunks(source: IO[bytes]) -> Iterator[bytes]:
    if source.read(len(MAGIC)) != MAGIC:
        raise BackupError("This is not a Keten backup.")
    index = 0
    while True:
        header = source.read(8)
        if len(header) != 8:
            raise BackupError("The backup is truncated.")
        token = source.read(struct.unpack(">Q", header)[0])
        for last in (0, 1):
            try:
                chunk = keyring().decrypt(token, associated_data=f"keten-backup:{index}:{last}".encode())
            except Exception:  # noqa: S112 - try the other position flag, then fail below
                continue
            yield chunk
            if last:
                if source.read(1):
                    raise BackupError("The backup has data after its end.")
                return
            break
        else:
            raise BackupError("The backup cannot be decrypted with these keys, or it was altered.")
        index += 1


class _DecryptingReader(io.RawIOBase):
    def __init__(self, source: IO[bytes]) -> None:
        self.chunks, self.buffer = _decrypted_chunks(source), b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: Any) -> int:
        while not self.buffer:
            try:
                self.buffer = next(self.chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self.buffer))
        target[:size] = self.buffer[:size]
        self.buffer = self.buffer[size:]
        return size


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def write_backup(path: Path) -> dict[str, int]:
    """Write the backup to ``path`` (atomically); return what it holds."""
    temporary = path.with_name(f".{path.name}.partial")
    counts: dict[str, int] = {}
    # Inside a caller's transaction the snapshot is theirs; PostgreSQL only accepts the
    # isolation level as the first statement of a transaction we open ourselves.
    own_transaction = not connection.in_atomic_block
    with open(temporary, "wb") as handle:
        writer = _EncryptingWriter(handle)
        with tarfile.open(fileobj=writer, mode="w|") as archive, transaction.atomic():
            if connection.vendor == "postgresql" and own_transaction:
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            members = []
            for number, model in enumerate(backup_models()):
                queryset = model._default_manager.order_by("pk")
                data = _Serializer().serialize(
                    queryset.iterator(chunk_size=2000),
                    use_natural_foreign_keys=True,
                    cls=_FullPrecisionEncoder,
                )
                counts[model._meta.label_lower] = queryset.count()
                name = f"database/{number:04d}-{model._meta.label_lower}.json"
                members.append(name)
                _add(archive, name, data.encode())
            files = list(encrypted_file_names())
            for name in files:
                _add(archive, f"files/{name}", (files_root() / name).read_bytes())
            manifest = {"version": FORMAT_VERSION, "database": members, "files": len(files), "counts": counts}
            _add(archive, "manifest.json", json.dumps(manifest, sort_keys=True).encode())
        writer.finish()
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    counts["files"] = len(files)
    return counts


def installation_is_empty() -> bool:
    """No row in any backed-up table (``migrate`` may have made content types and permissions)."""
    return not any(model._default_manager.exists() for model in backup_models())


def restore_backup(path: Path) -> dict[str, int]:
    """Bring a backup back into an empty installation (refused otherwise)."""
    if not installation_is_empty():
        raise BackupError("This installation already holds data: restore only into an empty one.")
    root = files_root()
    restored_files = 0
    seen: set[type[models.Model]] = set()
    counts: dict[str, int] = {}
    with open(path, "rb") as handle, tarfile.open(fileobj=_DecryptingReader(handle), mode="r|") as archive:
        with transaction.atomic(), connection.constraint_checks_disabled():
            deferred = []
            for member in archive:
                if not member.isfile():
                    continue
                extracted = archive.extractfile(member)
                data = extracted.read() if extracted else b""
                if member.name.startswith("database/"):
                    for item in serializers.deserialize(
                        "json", data.decode(), handle_forward_references=True
                    ):
                        item.save()
                        if item.deferred_fields:
                            deferred.append(item)
                        model = type(item.object)
                        seen.add(model)
                        counts[model._meta.label_lower] = counts.get(model._meta.label_lower, 0) + 1
                elif member.name.startswith("files/"):
                    name = member.name.removeprefix("files/")
                    target = (root / name).resolve()
                    if root.resolve() not in target.parents:
                        raise BackupError("The backup names a file outside the file store.")
                    if target.exists():
                        raise BackupError("A file of the backup already exists in the file store.")
                    write_atomically(target, data)
                    restored_files += 1
            for item in deferred:
                item.save_deferred_fields()
            connection.check_constraints(table_names=[model._meta.db_table for model in seen])
            statements = connection.ops.sequence_reset_sql(no_style(), list(seen))
            if statements:
                with connection.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
    counts["files"] = restored_files
    return counts
