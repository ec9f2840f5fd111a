import datetime
import re
import unicodedata

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from core.limits import EARLIEST_DATE, LONG_TEXT_MAX_LENGTH

from . import cpr

postcode_validator = RegexValidator(r"^\d{4}$", _("Postnummeret skal være fire cifre."))
# KLE (KL's emnesystematik) 15.30.05: "Formidling af fritidsjob og studiejob", every case's default.
KLE_LEISURE_JOBS = "15.30.05"


def reference_errors(value: str, pattern_setting: str, label: str) -> str:
    """A Danish message if `value` does not have the format the municipality set (empty: any format)."""
    pattern = getattr(settings, pattern_setting, "")
    if value and pattern and not re.fullmatch(pattern, value):
        example = getattr(settings, f"{pattern_setting.removesuffix('_PATTERN')}_EXAMPLE", "")
        label = str(label)
        message = _("%(label)s har ikke kommunens format.") % {"label": label[:1].upper() + label[1:]}
        return f"{message} {_('Fx %(example)s.') % {'example': example}}" if example else message
    return ""


# Who the programme is for (see README, "Målgruppe og alder").
TARGET_AGE_MIN = 13
TARGET_AGE_MAX = 17
EXPLORATION_AGE_MAX = 14
ALLOWED_AGE_MAX = 29
# Of age (myndig, værgemålsloven § 1): from 18 a young person consents alone and is no
# longer a young worker (bekendtgørelse om unges arbejde). The one definition.
ADULT_AGE = 18


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    return relativedelta(day, birth_date).years


def validate_registration_age(birth_date: datetime.date, today: datetime.date | None = None) -> None:
    """The one rule for who may be registered in the app: 13 to 29 years old."""
    today = today or timezone.localdate()
    age = age_on(birth_date, today)
    if birth_date > today:
        raise ValidationError(_("Fødselsdatoen ligger i fremtiden."), code="future")
    if age < TARGET_AGE_MIN:
        raise ValidationError(
            _("Den unge er %(age)s år. Indsatsen er for unge fra 13 år.") % {"age": age},
            code="too_young",
        )
    if age > ALLOWED_AGE_MAX:
        raise ValidationError(
            _("Den unge er %(age)s år. Der kan højst registreres unge op til 29 år.") % {"age": age},
            code="too_old",
        )


class YoungWorkerNotes(models.TextChoices):
    """The trade whose notes on young workers an industry's guide carries (virksomheder.young_workers.guide)."""

    NONE = "", _("Ingen særlige")
    RETAIL = "detailhandel", _("Butikker, kiosker og servicestationer")
    HOTEL = "hotel_restaurant", _("Hoteller, restauranter og caféer")
    BAKERY = "bageri", _("Bagerier")
    AGRICULTURE = "landbrug", _("Landbrug, gartnerier og staldarbejde")
    TRANSPORT = "transport", _("Transport, bud og avisomdeling")
    MANUFACTURING = "industri", _("Industri og produktion")
    CONSTRUCTION = "byggeri", _("Bygge og anlæg")
    CARE = "social_sundhed", _("Social og sundhed")
    CULTURE = "kultur_idraet", _("Kultur, idræt og fritid")


