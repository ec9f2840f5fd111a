"""Writes for tasks and reminders: running the rules, creating each reminder once, sending each message once.

Times come in as arguments (`now`, `today`), so tests run the machinery on a
controlled clock; the Celery tasks pass the real time.
"""

import datetime
import enum
import logging
from dataclasses import dataclass, field
from functools import partial

from celery.utils.time import get_exponential_backoff_interval
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.tasks import enqueue_or_fail

from . import channels, sms
from .models import (
    Channel,
    Delivery,
    DeliveryStatus,
    ReceiptStatus,
    RecipientKind,
    Reminder,
    ReminderRule,
    Task,
    TaskStatus,
)
from .registry import Due, MessagePlan, Plan, Rule, Window, all_rules

logger = logging.getLogger(__name__)

# Sending: up to 6 attempts, 1, 2, 4, 8 and 16 minutes apart (Celery's retry_backoff, no jitter).
SEND_ATTEMPTS = 6
RETRY_BACKOFF_SECONDS = 60
RETRY_BACKOFF_MAX_SECONDS = 30 * 60
# A send still "in progress" after this long was cut off (the worker died or hit its time limit).
STALE_SENDING_AFTER = datetime.timedelta(minutes=15)
INTERRUPTED = gettext_lazy(
    "Afsendelsen blev afbrudt, fordi baggrundsprocessen stoppede undervejs. Det er uvist, om beskeden "
    "nåede frem, så den sendes ikke automatisk igen."
)
# An SMS the gateway may have taken without answering (opgaver/sms.py: neither gateway refuses a repeat).
UNCERTAIN = gettext_lazy(
    "Ukendt, om SMS'en blev sendt: %(error)s Den sendes ikke automatisk igen, for så kunne modtageren få den "
    "to gange. Kommer der en kvittering fra udbyderen, opdateres den af sig selv; ellers spørg modtageren, før "
    "du sender den igen."
)


# --- rules ---------------------------------------------------------------------------


def reminder_rules_sync(*, today: datetime.date) -> dict[str, ReminderRule]:
    """A ReminderRule row for every rule in code (new ones active from `today`), by key."""
    rows = {row.key: row for row in ReminderRule.objects.all()}
    for key, rule in all_rules().items():
        row = rows.get(key)
        if row is None:
            row, _created = ReminderRule.objects.get_or_create(
                key=key,
                defaults={"name": str(rule.name), "lead_days": rule.default_lead_days, "active_since": today},
            )
            rows[key] = row
        elif row.name != str(rule.name):
            ReminderRule.objects.filter(pk=row.pk).update(name=str(rule.name))
    return rows


def rule_window(*, rule: Rule, row: ReminderRule, today: datetime.date) -> Window:
    earliest = row.active_since
    if rule.max_days_late is not None:
        earliest = max(earliest, today - datetime.timedelta(days=rule.max_days_late))
    return Window(today=today, earliest=earliest, latest=today + datetime.timedelta(days=row.lead_days))


@dataclass
class RunResult:
    created: dict[str, int] = field(default_factory=dict)  # rule key -> reminders made
    errors: dict[str, str] = field(default_factory=dict)  # rule key -> what went wrong


def reminder_rules_run(*, now: datetime.datetime) -> RunResult:
    """Run every enabled rule once. Safe to run twice, or in two workers at once.

    A rule that fails is logged and reported, and the others still run.
    """
    today = timezone.localdate(now)
    rows = reminder_rules_sync(today=today)
    result = RunResult()
    for key, rule in all_rules().items():
        row = rows[key]
        if not row.enabled:
            continue
        try:
            result.created[key] = reminder_rule_run(rule=rule, row=row, now=now)
        except Exception as error:
            logger.exception("Reminder rule %s failed", key)
            result.errors[key] = channels.describe(error)
    return result


def reminder_rule_run(*, rule: Rule, row: ReminderRule, now: datetime.datetime) -> int:
    """Make the reminders that are due for one rule; return how many were new."""
    window = rule_window(rule=rule, row=row, today=timezone.localdate(now))
    if window.earliest > window.latest:
        return 0
    dues = [
        due
        for due in rule.due(window)
        # The machinery, not each rule, keeps imported history and old dates out.
        if window.contains(due.due_date) and due.due_date >= due.first_known()
    ]
    if not dues:
        return 0
    existing = set(
        Reminder.objects.filter(
            rule=row,
            due_date__range=(window.earliest, window.latest),
            object_id__in={due.record.pk for due in dues},
        ).values_list("content_type_id", "object_id", "due_date")
    )
    created, failures = 0, []
    for due in dues:
        content_type = ContentType.objects.get_for_model(due.record)
        if (content_type.pk, due.record.pk, due.due_date) in existing:
            continue
        try:
            if reminder_create_once(row=row, rule=rule, due=due, now=now) is not None:
                created += 1
        except Exception as error:
            # One odd record must not hold back the others' reminders: each is its own transaction.
            logger.exception("Reminder rule %s failed for %r", rule.key, due.record)
            failures.append(error)
        existing.add((content_type.pk, due.record.pk, due.due_date))
    if failures:
        raise RuntimeError(
            f"{len(failures)} of {len(dues)} records failed ({created} reminders made); "
            f"the first: {channels.describe(failures[0])}"
        ) from failures[0]
    return created


