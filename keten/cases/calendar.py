"""An iCalendar (RFC 5545) feed of a worker's deadlines, written by hand: no names, no details."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils.translation import gettext

from keten.cases.formatting import format_day
from keten.cases.models import Case
from keten.core import procedure


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 §3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def feed(items: list[tuple[Case, procedure.Deadline]], *, site_url: str, now: datetime) -> str:
    """One all-day event per case on the day to act by; the summary names only the case number."""
    host = urlsplit(site_url).hostname or "keten"
    stamp = (
        now.strftime("%Y%m%dT%H%M%SZ")
        if now.utcoffset() in (None, timedelta(0))
        else now.astimezone().strftime("%Y%m%dT%H%M%S")
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Keten//Deadlines//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(gettext("Keten deadlines")),
    ]
    for case, deadline in items:
        summary = gettext("Case %(reference)s: act on the residence document") % {"reference": case.reference}
        description = gettext("The document expires on %(expires_on)s.") % {
            "expires_on": format_day(deadline.expires_on)
        }
        lines += [
            "BEGIN:VEVENT",
            f"UID:case-{case.pk}-{deadline.expires_on:%Y%m%d}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{deadline.act_by:%Y%m%d}",
            f"DTEND;VALUE=DATE:{deadline.act_by + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(description)}",
            "CLASS:CONFIDENTIAL",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
