"""The data folder is Keten's alone (0700), its database, key and anchor files too (0600), and
``keten serve`` warns when one of them is open to other users of the machine."""

from __future__ import annotations

import os
import socket
import sqlite3
import stat
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from pathlib import Path

from keten import env
from keten.private_files import create_private_folder, open_to_others

KETEN = Path(sys.executable).with_name("keten")
KEY_FILES = ["secret-key", "encryption-keys", "index-key", "audit-key"]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_key_file_and_its_folder_are_private_under_a_permissive_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        secret = env.read_or_create_secret("KETEN_TEST_SECRET_NOT_SET", tmp_path / "new" / "some-key")
        create_private_folder(tmp_path / "other" / "deeper")
    finally:
        os.umask(previous)
    assert secret
    assert mode(tmp_path / "new") == 0o700
    assert mode(tmp_path / "new" / "some-key") == 0o600
    assert mode(tmp_path / "other" / "deeper") == 0o700


def test_it_names_what_is_open_to_others(tmp_path: Path) -> None:
    open_file, closed_file = tmp_path / "open", tmp_path / "closed"
    open_file.write_text("x")
    closed_file.write_text("x")
    open_file.chmod(0o644)
    closed_file.chmod(0o600)
    assert open_to_others([open_file, closed_file, tmp_path / "missing"]) == [(open_file, 0o644)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_new_installation_is_private_and_serve_warns_when_it_is_not(tmp_path: Path) -> None:
    data = tmp_path / "data"
    environment = {
        **{name: value for name, value in os.environ.items() if not name.startswith("KETEN_")},
        "KETEN_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "keten.settings",
    }
    environment.pop("DATABASE_URL", None)
    subprocess.run(
        [KETEN, "migrate", "--verbosity", "0"], env=environment, check=True, timeout=600, umask=0o022
    )
    assert mode(data) == 0o700
    for name in ["keten.sqlite3", *KEY_FILES]:
        assert mode(data / name) == 0o600, name

    # Someone copies a key in by hand and opens the folder: the server says so when it starts.
    (data / "index-key").chmod(0o644)
    data.chmod(0o755)
    port = free_port()
    server = subprocess.Popen(
        [KETEN, "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-access-log"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        umask=0o022,
    )
    try:
        for _attempt in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=5):
                    break
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        output = server.communicate(timeout=60)[0].decode()
    assert f"{data / 'index-key'} has mode 0644" in output
    assert f"chmod 600 {data / 'index-key'}" in output
    assert f"{data} has mode 0755" in output
    # ... once from `keten serve`, once in the app server's own log.
    assert output.count(f"{data / 'index-key'} has mode 0644") >= 2
    # SQLite's write-ahead log and shared-memory files, created while a connection writes, take
    # the database file's mode whatever the umask.
    previous = os.umask(0o022)
    try:
        with closing(sqlite3.connect(data / "keten.sqlite3")) as database:
            database.execute("PRAGMA journal_mode=WAL")
            database.execute("CREATE TABLE probe (x)")
            database.commit()
            for name in ["keten.sqlite3-wal", "keten.sqlite3-shm"]:
                assert mode(data / name) == 0o600, name
    finally:
        os.umask(previous)
