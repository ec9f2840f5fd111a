"""The sections of "I dag" opgaver owns: my young people with their next step, and my tasks due (two queries)."""

from core.today import SECTION_ROWS, register
from fritidsjob.models import Youth

from .models import Task

# How many of my young people the start page shows: the most recently changed; the rest are on the case list.
MY_YOUTH_ROWS = 25


@register(template="opgaver/partials/today_youth.html", order=10)
def my_young_people(request, visit):
    """The cases I am responsible for, most recently changed first: status and the next step
    (the first open task on the case).

    A page, not the caseload: a busy consultant holds thousands. Two queries: the page of young
    people (the index on responsible staff and last change), then the open tasks of just those;
    a subquery per row would run for every case before the limit cuts them.
    """
    user = request.user
    if not user.has_perm("fritidsjob.view_youth"):
        return None
    youth = list(
        Youth.objects.not_anonymised()
        .active()
        .filter(responsible_staff=user)
        .order_by("-updated_at", "-pk")[: MY_YOUTH_ROWS + 1]
    )
    more = len(youth) > MY_YOUTH_ROWS
    youth = youth[:MY_YOUTH_ROWS]
    next_steps: dict[int, Task] = {}
    for task in Task.objects.open().filter(youth__in=youth).order_by("youth_id", "due_date", "pk"):
        next_steps.setdefault(task.youth_id, task)
    for person in youth:
        step = next_steps.get(person.pk)
        person.next_step, person.next_step_due = (step.title, step.due_date) if step else ("", None)
    return {"youth": youth, "more": more}


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