class Industry(models.Model):
    """A branche. The list is configurable; the eight defaults come from a data migration."""

    name = models.CharField(_("navn"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    # Chosen, not guessed from the name: "sport" is inside "transport".
    young_worker_notes = models.CharField(
        _("særlige regler for unge"),
        max_length=20,
        choices=YoungWorkerNotes,
        blank=True,
        help_text=_("Hvilket fags særlige regler for unge under 18 branchevejledningen viser."),
    )

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("branche")
        verbose_name_plural = _("brancher")

    def __str__(self):
        return self.name


class School(models.Model):
    name = models.CharField(_("navn"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("skole")
        verbose_name_plural = _("skoler")

    def __str__(self):
        return self.name

    def clean(self):
        # One rule for a school's name, whether typed in the admin or met in an import's free text.
        name = " ".join((self.name or "").split())
        if any(unicodedata.category(char).startswith("C") for char in name):
            raise ValidationError({"name": _("Skolens navn må ikke indeholde kontroltegn.")})
        if name and not any(char.isalpha() for char in name):
            raise ValidationError({"name": _("Skolens navn skal indeholde bogstaver.")})
        if name[:1] in ("=", "+", "-", "@"):
            # A name starting like a formula would run as one when a list is opened in a spreadsheet.
            raise ValidationError({"name": _("Skolens navn må ikke begynde med =, +, - eller @.")})
        self.name = name


class Gender(models.TextChoices):
    GIRL = "pige", _("Pige")
    BOY = "dreng", _("Dreng")
    OTHER = "andet", _("Andet")
    UNKNOWN = "uoplyst", _("Uoplyst")


class TargetGroupLevel(models.TextChoices):
    VULNERABLE = "saarbar", _("Sårbar")
    POTENTIALLY_VULNERABLE = "potentielt_saarbar", _("Potentielt sårbar")


class ReferralSource(models.TextChoices):
    SCHOOL = "skole", _("Skole")
    SSP = "ssp", _("SSP")
    JOBCENTER = "jobcenter", _("Jobcenter")
    YOUTH_SCHOOL = "ungdomsskole", _("Ungdomsskole")
    PARENTS = "foraeldre", _("Forældre")
    OTHER = "andet", _("Andet")


class YouthStatus(models.TextChoices):
    REFERRED = "henvist", _("Henvist")
    ASSESSED = "visiteret", _("Visiteret")
    IN_COURSE = "i_forloeb", _("I forløb")
    JOB_READY = "jobparat", _("Jobparat")
    IN_JOB = "i_job", _("I job")
    CLOSED = "afsluttet", _("Afsluttet")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Mandag")
    TUESDAY = 1, _("Tirsdag")
    WEDNESDAY = 2, _("Onsdag")
    THURSDAY = 3, _("Torsdag")
    FRIDAY = 4, _("Fredag")
    SATURDAY = 5, _("Lørdag")
    SUNDAY = 6, _("Søndag")


class YouthQuerySet(models.QuerySet):
    def target_group(self):
        return self.filter(in_target_group=True)

    def active(self):
        return self.exclude(status=YouthStatus.CLOSED)

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def name_matches(self, query: str):
        """Youth whose first or last name contains every word of `query` ("fre mad" finds Freja Madsen),
        or whose case number in the jobcentre's or the ESDH system is a word of it."""
        qs = self
        for word in query.split():
            qs = qs.filter(
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(jobcenter_case_number__iexact=word)
                | models.Q(esdh_case_number__iexact=word)
            )
        return qs

    def born_between(self, oldest: datetime.date, youngest: datetime.date):
        return self.filter(birth_date__gte=oldest, birth_date__lte=youngest)

    def aged(self, min_age: int | None, max_age: int | None, today: datetime.date):
        """Youth whose age today lies in [min_age, max_age]."""
        qs = self
        if min_age is not None:
            qs = qs.filter(birth_date__lte=today - relativedelta(years=min_age))
        if max_age is not None:
            qs = qs.filter(birth_date__gt=today - relativedelta(years=max_age + 1))
        return qs

    def likely_duplicates(self, *, first_name: str, last_name: str, birth_date: datetime.date):
        return self.filter(
            first_name__iexact=first_name.strip(),
            last_name__iexact=last_name.strip(),
            birth_date=birth_date,
        )


class Youth(models.Model):
    """A young person's case (en ung)."""

    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"))
    gender = models.CharField(_("køn"), max_length=10, choices=Gender, default=Gender.UNKNOWN)
    cpr_encrypted = models.TextField(_("CPR-nummer (krypteret)"), blank=True, editable=False)
    school = models.ForeignKey(
        School, verbose_name=_("skole"), null=True, blank=True, on_delete=models.PROTECT, related_name="youth"
    )
    school_class = models.CharField(_("klasse"), max_length=20, blank=True)
    postcode = models.CharField(_("postnummer"), max_length=4, blank=True, validators=[postcode_validator])
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    in_target_group = models.BooleanField(_("i målgruppen"), default=True)
    target_group_level = models.CharField(_("målgruppe"), max_length=20, choices=TargetGroupLevel, blank=True)
    target_group_reasons = models.TextField(_("begrundelse for målgruppe"), blank=True)
    referral_source = models.CharField(_("henvist af"), max_length=20, choices=ReferralSource, blank=True)
    industries_of_interest = models.ManyToManyField(
        Industry, verbose_name=_("interesserede brancher"), blank=True, related_name="interested_youth"
    )
    available_weekdays = models.JSONField(_("kan arbejde på"), default=list, blank=True)
    available_from = models.TimeField(_("kan arbejde fra kl."), null=True, blank=True)
    available_until = models.TimeField(_("kan arbejde til kl."), null=True, blank=True)
    responsible_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ansvarlig medarbejder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_youth",
    )
    status = models.CharField(_("status"), max_length=20, choices=YouthStatus, default=YouthStatus.REFERRED)
    end_reason = models.TextField(_("årsag til afslutning"), blank=True)
    registered_on = models.DateField(_("oprettet"), default=timezone.localdate)
    # The same case in the jobcentre's own systems (KMD Momentum, the ESDH system); the formats are
    # the municipality's (settings: *_PATTERN), checked in clean().
    jobcenter_case_number = models.CharField(_("jobcentrets sagsnummer"), max_length=40, blank=True)
    esdh_case_number = models.CharField(_("ESDH-sagsnummer"), max_length=40, blank=True)
    kle_number = models.CharField(
        _("KLE-nummer"),
        max_length=8,
        default=KLE_LEISURE_JOBS,
        validators=[RegexValidator(r"^\d{2}(\.\d{2}){0,2}$", _("KLE-nummeret skrives som 15.30.05."))],
        help_text=_("Emnet i KL's emnesystematik; 15.30.05 er formidling af fritidsjob og studiejob."),
    )
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    # When the case was closed: the retention period runs from here (fritidsjob/retention.py).
    closed_on = models.DateField(_("afsluttet den"), null=True, blank=True, editable=False)
    # Set once the person is anonymised (fritidsjob/erasure.py): the row stays for the KPIs.
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = YouthQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("ung")
        verbose_name_plural = _("unge")
        permissions = [
            ("view_audit_trail", _("Kan se revisionsspor for unge")),
            # Users are not case data, but the role matrix's permissions live on this app's models.
            ("manage_users", _("Kan invitere brugere og nulstille deres totrinsbekræftelse")),
            ("request_anonymisation", _("Kan anmode om anonymisering af en person")),
            # A second pair of eyes: the project leader or administrator approves, never the requester.
            ("approve_anonymisation", _("Kan godkende anonymisering og tilbageholde sager")),
        ]
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["birth_date"]),
            # "Mine unge" on the start page: my cases, most recently changed first.
            models.Index(fields=["responsible_staff", "-updated_at"], name="youth_mine_changed_idx"),
            # The KPIs' "in the target group" test of a parent's children (core.kpis): an index-only
            # lookup of the target group's ids instead of a scan of the whole youth table.
            models.Index(fields=["id"], condition=models.Q(in_target_group=True), name="youth_target_group_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="afsluttet") | ~models.Q(end_reason=""),
                name="youth_closed_has_end_reason",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("fritidsjob:youth_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def age(self) -> int:
        return age_on(self.birth_date, timezone.localdate())

    @property
    def is_exploration_group(self) -> bool:
        """13-14-year-olds: the exploration group (udforskningsgruppen)."""
        return TARGET_AGE_MIN <= self.age <= EXPLORATION_AGE_MAX

    @property
    def is_target_age(self) -> bool:
        return TARGET_AGE_MIN <= self.age <= TARGET_AGE_MAX

    @property
    def has_cpr(self) -> bool:
        return bool(self.cpr_encrypted)

    @property
    def cpr_masked(self) -> str:
        return cpr.masked(cpr.decrypt(self.cpr_encrypted)) if self.cpr_encrypted else ""

    def set_cpr(self, value: str) -> None:
        self.cpr_encrypted = cpr.encrypt(value) if value else ""

    def available_weekday_labels(self) -> list[str]:
        return [Weekday(day).label for day in sorted(self.available_weekdays)]

    def clean(self):
        errors = {}
        if self.status == YouthStatus.CLOSED and not self.end_reason.strip():
            errors["end_reason"] = _("Skriv en årsag, når sagen afsluttes.")
        if self.target_group_level and not self.in_target_group:
            errors["target_group_level"] = _("Vælg kun sårbar/potentielt sårbar for unge i målgruppen.")
        if self.available_from and self.available_until and self.available_from >= self.available_until:
            errors["available_until"] = _("Sluttidspunktet skal ligge efter starttidspunktet.")
        if any(day not in Weekday.values for day in self.available_weekdays or []):
            errors["available_weekdays"] = _("Ukendt ugedag.")
        for field, setting in (
            ("jobcenter_case_number", "JOBCENTER_CASE_NUMBER_PATTERN"),
            ("esdh_case_number", "ESDH_CASE_NUMBER_PATTERN"),
        ):
            if message := reference_errors(getattr(self, field), setting, self._meta.get_field(field).verbose_name):
                errors[field] = message
        if errors:
            raise ValidationError(errors)


class JournalKind(models.TextChoices):
    CONVERSATION = "samtale", _("Samtale")
    PHONE = "telefon", _("Telefon")
    SMS = "sms", _("SMS")
    MEETING = "moede", _("Møde")
    COMPANY_VISIT = "virksomhedsbesoeg", _("Virksomhedsbesøg")
    OTHER = "andet", _("Andet")


class JournalEntry(models.Model):
    """A dated entry in a young person's case journal."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="journal_entries", verbose_name=_("ung"))
    date = models.DateField(_("dato"), default=timezone.localdate)
    kind = models.CharField(_("type"), max_length=20, choices=JournalKind, default=JournalKind.CONVERSATION)
    text = models.TextField(_("notat"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("skrevet af"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("journalnotat")
        verbose_name_plural = _("journalnotater")

    def __str__(self):
        return f"{self.get_kind_display()} {short_date(self.date)}"

    def get_additional_data(self):
        # Lets the audit trail of a young person include their journal.
        return {"youth_id": self.youth_id}

    def clean(self):
        # The one place the journal's date and length rules live (the form and every service use full_clean).
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("Et journalnotat kan ikke dateres i fremtiden.")})
        if self.date and self.date < EARLIEST_DATE:
            raise ValidationError(
                {"date": _("Et journalnotat kan ikke dateres før %(date)s.") % {"date": short_date(EARLIEST_DATE)}}
            )
        youth = self.youth if self.youth_id else None
        if self.date and youth is not None and youth.birth_date and self.date < youth.birth_date:
            raise ValidationError({"date": _("Et journalnotat kan ikke dateres før den unges fødselsdato.")})
        if self.text and len(self.text) > LONG_TEXT_MAX_LENGTH:
            raise ValidationError(
                {
                    "text": _("Notatet må højst være %(count)s tegn.")
                    % {"count": f"{LONG_TEXT_MAX_LENGTH:,}".replace(",", ".")}
                }
            )


class Heartbeat(models.Model):
    """The last time a background process (worker, beat) showed it was alive."""

    name = models.CharField(_("navn"), max_length=50, unique=True)
    last_seen = models.DateTimeField(_("sidst set"))

    class Meta:
        verbose_name = _("livstegn")
        verbose_name_plural = _("livstegn")

    def __str__(self):
        return self.name


class SecurityEventKind(models.TextChoices):
    LOGIN_SUCCEEDED = "login", _("Logget ind")
    LOGIN_FAILED = "login_failed", _("Mislykket login")
    LOCKED_OUT = "locked_out", _("Låst ude")
    LOGGED_OUT = "logout", _("Logget ud")
    SESSION_EXPIRED = "session_expired", _("Logget ud automatisk")
    PASSWORD_CHANGED = "password_changed", _("Adgangskode skiftet")
    SECOND_FACTOR_ADDED = "second_factor_added", _("Andet faktor tilføjet")
    SECOND_FACTOR_REMOVED = "second_factor_removed", _("Andet faktor fjernet")
    ROLE_ADDED = "role_added", _("Rolle tildelt")
    ROLE_REMOVED = "role_removed", _("Rolle fjernet")


class SecurityEventQuerySet(models.QuerySet):
    def for_log(self):
        return self.select_related("user", "actor")


class SecurityEvent(models.Model):
    """One entry in the security log (fritidsjob/security.py writes them): append-only.

    `username` is what was typed or the user's name at the time, so a failed login for an
    unknown name is kept too; the user links stay even if a user is later deleted (no
    database constraint, as the rows are never updated).
    """

    kind = models.CharField(_("hændelse"), max_length=30, choices=SecurityEventKind.choices)
    occurred_at = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("brugernavn"), max_length=150, blank=True)
    # Who did it, when that is someone else (an administrator changing a role).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP-adresse"), null=True, blank=True)
    detail = models.CharField(_("detaljer"), max_length=255, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("sikkerhedshændelse")
        verbose_name_plural = _("sikkerhedslog")
        default_permissions = ()
        permissions = [("view_security_log", _("Kan se sikkerhedsloggen"))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"


# --- erasure and retention (fritidsjob/erasure.py, fritidsjob/retention.py) -------------------


class AnonymisationStatus(models.TextChoices):
    REQUESTED = "anmodet", _("Afventer godkendelse")
    DONE = "udfoert", _("Anonymiseret")
    REJECTED = "afvist", _("Afvist")


class AnonymisationRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=AnonymisationStatus.REQUESTED)

    def for_person(self, person: models.Model):
        from django.contrib.contenttypes.models import ContentType

        return self.filter(content_type=ContentType.objects.get_for_model(type(person)), object_id=person.pk)


class AnonymisationRequest(models.Model):
    """A request to anonymise one person (a young person or a parent): asked, approved, carried out.

    The request is the erasure's own record and stays afterwards: who asked, who approved,
    when and why. The person is named by kind and id only, never by name.
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    reason = models.TextField(_("begrundelse"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=AnonymisationStatus, default=AnonymisationStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("anmodet af"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("anmodet"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgjort af"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("afgjort"), null=True, blank=True)
    # How it came about: a staff member's request, the command line, or the retention task.
    origin = models.CharField(_("oprindelse"), max_length=20, default="side")
    scrubbed_entries = models.PositiveIntegerField(_("renskrevne revisionsposter"), default=0)

    objects = AnonymisationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("anmodning om anonymisering")
        verbose_name_plural = _("anmodninger om anonymisering")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=models.Q(status="anmodet"),
                name="one_pending_anonymisation_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.content_type.model} #{self.object_id}: {self.get_status_display()}"


class AuditScrub(models.Model):
    """One pass of the one path that may rewrite the audit trail (fritidsjob/erasure.py).

    On PostgreSQL the trigger lets an entry be changed (values only) or an access entry be
    deleted only while a function owned by the tables' owner runs with the id of a row
    of this table: every rewrite is logged here first, in the same transaction.
    """

    class Kind(models.TextChoices):
        ANONYMISATION = "anonymisering", _("Anonymisering")
        ACCESS_LOG_EXPIRY = "adgangslog", _("Adgangslog slettet efter opbevaringsperioden")

    kind = models.CharField(_("type"), max_length=20, choices=Kind)
    performed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("udført af"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("begrundelse"), max_length=1000)
    entries = models.PositiveIntegerField(_("poster"), default=0)

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("renskrivning af revisionssporet")
        verbose_name_plural = _("renskrivninger af revisionssporet")

    def __str__(self):
        return f"{self.get_kind_display()} {short_date(self.performed_at)}"


class RetentionHold(models.Model):
    """A closed case kept past its retention date, with the reason (e.g. a complaint pending)."""

    youth = models.OneToOneField(Youth, on_delete=models.CASCADE, related_name="retention_hold", verbose_name=_("ung"))
    reason = models.TextField(_("begrundelse"), max_length=1000)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tilbageholdt af"), on_delete=models.PROTECT, related_name="+"
    )
    placed_on = models.DateField(_("tilbageholdt den"), default=timezone.localdate)

    class Meta:
        verbose_name = _("tilbageholdelse")
        verbose_name_plural = _("tilbageholdelser")

    def __str__(self):
        return f"{self._meta.verbose_name} {short_date(self.placed_on)}"

    def get_additional_data(self):
        return {"youth_id": self.youth_id}


class AccessFlagKind(models.TextChoices):
    MANY_CASES = "mange_sager", _("Mange sager på én dag")
    OUTSIDE_CASELOAD = "uden_for_sagsstamme", _("Sag uden for det sædvanlige")


class AccessFlag(models.Model):
    """Unusual access to personal data on one day, found by the daily check (fritidsjob/access_log.py).

    The young person is kept as an id, not a foreign key: the flag is part of the log,
    outlives the case and holds no copy of the person's name.
    """

    day = models.DateField(_("dag"), db_index=True)
    kind = models.CharField(_("type"), max_length=30, choices=AccessFlagKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruger"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    youth_id = models.PositiveBigIntegerField(_("ung (id)"), null=True, blank=True)
    case_count = models.PositiveIntegerField(_("antal sager"), default=0)
    created_at = models.DateTimeField(_("fundet"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("sendt til administratorerne"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "user_id", "kind", "youth_id"]
        verbose_name = _("usædvanlig adgang")
        verbose_name_plural = _("usædvanlige adgange")
        permissions = [
            # The role matrix's permissions for issue 14 live here, so the Youth model's options stay as they are.
            ("view_access_log", _("Kan se adgangsloggen")),
            ("produce_insight", _("Kan udlevere indsigt i personoplysninger")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["day", "user", "kind"], condition=models.Q(youth_id__isnull=True), name="access_flag_once_a_day"
            ),
            models.UniqueConstraint(
                fields=["day", "user", "kind", "youth_id"],
                condition=models.Q(youth_id__isnull=False),
                name="access_flag_once_a_day_per_youth",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {short_date(self.day)}"


class StartPageVisit(models.Model):
    """When a staff member last opened "I dag": what changed on their cases is what changed since then.

    A visit counts from a new sign-in (a new session), so reloading the page does not
    empty the list; `previous_seen_at` is the last visit of an earlier session.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="start_page_visit", verbose_name=_("bruger")
    )
    session_key = models.CharField(max_length=40, blank=True)
    seen_at = models.DateTimeField(_("sidst set"))
    previous_seen_at = models.DateTimeField(_("forrige besøg"), null=True, blank=True)

    class Meta:
        verbose_name = _("besøg på forsiden")
        verbose_name_plural = _("besøg på forsiden")

    def __str__(self):
        return str(self.user)


class CalendarFeed(models.Model):
    """A staff member's secret iCal link: the token is the only key, so making a new one revokes the old.

    The feed carries no personal data (core/agenda.py titles), yet a calendar app keeps the link
    outside the municipality, hence revocable.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("bruger")
    )
    token = models.CharField(_("nøgle"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)

    class Meta:
        verbose_name = _("kalenderlink")
        verbose_name_plural = _("kalenderlinks")

    def __str__(self):
        return str(self.user)


# Progression (issue 18) keeps its models in their own module; imported here so Django finds them.
from .progression.models import ProgressionAnswer, ProgressionResponse, Questionnaire, QuestionnaireItem  # noqa: E402, F401
