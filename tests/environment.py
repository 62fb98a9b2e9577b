"""Loaded with -p before Django starts: test runs use their own data folder and test settings."""

import os
import tempfile

# Test runs never touch ./var of a developer's installation.
os.environ.setdefault("KETEN_DATA_DIR", tempfile.mkdtemp(prefix="keten-test-"))
os.environ["KETEN_TESTING"] = "true"
os.makedirs(os.path.join(os.environ["KETEN_DATA_DIR"], "static"), exist_ok=True)

import itertools  # noqa: E402
from collections.abc import Iterator  # noqa: E402

import pytest  # noqa: E402

_anchor_numbers = itertools.count(1)


@pytest.fixture(autouse=True)
def _own_audit_anchor() -> Iterator[None]:
    """Each test gets an audit anchor file of its own: the test database starts empty every time,
    so lines another test committed would name entries this test's trail never had."""
    from pathlib import Path

    from django.conf import settings

    previous = settings.AUDIT_ANCHOR
    settings.AUDIT_ANCHOR = (
        Path(os.environ["KETEN_DATA_DIR"]) / "anchors" / f"audit-anchor-{next(_anchor_numbers)}"
    )
    try:
        yield
    finally:
        settings.AUDIT_ANCHOR = previous
