"""A server killed with SIGKILL in the middle of a burst of reports loses no acknowledged report.

The real server (``keten serve``: gunicorn, several workers and threads) runs against a fresh
SQLite database in a temporary data folder. Threads submit reports as fast as they can; the master
and every worker are killed with SIGKILL mid-burst. After a restart, every receipt code that was
shown to a reporter must open its report, with the reporter's words.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
KETEN = [sys.executable, "-m", "keten.cli"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ONCE = re.compile(r'name="once" value="([^"]+)"')
CODE = re.compile(r"data-receipt-code>([0-9A-Z-]{19})<")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Browser:
    """Just enough of a browser: one connection, cookies, the CSRF and one-time tokens, form posts
    (following a redirect after a post, as a browser does)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.location = ""

    def request(self, method: str, path: str, fields: dict[str, str] | None = None) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
            status, page = response.status, response.read().decode()
            self.location = response.getheader("Location") or ""
            return status, page
        finally:
            connection.close()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        _status, page = self.request("GET", path)
        token = TOKEN.search(page)
        assert token is not None
        once = ONCE.search(page)
        extra = {"once": once.group(1)} if once else {}
        return self.request("POST", path, {**fields, **extra, "csrfmiddlewaretoken": token.group(1)})

    def send_report(self, fields: dict[str, str]) -> tuple[int, str]:
        """Post the report form and open the receipt page it redirects to."""
        status, page = self.post_form("/en/report/", fields)
        if status != 302:
            return status, page
        return self.request("GET", self.location)


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [
            *KETEN,
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--no-access-log",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Browser(port).request("GET", "/healthz")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    os.killpg(server.pid, signal.SIGKILL)
    raise AssertionError("the server did not start")


def test_it_loses_no_acknowledged_report_when_killed() -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="keten-sigkill-"))
    (data_dir / "static").mkdir()
    env = {
        **os.environ,
        "KETEN_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'keten.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "keten.settings",
    }
    subprocess.run([*KETEN, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    server = start_server(env, port)

    acknowledged: list[tuple[str, str]] = []
    lock = threading.Lock()
    stop = threading.Event()

    def reporter(number: int) -> None:
        browser = Browser(port)
        attempt = 0
        while not stop.is_set():
            attempt += 1
            words = f"burst report {number}-{attempt}"
            try:
                status, page = browser.send_report({"what": words})
            except (OSError, http.client.HTTPException, AssertionError):
                return
            code = CODE.search(page)
            if status == 200 and code:
                with lock:
                    acknowledged.append((code.group(1), words))

    threads = [threading.Thread(target=reporter, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acknowledged) < 20 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(server.pid, signal.SIGKILL)  # the master and every worker, mid-burst
    stop.set()
    for thread in threads:
        thread.join(timeout=30)
    server.wait(timeout=10)
    assert len(acknowledged) >= 20, "the burst did not get going"

    server = start_server(env, port)
    try:
        for code, words in acknowledged:
            browser = Browser(port)
            status, _page = browser.post_form("/en/report/follow-up/", {"code": code})
            assert status == 302, f"the code {code} opens no report after the restart"
            status, page = browser.request("GET", "/en/report/follow-up/conversation/")
            assert status == 200 and words in page
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
