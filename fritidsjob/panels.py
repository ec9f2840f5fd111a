"""The progression panel on a young person's case page (issue 18): answers over time per theme (two queries)."""

from core.limits import LONG_TEXT_MAX_LENGTH
from core.panels import register

from .progression import selectors


@register(template="fritidsjob/progression/case_panel.html", order=15)
def progression_panel(request, youth):
    if not request.user.has_perm("fritidsjob.view_progressionresponse"):
        return None
    responses = selectors.responses_for_youth(youth=youth)
    return {
        "show": True,
        "chart": selectors.progression_chart(responses),
        "can_answer": request.user.has_perm("fritidsjob.add_progressionresponse") and youth.anonymised_at is None,
        "can_note": request.user.has_perm("fritidsjob.change_progressionresponse"),
        "note_max_length": LONG_TEXT_MAX_LENGTH,
    }
