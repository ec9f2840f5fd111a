"""The young person's own answer link: signed, expiring and one-time, with nothing stored to leak.

The token names the young person, the questionnaire and the milestone, signed with the
site's secret key. It expires after LINK_DAYS, and it is spent once that milestone is
answered (the response's unique constraint), by the link or with a staff member.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.urls import reverse

LINK_DAYS = 14
_SALT = "fritidsjob.progression.link"


def token_for(*, youth_id: int, questionnaire_id: int, milestone: str) -> str:
    return signing.dumps([youth_id, questionnaire_id, milestone], salt=_SALT, compress=True)


def url_for(*, youth_id: int, questionnaire_id: int, milestone: str) -> str:
    token = token_for(youth_id=youth_id, questionnaire_id=questionnaire_id, milestone=milestone)
    return settings.SITE_URL + reverse("fritidsjob:progression_answer_link", args=[token])


def read(token: str) -> tuple[int, int, str] | None:
    """(youth id, questionnaire id, milestone), or None for a forged or expired token."""
    try:
        youth_id, questionnaire_id, milestone = signing.loads(
            token, salt=_SALT, max_age=datetime.timedelta(days=LINK_DAYS)
        )
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return int(youth_id), int(questionnaire_id), str(milestone)
