"""Tasks (opgaver) in the staff's inboxes, and the reminders that beat creates and sends.

A reminder rule (opgaver/registry.py) finds records that are due. For each
(rule, record, due date) exactly one Reminder row can exist (a database
constraint), and a task and/or messages hang off it. A Delivery is one message
to one recipient on one channel and is its own send log: pending, sending,
sent or failed, with attempts and the last error.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from fritidsjob.models import Youth


class ReminderRule(models.Model):
    """The admin's handle on a rule whose logic lives in code (registry.Rule with the same key).

    Rows are made from the code's registry after migrate (and at every run), so
    the admin can switch a rule off and change its lead time. Nothing is ever
    reminded about a due date before `active_since`.
    """

    key = models.SlugField(_("nøgle"), max_length=60, unique=True)
    name = models.CharField(_("navn"), max_length=150)
    enabled = models.BooleanField(_("slået til"), default=True)
    lead_days = models.PositiveSmallIntegerField(
        _("dage i forvejen"),
        default=0,
        help_text=_("Hvor mange dage før fristen opgaven oprettes og beskeder sendes."),
    )
    active_since = models.DateField(
        _("aktiv fra"),
        default=timezone.localdate,
        help_text=_(
            "Der mindes aldrig om en frist før denne dato. Flyt den frem, hvis reglen har været slået fra "
            "og ikke skal indhente den tid."
        ),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("påmindelsesregel")
        verbose_name_plural = _("påmindelsesregler")

    def __str__(self):
        return self.name


class Reminder(models.Model):
    """That a rule has fired for one record and one due date: made at most once, by the constraint."""

    rule = models.ForeignKey(ReminderRule, on_delete=models.PROTECT, related_name="reminders", verbose_name=_("regel"))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    due_date = models.DateField(_("frist"))
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("påmindelse")
        verbose_name_plural = _("påmindelser")
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "content_type", "object_id", "due_date"], name="reminder_once_per_rule_record_due_date"
            ),
        ]

    def __str__(self):
        return f"{self.rule} ({short_date(self.due_date)})"


class TaskStatus(models.TextChoices):
    OPEN = "aaben", _("Åben")
    DONE = "udfoert", _("Udført")


class TaskQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=TaskStatus.OPEN)

    def current(self, today: datetime.date):
        """Open tasks that are not snoozed past `today`: what the inbox lists and the menu counts."""
        return self.open().filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lte=today))

    def snoozed(self, today: datetime.date):
        return self.open().filter(snoozed_until__gt=today)

    def overdue(self, today: datetime.date):
        return self.open().filter(due_date__lt=today)


class Task(models.Model):
    """A task (opgave) for one staff member, made by a reminder rule or by hand."""

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    due_date = models.DateField(_("frist"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        help_text=_("Uden ansvarlig ses opgaven af projektlederen under teamets opgaver."),
    )
    youth = models.ForeignKey(
        Youth, verbose_name=_("ung"), null=True, blank=True, on_delete=models.CASCADE, related_name="tasks"
    )
    # What else the task is about (a placement, a company, a mentor ...): shown as a link when it has a URL.
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    concerning = GenericForeignKey("content_type", "object_id")
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus, default=TaskStatus.OPEN)
    snoozed_until = models.DateField(_("udsat til"), null=True, blank=True)
    reminder = models.OneToOneField(
        Reminder, verbose_name=_("påmindelse"), null=True, blank=True, on_delete=models.SET_NULL, related_name="task"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("udført"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("opgave")
        verbose_name_plural = _("opgaver")
        permissions = [("view_team_tasks", _("Kan se og fordele teamets opgaver"))]
        indexes = [models.Index(fields=["assignee", "status", "due_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="udfoert", completed_at__isnull=False)
                | Q(status="aaben", completed_at__isnull=True),
                name="task_done_has_completed_at",
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="task_concerning_complete",
            ),
        ]

    def __str__(self):
        return self.title

    def get_additional_data(self):
        # The young person's audit trail includes their tasks.
        return {"youth_id": self.youth_id}

    @property
    def made_by_rule(self) -> bool:
        return self.reminder_id is not None

    @property
    def concerning_url(self) -> str:
        """The concerned record's page, if it has one (and is not simply the young person)."""
        target = self.concerning
        if target is None or (isinstance(target, Youth) and target.pk == self.youth_id):
            return ""
        return target.get_absolute_url() if hasattr(target, "get_absolute_url") else ""

    def is_overdue(self, today: datetime.date) -> bool:
        return self.status == TaskStatus.OPEN and self.due_date < today

    def clean(self):
        if self.snoozed_until and self.status == TaskStatus.DONE:
            raise ValidationError({"snoozed_until": _("En udført opgave kan ikke udsættes.")})


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class RecipientKind(models.TextChoices):
    STAFF = "medarbejder", _("Medarbejder")
    YOUTH = "ung", _("Ung")
    PARENT = "foraelder", _("Forælder")
    MENTOR = "mentor", _("Mentor")
    COMPANY = "virksomhed", _("Virksomhed")


