"""The case section of "I dag": others' changes on my cases since my last visit (two queries)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast

from core.today import SECTION_ROWS, register

from .models import Youth

CHANGES = [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE]


@register(template="fritidsjob/partials/today_changes.html", order=60)
def changes_on_my_cases(request, visit):
    """Changes by others to the cases I am responsible for: the record itself and what carries its id.

    My cases are a subquery, not a list of ids: a busy consultant holds thousands, and a list
    of them made a query that took longer to send and plan than to run. The log is read newest
    first from the last visit and stops at the first rows that match; then the names of just those.
    """
    user = request.user
    if not user.has_perm("fritidsjob.view_youth") or visit.since is None:
        return None
    mine = Youth.objects.not_anonymised().filter(responsible_staff=user).values("pk")
    youth_type = ContentType.objects.get_for_model(Youth)
    entries = list(
        LogEntry.objects.filter(timestamp__gt=visit.since, action__in=CHANGES)
        .exclude(actor=user)
        .annotate(youth_ref=Cast(KeyTextTransform("youth_id", "additional_data"), BigIntegerField()))
        .filter(Q(content_type=youth_type, object_id__in=mine) | Q(youth_ref__in=mine))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:SECTION_ROWS]
    )
    refs = [entry.object_id if entry.content_type_id == youth_type.pk else entry.youth_ref for entry in entries]
    names = {
        pk: f"{first} {last}"
        for pk, first, last in Youth.objects.filter(pk__in=set(refs)).values_list("pk", "first_name", "last_name")
    }
    changes = [
        {"entry": entry, "youth_pk": ref, "youth_name": names.get(ref, "")}
        for entry, ref in zip(entries, refs, strict=True)
    ]
    return {"changes": changes, "since": visit.since}
