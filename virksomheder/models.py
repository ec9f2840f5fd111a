"""Companies, guidance, job openings, matches, placements and their follow-ups (app `virksomheder`)."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from fritidsjob.models import Industry, Youth, postcode_validator

# --- CVR -------------------------------------------------------------------------------

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_is_valid(value: str) -> bool:
    """Eight digits whose weighted sum (2,7,6,5,4,3,2,1) is divisible by 11 (modulus 11)."""
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        return False
    return sum(int(digit) * weight for digit, weight in zip(value, CVR_WEIGHTS, strict=True)) % 11 == 0


def cvr_completed(first_seven: str) -> str | None:
    """The CVR number that seven digits make with the check digit modulus 11 asks for; None if none can.

    For demo and test data only: a real CVR number is looked up, never made.
    """
    remainder = sum(int(digit) * weight for digit, weight in zip(first_seven, CVR_WEIGHTS[:7], strict=True)) % 11
    check = (11 - remainder) % 11
    return f"{first_seven}{check}" if check < 10 else None


def validate_cvr(value: str) -> None:
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("CVR-nummeret skal være otte cifre."), code="cvr_format")
    if not cvr_is_valid(value):
        raise ValidationError(
            _("%(cvr)s er ikke et gyldigt CVR-nummer (kontrolcifferet passer ikke).") % {"cvr": value},
            code="cvr_checksum",
        )


# --- companies -------------------------------------------------------------------------


class CompanySize(models.TextChoices):
    MICRO = "1-9", _("1-9 ansatte")
    SMALL = "10-49", _("10-49 ansatte")
    MEDIUM = "50-249", _("50-249 ansatte")
    LARGE = "250+", _("250 eller flere ansatte")


class IndustryCodeVersion(models.TextChoices):
    """The CVR register's industry nomenclature: Dansk Branchekode 2007, replaced by DB25 on 1 January 2025."""

    DB07 = "DB07", _("DB07")
    DB25 = "DB25", _("DB25")


class CompanyQuerySet(models.QuerySet):
    def matching(self, words: list[str]):
        """Companies with every word in the name (or a CVR number starting so): the list's and the top search."""
        qs = self
        for word in words:
            qs = qs.filter(models.Q(name__icontains=word) | models.Q(cvr__startswith=word))
        return qs

    def in_network(self):
        return self.filter(network_member_since__isnull=False)


class Company(models.Model):
    """A company (virksomhed) the jobcentre's Virksomhedsservice works with."""

    name = models.CharField(_("navn"), max_length=200)
    cvr = models.CharField(
        _("CVR-nummer"),
        max_length=8,
        unique=True,
        validators=[validate_cvr],
        error_messages={"unique": _("Der findes allerede en virksomhed med dette CVR-nummer.")},
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("branche"), on_delete=models.PROTECT, related_name="companies"
    )
    address = models.CharField(_("adresse"), max_length=200, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True, validators=[postcode_validator])
    city = models.CharField(_("by"), max_length=100, blank=True)
    size = models.CharField(_("størrelse"), max_length=10, choices=CompanySize, blank=True)
    network_member_since = models.DateField(
        _("med i virksomhedsnetværket siden"),
        null=True,
        blank=True,
        help_text=_("Tom: ikke med i netværket."),
    )
    responsible_consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig konsulent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_companies",
    )
    notes = models.TextField(_("noter"), blank=True)
    # From the CVR register (virksomheder/cvr.py), or typed by hand when it cannot be reached.
    company_form = models.CharField(_("virksomhedsform"), max_length=100, blank=True)
    industry_code = models.CharField(
        _("kode i CVR"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("Branchekoden skal være seks cifre."))],
    )
    industry_code_version = models.CharField(_("kodeversion"), max_length=4, choices=IndustryCodeVersion, blank=True)
    # The production unit (P-nummer) the young people work at, when the company has more than one.
    p_number = models.CharField(
        _("P-nummer"),
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^\d{10}$", _("P-nummeret skal være ti cifre."))],
    )
    ceased = models.BooleanField(_("ophørt"), default=False, help_text=_("Ophørt ifølge CVR-registret."))
    cvr_refreshed_at = models.DateTimeField(_("opdateret fra CVR"), null=True, blank=True)
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("virksomhed")
        verbose_name_plural = _("virksomheder")
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("virksomheder:company_detail", args=[self.pk])

    @property
    def in_network(self) -> bool:
        return self.network_member_since is not None

    def clean(self):
        if self.network_member_since and self.network_member_since > timezone.localdate():
            raise ValidationError({"network_member_since": _("Datoen ligger i fremtiden.")})