class DeliveryStatus(models.TextChoices):
    PENDING = "venter", _("Venter")
    SENDING = "sendes", _("Sendes")
    SENT = "sendt", _("Sendt")
    FAILED = "fejlet", _("Fejlet")


class ReceiptStatus(models.TextChoices):
    """What the SMS gateway's delivery receipt said (nothing yet: blank)."""

    DELIVERED = "leveret", _("Leveret")
    UNDELIVERED = "ikke_leveret", _("Ikke leveret")


class DeliveryQuerySet(models.QuerySet):
    def failed_unresolved(self):
        """Failed sends nobody has dealt with yet: the health page and the inboxes show them."""
        return self.filter(status=DeliveryStatus.FAILED, dismissed_at__isnull=True)

    def due(self, now: datetime.datetime):
        return self.filter(status=DeliveryStatus.PENDING, send_after__lte=now)


class Delivery(models.Model):
    """One message to one recipient on one channel: the send log.

    The message is rendered when the reminder is made (or the consultant sends it from the
    case), so a retry sends exactly the same text.
    """

    # A reminder rule's message; None for one a staff member sent from the case (sent_by, request_key).
    reminder = models.ForeignKey(
        Reminder,
        verbose_name=_("påmindelse"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sendt af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The send form's one-time key: the same form sent twice (a double click, a reload) makes one message.
    request_key = models.UUIDField(_("afsendelsesnøgle"), null=True, blank=True, unique=True, editable=False)
    youth = models.ForeignKey(
        Youth, verbose_name=_("ung"), null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    # Who sees it in the inbox if sending fails for good.
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel)
    recipient_kind = models.CharField(_("modtager"), max_length=20, choices=RecipientKind)
    to = models.CharField(_("til"), max_length=254)
    subject = models.CharField(_("emne"), max_length=200, blank=True)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus, default=DeliveryStatus.PENDING)
    send_after = models.DateTimeField(_("sendes tidligst"))
    # Asked for by the recipient this minute (a one-time code): quiet hours do not hold it.
    requested = models.BooleanField(_("bedt om af modtageren"), default=False)
    attempts = models.PositiveSmallIntegerField(_("forsøg"), default=0)
    last_error = models.TextField(_("seneste fejl"), blank=True)
    claimed_at = models.DateTimeField(_("afsendelse startet"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    dismissed_at = models.DateTimeField(_("afvist"), null=True, blank=True)
    # The gateway's id for the message, which its delivery receipt names (opgaver.views.SmsReceiptView).
    provider_message_id = models.CharField(_("udbyderens beskedid"), max_length=100, blank=True, db_index=True)
    receipt = models.CharField(_("kvittering"), max_length=20, choices=ReceiptStatus, blank=True)
    receipt_at = models.DateTimeField(_("kvittering modtaget"), null=True, blank=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("udsendelse")
        verbose_name_plural = _("udsendelser")
        permissions = [
            ("view_health", _("Kan se driftsstatus og alle mislykkede udsendelser")),
            ("send_case_message", _("Kan sende SMS og e-mail til en ung eller en forælder fra sagen")),
        ]
        indexes = [models.Index(fields=["status", "send_after"])]
        constraints = [
            # The same message never goes twice to the same address for one reminder.
            models.UniqueConstraint(fields=["reminder", "channel", "to"], name="delivery_once_per_reminder_recipient"),
            models.CheckConstraint(
                condition=Q(reminder__isnull=False) | Q(request_key__isnull=False),
                name="delivery_from_a_reminder_or_a_send_form",
            ),
            models.CheckConstraint(
                condition=Q(status="sendt", sent_at__isnull=False) | (~Q(status="sendt") & Q(sent_at__isnull=True)),
                name="delivery_sent_has_sent_at",
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} til {self.get_recipient_kind_display().lower()}"

    def get_additional_data(self):
        return {"youth_id": self.youth_id}
