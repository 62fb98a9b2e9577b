"""The disaster-recovery drill of the README, step by step, on two "machines".

Machine A is installed (`keten migrate` seeds the centres), filled as people would fill it, and
backed up with `keten backup`. Machine B is new: its own database (SQLite files, or new
PostgreSQL databases when the tests run on PostgreSQL) and its own empty file store,
the same keys, then exactly the steps of the README: `make setup` (what `make run` does before
serving), then `keten restore`. Every row of every table and every file (decrypted) of B must
equal A's. The drill runs with the files on local disk and with the files and the backup in
buckets of an S3 API (tests/s3.py).

Each step is a separate process with its own environment, as on two machines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from django.test import SimpleTestCase

from keten.cases.backup import SEEDED_BY_MIGRATIONS
from keten.core.crypto import generate_key
from tests import s3

REPOSITORY = Path(__file__).resolve().parents[2]
KETEN = str(Path(sys.executable).with_name("keten"))


class RestoreDrill(SimpleTestCase):
    def setUp(self) -> None:
        folder = tempfile.TemporaryDirectory(prefix="keten-drill-")
        self.addCleanup(folder.cleanup)
        self.folder = Path(folder.name)
        # The keys the operator keeps apart from the backups (README, "Backup and restore").
        self.keys = {
            "KETEN_SECRET_KEY": "drill-" + os.urandom(16).hex(),
            "KETEN_ENCRYPTION_KEYS": generate_key(),
            "KETEN_INDEX_KEY": os.urandom(32).hex(),
            "KETEN_AUDIT_KEY": os.urandom(32).hex(),
        }

    def database_url(self, name: str) -> str:
        """A new SQLite file; on PostgreSQL runs (DATABASE_URL=postgres://...) a new database there."""
        server = os.environ.get("DATABASE_URL", "")
        if not server.startswith(("postgres://", "postgresql://")):
            return f"sqlite:///{self.folder / name / 'keten.sqlite3'}"
        import psycopg

        database = f"keten_drill_{os.urandom(6).hex()}_{name}"
        base = server.rsplit("/", 1)[0]
        with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
            connection.execute(f"CREATE DATABASE {database}")  # a fresh installation's empty database

        def drop() -> None:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
                connection.execute(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")

        self.addCleanup(drop)
        return f"{base}/{database}"

    def machine(self, name: str, storage: dict[str, str]) -> dict[str, str]:
        data = self.folder / name
        environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("KETEN_", "DATABASE_URL", "DJANGO_"))
        }
        environment.update(self.keys)
        environment.update(storage)
        environment.update(
            {
                "KETEN_DATA_DIR": str(data),
                "DATABASE_URL": self.database_url(name),
                "DJANGO_SETTINGS_MODULE": "keten.settings",
            }
        )
        return environment

    def run_step(self, command: list[str], environment: dict[str, str]) -> str:
        done = subprocess.run(  # noqa: S603 - our own commands
            command, cwd=REPOSITORY, env=environment, capture_output=True, text=True, timeout=600, check=False
        )
        report = f"{' '.join(command)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        self.assertEqual(done.returncode, 0, report)
        return done.stdout

    def dump(self, environment: dict[str, str]) -> dict[str, Any]:
        output = self.run_step([sys.executable, "-m", "tests.cases.restore_drill_steps", "dump"], environment)
        return dict(json.loads(output))

    def drill(self, machine_a: dict[str, str], machine_b: dict[str, str], backup: str) -> None:
        # Machine A: installed and in use.
        self.run_step([KETEN, "migrate", "--no-input"], machine_a)
        # Through the public form like a browser (with test settings: no collected static files).
        filling = {**machine_a, "KETEN_TESTING": "true"}
        self.run_step([sys.executable, "-m", "tests.cases.restore_drill_steps", "fill"], filling)
        self.run_step([KETEN, "backup", backup], machine_a)
        before = self.dump(machine_a)  # with the backup's own audit entry, which it holds
        self.assertEqual(len(before["files"]), 5)  # three documents, two photos
        self.assertTrue(before["tables"]["cases.case"])
        self.assertTrue(before["tables"]["intake.report"])

        # Machine B: new. The README's steps, and nothing else.
        self.run_step(["make", "setup"], machine_b)
        seeded = {table for table, rows in self.dump(machine_b)["tables"].items() if rows}
        # Migrations seed only what the restore knows it may replace (keten/cases/backup.py).
        self.assertTrue(seeded)
        self.assertLessEqual(seeded, set(SEEDED_BY_MIGRATIONS))
        output = self.run_step([KETEN, "restore", backup], machine_b)
        self.assertIn("5 files", output)
        # The restored audit trail is intact, also against the old machine's anchor.
        self.run_step([KETEN, "audit", "verify"], machine_b)
        old_anchor = str(Path(machine_a["KETEN_DATA_DIR"]) / "audit-anchor")
        self.run_step([KETEN, "audit", "verify", "--anchor", old_anchor], machine_b)

        after = self.dump(machine_b)
        self.assertEqual(sorted(after["tables"]), sorted(before["tables"]))
        for table, rows in before["tables"].items():
            with self.subTest(table=table):
                self.assertEqual(after["tables"][table], rows)
        self.assertEqual(after["files"], before["files"])

        # A second restore is refused: B now holds data.
        refused = subprocess.run(  # noqa: S603
            [KETEN, "restore", backup], cwd=REPOSITORY, env=machine_b, capture_output=True, text=True
        )
        self.assertNotEqual(refused.returncode, 0)
        self.assertIn("already holds data", refused.stderr)

    def test_the_drill_with_files_on_disk(self) -> None:
        self.drill(self.machine("a", {}), self.machine("b", {}), str(self.folder / "keten.backup"))
        self.assertTrue(any((self.folder / "b" / "files" / "encrypted").rglob("*")))

    def test_the_drill_with_files_and_backup_in_buckets(self) -> None:
        secret = self.folder / "s3-secret"
        secret.write_text(s3.SECRET_KEY)
        secret.chmod(0o600)

        def in_bucket(bucket: str) -> dict[str, str]:
            return {
                "KETEN_STORAGE": "s3",
                "KETEN_S3_ENDPOINT_URL": s3.s3_endpoint(),
                "KETEN_S3_BUCKET": bucket,
                "KETEN_S3_REGION": s3.REGION,
                "KETEN_S3_ACCESS_KEY_ID": s3.ACCESS_KEY,
                "KETEN_S3_SECRET_ACCESS_KEY_FILE": str(secret),
            }

        bucket_a, bucket_b, backups = s3.create_bucket(), s3.create_bucket(), s3.create_bucket()
        self.drill(
            self.machine("a", in_bucket(bucket_a)),
            self.machine("b", in_bucket(bucket_b)),
            f"s3://{backups}/keten.backup",
        )
        self.assertEqual(len(s3.raw_objects(bucket_b)), 5)
        self.assertFalse((self.folder / "b" / "files").exists())
