"""A minimal iCalendar (RFC 5545) writer for the calendar feed: all-day and timed events, nothing else.

Hand-written because the feed needs four properties; times are local (Europe/Copenhagen)
with a TZID, as calendar apps expect for meetings that follow summer time.
"""

import datetime
from collections.abc import Iterable

from .agenda import Item
from .formatting import ical_date, ical_datetime

TZID = "Europe/Copenhagen"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    parts, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not parts else 74):
            parts.append(current)
            current = ""
        current += char
    parts.append(current)
    return "\r\n ".join(parts)


def calendar(items: Iterable[Item], *, name: str, host: str, now: datetime.datetime) -> str:
    stamp = ical_datetime(now)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Fritidsjob//Kalender//DA",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for item in items:
        lines += ["BEGIN:VEVENT", f"UID:{item.uid}@{host}", f"DTSTAMP:{stamp}"]
        if item.start:
            start = datetime.datetime.combine(item.date, item.start)
            end = datetime.datetime.combine(item.date, item.end) if item.end else start + datetime.timedelta(hours=1)
            lines += [f"DTSTART;TZID={TZID}:{ical_datetime(start)}", f"DTEND;TZID={TZID}:{ical_datetime(end)}"]
        else:
            lines += [
                f"DTSTART;VALUE=DATE:{ical_date(item.date)}",
                f"DTEND;VALUE=DATE:{ical_date(item.date + datetime.timedelta(days=1))}",
            ]
        lines += [f"SUMMARY:{_escape(item.title)}", f"CATEGORIES:{_escape(item.kind_label)}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
