"""Retention of sign-ups: rejected ones (from the rejection) and never-handled ones (from arrival) are deleted.

The period is the municipality's setting RETENTION_REJECTED_SIGNUP_MONTHS (README "Databeskyttelse").
An accepted sign-up lives on in the case it became, and goes with it.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import retention

from . import signups

REJECTED_SIGNUPS = "afviste_tilmeldinger"


def _due(day: datetime.date):
    expired = signups.expired_signups(day)
    count = expired.count()
    if count:
        yield retention.Due(
            rule=REJECTED_SIGNUPS,
            due_on=day,
            description=_("Afviste og ubehandlede tilmeldinger"),
            target=day,
            count=count,
        )


def _delete(item: retention.Due) -> None:
    signups.signups_delete_expired(day=min(item.target, timezone.localdate()))


retention.register(
    retention.RetentionRule(
        key=REJECTED_SIGNUPS,
        label=gettext_lazy("Afviste og ubehandlede tilmeldinger slettes"),
        period=lambda: (
            _("%(months)s måneder efter afvisning eller modtagelse")
            % {"months": settings.RETENTION_REJECTED_SIGNUP_MONTHS}
        ),
        due_by=_due,
        carry_out=_delete,
        order=30,
    )
)
