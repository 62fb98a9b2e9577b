"""An iCalendar (RFC 5545) feed of a worker's deadlines and appointments, written by hand.

No names, no details: a deadline says which case and when to act, an appointment which case and
when (its domain, never its text).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.utils.translation import gettext

from keten.cases.formatting import format_day
from keten.cases.models import Case, GuidanceActivity
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


APPOINTMENT_MINUTES = 60


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def feed(
    items: list[tuple[Case, procedure.Deadline]],
    *,
    site_url: str,
    now: datetime,
    appointments: list[GuidanceActivity] | None = None,
) -> str:
    """One all-day event per case on the day to act by, one event per appointment (an hour long).

    Summaries name only the case number; an appointment adds its domain, never its text.
    """
    host = urlsplit(site_url).hostname or "keten"
    stamp = (
        now.strftime("%Y%m%dT%H%M%SZ")
        if now.utcoffset() in (None, timedelta(0))
        else now.astimezone().strftime("%Y%m%dT%H%M%S")
    )
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Keten//Deadlines and appointments//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(gettext("Keten: deadlines and appointments")),
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
    for appointment in appointments or []:
        reference = f"#{appointment.case_id}"
        summary = gettext("Case %(reference)s: appointment (%(domain)s)") % {
            "reference": reference,
            "domain": appointment.get_domain_display(),
        }
        lines += [
            "BEGIN:VEVENT",
            f"UID:appointment-{appointment.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(appointment.happens_at)}",
            f"DTEND:{_utc(appointment.happens_at + timedelta(minutes=APPOINTMENT_MINUTES))}",
            f"SUMMARY:{_escape(summary)}",
            "CLASS:CONFIDENTIAL",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
