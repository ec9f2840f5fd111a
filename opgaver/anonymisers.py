"""What anonymising removes from tasks and the send log: titles, descriptions and every message text.

Kept: that a task or message existed, its dates, channel and status. A message not yet
sent is never sent: it is marked failed and dismissed, as its text and recipient are gone.
"""

from django.db.models import Q
from django.utils import timezone

from core import erasure
from core.audit import audited_update

from .models import Delivery, DeliveryStatus, Reminder, ReminderRule, Task

ANONYMOUS_TASK_TITLE = "Opgave om en anonymiseret person"


@erasure.anonymiser(Task, subject="ung")
def anonymise_tasks(run: erasure.ErasureRun, youth) -> None:
    tasks = Task.objects.filter(youth=youth)
    run.touched(tasks)
    audited_update(tasks, title=ANONYMOUS_TASK_TITLE, description="")


def _anonymise_deliveries(run: erasure.ErasureRun, deliveries) -> None:
    run.touched(deliveries)
    run.personal_values(*deliveries.values_list("to", flat=True))
    unsent = deliveries.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
    audited_update(unsent, status=DeliveryStatus.FAILED, dismissed_at=timezone.now())
    audited_update(deliveries, to="", subject="", body_text=erasure.REMOVED, body_html="", last_error="")


@erasure.anonymiser(Delivery, subject="ung")
def anonymise_youth_deliveries(run: erasure.ErasureRun, youth) -> None:
    # Messages to the young person and to their parents about them.
    _anonymise_deliveries(run, Delivery.objects.filter(youth=youth))


# Before the parent's own anonymiser (order 10) blanks the phone and e-mail they are found by.
@erasure.anonymiser(Delivery, subject="foraelder", order=5)
def anonymise_parent_deliveries(run: erasure.ErasureRun, parent) -> None:
    addresses = [value for value in (parent.phone, parent.email) if value]
    if addresses:
        _anonymise_deliveries(run, Delivery.objects.filter(Q(to__in=addresses)))


erasure.keep(ReminderRule, why="Påmindelsesreglerne, ingen personer")
erasure.keep(Reminder, why="Kun regel, dato og hvilken post; teksterne ligger i Delivery")
