"""The case section of "I dag": others' changes on my cases since my last visit (three queries)."""

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from core.today import SECTION_ROWS, register

from .models import Youth

CHANGES = [LogEntry.Action.CREATE, LogEntry.Action.UPDATE, LogEntry.Action.DELETE]


@register(template="fritidsjob/partials/today_changes.html", order=60)
def changes_on_my_cases(request, visit):
    """Changes by others to the cases I am responsible for: the record itself and what carries its id."""
    user = request.user
    if not user.has_perm("fritidsjob.view_youth") or visit.since is None:
        return None
    mine = {
        pk: f"{first} {last}"
        for pk, first, last in Youth.objects.not_anonymised()
        .filter(responsible_staff=user)
        .values_list("pk", "first_name", "last_name")
    }
    if not mine:
        return {"changes": [], "since": visit.since}
    youth_type = ContentType.objects.get_for_model(Youth)
    entries = (
        LogEntry.objects.filter(timestamp__gt=visit.since, action__in=CHANGES)
        .exclude(actor=user)
        .filter(Q(content_type=youth_type, object_id__in=list(mine)) | Q(additional_data__youth_id__in=list(mine)))
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:SECTION_ROWS]
    )
    changes = []
    for entry in entries:
        data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
        youth_pk = entry.object_id if entry.content_type_id == youth_type.pk else data.get("youth_id")
        changes.append({"entry": entry, "youth_pk": youth_pk, "youth_name": mine.get(youth_pk, "")})
    return {"changes": changes, "since": visit.since}
