"""One timeline of everything that happens to a young person.

Each app contributes providers in its own `timeline.py` (found at start-up by
`core.apps`): a function taking the youth and returning TimelineItems, in one or
two queries, never one per item. The case page merges them by date::

    from core.timeline import TimelineItem, register

    @register
    def placement_items(youth):
        for placement in youth.placements.select_related("company"):
            yield TimelineItem(date=placement.start, kind=_("Job"), title=placement.company.name)
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date
    kind: str  # a short Danish label, e.g. "Journal"
    title: str
    text: str = ""
    author: str = ""
    icon: str = "dot"  # css modifier for the marker


Provider = Callable[[Any], Iterable[TimelineItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_for(youth) -> list[TimelineItem]:
    items = [item for provider in _providers for item in provider(youth)]
    return sorted(items, key=lambda item: item.date, reverse=True)
