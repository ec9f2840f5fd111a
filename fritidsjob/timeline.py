"""One timeline of everything that happens to a young person.

Each app contributes a provider: a function taking the youth and returning
TimelineItems (one or two queries each, never one per item). Later apps
register theirs with ``register``; the case page merges them by date.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from .models import Youth, YouthStatus


@dataclass(frozen=True)
class TimelineItem:
    date: datetime.date
    kind: str  # a short Danish label, e.g. "Journal"
    title: str
    text: str = ""
    author: str = ""
    icon: str = "dot"  # css modifier for the marker


Provider = Callable[[Youth], Iterable[TimelineItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def timeline_for(youth: Youth) -> list[TimelineItem]:
    items = [item for provider in _providers for item in provider(youth)]
    return sorted(items, key=lambda item: item.date, reverse=True)


def _user_name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


@register
def journal_items(youth: Youth) -> Iterable[TimelineItem]:
    for entry in youth.journal_entries.select_related("author"):
        yield TimelineItem(
            date=entry.date,
            kind=_("Journal"),
            title=entry.get_kind_display(),
            text=entry.text,
            author=_user_name(entry.author),
            icon="journal",
        )


@register
def case_items(youth: Youth) -> Iterable[TimelineItem]:
    yield TimelineItem(date=youth.registered_on, kind=_("Sag"), title=_("Sagen blev oprettet"), icon="case")
    # Status changes come from the audit trail, so there is one record of them.
    status_changes = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Youth),
        object_id=youth.pk,
        action=LogEntry.Action.UPDATE,
        changes__has_key="status",
    ).select_related("actor")
    labels = dict(YouthStatus.choices)
    for entry in status_changes:
        old, new = entry.changes_dict["status"]
        yield TimelineItem(
            date=entry.timestamp.date(),
            kind=_("Status"),
            title=_("Status ændret fra %(old)s til %(new)s") % {"old": labels.get(old, old), "new": labels.get(new, new)},
            author=_user_name(entry.actor),
            icon="status",
        )
