"""Retention of closed cases and of the access log, with the periods the municipality sets.

Closed cases are anonymised (fritidsjob/erasure.py) RETENTION_CLOSED_CASE_YEARS after the
day they were closed, unless on hold; access entries (who was shown a person) are
deleted RETENTION_ACCESS_LOG_MONTHS after they were made. The nightly task
(`apply_retention`) carries out what is due today; the page and `manage.py opbevaring
--dry-run` show what falls due in the next RETENTION_NOTICE_DAYS, so nothing disappears
unannounced.
"""

import datetime

from auditlog.models import LogEntry
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import retention
from core.audit import record_event
from core.formatting import short_date

from . import erasure
from .models import RetentionHold, Youth, YouthStatus

CLOSED_CASES = "afsluttede_sager"
ACCESS_LOG = "adgangslog"


def _case_period() -> relativedelta:
    return relativedelta(years=settings.RETENTION_CLOSED_CASE_YEARS)


def _access_period() -> relativedelta:
    return relativedelta(months=settings.RETENTION_ACCESS_LOG_MONTHS)


def closed_cases_due_by(day: datetime.date):
    """Closed cases, not anonymised and not on hold, whose retention ends on or before `day`."""
    return (
        Youth.objects.filter(status=YouthStatus.CLOSED, closed_on__lte=day - _case_period())
        .not_anonymised()
        .filter(retention_hold__isnull=True)
        .order_by("closed_on", "pk")
    )


def _closed_cases(day: datetime.date):
    for youth in closed_cases_due_by(day).only("pk", "closed_on"):
        yield retention.Due(
            rule=CLOSED_CASES,
            due_on=youth.closed_on + _case_period(),
            description=_("Sag #%(pk)s, afsluttet %(date)s") % {"pk": youth.pk, "date": short_date(youth.closed_on)},
            target=youth,
            url=reverse("fritidsjob:youth_detail", args=[youth.pk]),
        )


def _anonymise_case(item: retention.Due) -> None:
    youth = Youth.objects.filter(pk=item.target.pk).not_anonymised().filter(retention_hold__isnull=True).first()
    if youth is None:
        return  # anonymised or put on hold since it was listed
    erasure.person_anonymise(
        person=youth,
        reason=_("Opbevaringsperioden for afsluttede sager (%(years)s år) er udløbet.")
        % {"years": settings.RETENTION_CLOSED_CASE_YEARS},
        origin="opbevaring",
    )


def _access_entries(day: datetime.date):
    # Entries made before this moment are past their period on `day`.
    cutoff = timezone.make_aware(datetime.datetime.combine(day, datetime.time.max)) - _access_period()
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, timestamp__lt=cutoff)
    oldest = entries.order_by("timestamp").values_list("timestamp", flat=True).first()
    if oldest is not None:
        yield retention.Due(
            rule=ACCESS_LOG,
            due_on=timezone.localtime(oldest).date() + _access_period(),
            description=_("Adgangsposter fra før %(date)s") % {"date": short_date(cutoff)},
            target=cutoff,
            count=entries.count(),
        )


def _expire_access(item: retention.Due) -> None:
    # Never later than now minus the period, whatever day the item was listed for.
    cutoff = min(item.target, timezone.now() - _access_period())
    erasure.access_log_expire(
        before=cutoff,
        reason=_("Adgangsposter ældre end %(months)s måneder") % {"months": settings.RETENTION_ACCESS_LOG_MONTHS},
    )


retention.register(
    retention.RetentionRule(
        key=CLOSED_CASES,
        label=_("Afsluttede sager anonymiseres"),
        period=lambda: _("%(years)s år efter afslutning") % {"years": settings.RETENTION_CLOSED_CASE_YEARS},
        due_by=_closed_cases,
        carry_out=_anonymise_case,
        order=10,
    )
)
retention.register(
    retention.RetentionRule(
        key=ACCESS_LOG,
        label=_("Adgangsloggen slettes"),
        period=lambda: _("%(months)s måneder efter opslaget") % {"months": settings.RETENTION_ACCESS_LOG_MONTHS},
        due_by=_access_entries,
        carry_out=_expire_access,
        order=20,
    )
)


def upcoming(*, today: datetime.date | None = None) -> list[retention.Due]:
    """What falls due from today to RETENTION_NOTICE_DAYS ahead (and what is overdue)."""
    today = today or timezone.localdate()
    return retention.due_by(today + datetime.timedelta(days=settings.RETENTION_NOTICE_DAYS))


def retention_apply(*, today: datetime.date | None = None) -> list[retention.Due]:
    """Carry out everything due today, each item in its own transaction; returns what was done."""
    today = today or timezone.localdate()
    done = []
    for item in retention.due_by(today):
        with transaction.atomic():
            retention.rules_by_key()[item.rule].carry_out(item)
        done.append(item)
    return done


@transaction.atomic
def retention_hold_place(*, youth: Youth, reason: str, placed_by) -> RetentionHold:
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": _("Skriv, hvorfor sagen skal opbevares længere.")})
    if youth.anonymised_at:
        raise ValidationError(_("Sagen er allerede anonymiseret."))
    hold = RetentionHold.objects.filter(youth=youth).first() or RetentionHold(youth=youth)
    hold.reason = reason
    hold.placed_by = placed_by
    hold.placed_on = timezone.localdate()
    hold.full_clean()
    hold.save()
    return hold


@transaction.atomic
def retention_hold_lift(*, youth: Youth, lifted_by) -> None:
    for hold in RetentionHold.objects.filter(youth=youth):
        hold.delete()
    record_event(youth, actor=lifted_by, event="retention_hold_lifted")
