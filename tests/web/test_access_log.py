"""The access log says nothing about who reported, what, or when."""

from __future__ import annotations

from typing import Any

import pytest
from gunicorn.config import Config
from gunicorn.glogging import Logger

from keten.access_log import ACCESS_LOG_FORMAT, KetenLogger, is_reporter_path


def test_the_format_holds_no_address_query_size_duration_or_time() -> None:
    for atom in ("%(h)s", "%(q)s", "%(B)s", "%(b)s", "%(M)s", "%(D)s", "%(T)s", "%(L)s", "%(t)s"):
        assert atom not in ACCESS_LOG_FORMAT


@pytest.mark.parametrize(
    ("path", "reporter"),
    [
        ("/en/report/", True),
        ("/nl/report/received/", True),
        ("/fr/report/follow-up/conversation/", True),
        ("/en/report/inbox/", False),
        ("/en/report/inbox/12/", False),
        ("/en/cases/", False),
        ("/en/", False),
    ],
)
def test_it_knows_the_reporters_pages(path: str, reporter: bool) -> None:
    assert is_reporter_path(path) is reporter


def test_it_writes_no_line_for_a_reporters_page(monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []

    def record(self: Logger, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        written.append(environ["PATH_INFO"])

    monkeypatch.setattr(Logger, "access", record)
    logger = KetenLogger(Config())
    logger.access(None, None, {"PATH_INFO": "/en/report/"}, None)
    logger.access(None, None, {"PATH_INFO": "/en/report/inbox/"}, None)
    assert written == ["/en/report/inbox/"]
