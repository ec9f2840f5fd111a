"""A weekly schedule's shifts, and the clock and weekday text the rules' messages use."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

WEEKDAY_NAMES = [
    gettext_lazy("mandag"),
    gettext_lazy("tirsdag"),
    gettext_lazy("onsdag"),
    gettext_lazy("torsdag"),
    gettext_lazy("fredag"),
    gettext_lazy("lørdag"),
    gettext_lazy("søndag"),
]
# "om tirsdagen": the definite form the messages use.
WEEKDAY_DEFINITE = [
    gettext_lazy("mandagen"),
    gettext_lazy("tirsdagen"),
    gettext_lazy("onsdagen"),
    gettext_lazy("torsdagen"),
    gettext_lazy("fredagen"),
    gettext_lazy("lørdagen"),
    gettext_lazy("søndagen"),
]


def clock(value: datetime.time) -> str:
    return value.strftime("%H:%M")


def minutes_of(value: datetime.time) -> int:
    return value.hour * 60 + value.minute


@dataclass(frozen=True)
class Shift:
    """One recurring shift in a weekly schedule; an end at or before the start runs past midnight."""

    weekday: int  # 0 = Monday .. 6 = Sunday, like datetime.date.weekday()
    start: datetime.time
    end: datetime.time

    def __post_init__(self):
        if isinstance(self.weekday, bool) or not isinstance(self.weekday, int) or not 0 <= self.weekday <= 6:
            raise ValidationError(_("Ugedagen skal være et tal fra 0 (mandag) til 6 (søndag)."), code="weekday")
        for value in (self.start, self.end):
            if not isinstance(value, datetime.time):
                raise ValidationError(_("Vagtens start og slut skal være klokkeslæt."), code="time")
            if value.second or value.microsecond or value.tzinfo:
                raise ValidationError(_("Vagtens tider angives i hele minutter, fx 16:00."), code="time")

    @classmethod
    def from_json(cls, data: dict) -> Shift:
        """{"weekday": 0, "start": "16:00", "end": "18:00"} -> Shift; a clear Danish error otherwise."""
        if not isinstance(data, dict) or not {"weekday", "start", "end"} <= data.keys():
            raise ValidationError(_("En vagt skal have ugedag, start og slut."), code="shape")
        return cls(weekday=data["weekday"], start=_parse_clock(data["start"]), end=_parse_clock(data["end"]))

    def to_json(self) -> dict:
        return {"weekday": self.weekday, "start": clock(self.start), "end": clock(self.end)}

    @property
    def minutes(self) -> int:
        """Length in minutes; a shift ending at or before its start runs past midnight."""
        length = minutes_of(self.end) - minutes_of(self.start)
        return length if length > 0 else length + MINUTES_PER_DAY

    @property
    def week_start(self) -> int:
        """Minutes from Monday 00:00 to the start."""
        return self.weekday * MINUTES_PER_DAY + minutes_of(self.start)

    @property
    def label(self) -> str:
        """'tirsdag 16:00-19:00'."""
        return _("%(day)s %(start)s-%(end)s") % {
            "day": WEEKDAY_NAMES[self.weekday],
            "start": clock(self.start),
            "end": clock(self.end),
        }


def _parse_clock(value) -> datetime.time:
    if isinstance(value, datetime.time):
        return value
    try:
        hours, minutes = str(value).split(":")[:2]
        return datetime.time(int(hours), int(minutes))
    except (TypeError, ValueError):
        raise ValidationError(
            _("%(value)s er ikke et klokkeslæt (skriv fx 16:00).") % {"value": value}, code="time"
        ) from None