def reminder_create_once(*, row: ReminderRule, rule: Rule, due: Due, now: datetime.datetime) -> Reminder | None:
    """Create the reminder with its task and messages, unless it exists: then return None.

    Two ticks or two workers may both get here for the same (rule, record, due
    date); the unique constraint lets exactly one insert win (on PostgreSQL the
    other waits for it to commit and then fails), and the loser creates nothing.
    """
    plan = rule.plan(due)
    content_type = ContentType.objects.get_for_model(due.record)
    identity = {"rule": row, "content_type": content_type, "object_id": due.record.pk, "due_date": due.due_date}
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(**identity)
            _create_planned(reminder=reminder, due=due, plan=plan, now=now)
    except IntegrityError:
        if Reminder.objects.filter(**identity).exists():
            return None  # made by a concurrent run: it exists once, which is the point
        raise
    return reminder


def _create_planned(*, reminder: Reminder, due: Due, plan: Plan, now: datetime.datetime) -> None:
    messages = list(plan.messages)
    assignee = None
    if plan.task is not None:
        assignee = plan.task.assignee if plan.task.assignee and plan.task.assignee.is_active else None
        task = Task(
            title=str(plan.task.title),
            description=str(plan.task.description),
            due_date=due.due_date,
            assignee=assignee,
            youth=due.youth,
            concerning=plan.task.concerning,
            reminder=reminder,
        )
        task.full_clean()
        task.save()
        if plan.task.notify and assignee is not None and assignee.email:
            messages.insert(0, task_notification(task=task))
    seen = set()
    for message in messages:
        if (message.channel, message.to) in seen or not message.to:
            continue
        seen.add((message.channel, message.to))
        responsible = message.responsible or assignee or (due.youth.responsible_staff if due.youth else None)
        delivery = delivery_create(
            reminder=reminder, youth=due.youth, responsible=responsible, message=message, now=now
        )
        if delivery.send_after <= now:
            transaction.on_commit(partial(enqueue_send, delivery_id=delivery.pk), robust=True)


def task_notification(*, task: Task) -> MessagePlan:
    """The e-mail telling an assignee about a new task. No personal data: the link leads into the app."""
    return MessagePlan(
        channel=Channel.EMAIL,
        to=task.assignee.email,
        recipient_kind=RecipientKind.STAFF,
        template="task_assigned",
        context={"task": task, "assignee": task.assignee, "url": settings.SITE_URL + reverse("opgaver:inbox")},
        responsible=task.assignee,
    )


# --- deliveries ----------------------------------------------------------------------


def render_message(message: MessagePlan) -> tuple[str, str, str]:
    """(subject, plain text, HTML) from templates/opgaver/<channel>/<template>."""
    base = f"opgaver/{message.channel}/{message.template}"
    context = {**message.context, "site_url": settings.SITE_URL}
    with translation.override(settings.LANGUAGE_CODE):
        text = render_to_string(f"{base}.txt", context).strip()
        if message.channel == Channel.SMS:
            return "", text, ""
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        return subject, text + "\n", render_to_string(f"{base}.html", context)


def delivery_create(
    *,
    reminder: Reminder | None,
    youth,
    responsible,
    message: MessagePlan,
    now: datetime.datetime,
    sent_by=None,
    request_key=None,
) -> Delivery:
    """One message to send, rendered now. From a reminder, or (reminder None) sent from the case by
    `sent_by` with the send form's `request_key` (opgaver/messaging.py)."""
    subject, text, html = render_message(message)
    delivery = Delivery(
        reminder=reminder,
        sent_by=sent_by,
        request_key=request_key,
        youth=youth,
        responsible=responsible,
        channel=message.channel,
        recipient_kind=message.recipient_kind,
        to=message.to,
        subject=subject,
        body_text=text,
        body_html=html,
        requested=message.requested,
        # An SMS made at night waits for the morning, unless the recipient just asked for it.
        send_after=now if message.requested else channels.earliest_send_time(message.channel, now),
    )
    delivery.full_clean(validate_constraints=False)  # the constraints are the database's to enforce
    delivery.save()
    return delivery


