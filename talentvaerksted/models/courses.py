"""The Talentværksted: courses (forløb), their sessions (mødegange), enrollments and attendance.

The rules live here (capacity, which statuses take a seat, the completion rule);
the writes that apply them are in services.py.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from fritidsjob.models import Youth

DEFAULT_CAPACITY = 15
DEFAULT_MIN_ATTENDANCE_PERCENT = 75


class CourseKind(models.TextChoices):
    TALENT_COURSE = "forloeb", _("Talentværksted-forløb")
    WORKSHOP = "workshop", _("Workshop")


class Topic(models.TextChoices):
    CV = "cv", _("CV")
    APPLICATION = "ansoegning", _("Ansøgning")
    JOB_INTERVIEW = "jobsamtale", _("Jobsamtale")
    COMPANY_VISIT = "virksomhedsbesoeg", _("Virksomhedsbesøg")
    RIGHTS = "rettigheder", _("Rettigheder og arbejdsmiljø")
    OTHER = "andet", _("Andet")


def count_of(queryset: models.QuerySet, outer: str, field: str) -> Coalesce:
    """The number of rows of `queryset` whose `field` is the outer row's `outer`, as a subquery.

    Subqueries instead of joined Counts: joining enrollments, attendance and sessions at
    once would multiply the rows before grouping.
    """
    counted = queryset.filter(**{field: OuterRef(outer)}).order_by().values(field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted), 0)


class CourseQuerySet(models.QuerySet):
    def with_counts(self):
        """Seats taken, waiting list and sessions per course, counted in the database."""
        return self.annotate(
            seats_taken=count_of(Enrollment.objects.filter(status__in=SEAT_STATUSES), "pk", "course"),
            waiting_count=count_of(Enrollment.objects.filter(status=EnrollmentStatus.WAITING), "pk", "course"),
            session_count=count_of(CourseSession.objects.all(), "pk", "course"),
        )

    def upcoming(self, today: datetime.date):
        return self.filter(start_date__gt=today)

    def running(self, today: datetime.date):
        return self.filter(start_date__lte=today).filter(Q(end_date__isnull=True) | Q(end_date__gte=today))

    def finished(self, today: datetime.date):
        return self.filter(end_date__lt=today)


class Course(models.Model):
    """A course (forløb) or a workshop in the Talentværksted."""

    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=CourseKind, default=CourseKind.TALENT_COURSE)
    topics = models.JSONField(_("emner"), default=list, blank=True)
    description = models.TextField(
        _("indhold"), blank=True, help_text=_("Hvad de unge arbejder med. Står på diplomet.")
    )
    place = models.CharField(_("sted"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("antal pladser"), default=DEFAULT_CAPACITY, validators=[MinValueValidator(1)]
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("undervisere"), blank=True, related_name="led_courses"
    )
    start_date = models.DateField(_("startdato"))
    end_date = models.DateField(_("slutdato"), null=True, blank=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("krav til fremmøde (%)"),
        default=DEFAULT_MIN_ATTENDANCE_PERCENT,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Den unge foreslås som gennemført ved mindst denne andel af mødegangene."),
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("kopieret fra"), null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "title", "pk"]
        verbose_name = _("forløb")
        verbose_name_plural = _("forløb")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="course_end_not_before_start",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="course_min_attendance_at_most_100"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("talentvaerksted:course_detail", args=[self.pk])

    def topic_labels(self) -> list[str]:
        return [str(Topic(topic).label) for topic in self.topics if topic in Topic.values]

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Slutdatoen må ikke ligge før startdatoen.")
        if any(topic not in Topic.values for topic in self.topics or []):
            errors["topics"] = _("Ukendt emne.")
        if errors:
            raise ValidationError(errors)


class CourseSession(models.Model):
    """One session (mødegang) of a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("forløb"))
    date = models.DateField(_("dato"))
    start_time = models.TimeField(_("fra kl."))
    end_time = models.TimeField(_("til kl."), null=True, blank=True)
    place = models.CharField(_("sted"), max_length=200, blank=True, help_text=_("Tomt: forløbets sted."))
    topic = models.CharField(_("emne"), max_length=20, choices=Topic, blank=True)
    note = models.CharField(_("indhold"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("mødegang")
        verbose_name_plural = _("mødegange")

    def __str__(self):
        return f"{self.course} {short_date(self.date)}"

    @property
    def effective_place(self) -> str:
        return self.place or self.course.place

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("Sluttidspunktet skal ligge efter starttidspunktet.")})


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "tilmeldt", _("Tilmeldt")
    ACTIVE = "i_gang", _("I gang")
    COMPLETED = "gennemfoert", _("Gennemført")
    DROPPED = "afbrudt", _("Afbrudt")
    WAITING = "venteliste", _("Venteliste")


# Statuses that occupy one of the course's seats. A completed participant kept
# their seat to the end; a dropout's seat goes to the waiting list.
SEAT_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)
# Participants who can still complete or drop out.
OPEN_STATUSES = (EnrollmentStatus.ENROLLED, EnrollmentStatus.ACTIVE)


class EnrollmentQuerySet(models.QuerySet):
    def taking_seats(self):
        return self.filter(status__in=SEAT_STATUSES)

    def waiting(self):
        """The waiting list, first in line first."""
        return self.filter(status=EnrollmentStatus.WAITING).order_by("waitlisted_at", "pk")

    def completed(self):
        return self.filter(status=EnrollmentStatus.COMPLETED)

    def with_attendance(self):
        """Sessions attended (mødt) and sessions of the course, per enrollment."""
        return self.annotate(
            attended_count=count_of(Attendance.objects.filter(status=AttendanceStatus.PRESENT), "pk", "enrollment"),
            course_session_count=count_of(CourseSession.objects.all(), "course_id", "course"),
        )


