"""One search across the apps' people and things: each app registers what it searches, core runs them.

An app declares a source in its own `search.py` (found at start-up by `core.apps`)::

    from core.search import register

    @register("unge", _("Unge"), model=Youth, permission="fritidsjob.view_youth",
              list_url_name="fritidsjob:youth_list", personal_data=True, order=10)
    def youth(*, user, words):
        return visible_to(Youth.objects.not_anonymised(), user).filter(...)  # one query

    @youth.result
    ...

A source's function gives the matching rows the user may see (a queryset, scoped with
core.scoping, so Fond and mentors get none) and `describe` turns a row into a `Hit`. The
text is matched with `icontains` on the columns the lists search, which on PostgreSQL uses
the pg_trgm GIN indexes on UPPER(col::text) (core/postgres.py) and on SQLite a plain LIKE.
Every search of a source with personal data is logged with its text (core.audit.record_search).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model, QuerySet

from .audit import record_search

# Shortest text searched: one letter matches half the register and tells nobody anything.
MIN_LENGTH = 2
# Longest text searched (a name, a phone number, an e-mail address); the rest is cut.
MAX_LENGTH = 100
# Hits shown per group; the rest are behind a link to the app's own list with the same search.
GROUP_ROWS = 8


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    model: type[Model]
    permission: str
    find: Callable[..., QuerySet]
    describe: Callable[[Any], Hit]
    list_url_name: str
    list_parameter: str = "name"
    personal_data: bool = False
    order: int = 100


@dataclass
class Group:
    source: Source
    hits: list[Hit] = field(default_factory=list)
    more: bool = False


_sources: list[Source] = []


def register(
    key: str,
    label: str,
    *,
    model: type[Model],
    permission: str,
    describe: Callable[[Any], Hit],
    list_url_name: str,
    list_parameter: str = "name",
    personal_data: bool = False,
    order: int = 100,
) -> Callable:
    def decorator(find: Callable[..., QuerySet]) -> Callable[..., QuerySet]:
        if not any(source.key == key for source in _sources):
            _sources.append(
                Source(
                    key, label, model, permission, find, describe, list_url_name, list_parameter, personal_data, order
                )
            )
            _sources.sort(key=lambda source: source.order)
        return find

    return decorator


def sources_for(user) -> list[Source]:
    """The sources the user may search: none for the funder, a mentor or the DPO."""
    return [source for source in _sources if user.has_perm(source.permission)]


def words_of(text: str) -> list[str]:
    return " ".join(text.split()).split(" ") if text.strip() else []


def search(*, request, text: str) -> list[Group]:
    """Every source's hits for `text`, grouped; each search of personal data logged once per source."""
    text = " ".join(text.split())
    words = words_of(text)
    groups = []
    for source in sources_for(request.user):
        rows = list(source.find(user=request.user, words=words)[: GROUP_ROWS + 1])
        if source.personal_data:
            record_search(source.model, request=request, list_name="soeg", text=text)
        groups.append(
            Group(source=source, hits=[source.describe(row) for row in rows[:GROUP_ROWS]], more=len(rows) > GROUP_ROWS)
        )
    return groups
