"""The parents a consultant may write to from the case (opgaver/messaging.py): those with custody, one query."""

from django.utils.translation import gettext as _

from opgaver.messaging import Recipient, register_recipients
from opgaver.models import RecipientKind


@register_recipients(order=20)
def parents_with_custody(youth):
    """A parent without custody (or not known to have it) is not written to about the young person."""
    parents = youth.parents.filter(has_custody=True, anonymised_at__isnull=True).order_by("last_name", "pk")
    return [
        Recipient(
            key=f"foraelder-{parent.pk}",
            name=parent.full_name,
            description=_("%(relation)s (forældremyndighed)")
            % {"relation": parent.get_relation_display() or _("Forælder")},
            kind=RecipientKind.PARENT,
            phone=parent.phone,
            email=parent.email,
        )
        for parent in parents
    ]
