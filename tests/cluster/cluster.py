"""Two ``keten serve`` processes and two ``keten db_worker`` processes on one PostgreSQL database.

Both servers read the same keys (given in the environment, as on separate machines) and the same
files: the bucket named by the KETEN_S3_* / KETEN_STORAGE variables when they are set, else one
shared data folder (standing in for a shared volume).
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

ROOT = Path(__file__).resolve().parents[2]
# Storage settings passed through untouched when the caller sets them (an S3 server, a bucket).
STORAGE_VARIABLES = (
    "KETEN_STORAGE",
    "KETEN_S3_ENDPOINT_URL",
    "KETEN_S3_BUCKET",
    "KETEN_S3_REGION",
    "KETEN_S3_ACCESS_KEY_ID",
    "KETEN_S3_SECRET_ACCESS_KEY",
)
METRICS_TOKEN = secrets.token_urlsafe(32)
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ONCE_FIELD = re.compile(r'name="once" value="([^"]+)"')
RECEIPT = re.compile(r"data-receipt-code>([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})<")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cluster_database_url(database_url: str) -> str:
    """The same server as DATABASE_URL, a database of the cluster test's own (made afresh)."""
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/") or "keten"
    return urlunsplit(parts._replace(path=f"/{name}_cluster"))


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres", scheme="postgresql"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Cluster:
    database_url: str
    data_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="keten-cluster-")))
    ports: list[int] = field(default_factory=lambda: [free_port(), free_port()])
    servers: list[subprocess.Popen[bytes] | None] = field(default_factory=lambda: [None, None])
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.environment = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("KETEN_", "PROMETHEUS_")) or key in STORAGE_VARIABLES
        }
        self.environment.update(
            {
                "DATABASE_URL": self.database_url,
                "KETEN_DATA_DIR": str(self.data_dir),
                "KETEN_SECRET_KEY": secrets.token_urlsafe(50),
                "KETEN_ENCRYPTION_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
                "KETEN_INDEX_KEY": secrets.token_urlsafe(50),
                "KETEN_AUDIT_KEY": secrets.token_urlsafe(50),
                "KETEN_ALLOWED_HOSTS": "127.0.0.1",
                "KETEN_SITE_URL": "http://127.0.0.1",
                "KETEN_COMMAND_LANGUAGE": "en",
                "KETEN_METRICS_TOKEN": METRICS_TOKEN,
            }
        )

    def url(self, server: int) -> str:
        return f"http://127.0.0.1:{self.ports[server]}"

    def keten(self, *arguments: str) -> str:
        finished = subprocess.run(
            [sys.executable, "-m", "keten.cli", *arguments],
            env=self.environment,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if finished.returncode != 0:
            raise RuntimeError(f"keten {arguments[0]} failed:\n{finished.stderr}")
        return finished.stdout

    def start_server(self, server: int) -> None:
        self.servers[server] = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "keten.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{self.ports[server]}",
                "--workers",
                "2",
                "--threads",
                "2",
                "--no-access-log",
            ],
            env=self.environment,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        self.wait_until_ready(server)

    def stop_server(self, server: int) -> None:
        process = self.servers[server]
        if process is not None and process.poll() is None:
            # SIGTERM: gunicorn finishes the requests in hand, then stops (a systemd restart).
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=60)
        self.servers[server] = None

    def wait_until_ready(self, server: int) -> None:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            process = self.servers[server]
            if process is not None and process.poll() is not None:
                raise RuntimeError(f"server {server} stopped before it was ready")
            try:
                if requests.get(self.url(server) + "/readyz", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"server {server} was not ready within 90 seconds")

    def start_workers(self) -> None:
        for number in range(2):
            self.workers.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "keten.cli",
                        "db_worker",
                        "--interval",
                        "0.2",
                        "--no-startup-delay",
                        "--worker-id",
                        f"cluster-worker-{number}",
                    ],
                    env=self.environment,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )

    def stop(self) -> None:
        for server in range(len(self.servers)):
            self.stop_server(server)
        for worker in self.workers:
            worker.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()


def form_fields(page: str) -> dict[str, str]:
    fields = {"csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1)}  # type: ignore[union-attr]
    once = ONCE_FIELD.search(page)
    if once:
        fields["once"] = once.group(1)
    return fields


def submit_report(base_url: str, what: str, files: list[tuple[str, bytes, str]] | None = None) -> str:
    """The public form, as a browser without JavaScript sends it; returns the receipt code."""
    browser = requests.Session()
    form = browser.get(base_url + "/en/report/", timeout=30)
    form.raise_for_status()
    data = {**form_fields(form.text), "what": what, "postal_code": "1000", "kind_of_place": "workplace"}
    uploads = [("attachments", (name, content, kind)) for name, content, kind in files or []]
    received = browser.post(base_url + "/en/report/", data=data, files=uploads or None, timeout=30)
    received.raise_for_status()
    match = RECEIPT.search(received.text)
    if match is None:
        raise AssertionError(f"no receipt code on the page after sending (status {received.status_code})")
    return match.group(1)


def reporter_session(base_url: str, code: str) -> requests.Session:
    """A reporter who logs in with their receipt code; raises if the code is not known."""
    browser = requests.Session()
    page = browser.get(base_url + "/en/report/follow-up/", timeout=30)
    answer = browser.post(
        base_url + "/en/report/follow-up/", data={**form_fields(page.text), "code": code}, timeout=30
    )
    if not answer.url.endswith("/en/report/follow-up/conversation/"):
        raise AssertionError(f"the code {code} did not open a conversation ({answer.status_code})")
    return browser


def professional_session(base_url: str, email: str, password: str, totp_code: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(base_url + "/en/accounts/login/", timeout=30)
    step = browser.post(
        base_url + "/en/accounts/login/",
        data={**form_fields(page.text), "email": email, "password": password},
        timeout=30,
    )
    assert step.url.endswith("/en/accounts/login/code/"), step.url
    done = browser.post(step.url, data={**form_fields(step.text), "token": totp_code}, timeout=30)
    assert "/en/accounts/login/" not in done.url, "the second factor was refused"
    return browser