class IndustryCodeMapping(models.Model):
    """Which of the configured industries a CVR industry code's division (its first two digits) proposes.

    The project leader keeps the table; a consultant confirms or changes the proposal.
    """

    division = models.CharField(
        _("hovedgruppe"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}$", _("Hovedgruppen er de to første cifre i branchekoden."))],
        help_text=_("De to første cifre i branchekoden, fx 56 for restauranter."),
    )
    industry = models.ForeignKey(
        Industry, verbose_name=_("branche"), on_delete=models.CASCADE, related_name="code_mappings"
    )

    class Meta:
        ordering = ["division"]
        verbose_name = _("branchekode til branche")
        verbose_name_plural = _("branchekoder til brancher")

    def __str__(self):
        return f"{self.division} → {self.industry}"


class CompanyRegisterChange(models.Model):
    """What the nightly CVR refresh changed on a company, so staff can see it (virksomheder/cvr.py)."""

    company = models.ForeignKey(
        Company, verbose_name=_("virksomhed"), on_delete=models.CASCADE, related_name="register_changes"
    )
    field = models.CharField(_("felt"), max_length=50)
    old_value = models.CharField(_("før"), max_length=200, blank=True)
    new_value = models.CharField(_("efter"), max_length=200, blank=True)
    changed_at = models.DateTimeField(_("ændret"))

    class Meta:
        ordering = ["-changed_at", "pk"]
        verbose_name = _("ændring fra CVR")
        verbose_name_plural = _("ændringer fra CVR")

    def __str__(self):
        return f"{self.company}: {self.field}"


