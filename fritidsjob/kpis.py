"""How the KPI breakdowns by young person are labelled: school, postcode, gender and age band."""

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


def _age_band(path: str, window: KpiWindow) -> Expression:
    # Age on the as-of date: born after (as_of - N years) means younger than N.
    return Case(
        When(**{f"{path}__gt": window.end - relativedelta(years=13)}, then=Value("u13")),
        When(**{f"{path}__gt": window.end - relativedelta(years=15)}, then=Value("13-14")),
        When(**{f"{path}__gt": window.end - relativedelta(years=ADULT_AGE)}, then=Value("15-17")),
        default=Value("18+"),
    )


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
