"""Volunteer business mentors (erhvervsmentorer): vetting, mentor relationships and their sessions.

The vetting rules live here, on the model, so that the form, the matching
service, the coordinator overview and the reminders all ask the same question.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import long_date, short_date
from fritidsjob.models import Industry, Youth, age_on, postcode_validator

# Lov om indhentelse af børneattest (børneattestloven) requires a børneattest before a
# person has direct contact with children under 15 (shared/docs/domain-rules.md). The
# law sets no period of validity; the domain rules say "renew periodically (1-2 years is
# common practice)", and Viborg Idrætsråd advises renewing "f.eks. en gang om året eller
# en gang hvert andet år" (viborgidraetsraad.dk, "Lovpligtige børneattester"). We renew
# every two years: an attest obtained on 2024-03-01 is valid until 2026-02-28.
BOERNEATTEST_VALIDITY = relativedelta(years=2)
# Under this age (on the day) a mentor needs a valid børneattest to meet the young person.
BOERNEATTEST_AGE = 15
# How long before it expires an attest is shown (and reminded) as expiring.
BOERNEATTEST_LEAD_DAYS = 30

# About three hours a month for three months or more (issue 5).
NORM_HOURS_PER_MONTH = 3
MIN_RELATIONSHIP_MONTHS = 3
# A relationship without a session for this long needs follow-up (overview, reminder rule).
QUIET_DAYS = 30
# The overview's "ending soon".
ENDING_SOON_DAYS = 14


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month_start(day: datetime.date) -> datetime.date:
    return month_start(day) + relativedelta(months=1)


def default_planned_end(start: datetime.date) -> datetime.date:
    return start + relativedelta(months=MIN_RELATIONSHIP_MONTHS)


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 2)


def hours_label(minutes: int | None) -> str:
    """Minutes as Danish hours without trailing zeros: 90 -> "1,5", 75 -> "1,25", 180 -> "3"."""
    return f"{hours(minutes):.2f}".rstrip("0").rstrip(".").replace(".", ",")


# --- mentors -----------------------------------------------------------------------------


class MentorStatus(models.TextChoices):
    APPLICANT = "ansoeger", gettext_lazy("Ansøger")
    APPROVED = "godkendt", gettext_lazy("Godkendt")
    ACTIVE = "aktiv", gettext_lazy("Aktiv")
    PAUSED = "pause", gettext_lazy("Pause")
    STOPPED = "stoppet", gettext_lazy("Stoppet")


# Statuses that need complete vetting, and in which a mentor can be matched.
APPROVED_STATUSES = (MentorStatus.APPROVED, MentorStatus.ACTIVE)


class AttestAssessment(models.TextChoices):
    """The organisation's assessment of the børneattest (the attest itself is not kept)."""

    NOT_ASSESSED = "", gettext_lazy("Ikke vurderet")
    CLEAR = "ingen_anmaerkninger", gettext_lazy("Ingen anmærkninger")
    REMARKS = "anmaerkninger", gettext_lazy("Anmærkninger – kan ikke godkendes")


class MentorQuerySet(models.QuerySet):
    def matching(self, words: list[str]):
        """Mentors with every word in a name, the employer or the job title: the list's and the top search."""
        qs = self
        for word in words:
            qs = qs.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(employer__icontains=word)
                | Q(job_title__icontains=word)
            )
        return qs

    def registered(self):
        return self.exclude(status=MentorStatus.STOPPED)

    def approved(self):
        return self.filter(status__in=APPROVED_STATUSES)

    def with_load(self, today: datetime.date):
        """Annotate active_count (active relationships) and minutes_this_month (sessions this month)."""
        return self.annotate(
            active_count=Count(
                "relationships", filter=Q(relationships__status=RelationshipStatus.ACTIVE), distinct=True
            ),
            minutes_this_month=Coalesce(
                models.Subquery(
                    MentorSession.objects.filter(
                        relationship__mentor=models.OuterRef("pk"),
                        date__gte=month_start(today),
                        date__lt=next_month_start(today),
                    )
                    .order_by()
                    .values("relationship__mentor")
                    .annotate(total=models.Sum("duration_minutes"))
                    .values("total")
                ),
                0,
            ),
            last_session=models.Subquery(
                MentorSession.objects.filter(relationship__mentor=models.OuterRef("pk"))
                .order_by("-date")
                .values("date")[:1]
            ),
        )