@transaction.atomic
def message_send(
    *, rule_key: str, record, message: MessagePlan, now: datetime.datetime, youth=None, responsible=None
) -> Delivery:
    """Send one message now that someone acted (a sign-up decided, a consent link, a one-time code).

    It goes through the same send log, retries and failure list as the rules' messages: a Reminder of
    the rule `rule_key` (registered by the app, firing on no schedule) for `record` today, once.
    """
    rule = all_rules()[rule_key]
    row, _created = ReminderRule.objects.get_or_create(
        key=rule_key,
        defaults={"name": str(rule.name), "lead_days": rule.default_lead_days, "active_since": timezone.localdate(now)},
    )
    reminder = Reminder.objects.create(
        rule=row,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        due_date=timezone.localdate(now),
    )
    delivery = delivery_create(
        reminder=reminder, youth=youth, responsible=responsible or message.responsible, message=message, now=now
    )
    if delivery.send_after <= now:
        transaction.on_commit(partial(enqueue_send, delivery_id=delivery.pk), robust=True)
    return delivery


def _left_for_the_sweep(reason: str) -> None:
    """The message stays pending: beat's send_due_deliveries queues it once the broker is back."""


def enqueue_send(*, delivery_id: int) -> None:
    from .tasks import send_delivery

    enqueue_or_fail(send_delivery, kwargs={"delivery_id": delivery_id}, on_failure=_left_for_the_sweep)


def retry_delay(attempts: int) -> int:
    """Seconds to wait after failed attempt number `attempts`: Celery's autoretry backoff for the same retry."""
    return get_exponential_backoff_interval(
        factor=RETRY_BACKOFF_SECONDS, retries=attempts - 1, maximum=RETRY_BACKOFF_MAX_SECONDS, full_jitter=False
    )


class SendOutcome(enum.Enum):
    SENT = "sent"
    RETRY = "retry"  # a transient error: try again after the backoff
    FAILED = "failed"  # for good: staff see it
    HELD = "held"  # quiet hours: waits for the morning
    SKIPPED = "skipped"  # not pending, not due yet, or claimed by another worker


def delivery_send(*, delivery: Delivery, now: datetime.datetime) -> SendOutcome:
    """Send one pending message at most once.

    Deliberately not one transaction: the claim (an atomic UPDATE that only one
    worker can win) is committed before the message leaves, and the outcome is
    recorded after. A worker that dies in between leaves the delivery "sending";
    deliveries_due() later marks it failed for staff to check, rather than risk
    sending it twice. For the same reason an SMS the gateway may have taken without
    answering (a timeout after the request went out) is failed as "ukendt", not retried;
    it keeps the attempt's reference, so a receipt arriving later settles it.
    """
    pending = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PENDING)
    allowed_at = now if delivery.requested else channels.earliest_send_time(delivery.channel, now)
    if allowed_at > now:
        pending.filter(send_after__lt=allowed_at).update(send_after=allowed_at)
        return SendOutcome.HELD
    claimed = pending.filter(send_after__lte=now).update(
        status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if claimed != 1:
        return SendOutcome.SKIPPED
    delivery.refresh_from_db()
    sending = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING)
    reference = sms.new_reference(delivery.pk) if delivery.channel == Channel.SMS else ""
    try:
        provider_message_id = channels.send(delivery, reference=reference)
    except sms.SmsUncertainError as error:
        sending.update(
            status=DeliveryStatus.FAILED,
            last_error=str(UNCERTAIN % {"error": error})[:2000],
            provider_message_id=reference,
        )
        logger.warning("Delivery %s: unknown whether the gateway took it; not retried (%s)", delivery.pk, reference)
        return SendOutcome.FAILED
    except Exception as error:
        if channels.is_transient(error) and delivery.attempts < SEND_ATTEMPTS:
            next_try = now + datetime.timedelta(seconds=retry_delay(delivery.attempts))
            sending.update(
                status=DeliveryStatus.PENDING,
                last_error=channels.describe(error),
                send_after=channels.earliest_send_time(delivery.channel, next_try),
            )
            return SendOutcome.RETRY
        sending.update(status=DeliveryStatus.FAILED, last_error=channels.describe(error))
        logger.warning("Delivery %s failed for good after %s attempts: %s", delivery.pk, delivery.attempts, error)
        return SendOutcome.FAILED
    sending.update(
        status=DeliveryStatus.SENT, sent_at=now, last_error="", provider_message_id=(provider_message_id or "")[:100]
    )
    return SendOutcome.SENT


