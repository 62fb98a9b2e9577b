"""``keten serve``: the production server (gunicorn), the same for ``make run`` and ``make bench``."""

from __future__ import annotations

import io
import os
import re
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import translation

from keten.access_log import ACCESS_LOG_FORMAT
from keten.accounts.models import User
from keten.private_files import create_private_folder, permission_warnings


class Command(BaseCommand):
    help = "Serve Keten with gunicorn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("KETEN_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("KETEN_WORKERS", "3")))
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("KETEN_THREADS", "0")) or None,
            help="Threads per worker (default: 1 on SQLite, 4 on PostgreSQL).",
        )
        parser.add_argument("--no-access-log", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        # The pages need the hashed static files and the compiled catalogues; both steps are quick
        # when nothing changed, so a new data folder or a new checkout serves at once.
        call_command("compiletranslations", stdout=io.StringIO())
        call_command("collectstatic", interactive=False, verbosity=0)
        if not User.objects.filter(is_active=True).exists():
            with translation.override("en"):
                login = reverse("accounts:login")
            self.stdout.write(
                "\nNo administrator yet. In another terminal, create the first one with:\n"
                "    .venv/bin/keten createadmin\n"
                f"then log in at http://{options['bind']}{login}\n"
            )
        else:
            self.stdout.write(
                f"\nKeten is at http://{options['bind']}/ (professionals: /en/accounts/login/)\n"
            )
        for warning in permission_warnings():
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        self.stdout.flush()
        arguments = [
            "gunicorn",
            "keten.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"] or default_threads()),
            "--worker-class",
            "gthread",
            "--graceful-timeout",
            "10",
            "--forwarded-allow-ips",
            "127.0.0.1",
        ]
        if not options["no_access_log"]:
            arguments += ["--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT]
            arguments += ["--logger-class", "keten.access_log.KetenLogger"]
        os.environ["DJANGO_SETTINGS_MODULE"] = "keten.settings"
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_folder(options["bind"]))
        os.execvp(sys.executable, [sys.executable, "-m", *arguments])  # noqa: S606


def default_threads() -> int:
    """Threads per worker when none are asked for. On SQLite, one: every page that audits a read
    writes, SQLite has one write lock for the whole file, and a thread holding it while it waits
    for its process's GIL held up every writer of every process (measured with wrk on the case
    page: 38 req/s with 4 threads per worker, 64-70 with 1). PostgreSQL has no such lock."""
    return 1 if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3") else 4


def metrics_folder(bind: str) -> Path:
    """Where this server's gunicorn workers keep their metric counters (prometheus-client's
    multiprocess mode), emptied at each start. One folder per address, so two servers sharing a
    data folder do not add up, or wipe, each other's counts."""
    configured = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    folder = (
        Path(configured) if configured else Path(settings.DATA_DIR) / "metrics" / re.sub(r"\W", "_", bind)
    )
    create_private_folder(folder)
    for stale in folder.glob("*.db"):
        stale.unlink()
    return folder