class ContactPerson(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("virksomhed")
    )
    name = models.CharField(_("navn"), max_length=150)
    role = models.CharField(_("rolle"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The contact's login to the company portal (role Virksomhedskontakt, one-time e-mail links,
    # no password): made by the invitation (virksomheder.portal.services.contact_invite).
    # Deactivating the contact deactivates the user, which ends their session at once.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login til virksomhedsportalen"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="company_contact",
    )
    portal_invited_at = models.DateTimeField(_("inviteret til portalen"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("kontaktperson")
        verbose_name_plural = _("kontaktpersoner")
        permissions = [("use_portal", _("Kan bruge virksomhedsportalen (egen virksomhed)"))]

    def __str__(self):
        return self.name


# --- guidance --------------------------------------------------------------------------


class GuidanceForm(models.TextChoices):
    VISIT = "besoeg", _("Besøg")
    PHONE = "telefon", _("Telefon")
    MEETING = "moede", _("Møde")
    NETWORK_MEETING = "netvaerksmoede", _("Netværksmøde")
    WEBINAR = "webinar", _("Webinar")
    OTHER = "andet", _("Andet")


class GuidanceTopic(models.TextChoices):
    RULES = "regler_for_unge", _("Regler for unge")
    SUITABLE_TASKS = "egnede_opgaver", _("Egnede opgaver")
    RECRUITMENT = "rekruttering", _("Rekruttering")
    RETENTION = "fastholdelse", _("Fastholdelse")
    OTHER = "andet", _("Andet")


class NetworkMeeting(models.Model):
    """A meeting of the company network; each attending company gets a guidance contact of form netværksmøde."""

    date = models.DateField(_("dato"), default=timezone.localdate)
    title = models.CharField(_("titel"), max_length=200)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    topic = models.CharField(_("emne"), max_length=30, choices=GuidanceTopic, blank=True)
    companies = models.ManyToManyField(
        Company, verbose_name=_("deltagende virksomheder"), blank=True, related_name="network_meetings"
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("arrangør"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("notat"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("netværksmøde")
        verbose_name_plural = _("netværksmøder")

    def __str__(self):
        return f"{self.title} {short_date(self.date)}"

    @property
    def is_planned(self) -> bool:
        """Dated after today: company contacts can sign up in the portal; attendance waits for the day."""
        return self.date > timezone.localdate()


# A planned meeting has sign-ups, not attendees: staff register who came once it is held.
PLANNED_ATTENDANCE = _("Deltagelse registreres, når mødet er holdt: datoen ligger i fremtiden.")


class NetworkMeetingSignup(models.Model):
    """A company contact's sign-up, in the portal, to a planned network meeting; it is not attendance
    (which staff still register on the meeting, creating the guidance contact)."""

    meeting = models.ForeignKey(
        NetworkMeeting, on_delete=models.CASCADE, related_name="signups", verbose_name=_("netværksmøde")
    )
    contact = models.ForeignKey(
        ContactPerson, on_delete=models.CASCADE, related_name="meeting_signups", verbose_name=_("kontaktperson")
    )
    created_at = models.DateTimeField(_("tilmeldt"), auto_now_add=True)

    class Meta:
        ordering = ["meeting", "contact__name", "pk"]
        verbose_name = _("tilmelding til netværksmøde")
        verbose_name_plural = _("tilmeldinger til netværksmøder")
        constraints = [models.UniqueConstraint(fields=["meeting", "contact"], name="signup_once_per_meeting_contact")]

    def __str__(self):
        return f"{self.contact}: {self.meeting}"


class ProgrammeText(models.Model):
    """The short "what the programme is" text on the portal's company page: one row, edited by the project leader."""

    body = models.TextField(
        _("tekst"), blank=True, help_text=_("Et par afsnit til virksomhedernes kontaktpersoner. Tom linje: nyt afsnit.")
    )
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tekst om programmet")
        verbose_name_plural = _("tekster om programmet")

    def __str__(self):
        return str(_("Om programmet"))

    @classmethod
    def current(cls) -> "ProgrammeText":
        """The one text (unsaved and empty until the project leader writes it)."""
        return cls.objects.order_by("pk").first() or cls()


class Guidance(models.Model):
    """A dated guidance contact (vejledning) with a company: what the KPI virksomheder_vejledt counts."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="guidance", verbose_name=_("virksomhed")
    )
    date = models.DateField(_("dato"), default=timezone.localdate)
    form = models.CharField(_("form"), max_length=20, choices=GuidanceForm, default=GuidanceForm.VISIT)
    topic = models.CharField(_("emne"), max_length=30, choices=GuidanceTopic, blank=True)
    # The import's free-text emne when it names none of the topics.
    topic_text = models.CharField(_("emne (fritekst)"), max_length=200, blank=True)
    # Empty for contacts imported from the programme's old spreadsheets.
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("konsulent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.TextField(_("udbytte og aftaler"), blank=True)
    network_meeting = models.ForeignKey(
        NetworkMeeting,
        verbose_name=_("netværksmøde"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guidance",
    )
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("vejledning")
        verbose_name_plural = _("vejledninger")
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["network_meeting", "company"],
                condition=Q(network_meeting__isnull=False),
                name="guidance_once_per_meeting_company",
            ),
        ]

    def __str__(self):
        return f"{self.get_form_display()} {short_date(self.date)}"

    @property
    def topic_label(self) -> str:
        return self.get_topic_display() if self.topic else self.topic_text

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("En vejledning kan ikke dateres i fremtiden.")})


# --- job openings ----------------------------------------------------------------------


class OpeningKind(models.TextChoices):
    LEISURE_JOB = "fritidsjob", _("Fritidsjob")
    TASTER = "snusepraktik", _("Snusepraktik/praktik")
    APPRENTICESHIP = "laereplads", _("Læreplads/elevplads")
    FEW_HOURS = "faa_timer", _("Få timer")
    OTHER = "andet", _("Andet")


class OpeningStatus(models.TextChoices):
    # An opening the company posted in the portal: no youth are matched to it before a consultant approves it.
    AWAITING_APPROVAL = "afventer", _("Afventer godkendelse")
    OPEN = "aaben", _("Åben")
    FILLED = "besat", _("Besat")
    CLOSED = "lukket", _("Lukket")


# What a consultant approved in an opening the company may change in the portal: a change to one of
# these (what the job is, who may do it, and when) sends an approved opening back for approval; the
# number of positions and the start date do not. An opening has no wage (that is the placement's).
FIELDS_NEEDING_APPROVAL = ("title", "kind", "tasks", "min_age", "hours_per_week", "weekly_schedule", "hazards")


class JobOpening(models.Model):
    """A job opening (jobåbning) at a company: the hours and days are checked against the young-worker rules."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="openings", verbose_name=_("virksomhed")
    )
    title = models.CharField(_("titel"), max_length=200)
    industry = models.ForeignKey(Industry, verbose_name=_("branche"), on_delete=models.PROTECT, related_name="openings")
    kind = models.CharField(_("type"), max_length=20, choices=OpeningKind, default=OpeningKind.LEISURE_JOB)
    tasks = models.TextField(_("arbejdsopgaver"), blank=True)
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=2, null=True, blank=True)
    # [{"weekday": 0, "start": "16:00", "end": "18:00"}, ...] (young_workers.Shift.to_json)
    weekly_schedule = models.JSONField(_("dage og tider"), default=list, blank=True)
    # [young_workers.Hazard value, ...]: kinds of work the rules restrict for young people.
    hazards = models.JSONField(_("særlige arbejdsforhold"), default=list, blank=True)
    min_age = models.PositiveSmallIntegerField(_("mindstealder"), default=15)
    positions = models.PositiveSmallIntegerField(_("antal stillinger"), default=1)
    start_date = models.DateField(_("startdato"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=10, choices=OpeningStatus, default=OpeningStatus.OPEN)
    rules_justification = models.TextField(_("begrundelse for undtagelse fra reglerne"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Posted by the company's contact in the portal ("ny fra virksomheden" on the board).
    posted_by_contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("oprettet af virksomheden"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="openings_posted",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("godkendt af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("godkendt"), null=True, blank=True)
    # An approved opening the contact changed in the portal (FIELDS_NEEDING_APPROVAL): when, by whom and
    # what it was before, {field: approved value}, until a consultant approves it again.
    company_changed_at = models.DateTimeField(_("ændret af virksomheden"), null=True, blank=True)
    company_changed_by = models.ForeignKey(
        ContactPerson,
        verbose_name=_("ændret af kontaktperson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    company_changes = models.JSONField(_("godkendt før ændringen"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-start_date", "title", "pk"]
        verbose_name = _("jobåbning")
        verbose_name_plural = _("jobåbninger")
        constraints = [
            models.CheckConstraint(condition=Q(positions__gte=1), name="opening_has_positions"),
            models.CheckConstraint(condition=Q(min_age__gte=13) & Q(min_age__lte=29), name="opening_min_age_range"),
        ]

    def __str__(self):
        return f"{self.title} ({self.company})"

    def get_absolute_url(self):
        return reverse("virksomheder:opening_detail", args=[self.pk])

    @property
    def awaits_approval(self) -> bool:
        return self.status == OpeningStatus.AWAITING_APPROVAL

    @property
    def is_changed_by_company(self) -> bool:
        """Approved once, then changed by the company in the portal: waiting for approval again."""
        return self.awaits_approval and self.company_changed_at is not None

    @property
    def is_new_from_company(self) -> bool:
        return self.awaits_approval and self.company_changed_at is None

    def clean(self):
        if self.hours_per_week is not None and not 0 <= self.hours_per_week <= 40:
            raise ValidationError({"hours_per_week": _("Timer pr. uge skal være mellem 0 og 40.")})


# --- matches ---------------------------------------------------------------------------


class MatchStage(models.TextChoices):
    SUGGESTED = "foreslaaet", _("Foreslået")
    SENT = "sendt", _("Sendt til virksomhed")
    INTERVIEW = "samtale", _("Samtale")
    HIRED = "ansat", _("Ansat")
    REJECTED = "afvist", _("Afvist")


# Where a match may go from each stage (ansat happens by recording the placement).
MATCH_NEXT_STAGES = {
    MatchStage.SUGGESTED: (MatchStage.SENT, MatchStage.REJECTED),
    MatchStage.SENT: (MatchStage.INTERVIEW, MatchStage.HIRED, MatchStage.REJECTED),
    MatchStage.INTERVIEW: (MatchStage.HIRED, MatchStage.REJECTED),
    MatchStage.HIRED: (),
    MatchStage.REJECTED: (),
}


class Match(models.Model):
    """A young person suggested for an opening, and how far it has come: the match pipeline."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="job_matches", verbose_name=_("ung"))
    opening = models.ForeignKey(
        JobOpening, on_delete=models.CASCADE, related_name="matches", verbose_name=_("jobåbning")
    )
    stage = models.CharField(_("trin"), max_length=20, choices=MatchStage, default=MatchStage.SUGGESTED)
    score = models.PositiveSmallIntegerField(_("point ved forslaget"), default=0)
    reasons = models.JSONField(_("begrundelser ved forslaget"), default=list, blank=True)
    rejection_reason = models.TextField(_("årsag til afvisning"), blank=True)
    suggested_on = models.DateField(_("foreslået"), default=timezone.localdate)
    sent_on = models.DateField(_("sendt til virksomheden"), null=True, blank=True)
    interview_on = models.DateField(_("samtale"), null=True, blank=True)
    decided_on = models.DateField(_("afgjort"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-suggested_on", "-pk"]
        verbose_name = _("match")
        verbose_name_plural = _("match")
        constraints = [
            models.UniqueConstraint(fields=["youth", "opening"], name="match_once_per_youth_opening"),
            models.CheckConstraint(
                condition=~Q(stage="afvist") | ~Q(rejection_reason=""), name="match_rejected_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.youth} – {self.opening.title}"

    def get_absolute_url(self):
        return self.opening.get_absolute_url()

    def get_additional_data(self):
        return {"youth_id": self.youth_id}

    @property
    def next_stages(self) -> tuple[str, ...]:
        return MATCH_NEXT_STAGES[MatchStage(self.stage)]

    @property
    def is_active(self) -> bool:
        return self.stage not in (MatchStage.HIRED, MatchStage.REJECTED)


# --- placements ------------------------------------------------------------------------

RETENTION_MONTHS = 6
CHECK_IN_MONTHS = 1


def six_months_after(day: datetime.date) -> datetime.date:
    """Six calendar months on, as relativedelta counts them (2023-08-31 -> 2024-02-29)."""
    return day + relativedelta(months=RETENTION_MONTHS)


class PlacementQuerySet(models.QuerySet):
    def employed_on(self, day: datetime.date):
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))

    def retained_six_months(self, as_of: datetime.date):
        """Held six calendar months by `as_of`: six_months_on <= min(end, as_of) (the end is the last day employed)."""
        return self.filter(six_months_on__lte=as_of).filter(Q(end__isnull=True) | Q(end__gte=models.F("six_months_on")))


class Placement(models.Model):
    """A young person's job (ansættelse) at a company. `end` is blank while employed, else the last day."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="placements", verbose_name=_("ung"))
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="placements", verbose_name=_("virksomhed")
    )
    opening = models.ForeignKey(
        JobOpening,
        verbose_name=_("jobåbning"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    match = models.OneToOneField(
        Match, verbose_name=_("match"), null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    job_title = models.CharField(_("jobtitel"), max_length=200, blank=True)
    start = models.DateField(_("startdato"))
    end = models.DateField(_("slutdato"), null=True, blank=True, help_text=_("Tom, så længe den unge er ansat."))
    # start + 6 calendar months, kept with `start` (save), so the retention KPI is counted in the database.
    six_months_on = models.DateField(_("seks måneder"), editable=False, blank=True)
    hours_per_week = models.DecimalField(_("timer pr. uge"), max_digits=4, decimal_places=2, null=True, blank=True)
    weekly_schedule = models.JSONField(_("dage og tider"), default=list, blank=True)
    tasks = models.TextField(_("arbejdsopgaver"), blank=True)
    hourly_wage = models.DecimalField(_("timeløn (kr.)"), max_digits=6, decimal_places=2, null=True, blank=True)
    contract_signed = models.BooleanField(_("kontrakt underskrevet"), default=False)
    end_reason = models.TextField(_("årsag til ophør"), blank=True)
    rules_justification = models.TextField(_("begrundelse for undtagelse fra reglerne"), blank=True)
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("oprettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("ansættelse")
        verbose_name_plural = _("ansættelser")
        indexes = [models.Index(fields=["start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="placement_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.company}"

    def save(self, *args, **kwargs):
        if self.start:
            self.six_months_on = six_months_after(self.start)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("virksomheder:placement_detail", args=[self.pk])

    def get_additional_data(self):
        return {"youth_id": self.youth_id}

    @property
    def title(self) -> str:
        return self.job_title or (self.opening.title if self.opening_id else str(_("Ansættelse")))

    @property
    def is_current(self) -> bool:
        return self.end is None or self.end >= timezone.localdate()

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Slutdatoen ligger før startdatoen.")
        if self.hours_per_week is not None and not 0 <= self.hours_per_week <= 40:
            errors["hours_per_week"] = _("Timer pr. uge skal være mellem 0 og 40.")
        if self.opening_id and self.company_id and self.opening.company_id != self.company_id:
            errors["opening"] = _("Jobåbningen hører til en anden virksomhed.")
        if errors:
            raise ValidationError(errors)


class FollowUpKind(models.TextChoices):
    ONE_MONTH = "1_maaned", _("Opfølgning efter 1 måned")
    SIX_MONTHS = "6_maaneder", _("Opfølgning efter 6 måneder")


FOLLOW_UP_MONTHS = {FollowUpKind.ONE_MONTH: CHECK_IN_MONTHS, FollowUpKind.SIX_MONTHS: RETENTION_MONTHS}


def follow_up_due(start: datetime.date, kind: str) -> datetime.date:
    """When a placement's follow-up of `kind` falls due: a month, or six months, after the start."""
    return start + relativedelta(months=FOLLOW_UP_MONTHS[FollowUpKind(kind)])


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_on__isnull=True)


class FollowUp(models.Model):
    """A follow-up of a placement, made with it: one month (check-in) and six months (was the job kept?)."""

    placement = models.ForeignKey(
        Placement, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("ansættelse")
    )
    kind = models.CharField(_("type"), max_length=20, choices=FollowUpKind)
    due_date = models.DateField(_("dato"))
    completed_on = models.DateField(_("gennemført"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gennemført af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    job_kept = models.BooleanField(_("jobbet er fastholdt"), null=True, blank=True)
    note = models.TextField(_("notat"), blank=True)
    # Answered by the company's contact through the follow-up link (the consultant sees who confirmed it).
    confirmed_by_contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("bekræftet af virksomheden"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups_confirmed",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind"], name="follow_up_once_per_placement_kind"),
        ]

    def __str__(self):
        return self.get_kind_display()

    def get_absolute_url(self):
        # The placement's page, at this follow-up: where it is recorded.
        # placement_id, not placement: the inbox lists many tasks without a query each.
        return reverse("virksomheder:placement_detail", args=[self.placement_id]) + f"#opfoelgning-{self.pk}"

    def get_additional_data(self):
        return {"youth_id": self.placement.youth_id}

    @property
    def is_done(self) -> bool:
        return self.completed_on is not None

    @property
    def is_six_months(self) -> bool:
        return self.kind == FollowUpKind.SIX_MONTHS
