"""The ``keten`` command as an administrator meets it: one language, clear errors, no tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

KETEN = Path(sys.executable).with_name("keten")


def keten(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "keten.settings"}
    env.pop("KETEN_COMMAND_LANGUAGE", None)
    return subprocess.run([KETEN, *args], env=env, capture_output=True, text=True, timeout=120)


def test_a_missing_file_is_a_clear_error_not_a_traceback() -> None:
    result = keten("ctdc_import", "/nonexistent/ctdc.csv", "--name", "x")
    assert result.returncode == 1
    assert "Cannot read /nonexistent/ctdc.csv: No such file or directory." in result.stderr
    assert "Traceback" not in result.stderr
