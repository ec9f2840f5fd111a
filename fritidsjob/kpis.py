"""How the KPI breakdowns by young person are labelled: school, postcode, gender and age band."""

import datetime

from dateutil.relativedelta import relativedelta
from django.db.models import Case, Expression, F, Value, When
from django.utils.translation import gettext_lazy as _

from core.kpis import Breakdown, Dimension, KpiWindow, name_labels, register_dimension

from .models import ADULT_AGE, Gender

AGE_BANDS = (
    # (key, label, youngest age in the band); ages at the as-of date.
    ("u13", _("Under 13 år"), None),
    ("13-14", _("13-14 år"), 13),
    ("15-17", _("15-17 år"), 15),
    ("18+", _("18 år og derover"), ADULT_AGE),
)


# The band a young person is in while younger than each age: (band, the age it ends at).
_BAND_LIMITS = (("u13", 13), ("13-14", 15), ("15-17", ADULT_AGE))


def _age_band(path: str, window: KpiWindow) -> Expression:
    # Age on the as-of date: born after (as_of - N years) means younger than N.
    return Case(
        *[
            When(**{f"{path}__gt": window.end - relativedelta(years=limit)}, then=Value(band))
            for band, limit in _BAND_LIMITS
        ],
        default=Value("18+"),
    )


def age_band_on(birth_date: datetime.date, day: datetime.date) -> str:
    """The band `_age_band` puts a birth date in on `day`, worked out the same way in Python."""
    for band, limit in _BAND_LIMITS:
        if birth_date > day - relativedelta(years=limit):
            return band
    return "18+"


def birth_date_for_statistics(birth_date: datetime.date, *, first: datetime.date, last: datetime.date):
    """The least precise birth date that puts a person in the same age band on every day first..last.

    What an anonymised young person keeps (fritidsjob/anonymisers.py): the age breakdown of
    every KPI run in that period is then unchanged. 1 January of the birth year when no age
    limit (13, 15, 18) falls in the period, else the 1st of the month, else the date itself.
    """
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    for candidate in (birth_date.replace(month=1, day=1), birth_date.replace(day=1)):
        if all(age_band_on(candidate, day) == age_band_on(birth_date, day) for day in days):
            return candidate
    return birth_date


def _age_labels(counts: dict) -> Breakdown:
    # The programme's own bands always show; the others only when somebody falls in them.
    return {
        str(label): counts.get(key, 0)
        for key, label, _youngest in AGE_BANDS
        if key in ("13-14", "15-17") or counts.get(key)
    }


def _gender_labels(counts: dict) -> Breakdown:
    return {str(label): counts.get(value, 0) for value, label in Gender.choices}


# A KPI's path for SCHOOL is a ForeignKey to School, for POSTCODE and GENDER the field,
# for AGE_BAND a birth date.
register_dimension(
    Dimension.SCHOOL, group=lambda path, window: F(f"{path}__name"), labels=name_labels(_("Ingen skole"))
)
register_dimension(Dimension.POSTCODE, labels=name_labels(_("Uoplyst")))
register_dimension(Dimension.GENDER, labels=_gender_labels)
register_dimension(Dimension.AGE_BAND, group=_age_band, labels=_age_labels)