class Mentor(models.Model):
    """A volunteer business mentor (erhvervsmentor)."""

    first_name = models.CharField(gettext_lazy("fornavn"), max_length=100)
    last_name = models.CharField(gettext_lazy("efternavn"), max_length=100)
    employer = models.CharField(gettext_lazy("arbejdsgiver"), max_length=150, blank=True)
    job_title = models.CharField(gettext_lazy("stilling"), max_length=150, blank=True)
    industries = models.ManyToManyField(
        Industry, verbose_name=gettext_lazy("branchebaggrund"), blank=True, related_name="mentors"
    )
    phone = models.CharField(gettext_lazy("telefon"), max_length=20, blank=True)
    email = models.EmailField(gettext_lazy("e-mail"), blank=True)
    postcode = models.CharField(gettext_lazy("postnummer"), max_length=4, blank=True, validators=[postcode_validator])
    languages = models.CharField(
        gettext_lazy("sprog"),
        max_length=200,
        default="dansk",
        blank=True,
        help_text=gettext_lazy("Adskil med komma, fx: dansk, engelsk, arabisk."),
    )
    availability = models.CharField(
        gettext_lazy("tilgængelighed"),
        max_length=200,
        blank=True,
        help_text=gettext_lazy("Fx: hverdage efter kl. 16, hver anden lørdag."),
    )
    about = models.TextField(gettext_lazy("om mentoren"), blank=True)
    capacity = models.PositiveSmallIntegerField(
        gettext_lazy("kapacitet"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=gettext_lazy("Hvor mange unge mentoren kan have ad gangen."),
    )
    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=MentorStatus, default=MentorStatus.APPLICANT
    )
    # Vetting (screening)
    interview_on = models.DateField(gettext_lazy("samtale holdt"), null=True, blank=True)
    boerneattest_on = models.DateField(gettext_lazy("børneattest indhentet"), null=True, blank=True)
    boerneattest_assessment = models.CharField(
        gettext_lazy("vurdering af børneattest"),
        max_length=20,
        choices=AttestAssessment,
        default=AttestAssessment.NOT_ASSESSED,
        blank=True,
    )
    confidentiality_signed_on = models.DateField(gettext_lazy("tavshedserklæring underskrevet"), null=True, blank=True)
    intro_course_on = models.DateField(gettext_lazy("introduktionskursus taget"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("brugerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentor_profile",
        help_text=gettext_lazy("Mentorens login til mentorportalen (rollen Mentor)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = gettext_lazy("mentor")
        verbose_name_plural = gettext_lazy("mentorer")
        permissions = [("use_portal", gettext_lazy("Kan bruge mentorportalen (egne mentees og møder)"))]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("mentorer:mentor_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def language_list(self) -> list[str]:
        return [part.strip().lower() for part in self.languages.split(",") if part.strip()]

    # --- vetting ---

    @property
    def boerneattest_expires_on(self) -> datetime.date | None:
        """The first day the attest no longer counts."""
        return self.boerneattest_on + BOERNEATTEST_VALIDITY if self.boerneattest_on else None

    def boerneattest_valid_on(self, day: datetime.date) -> bool:
        return (
            self.boerneattest_on is not None
            and self.boerneattest_assessment == AttestAssessment.CLEAR
            and self.boerneattest_on <= day < self.boerneattest_expires_on
        )

    def boerneattest_problem(self, day: datetime.date) -> str:
        """Why the attest does not count on `day` (Danish), or "" when it does."""
        if self.boerneattest_on is None:
            return _("børneattest")
        if self.boerneattest_assessment == AttestAssessment.REMARKS:
            return _("børneattesten har anmærkninger")
        if self.boerneattest_assessment != AttestAssessment.CLEAR:
            return _("vurdering af børneattesten")
        if self.boerneattest_on > day:
            return _("børneattest (dateret i fremtiden)")
        if day >= self.boerneattest_expires_on:
            return _("ny børneattest (den udløb %(date)s)") % {"date": long_date(self.boerneattest_expires_on)}
        return ""

    def basic_vetting_missing(self) -> list[str]:
        """The vetting steps besides the børneattest that have not been done (Danish)."""
        missing = []
        if not self.interview_on:
            missing.append(_("samtale"))
        if not self.confidentiality_signed_on:
            missing.append(_("tavshedserklæring"))
        if not self.intro_course_on:
            missing.append(_("introduktionskursus"))
        return missing

    def vetting_missing(self, day: datetime.date | None = None) -> list[str]:
        """Everything the vetting lacks on `day` (today), in Danish; empty when it is complete."""
        day = day or timezone.localdate()
        missing = self.basic_vetting_missing()
        if problem := self.boerneattest_problem(day):
            # In the order of the form: interview, børneattest, confidentiality, course.
            missing.insert(0 if self.interview_on else 1, problem)
        return missing

    def vetting_complete(self, day: datetime.date | None = None) -> bool:
        return not self.vetting_missing(day)

    def boerneattest_expiring(self, day: datetime.date) -> bool:
        """Valid on `day` but expiring within the lead time."""
        return self.boerneattest_valid_on(day) and self.boerneattest_expires_on <= day + datetime.timedelta(
            days=BOERNEATTEST_LEAD_DAYS
        )

    def clean(self):
        errors = {}
        today = timezone.localdate()
        for field in ("interview_on", "boerneattest_on", "confidentiality_signed_on", "intro_course_on"):
            value = getattr(self, field)
            if value and value > today:
                errors[field] = _("Datoen kan ikke ligge i fremtiden.")
        if self.boerneattest_assessment and not self.boerneattest_on:
            errors["boerneattest_on"] = _("Skriv, hvornår børneattesten blev indhentet.")
        if errors:
            raise ValidationError(errors)


# --- mentor relationships (mentorforløb) ---------------------------------------------------------


class RelationshipStatus(models.TextChoices):
    ACTIVE = "aktiv", gettext_lazy("Aktiv")
    ENDED = "afsluttet", gettext_lazy("Afsluttet")


class Outcome(models.TextChoices):
    JOB = "job", gettext_lazy("Job")
    EDUCATION = "uddannelse", gettext_lazy("Uddannelse")
    LEISURE_JOB = "fritidsjob", gettext_lazy("Fritidsjob")
    OTHER = "andet", gettext_lazy("Andet")
    NONE = "ingen", gettext_lazy("Ingen")


class RelationshipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=RelationshipStatus.ACTIVE)

    def with_last_activity(self):
        """Annotate last_session and last_activity: the last session's date, or the start if later or none."""
        return self.annotate(last_session=Max("sessions__date")).annotate(
            last_activity=Greatest(Coalesce("last_session", "start_date"), "start_date")
        )

    def quiet_since(self, day: datetime.date):
        """Active relationships with no session for QUIET_DAYS on `day`."""
        return self.active().with_last_activity().filter(last_activity__lte=day - datetime.timedelta(days=QUIET_DAYS))

    def ending_by(self, day: datetime.date):
        return self.active().filter(planned_end__lte=day)

    def with_minutes_in_month(self, day: datetime.date):
        return self.annotate(
            minutes_this_month=Coalesce(
                models.Sum(
                    "sessions__duration_minutes",
                    filter=Q(sessions__date__gte=month_start(day), sessions__date__lt=next_month_start(day)),
                ),
                0,
            )
        )


class MentorRelationship(models.Model):
    """A mentor relationship (mentorforløb) between one mentor and one young person."""

    youth = models.ForeignKey(
        Youth, on_delete=models.CASCADE, related_name="mentor_relationships", verbose_name=gettext_lazy("ung")
    )
    mentor = models.ForeignKey(
        Mentor, on_delete=models.PROTECT, related_name="relationships", verbose_name=gettext_lazy("mentor")
    )
    start_date = models.DateField(gettext_lazy("start"), default=timezone.localdate)
    planned_end = models.DateField(gettext_lazy("planlagt slut"))
    goals = models.TextField(
        gettext_lazy("mål med den unges egne ord"),
        help_text=gettext_lazy("Skriv målene, som den unge selv siger dem."),
    )
    next_steps = models.TextField(gettext_lazy("næste skridt"), blank=True)
    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=RelationshipStatus, default=RelationshipStatus.ACTIVE
    )
    ended_on = models.DateField(gettext_lazy("afsluttet"), null=True, blank=True)
    outcome = models.CharField(gettext_lazy("resultat"), max_length=12, choices=Outcome, blank=True)
    evaluation = models.TextField(gettext_lazy("evaluering"), blank=True)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("koordinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_relationships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = gettext_lazy("mentorforløb")
        verbose_name_plural = gettext_lazy("mentorforløb")
        constraints = [
            models.UniqueConstraint(
                fields=["youth"], condition=Q(status="aktiv"), name="mentor_relationship_one_active_per_youth"
            ),
            models.CheckConstraint(
                condition=Q(status="aktiv", ended_on__isnull=True, outcome="")
                | (Q(status="afsluttet", ended_on__isnull=False) & ~Q(outcome="")),
                name="mentor_relationship_ended_has_date_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__gt=models.F("start_date")), name="mentor_relationship_end_after_start"
            ),
        ]

    def __str__(self):
        return _("Mentorforløb %(start)s") % {"start": short_date(self.start_date)}

    def get_absolute_url(self):
        return reverse("mentorer:relationship_detail", args=[self.pk])

    def get_additional_data(self):
        # The young person's audit trail includes their mentor relationships.
        return {"youth_id": self.youth_id}

    @property
    def is_active(self) -> bool:
        return self.status == RelationshipStatus.ACTIVE

    def clean(self):
        errors = {}
        if self.start_date and self.planned_end:
            minimum = default_planned_end(self.start_date)
            if self.planned_end < minimum:
                errors["planned_end"] = _(
                    "Et mentorforløb varer mindst %(months)s måneder: planlagt slut skal være %(date)s eller senere."
                ) % {"months": MIN_RELATIONSHIP_MONTHS, "date": long_date(minimum)}
        if self.ended_on and self.start_date and self.ended_on < self.start_date:
            errors["ended_on"] = _("Forløbet kan ikke slutte, før det er startet.")
        if self.ended_on and self.ended_on > timezone.localdate():
            errors["ended_on"] = _("Afslutningsdatoen kan ikke ligge i fremtiden.")
        if errors:
            raise ValidationError(errors)


# --- sessions ---------------------------------------------------------------------------------


class SessionForm(models.TextChoices):
    MEETING = "moede", gettext_lazy("Møde")
    PHONE = "telefon", gettext_lazy("Telefon")
    ONLINE = "online", gettext_lazy("Online")
    COMPANY_VISIT = "virksomhedsbesoeg", gettext_lazy("Virksomhedsbesøg")


class MentorSession(models.Model):
    """A logged mentor session (møde): date, duration, form, topic and a short note."""

    relationship = models.ForeignKey(
        MentorRelationship, on_delete=models.CASCADE, related_name="sessions", verbose_name=gettext_lazy("mentorforløb")
    )
    date = models.DateField(gettext_lazy("dato"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        gettext_lazy("varighed (minutter)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    form = models.CharField(gettext_lazy("form"), max_length=20, choices=SessionForm, default=SessionForm.MEETING)
    topic = models.CharField(gettext_lazy("emne"), max_length=200)
    note = models.TextField(gettext_lazy("notat"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("logget af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = gettext_lazy("mentormøde")
        verbose_name_plural = gettext_lazy("mentormøder")
        indexes = [models.Index(fields=["relationship", "date"])]

    def __str__(self):
        return f"{self.get_form_display()} {short_date(self.date)}"

    def get_additional_data(self):
        return {"youth_id": self.relationship.youth_id}

    @property
    def hours(self) -> float:
        return hours(self.duration_minutes)

    def clean(self):
        if not self.date or self.relationship_id is None:
            return
        relationship = self.relationship
        if self.date > timezone.localdate():
            raise ValidationError({"date": _("Et møde kan ikke dateres i fremtiden.")})
        if self.date < relationship.start_date:
            raise ValidationError(
                {
                    "date": _("Mødet ligger før forløbet startede (%(date)s).")
                    % {"date": long_date(relationship.start_date)}
                }
            )
        if relationship.ended_on and self.date > relationship.ended_on:
            raise ValidationError({"date": _("Forløbet er afsluttet; mødet ligger efter afslutningen.")})


def youth_age_on(youth: Youth, day: datetime.date) -> int:
    return age_on(youth.birth_date, day)
