"""The access log of ``keten serve`` (gunicorn): nothing that tells who reported what, or when.

- No client address and no query string (``ACCESS_LOG_FORMAT``).
- No response size and no duration: the size of the receipt page told whether a reporter ticked
  "someone is in danger", and the duration of a submission grows with its attachments.
- No line at all for the reporter's own pages (the report form, the receipt, the follow-up and
  the conversation): whatever a line says, the moment it is written (which the process manager
  stamps) is the moment of a report, and reporters were promised that only the day is kept.
"""

from __future__ import annotations

import re
from typing import Any

from gunicorn.glogging import Logger

ACCESS_LOG_FORMAT = '"%(m)s %(U)s" %(s)s'
# /<language>/report/... except the professionals' inbox.
_REPORTER_PATH = re.compile(r"^/[a-z]{2}(-[a-z]+)?/report/(?!inbox/)")


def is_reporter_path(path: str) -> bool:
    return bool(_REPORTER_PATH.match(path))


class KetenLogger(Logger):
    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if is_reporter_path(environ.get("PATH_INFO", "")):
            return
        super().access(resp, req, environ, request_time)
