"""The sections of a staff member's "I dag" start page, one or more per app, in the order they declare.

An app declares a section in its own `today.py` (found at start-up by `core.apps`):
a template and a function giving its context, or None when the user has nothing to
see there (no permission). The function gets the request and today's date and reads
a fixed number of queries, however much data there is (tests/test_today.py). It gets
the request and the `Visit` (today's date, and when the user last came: None the first time)::

    from core.today import register

    @register(template="opgaver/partials/today_tasks.html", order=20)
    def my_tasks(request, visit):
        if not request.user.has_perm("opgaver.view_task"):
            return None
        return {"tasks": selectors.due_tasks(user=request.user, today=visit.today)}

The start page renders them all with `{% today_sections %}` (core_tags).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SectionContext = Callable[[Any, Any], dict[str, Any] | None]

# How many rows a section shows at most; the rest are a count and a link to the full list.
SECTION_ROWS = 10


@dataclass(frozen=True)
class Visit:
    today: datetime.date
    # The user's previous visit (an earlier sign-in), or None the first time.
    since: datetime.datetime | None

    @property
    def tomorrow(self) -> datetime.date:
        return self.today + datetime.timedelta(days=1)

    @property
    def week_end(self) -> datetime.date:
        """The Sunday of this week: "due this week" runs to and including it."""
        return self.today + datetime.timedelta(days=6 - self.today.weekday())


@dataclass(frozen=True)
class TodaySection:
    template: str
    context: SectionContext
    order: int


_sections: list[TodaySection] = []


def register(*, template: str, order: int = 100) -> Callable[[SectionContext], SectionContext]:
    def decorator(context: SectionContext) -> SectionContext:
        if not any(section.context is context for section in _sections):
            _sections.append(TodaySection(template=template, context=context, order=order))
            _sections.sort(key=lambda section: section.order)
        return context

    return decorator


def sections() -> list[TodaySection]:
    return list(_sections)


@register(template="core/partials/today_agenda.html", order=30)
def today_and_tomorrow(request, visit):
    """Today's and tomorrow's sessions, meetings and follow-ups (core/agenda.py), mine first."""
    from . import agenda

    items = agenda.items_between(user=request.user, start=visit.today, end=visit.tomorrow)
    if not items and not agenda_visible(request.user):
        return None
    days = [
        {"date": day, "items": sorted((item for item in items if item.date == day), key=lambda item: not item.mine)}
        for day in (visit.today, visit.tomorrow)
    ]
    return {"days": days}


def agenda_visible(user) -> bool:
    """Staff see the agenda; the roles without any dated thing (the funder, the DPO) do not."""
    return user.has_perm("fritidsjob.view_youth")
