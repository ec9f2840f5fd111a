"""What happens on which day, from every app: the calendar, the iCal feed and "I dag" read it here.

An app registers a source for each kind of dated thing it owns (found at start-up in its
`agenda.py`, by `core.apps`): a function giving the items between two dates that the user may
see, in a fixed number of queries. An item's title never names a person (the iCal feed
leaves the app): "Mødegang: Hold 3", "Opfølgning (6 mdr.)"::

    from core.agenda import Item, register

    @register("moedegang", _("Mødegange"))
    def course_sessions(*, user, start, end):
        ...
        return [Item(date=s.date, title=..., url=..., mine=...) for s in sessions]
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# The most items one source gives for one period: a month of a busy programme fits; more would be a
# page nobody reads (and a feed that grows without end).
SOURCE_LIMIT = 300


@dataclass(frozen=True)
class Item:
    date: datetime.date
    title: str
    url: str
    # The user's own: their course, their young person's follow-up, their meeting.
    mine: bool
    start: datetime.time | None = None
    end: datetime.time | None = None
    kind: str = ""
    kind_label: str = ""
    # A stable id for the iCal feed's UID, e.g. "coursesession-12".
    uid: str = ""


ItemsFor = Callable[..., Iterable[Item]]


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    items: ItemsFor


_sources: dict[str, Source] = {}


def register(kind: str, label: str) -> Callable[[ItemsFor], ItemsFor]:
    def decorator(items: ItemsFor) -> ItemsFor:
        _sources[kind] = Source(kind=kind, label=label, items=items)
        return items

    return decorator


def sources() -> list[Source]:
    return list(_sources.values())


def items_between(
    *, user, start: datetime.date, end: datetime.date, kinds: Iterable[str] | None = None, mine_only: bool = False
) -> list[Item]:
    """Every item from `start` to `end` (both included) the user may see, by date and time."""
    wanted = set(kinds) if kinds else set(_sources)
    found = []
    for source in _sources.values():
        if source.kind not in wanted:
            continue
        for item in source.items(user=user, start=start, end=end):
            if mine_only and not item.mine:
                continue
            found.append(Item(**{**item.__dict__, "kind": source.kind, "kind_label": str(source.label)}))
    return sorted(found, key=lambda item: (item.date, item.start or datetime.time.min, item.title))
