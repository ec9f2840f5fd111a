"""One date format everywhere (issue 12): the Danish long form for dates people read, dd.mm.åååå in
tables, lists and forms, both defined once in core/formatting.py and used through its functions and
the built-in template filters (core/templatetags/dates.py)."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone

from core import formatting

D = datetime.date
BASE = Path(settings.BASE_DIR)
# Every template: pages, partials, e-mails, SMS and PDFs.
TEMPLATES = sorted(path for path in (BASE / "templates").rglob("*") if path.suffix in {".html", ".txt"})
APPS = ["core", "fritidsjob", "talentvaerksted", "virksomheder", "mentorer", "foraeldre", "opgaver", "rapporter"]
# The one place the formats are written, and the exports, whose file formats are a contract of their own.
FORMAT_HOMES = {"core/formatting.py", "core/exports.py"}
PYTHON = sorted(
    path
    for app in APPS
    for path in (BASE / app).rglob("*.py")
    if "migrations" not in path.parts and str(path.relative_to(BASE)) not in FORMAT_HOMES
)

# Django's |date filter with any format, and {% now %} with anything but the ISO an <input type="date"> takes.
DATE_FILTER = re.compile(r"\|\s*date\b")
NOW_TAG = re.compile(r"\{%\s*now\s+(['\"])(?!Y-m-d\1)")
# strftime("%d..."), an f-string's {day:%d.%m.%Y}, or date_format(value, "...") in Python.
STRFTIME = re.compile(r"strftime\(\s*['\"][^'\"]*%[dmyYbBaAe]")
FSTRING_DATE = re.compile(r"\{[^{}]*:[^{}]*%[dmyYbBaAe][^{}]*\}")
DATE_FORMAT_CALL = re.compile(r"\bdate_format\(")


def _name(path: Path) -> str:
    return str(path.relative_to(BASE))


@pytest.mark.parametrize("path", TEMPLATES, ids=_name)
def test_no_template_writes_a_date_format_of_its_own(path):
    text = path.read_text()
    assert DATE_FILTER.findall(text) == [], "use |long_date or |short_date (core/templatetags/dates.py)"
    assert NOW_TAG.findall(text) == []


@pytest.mark.parametrize("path", PYTHON, ids=_name)
def test_no_python_module_writes_a_date_format_of_its_own(path):
    text = path.read_text()
    assert STRFTIME.findall(text) == [], "use core.formatting.long_date / short_date"
    assert FSTRING_DATE.findall(text) == [], "use core.formatting.long_date / short_date"
    assert DATE_FORMAT_CALL.findall(text) == [], "use core.formatting.long_date / short_date"


def test_the_two_formats():
    assert formatting.long_date(D(2011, 5, 14)) == "14. maj 2011"
    assert formatting.short_date(D(2026, 12, 2)) == "02.12.2026"
    assert formatting.long_date(D(2026, 12, 2)) == "2. december 2026"  # no leading zero in the long form
    assert formatting.long_date(D(2024, 5, 14), weekday=True) == "tirsdag 14. maj 2024"
    assert formatting.short_date(D(2026, 12, 2), weekday=True) == "ons 02.12.2026"
    assert formatting.long_date(None) == formatting.short_date(None) == ""


def test_a_time_is_shown_in_danish_local_time():
    utc = datetime.datetime(2026, 7, 1, 22, 30, 5, tzinfo=datetime.UTC)  # 00:30 the next day in summer

    assert formatting.short_datetime(utc) == "02.07.2026 00:30"
    assert formatting.short_datetime(utc, seconds=True) == "02.07.2026 00:30:05"
    assert formatting.short_date(utc) == "02.07.2026"
    assert formatting.iso_date(utc) == "2026-07-02"
    assert formatting.iso_date(D(2026, 7, 2)) == "2026-07-02"
    assert timezone.localtime(utc).tzinfo == ZoneInfo("Europe/Copenhagen")


def test_the_template_filters_are_built_in_and_give_the_same():
    rendered = Template(
        "{{ day|long_date }}|{{ day|short_date }}|{{ day|long_date:'weekday' }}|{{ day|short_date:'weekday' }}|"
        "{{ at|short_datetime }}|{{ at|short_datetime:'seconds' }}|{{ day|iso_date }}|{{ none|long_date }}"
    ).render(Context({"day": D(2024, 5, 14), "at": datetime.datetime(2024, 5, 14, 8, 5, 9, tzinfo=datetime.UTC)}))

    assert rendered == (
        "14. maj 2024|14.05.2024|tirsdag 14. maj 2024|tir 14.05.2024|14.05.2024 10:05|14.05.2024 10:05:09|2024-05-14|"
    )


def test_a_mistyped_option_is_an_error_not_a_silent_other_format():
    with pytest.raises(TemplateSyntaxError):
        Template("{{ day|long_date:'ugedag' }}").render(Context({"day": D(2024, 5, 14)}))


def test_months_in_breakdowns_and_on_chart_axes():
    assert formatting.long_month(D(2024, 1, 31)) == "januar 2024"
    assert formatting.short_month(D(2024, 1, 31)) == "Jan 2024"
