"""Encrypted backups of the whole installation: every table and every encrypted file.

The archive is a tar stream (one JSON member per model, then the encrypted files as they
are stored) cut into chunks of :data:`CHUNK_BYTES`, each encrypted with the current key of
:func:`keten.encryption.keyring` and bound to its position, so chunks cannot be reordered,
dropped or truncated unnoticed. Nothing is written to disk unencrypted. The database is read
in one transaction (REPEATABLE READ on PostgreSQL, a read transaction on SQLite), so the
backup is consistent. Encrypted files stay encrypted under their own keys: restoring needs
the same key ring (``KETEN_ENCRYPTION_KEYS``) and index key (``KETEN_INDEX_KEY``).

Files are read from and restored to the storage named ``private`` (local disk or a bucket,
keten/file_storage.py). The backup itself goes to a file, or to a bucket of the S3 store of
``KETEN_S3_*`` when its location is ``s3://bucket/name``.

A restore goes into a freshly migrated installation, as docs/cases.md says: the reference data
that migrations seed (:data:`SEEDED_BY_MIGRATIONS`) is replaced by the backup's; any other row
means the installation is in use, and the restore is refused.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import struct
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer
from django.db import connection, models, transaction
from django.utils.translation import gettext

from keten.encryption import (
    EncryptedJSONField,
    checked_name,
    delete_encrypted_file,
    encrypted_file_names,
    keyring,
    read_stored_token,
    stored_file_exists,
    write_stored_token,
)

MAGIC = b"KETEN-BACKUP-1\n"
CHUNK_BYTES = 16 * 1024 * 1024
FORMAT_VERSION = 1
# Rebuilt by ``migrate`` on the new installation, or short-lived.
SKIPPED_MODELS = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
# Rows that `keten migrate` writes into a new installation (keten/knowledge/migrations/0002 and
# 0003: the centres). A restore replaces them with the backup's. tests/cases/test_restore_drill.py
# fails when a migration seeds another table without it being named here.
SEEDED_BY_MIGRATIONS = frozenset({"knowledge.centre"})
BUCKET_SCHEME = "s3://"


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
        raise BackupError(gettext("This is not a Keten backup."))
    index = 0
    while True:
        header = source.read(8)
        if len(header) != 8:
            raise BackupError(gettext("The backup is truncated."))
        token = source.read(struct.unpack(">Q", header)[0])
        for last in (0, 1):
            try:
                chunk = keyring().decrypt(token, associated_data=f"keten-backup:{index}:{last}".encode())
            except Exception:  # noqa: S112 - try the other position flag, then fail below
                continue
            yield chunk
            if last:
                if source.read(1):
                    raise BackupError(gettext("The backup has data after its end."))
                return
            break
        else:
            raise BackupError(gettext("The backup cannot be decrypted with these keys, or it was altered."))
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


@dataclass(frozen=True)
class BucketLocation:
    """A backup in a bucket of the S3 store of ``KETEN_S3_*``: ``s3://bucket/name``."""

    bucket: str
    key: str

    def __str__(self) -> str:
        return f"{BUCKET_SCHEME}{self.bucket}/{self.key}"


def backup_location(text: str) -> Path | BucketLocation:
    """A path, or a bucket location when ``text`` starts with ``s3://``."""
    if not text.startswith(BUCKET_SCHEME):
        return Path(text)
    bucket, _, key = text.removeprefix(BUCKET_SCHEME).partition("/")
    if not bucket or not key:
        raise BackupError(gettext("A backup in a bucket is named s3://bucket/name."))
    return BucketLocation(bucket, key)


def write_backup(location: Path | BucketLocation) -> dict[str, int]:
    """Write the backup to a file (atomically) or to a bucket; return what it holds."""
    if isinstance(location, Path):
        return _write_backup_file(location)
    from keten.s3_storage import s3_client

    # Only encrypted chunks reach this temporary file; the bucket gets it whole or not at all.
    with tempfile.TemporaryFile() as handle:
        counts = _write_archive(handle)
        handle.flush()
        handle.seek(0)
        s3_client().upload_fileobj(handle, location.bucket, location.key)
    return counts


