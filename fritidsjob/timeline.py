"""The case's own part of the timeline: journal entries, the case's creation and its status changes."""

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from core.timeline import TimelineItem, register

from .models import Youth, YouthStatus


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
            title=_("Status ændret fra %(old)s til %(new)s")
            % {"old": labels.get(old, old), "new": labels.get(new, new)},
            author=_user_name(entry.actor),
            icon="status",
        )
