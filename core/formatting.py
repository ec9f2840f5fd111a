"""Numbers, dates and text the Danish way, for pages, PDFs and exports alike."""

import datetime
import functools
from decimal import Decimal

import markdown
import nh3
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language


def number(value: float | Decimal | None, decimals: int = 0) -> str:
    """6400 -> '6.400', 12.5 -> '12,5'; None -> ''."""
    if value is None:
        return ""
    if decimals == 0 and (isinstance(value, int) or float(value).is_integer()):
        return f"{int(value):,}".replace(",", ".")
    text = f"{value:,.{decimals or 1}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


# --- dates: the product's two formats, defined here and nowhere else ------------------------
#
# The long form for dates people read (a case page's fields, headings, letters and e-mails,
# the prose of a PDF): "14. maj 2011". The short form in tables, lists and forms: "02.12.2026".
# Templates use the filters of core/templatetags/dates.py (built in, no {% load %}), Python
# these functions; tests/test_date_formats.py fails on any other format string. Exports keep
# their own contract (core/exports.py), and HTML's <input type="date"> wants ISO (iso_date).
DATE_LONG = "j. F Y"
DATE_SHORT = "d.m.Y"
WEEKDAY_LONG = "l"  # tirsdag
WEEKDAY_SHORT = "D"  # tir
MONTH_LONG = "F Y"  # januar 2024: a month in a breakdown
MONTH_SHORT = "M Y"  # jan 2024: a chart's axis
TIME = "H:i"
CLOCK = "H.i"  # after "kl.", as Danish prose writes the time: kl. 14.32
TIME_SECONDS = "H:i:s"


@functools.lru_cache(maxsize=4096)
def _day_format(day: datetime.date, format_string: str, language: str | None) -> str:
    return date_format(day, format_string)


def _format(value, format_string: str) -> str:
    """date_format, remembered for plain dates: a chart or a breakdown writes the same months many times."""
    if type(value) is datetime.date:
        return _day_format(value, format_string, get_language())
    return date_format(value, format_string)


def _local(value):
    """An aware datetime in the local time zone (as Django's |date filter shows it); a date as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def long_date(value: datetime.date | None, *, weekday: bool = False) -> str:
    """14. maj 2011 (with the weekday: lørdag 14. maj 2011); None -> ''."""
    if not value:
        return ""
    return _format(_local(value), f"{WEEKDAY_LONG} {DATE_LONG}" if weekday else DATE_LONG)


def short_date(value: datetime.date | None, *, weekday: bool = False) -> str:
    """02.12.2026 (with the weekday: ons 02.12.2026); None -> ''."""
    if not value:
        return ""
    return _format(_local(value), f"{WEEKDAY_SHORT} {DATE_SHORT}" if weekday else DATE_SHORT)


def short_datetime(value: datetime.datetime | None, *, seconds: bool = False) -> str:
    """02.12.2026 14:05 in local time (with seconds for logs: 02.12.2026 14:05:09); None -> ''."""
    if not value:
        return ""
    return _format(_local(value), f"{DATE_SHORT} {TIME_SECONDS if seconds else TIME}")


def clock_time(value: datetime.datetime | None) -> str:
    """14.32 in local time, for "kl. 14.32"; None -> ''."""
    if not value:
        return ""
    return _format(_local(value), CLOCK)


def long_month(value: datetime.date) -> str:
    return _format(value, MONTH_LONG)


def short_month(value: datetime.date) -> str:
    return _format(value, MONTH_SHORT)


def iso_date(value: datetime.date | None) -> str:
    """2026-12-02: for machines (an <input type="date">'s value), never for people."""
    return (
        _local(value).date().isoformat()
        if isinstance(value, datetime.datetime)
        else (value.isoformat() if value else "")
    )


def ical_date(value: datetime.date) -> str:
    """20261202: an iCalendar DATE (core/ical.py), for machines."""
    return value.strftime("%Y%m%d")


def ical_datetime(value: datetime.datetime) -> str:
    """20261202T140500 (naive, local with a TZID) or 20261202T130500Z (aware: in UTC), for iCalendar."""
    if timezone.is_aware(value):
        return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%dT%H%M%S")


# What the project leader's Markdown may become: text structure and links, nothing else.
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "h2", "h3", "h4", "blockquote", "a", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """Markdown written in the app as sanitised HTML (nh3 removes scripts, styles and event handlers)."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # sanitised by nh3 just above