def _write_backup_file(path: Path) -> dict[str, int]:
    temporary = path.with_name(f".{path.name}.partial")
    with open(temporary, "wb") as handle:
        counts = _write_archive(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    return counts


def _write_archive(handle: IO[bytes]) -> dict[str, int]:
    counts: dict[str, int] = {}
    # Inside a caller's transaction the snapshot is theirs; PostgreSQL only accepts the
    # isolation level as the first statement of a transaction we open ourselves.
    own_transaction = not connection.in_atomic_block
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
            # As stored: encrypted under the file's own key and bound to its name.
            _add(archive, f"files/{name}", read_stored_token(name))
        manifest = {"version": FORMAT_VERSION, "database": members, "files": len(files), "counts": counts}
        _add(archive, "manifest.json", json.dumps(manifest, sort_keys=True).encode())
    writer.finish()
    counts["files"] = len(files)
    return counts


def rows_in_use() -> dict[str, int]:
    """Rows that a fresh ``keten migrate`` does not make: the installation is in use when any exist."""
    found = {}
    for model in backup_models():
        if model._meta.label_lower in SEEDED_BY_MIGRATIONS:
            continue
        count = model._default_manager.count()
        if count:
            found[model._meta.label_lower] = count
    return found


def installation_is_empty() -> bool:
    """Nothing but what migrations make (content types, permissions, the seeded reference data)."""
    return not rows_in_use()


def restore_backup(location: Path | BucketLocation) -> dict[str, int]:
    """Bring a backup back into a freshly migrated installation (refused when it is in use)."""
    if isinstance(location, Path):
        with open(location, "rb") as handle:
            counts = _restore_from(handle)
    else:
        from keten.s3_storage import s3_client

        with tempfile.TemporaryFile() as handle:
            s3_client().download_fileobj(location.bucket, location.key, handle)
            handle.seek(0)
            counts = _restore_from(handle)
    _anchor_restored_trail()
    return counts


def _anchor_restored_trail() -> None:
    """Anchor the head of the restored audit trail on this machine, as its commits were anchored on
    the old one; `keten audit verify --anchor OLD-ANCHOR` still checks it against the old machine's."""
    from keten.audit.anchor import append_anchor
    from keten.audit.models import AuditHead

    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.sequence:
        append_anchor(head.sequence, head.hash)


def _replace_seeded_rows() -> None:
    """Remove what migrations seeded: the backup brings the installation's own version of it."""
    for model in reversed(backup_models()):
        if model._meta.label_lower in SEEDED_BY_MIGRATIONS:
            model._base_manager.all()._raw_delete(model._base_manager.db)


def _restore_from(handle: IO[bytes]) -> dict[str, int]:
    in_use = rows_in_use()
    if in_use:
        example = ", ".join(f"{label} ({count})" for label, count in sorted(in_use.items())[:3])
        raise BackupError(
            gettext(
                "This installation already holds data (%(tables)s): restore only into a new "
                "installation, right after `make setup` (or `keten migrate`)."
            )
            % {"tables": example}
        )
    written: list[str] = []
    present = 0
    seen: set[type[models.Model]] = set()
    counts: dict[str, int] = {}
    try:
        with tarfile.open(fileobj=_DecryptingReader(handle), mode="r|") as archive:
            with transaction.atomic(), connection.constraint_checks_disabled():
                _replace_seeded_rows()
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
                        if _restore_file(member.name.removeprefix("files/"), data):
                            written.append(member.name.removeprefix("files/"))
                        else:
                            present += 1
                for item in deferred:
                    item.save_deferred_fields()
                connection.check_constraints(table_names=[model._meta.db_table for model in seen])
                statements = connection.ops.sequence_reset_sql(no_style(), list(seen))
                if statements:
                    with connection.cursor() as cursor:
                        for statement in statements:
                            cursor.execute(statement)
    except BaseException:
        # The database rolled back; take back the files this restore wrote, so it can run again.
        for name in written:
            delete_encrypted_file(name)
        raise
    counts["files"] = len(written) + present
    return counts


def _restore_file(name: str, token: bytes) -> bool:
    """Store one file of the backup; False when the store already holds exactly this file."""
    try:
        checked_name(name)
    except ValueError as error:
        raise BackupError(gettext("The backup names a file outside the file store.")) from error
    if stored_file_exists(name):
        # The same bucket as before the disaster, for example: the same bytes are merged.
        if read_stored_token(name) == token:
            return False
        raise BackupError(gettext("The file store already holds a different file %(name)s.") % {"name": name})
    write_stored_token(name, token)
    return True
