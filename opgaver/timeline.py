"""Messages sent from the case on the young person's timeline (one query): to whom, how, and whether it went."""

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from core.timeline import TimelineItem, register
from fritidsjob.models import Youth

from .models import Delivery


@register
def case_message_items(youth: Youth) -> Iterable[TimelineItem]:
    for delivery in Delivery.objects.filter(youth=youth, sent_by__isnull=False).select_related("sent_by"):
        sender = delivery.sent_by
        yield TimelineItem(
            date=timezone.localdate(delivery.created_at),
            kind=delivery.get_channel_display(),
            title=_("%(channel)s til %(recipient)s (%(status)s)")
            % {
                "channel": delivery.get_channel_display(),
                "recipient": delivery.get_recipient_kind_display().lower(),
                "status": delivery.get_status_display().lower(),
            },
            text=delivery.body_text.strip(),
            author=(sender.get_full_name() or sender.username) if sender else "",
            icon="message",
        )
