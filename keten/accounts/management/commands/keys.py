"""``keten keys``: make a new encryption key, see which keys are in use, rotate to the newest."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from keten import encryption
from keten.audit.log import log_action
from keten.core.crypto import DecryptionError, generate_key, key_id_of

BATCH = 500


class Command(BaseCommand):
    help = "Manage the keys that encrypt personal data at rest."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("generate", help="print a new key line to put first in KETEN_ENCRYPTION_KEYS")
        sub.add_parser("status", help="count encrypted values and files per key")
        sub.add_parser("rotate", help="re-encrypt everything under the current key (resumable)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"handle_{options['subcommand']}")()

    def handle_generate(self) -> None:
        self.stdout.write(generate_key())
        self.stdout.write(
            "Put this line first in KETEN_ENCRYPTION_KEYS (keep the old keys after it), restart, "
            "then run: keten keys rotate",
            self.style.NOTICE,
        )

    def _tokens(self, model: Any, field: Any) -> Any:
        table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
        quote = connection.ops.quote_name
        last = None
        while True:
            where = f"WHERE {quote(column)} IS NOT NULL" + (
                f" AND {quote(pk)} > %s" if last is not None else ""
            )
            sql = (
                f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} {where} "  # noqa: S608
                f"ORDER BY {quote(pk)} LIMIT {BATCH}"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [last] if last is not None else [])
                rows = cursor.fetchall()
            if not rows:
                return
            yield from ((row_pk, bytes(token)) for row_pk, token in rows)
            last = rows[-1][0]

    def handle_status(self) -> None:
        counts: Counter[str] = Counter()
        for model, field in encryption.encrypted_fields():
            for _pk, token in self._tokens(model, field):
                counts[key_id_of(token)] += 1
        for name in encryption.encrypted_file_names():
            counts[key_id_of(encryption.read_stored_token(name))] += 1
        current = encryption.keyring().current_key_id
        for key_id, count in sorted(counts.items()):
            marker = " (current)" if key_id == current else ""
            self.stdout.write(f"{key_id}{marker}: {count}")
        if not counts:
            self.stdout.write("Nothing is encrypted yet.")

    def handle_rotate(self) -> None:
        ring = encryption.keyring()
        values = files = 0
        quote = connection.ops.quote_name
        for model, field in encryption.encrypted_fields():
            associated_data = field.associated_data()
            table, column, pk = model._meta.db_table, field.column, model._meta.pk.column
            for row_pk, token in self._tokens(model, field):
                if not ring.needs_rotation(token):
                    continue
                try:
                    fresh = ring.reencrypt(token, associated_data=associated_data)
                    if ring.decrypt(fresh, associated_data=associated_data) != ring.decrypt(
                        token, associated_data=associated_data
                    ):
                        raise CommandError(f"verification failed for {model._meta.label} {row_pk}")
                except DecryptionError as error:
                    raise CommandError(f"{model._meta.label} {row_pk}: {error}") from error
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s",  # noqa: S608
                        [fresh, row_pk],
                    )
                values += 1
        for name in encryption.encrypted_file_names():
            # The same on disk and in a bucket: read the stored token, write the new one in its place.
            token = encryption.read_stored_token(name)
            if not ring.needs_rotation(token):
                continue
            associated_data = encryption.file_associated_data(name)
            fresh = ring.reencrypt(token, associated_data=associated_data)
            if ring.decrypt(fresh, associated_data=associated_data) != ring.decrypt(
                token, associated_data=associated_data
            ):
                raise CommandError(f"verification failed for file {name}")
            encryption.write_stored_token(name, fresh)
            files += 1
        log_action("keys.rotated", actor="keten keys rotate", data={"values": values, "files": files})
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {values} values and {files} files under key {ring.current_key_id}. "
                "Run again at any time: finished items are skipped."
            )
        )
