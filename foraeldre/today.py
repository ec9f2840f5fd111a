"""The consent section of "I dag": my active young people without a valid consent to take part (one query)."""

from django.db.models import Q

from core.consent import ConsentKind
from core.today import SECTION_ROWS, register
from fritidsjob.models import Youth

from .consent import consented_youth_ids

# What a case needs before the work starts: taking part, and processing the young person's data.
NEEDED = [ConsentKind.PARTICIPATION, ConsentKind.PROCESSING]


@register(template="foraeldre/partials/today_consents.html", order=50)
def consents_missing(request, visit):
    user = request.user
    if not (user.has_perm("foraeldre.view_consent") and user.has_perm("fritidsjob.view_youth")):
        return None
    lacking = Q()
    for kind in NEEDED:
        lacking |= ~Q(pk__in=consented_youth_ids(kind=kind, on=visit.today))
    youth = list(
        Youth.objects.not_anonymised()
        .active()
        .filter(responsible_staff=user)
        .filter(lacking)
        .order_by("last_name", "first_name", "pk")[: SECTION_ROWS + 1]
    )
    return {"youth": youth[:SECTION_ROWS], "more": len(youth) > SECTION_ROWS}