class SessionReminder(models.TextChoices):
    """How the young person is reminded the day before each session (opgaver sends it)."""

    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")
    NONE = "ingen", _("Ingen påmindelse")


class Enrollment(models.Model):
    """A young person's place on a course, or on its waiting list."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("forløb"))
    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="course_enrollments", verbose_name=_("ung"))
    status = models.CharField(_("status"), max_length=20, choices=EnrollmentStatus, default=EnrollmentStatus.ENROLLED)
    enrolled_on = models.DateField(_("tilmeldt"), default=timezone.localdate)
    waitlisted_at = models.DateTimeField(_("sat på venteliste"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("rykket op fra venteliste"), null=True, blank=True)
    completed_on = models.DateField(_("gennemført"), null=True, blank=True)
    dropped_on = models.DateField(_("afbrudt"), null=True, blank=True)
    drop_reason = models.TextField(_("årsag til afbrud"), blank=True)
    # Why staff confirmed completion although the course's attendance rule was not met.
    override_reason = models.TextField(_("begrundelse for at fravige fremmødekravet"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bekræftet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    session_reminder = models.CharField(
        _("påmindelse dagen før en mødegang"), max_length=10, choices=SessionReminder, default=SessionReminder.SMS
    )
    # A parent chosen to get the same reminder (by the same channel); blank: only the young person.
    reminder_parent = models.ForeignKey(
        "foraeldre.Parent",
        verbose_name=_("påmindelse også til forælder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["youth__last_name", "youth__first_name", "pk"]
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        constraints = [
            models.UniqueConstraint(fields=["course", "youth"], name="enrollment_once_per_course"),
            models.CheckConstraint(
                condition=~Q(status="gennemfoert") | Q(completed_on__isnull=False),
                name="enrollment_completed_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="afbrudt") | Q(dropped_on__isnull=False),
                name="enrollment_dropped_has_date",
            ),
        ]
        indexes = [models.Index(fields=["status", "completed_on"])]

    def __str__(self):
        return f"{self.youth} – {self.course}"

    def get_additional_data(self):
        # The young person's audit trail includes their enrollments.
        return {"youth_id": self.youth_id}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_waiting(self) -> bool:
        return self.status == EnrollmentStatus.WAITING

    @property
    def is_completed(self) -> bool:
        return self.status == EnrollmentStatus.COMPLETED

    def attendance_percent(self) -> int | None:
        """Share of the course's sessions attended; needs `with_attendance()`. None without sessions."""
        if not self.course_session_count:
            return None
        return round(100 * self.attended_count / self.course_session_count)

    def meets_completion_rule(self) -> bool:
        """The course's rule: attended at least min_attendance_percent of its sessions (needs `with_attendance()`)."""
        return meets_rule(
            attended=self.attended_count,
            sessions=self.course_session_count,
            min_percent=self.course.min_attendance_percent,
        )

    @property
    def completion_proposed(self) -> bool:
        """The system proposes completion; staff confirm it (needs `with_attendance()`)."""
        return self.is_open and self.meets_completion_rule()

    def clean(self):
        errors = {}
        if self.status == EnrollmentStatus.COMPLETED and not self.completed_on:
            errors["completed_on"] = _("Angiv datoen for gennemførelsen.")
        if self.status == EnrollmentStatus.DROPPED and not self.dropped_on:
            errors["dropped_on"] = _("Angiv datoen for afbruddet.")
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = _("Datoen for gennemførelsen kan ikke ligge i fremtiden.")
        if self.dropped_on and self.dropped_on > timezone.localdate():
            errors["dropped_on"] = _("Datoen for afbruddet kan ikke ligge i fremtiden.")
        if self.reminder_parent_id and not self.reminder_parent.children.filter(pk=self.youth_id).exists():
            errors["reminder_parent"] = _("Vælg en af den unges egne forældre.")
        if errors:
            raise ValidationError(errors)


def meets_rule(*, attended: int, sessions: int, min_percent: int) -> bool:
    """The one completion rule: attended/sessions >= min_percent %. A course without sessions proposes nobody."""
    if sessions == 0:
        return False
    return attended * 100 >= min_percent * sessions


class AttendanceStatus(models.TextChoices):
    PRESENT = "moedt", _("Mødt")
    EXCUSED = "afbud", _("Afbud")
    ABSENT = "udeblevet", _("Udeblevet")


class Attendance(models.Model):
    """Roll call: one young person at one session."""

    session = models.ForeignKey(
        CourseSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("mødegang")
    )
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("tilmelding")
    )
    status = models.CharField(_("fremmøde"), max_length=20, choices=AttendanceStatus)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["session__date", "session__start_time", "pk"]
        verbose_name = _("fremmøde")
        verbose_name_plural = _("fremmøder")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrollment"], name="attendance_once_per_session"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} ({self.session})"

    def get_additional_data(self):
        return {"youth_id": self.enrollment.youth_id}

    def clean(self):
        if self.session_id and self.enrollment_id and self.session.course_id != self.enrollment.course_id:
            raise ValidationError(_("Den unge er ikke tilmeldt dette forløb."))
