"""How many threads each ``keten serve`` worker runs: one on SQLite, four on PostgreSQL."""

from __future__ import annotations

from django.conf import settings
from django.test import SimpleTestCase, override_settings

from keten.accounts.management.commands.serve import Command, default_threads

POSTGRES = {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"}
SQLITE = {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3"}


class ServeThreadsTests(SimpleTestCase):
    def test_one_thread_per_worker_on_sqlite(self) -> None:
        # Its single write lock, held by a thread waiting for its process's GIL, stalled every
        # page that audits a read (wrk on the case page: 38 req/s with 4 threads, 64-70 with 1).
        with override_settings(DATABASES={"default": SQLITE}):
            self.assertEqual(default_threads(), 1)

    def test_four_threads_per_worker_on_postgresql(self) -> None:
        with override_settings(DATABASES={"default": POSTGRES}):
            self.assertEqual(default_threads(), 4)

    def test_asking_for_threads_wins(self) -> None:
        parser = Command().create_parser("keten", "serve")
        self.assertEqual(parser.parse_args(["--threads", "3"]).threads, 3)
        self.assertIsNone(parser.parse_args([]).threads)
