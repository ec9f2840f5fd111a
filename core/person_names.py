"""The names of the people the programme holds data about, for checks that text meant for outsiders names none.

The app that owns a kind of person registers where its names are, in its
AppConfig.ready() (fritidsjob: the young people; foraeldre: the parents)::

    from core import person_names

    person_names.register("unge", lambda: Youth.objects.values_list("first_name", "last_name"))

rapporter/name_check.py reads them all before a funder report is made.
"""

from collections.abc import Callable, Iterable

NameSource = Callable[[], Iterable[tuple[str, str]]]
_sources: dict[str, NameSource] = {}


def register(kind: str, source: NameSource) -> None:
    """`source()` gives (first name, last name) of every person of `kind`, in one query."""
    _sources[kind] = source


def all_names() -> list[tuple[str, str]]:
    """Every registered person's (first name, last name): one query per source."""
    names: list[tuple[str, str]] = []
    for source in _sources.values():
        names.extend((first or "", last or "") for first, last in source())
    return names


def kinds() -> list[str]:
    return sorted(_sources)
