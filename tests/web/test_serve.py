"""``keten serve`` on a data folder nobody prepared: it collects what the pages need and serves."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

KETEN = Path(sys.executable).with_name("keten")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_it_serves_styled_pages_from_a_new_data_folder(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KETEN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/keten.sqlite3",
        "DJANGO_SETTINGS_MODULE": "keten.settings",
    }
    subprocess.run([KETEN, "migrate", "--verbosity", "0"], env=env, check=True, timeout=300)
    port = free_port()
    server = subprocess.Popen(
        [KETEN, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-access-log"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        page = ""
        for _attempt in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.5)
        assert "Human trafficking" in page or "trafficking" in page
        stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{stylesheet}", timeout=5) as response:
            assert response.status == 200
            assert b"quick-exit" in response.read()
    finally:
        server.terminate()
        server.wait(timeout=30)