@transaction.atomic
def delivery_receipt_record(*, receipt: sms.Receipt, now: datetime.datetime) -> bool:
    """Record an SMS gateway's delivery receipt; return whether it changed anything.

    Only a final receipt (delivered or failed) counts, and only the first: the
    gateways send a receipt again when they are unsure it arrived, and an
    in-between status ("buffered", "enroute") says nothing staff can act on. A
    failed one makes the message failed, so staff see it as any other failed send.

    A receipt also settles an SMS whose send ended "ukendt" (UNCERTAIN): that delivery
    failed with the reference it was sent with, which the receipt names.
    """
    ids = {value for value in (receipt.message_id, receipt.reference) if value}
    if receipt.delivered is None or not ids:
        return False
    unanswered = Delivery.objects.filter(channel=Channel.SMS, provider_message_id__in=ids, receipt="")
    if receipt.delivered:
        # The uncertain one did go out: it was sent after all, and leaves the list of failures.
        unanswered.filter(status=DeliveryStatus.FAILED).update(status=DeliveryStatus.SENT, sent_at=now, last_error="")
        return unanswered.filter(status=DeliveryStatus.SENT).update(receipt=ReceiptStatus.DELIVERED, receipt_at=now) > 0
    error = _("Telefonselskabet kunne ikke levere SMS'en (%(status)s). Tjek nummeret, og send den igen.") % {
        "status": receipt.status
    }
    changed = unanswered.filter(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED]).update(
        receipt=ReceiptStatus.UNDELIVERED, receipt_at=now, status=DeliveryStatus.FAILED, sent_at=None, last_error=error
    )
    return changed > 0


def deliveries_due(*, now: datetime.datetime) -> list[int]:
    """Ids of the pending deliveries whose time has come (held SMS, retries, lost enqueues).

    Also gives up on sends cut off midway (see delivery_send): failed, for staff to check.
    """
    Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_SENDING_AFTER).update(
        status=DeliveryStatus.FAILED, last_error=str(INTERRUPTED)
    )
    return list(Delivery.objects.due(now).order_by("send_after", "pk").values_list("pk", flat=True)[:500])


@transaction.atomic
def delivery_retry(*, delivery: Delivery, now: datetime.datetime) -> Delivery:
    """Staff send a failed message again (after fixing an address, or when the gateway is back)."""
    delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Kun en mislykket udsendelse kan sendes igen."), code="not_failed")
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.claimed_at = None
    delivery.dismissed_at = None
    delivery.provider_message_id, delivery.receipt, delivery.receipt_at = "", "", None
    delivery.send_after = channels.earliest_send_time(delivery.channel, now)
    delivery.save()
    if delivery.send_after <= now:
        transaction.on_commit(partial(enqueue_send, delivery_id=delivery.pk), robust=True)
    return delivery


@transaction.atomic
def delivery_dismiss(*, delivery: Delivery, now: datetime.datetime) -> Delivery:
    """Staff have dealt with a failed message another way: it leaves the lists of failures."""
    if delivery.status != DeliveryStatus.FAILED:
        raise ValidationError(_("Kun en mislykket udsendelse kan fjernes fra listen."), code="not_failed")
    delivery.dismissed_at = now
    delivery.save(update_fields=["dismissed_at"])
    return delivery


# --- tasks ---------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    title: str,
    due_date: datetime.date,
    assignee,
    created_by,
    youth=None,
    description: str = "",
    concerning=None,
) -> Task:
    task = Task(
        title=title,
        description=description,
        due_date=due_date,
        assignee=assignee,
        youth=youth,
        concerning=concerning,
        created_by=created_by,
    )
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_complete(*, task: Task, user, now: datetime.datetime) -> Task:
    if task.status == TaskStatus.DONE:
        return task
    task.status = TaskStatus.DONE
    task.completed_at = now
    task.completed_by = user
    task.snoozed_until = None
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_snooze(*, task: Task, until: datetime.date, today: datetime.date) -> Task:
    if until <= today:
        raise ValidationError({"until": _("Vælg en dato efter i dag.")}, code="not_future")
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("Opgaven er allerede udført."), code="done")
    task.snoozed_until = until
    task.full_clean()
    task.save()
    return task


@transaction.atomic
def task_reassign(*, task: Task, assignee) -> Task:
    if assignee is None or not assignee.is_active:
        raise ValidationError({"assignee": _("Vælg en aktiv medarbejder.")}, code="inactive")
    task.assignee = assignee
    task.full_clean()
    task.save()
    return task
