"""The sections of "I dag" opgaver owns: my young people with their next step, and my tasks due (two queries)."""

from django.db.models import OuterRef, Subquery

from core.today import SECTION_ROWS, register
from fritidsjob.models import Youth

from .models import Task


@register(template="opgaver/partials/today_youth.html", order=10)
def my_young_people(request, visit):
    """The cases I am responsible for: status and the next step (the first open task on the case)."""
    user = request.user
    if not user.has_perm("fritidsjob.view_youth"):
        return None
    next_task = Task.objects.open().filter(youth=OuterRef("pk")).order_by("due_date", "pk")
    youth = list(
        Youth.objects.not_anonymised()
        .active()
        .filter(responsible_staff=user)
        .annotate(
            next_step=Subquery(next_task.values("title")[:1]),
            next_step_due=Subquery(next_task.values("due_date")[:1]),
        )
        .order_by("last_name", "first_name", "pk")[: SECTION_ROWS * 3]
    )
    return {"youth": youth, "more": len(youth) == SECTION_ROWS * 3}


@register(template="opgaver/partials/today_tasks.html", order=20)
def my_tasks_due(request, visit):
    """My open tasks due today or overdue (not snoozed past today)."""
    user = request.user
    if not user.has_perm("opgaver.view_task"):
        return None
    tasks = list(
        Task.objects.current(visit.today)
        .filter(assignee=user, due_date__lte=visit.today)
        .select_related("youth")
        .order_by("due_date", "pk")[: SECTION_ROWS + 1]
    )
    return {"tasks": tasks[:SECTION_ROWS], "more": len(tasks) > SECTION_ROWS}
