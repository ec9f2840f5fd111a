"""Tasks and the messages sent, for the right-of-access packages (core.personal_data)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.personal_data import item_of, register

from .models import Delivery, RecipientKind, Task

# body_html is the same message as body_text, laid out for an e-mail client.
MESSAGE_EXCLUDE = ["body_html"]


@register(
    subject="ung",
    title=_("Opgaver"),
    intro=_("Opgaver, medarbejderne har haft om den unge, fx en opfølgning eller et opkald."),
    covers=[Task],
    order=70,
)
def tasks(youth):
    for task in youth.tasks.select_related("assignee", "created_by", "completed_by", "youth", "reminder"):
        yield item_of(task)


@register(
    subject="ung",
    title=_("Beskeder (SMS og e-mail)"),
    intro=_(
        "Hver SMS og e-mail, systemet har sendt til den unge eller om den unge. Er beskeden sendt til en anden "
        "(en forælder, en mentor, en medarbejder), står modtagerens type, men ikke adressen."
    ),
    covers=[Delivery],
    order=75,
)
def messages_about_youth(youth):
    for delivery in youth.deliveries.select_related("reminder", "responsible", "youth"):
        own = delivery.recipient_kind == RecipientKind.YOUTH
        yield item_of(delivery, exclude=MESSAGE_EXCLUDE if own else [*MESSAGE_EXCLUDE, "to"])


@register(
    subject="foraelder",
    title=_("Beskeder til dig (SMS og e-mail)"),
    intro=_("Hver SMS og e-mail, systemet har sendt til dit telefonnummer eller din e-mail."),
    covers=[Delivery],
    order=75,
)
def messages_to_parent(parent):
    addresses = [address for address in (parent.phone, parent.email) if address]
    if not addresses:
        return
    deliveries = Delivery.objects.filter(Q(recipient_kind=RecipientKind.PARENT) & Q(to__in=addresses))
    for delivery in deliveries.select_related("reminder", "responsible", "youth"):
        yield item_of(delivery, exclude=MESSAGE_EXCLUDE)
