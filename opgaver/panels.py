"""The messages panel on a young person's case page: a button to write, and the last messages sent (one query)."""

from core.panels import register

from .models import Delivery

SHOWN = 5


@register(template="opgaver/partials/case_messages_panel.html", order=80)
def case_messages(request, youth):
    if not request.user.has_perm("opgaver.send_case_message"):
        return None
    sent = list(
        Delivery.objects.filter(youth=youth, sent_by__isnull=False)
        .select_related("sent_by")
        .order_by("-created_at", "-pk")[:SHOWN]
    )
    return {"sent": sent}
