import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.consent import ConsentKind  # in the base layer, so every app that shares data can name a kind
from core.files import encrypted_storage
from core.formatting import short_date
from fritidsjob.models import School, Youth, age_on

# --- parents ---------------------------------------------------------------------------


class Relation(models.TextChoices):
    MOTHER = "mor", _("Mor")
    FATHER = "far", _("Far")
    GUARDIAN = "vaerge", _("Værge")
    FOSTER_PARENT = "plejeforaelder", _("Plejeforælder")
    OTHER = "andet", _("Andet")


class ParentQuerySet(models.QuerySet):
    def matching(self, words: list[str]):
        """Parents with every word in a name, the phone or the e-mail: the list's search and the top search."""
        qs = self
        for word in words:
            qs = qs.filter(
                models.Q(first_name__icontains=word)
                | models.Q(last_name__icontains=word)
                | models.Q(phone__icontains=word)
                | models.Q(email__icontains=word)
            )
        return qs

    def with_target_group_child(self):
        """Parents linked to at least one target-group young person (no duplicates, unlike a join)."""
        links = Parent.children.through.objects.filter(parent=OuterRef("pk"), youth__in_target_group=True)
        return self.filter(Exists(links))

    def with_contact(self, *conditions: models.Q, **lookups):
        """Parents with at least one contact matching the conditions (e.g. kind and a date window)."""
        contacts = ParentContact.objects.filter(*conditions, parent=OuterRef("pk"), **lookups)
        return self.filter(Exists(contacts))


class Parent(models.Model):
    """A parent or guardian (forælder) of one or more young people."""

    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("efternavn"), max_length=100)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Blank: not known (imported parents); the form asks for it.
    relation = models.CharField(_("relation"), max_length=20, choices=Relation, default=Relation.MOTHER, blank=True)
    # None: not known yet (imported parents). Only a parent recorded with custody can consent.
    has_custody = models.BooleanField(_("forældremyndighed"), null=True, blank=True, default=True)
    language = models.CharField(_("sprog"), max_length=50, default="dansk", blank=True)
    needs_interpreter = models.BooleanField(_("behov for tolk"), default=False)
    has_jobcenter_case = models.BooleanField(_("sag i jobcentret"), default=False)
    children = models.ManyToManyField(Youth, verbose_name=_("børn"), related_name="parents")
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    # Set once the parent is anonymised (foraeldre/anonymisers.py): the row stays for the KPIs.
    anonymised_at = models.DateTimeField(_("anonymiseret"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "pk"]
        verbose_name = _("forælder")
        verbose_name_plural = _("forældre")
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("foraeldre:parent_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


# --- consent ---------------------------------------------------------------------------


class ConsentMethod(models.TextChoices):
    WRITTEN = "skriftligt", _("Skriftligt")
    ORAL = "mundtligt", _("Mundtligt")
    DIGITAL = "digitalt", _("Digitalt")


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Consents in force on `day`: given by then and not withdrawn by then.

        Who must have consented is decided in foraeldre.consent, not here.
        """
        return self.filter(given_on__lte=day).exclude(withdrawn_on__lte=day)


class Consent(models.Model):
    """A consent (samtykke) of one kind for one young person.

    Who must have given it depends on the young person's age (foraeldre.consent):
    a custody holder under 18, and the young person too from 15.
    """

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="consents", verbose_name=_("ung"))
    kind = models.CharField(_("type"), max_length=20, choices=ConsentKind)
    given_by = models.ForeignKey(
        Parent,
        verbose_name=_("givet af"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consents_given",
    )
    youth_consented = models.BooleanField(_("den unge har selv givet samtykke"), default=False)
    given_on = models.DateField(_("dato"), default=timezone.localdate)
    method = models.CharField(_("form"), max_length=20, choices=ConsentMethod, default=ConsentMethod.WRITTEN)
    # Encrypted at rest (core/files.py); deleted from disk when the young person is anonymised.
    document = models.FileField(_("scannet dokument"), upload_to="samtykker/%Y/", blank=True, storage=encrypted_storage)
    withdrawn_on = models.DateField(_("trukket tilbage"), null=True, blank=True)
    # A digital consent (method "digitalt"): the consent text's version shown, the moment and the
    # channel of the one-time code; the signed answers themselves are ConsentAnswer rows.
    text_version = models.CharField(_("tekstversion"), max_length=40, blank=True)
    given_at = models.DateTimeField(_("tidspunkt"), null=True, blank=True)
    digital_channel = models.CharField(_("bekræftet via"), max_length=10, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.youth})"

    def get_additional_data(self):
        return {"youth_id": self.youth_id}

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_on is not None and self.withdrawn_on <= timezone.localdate()

    def clean(self):
        # The rules for who must consent live with the consent decision.
        from .consent import recording_errors

        if errors := recording_errors(self):
            raise ValidationError(errors)


# --- parent contacts -------------------------------------------------------------------


class ContactKind(models.TextChoices):
    GUIDANCE = "vejledning", _("Vejledning")
    INTRODUCTION = "introduktion", _("Introduktion til Talentværkstedet")
    HOME_VISIT = "hjemmebesoeg", _("Hjemmebesøg")
    PARENT_MEETING = "foraeldremoede", _("Forældremøde")
    OTHER = "andet", _("Andet")


class ParentContact(models.Model):
    """A dated contact with a parent: guidance, an introduction to the Talentværksted, a home visit, ..."""

    parent = models.ForeignKey(Parent, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("forælder"))
    date = models.DateField(_("dato"), default=timezone.localdate)
    kind = models.CharField(_("type"), max_length=20, choices=ContactKind, default=ContactKind.GUIDANCE)
    # Empty for contacts imported from the programme's old spreadsheets.
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("medarbejder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.TextField(_("notat"), blank=True)
    interpreter_used = models.BooleanField(_("tolk brugt"), default=False)
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("forældrekontakt")
        verbose_name_plural = _("forældrekontakter")
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.get_kind_display()} {short_date(self.date)}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("En kontakt kan ikke dateres i fremtiden.")})


# --- information events ----------------------------------------------------------------

# A Danish school year runs from 1 August to 31 July.
SCHOOL_YEAR_FIRST_MONTH = 8


def school_year_of(day: datetime.date) -> int:
    """The calendar year the school year of `day` starts in (2023-09-01 and 2024-06-30 -> 2023)."""
    return day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1


def school_year_label(start_year: int) -> str:
    return f"{start_year}/{(start_year + 1) % 100:02d}"


class Audience(models.TextChoices):
    YOUTH = "unge", _("Unge")
    PARENTS = "foraeldre", _("Forældre")
    YOUTH_AND_PARENTS = "unge_og_foraeldre", _("Unge og forældre")
    PROFESSIONALS = "fagpersoner", _("Fagpersoner")
    OTHER = "andet", _("Andet")


class InformationEventQuerySet(models.QuerySet):
    def in_school_year(self, start_year: int):
        return self.filter(
            date__gte=datetime.date(start_year, SCHOOL_YEAR_FIRST_MONTH, 1),
            date__lt=datetime.date(start_year + 1, SCHOOL_YEAR_FIRST_MONTH, 1),
        )

    def with_school_year(self):
        """Annotate `school_year`: the year the event's school year starts in, computed in the database."""
        before_august = models.Case(
            models.When(date__month__lt=SCHOOL_YEAR_FIRST_MONTH, then=models.Value(1)),
            default=models.Value(0),
        )
        return self.annotate(school_year=ExtractYear("date") - before_august)


class InformationEvent(models.Model):
    """An information meeting or talk (informationsmøde, oplæg): head counts only, no names."""

    date = models.DateField(_("dato"), default=timezone.localdate)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    school = models.ForeignKey(
        School,
        verbose_name=_("skole"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="information_events",
    )
    place = models.CharField(_("sted"), max_length=200, blank=True)
    audience = models.CharField(_("målgruppe"), max_length=20, choices=Audience, default=Audience.YOUTH_AND_PARENTS)
    youth_count = models.PositiveIntegerField(_("antal unge"), default=0)
    parent_count = models.PositiveIntegerField(_("antal forældre"), default=0)
    materials = models.TextField(_("materialer"), blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("medarbejdere"), blank=True, related_name="+"
    )
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = InformationEventQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("informationsmøde")
        verbose_name_plural = _("informationsmøder")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school__isnull=False) | ~models.Q(place=""), name="event_has_school_or_place"
            ),
        ]

    def __str__(self):
        return f"{self.title or self.location} {short_date(self.date)}"

    @property
    def location(self) -> str:
        if self.school_id and self.place:
            return f"{self.school}, {self.place}"
        return str(self.school) if self.school_id else self.place

    @property
    def total(self) -> int:
        return self.youth_count + self.parent_count

    @property
    def school_year_label(self) -> str:
        return school_year_label(school_year_of(self.date))

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("Registrér mødet, når det er holdt: datoen ligger i fremtiden.")
        if not self.school_id and not self.place.strip():
            errors["place"] = _("Vælg en skole eller skriv, hvor mødet blev holdt.")
        if errors:
            raise ValidationError(errors)


# --- the parents' guide ------------------------------------------------------------------


class GuideLanguage(models.TextChoices):
    DANISH = "da", _("Dansk")
    ENGLISH = "en", _("Engelsk")
    ARABIC = "ar", _("Arabisk")
    PERSIAN = "fa", _("Persisk (farsi)")
    POLISH = "pl", _("Polsk")
    SOMALI = "so", _("Somali")
    TIGRINYA = "ti", _("Tigrinya")
    TURKISH = "tr", _("Tyrkisk")
    UKRAINIAN = "uk", _("Ukrainsk")
    URDU = "ur", _("Urdu")


RIGHT_TO_LEFT_LANGUAGES = {GuideLanguage.ARABIC, GuideLanguage.PERSIAN, GuideLanguage.URDU}


class GuideEdition(models.Model):
    """The parents' guide in one language: its title and introduction. Danish always exists."""

    language = models.CharField(_("sprog"), max_length=5, choices=GuideLanguage, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(_("indledning"), blank=True, help_text=_("Markdown."))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("udgave af forældreguiden")
        verbose_name_plural = _("udgaver af forældreguiden")

    def __str__(self):
        return f"{self.title} ({self.get_language_display()})"

    @property
    def is_danish(self) -> bool:
        return self.language == GuideLanguage.DANISH

    @property
    def is_right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT_LANGUAGES


class GuideSection(models.Model):
    """One section of the parents' guide; its text in each language is a GuideSectionText."""

    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("afsnit i forældreguiden")
        verbose_name_plural = _("afsnit i forældreguiden")
        permissions = [("edit_guide", _("Kan redigere forældreguiden"))]

    def __str__(self):
        return f"{_('Afsnit')} {self.position}"


class GuideSectionText(models.Model):
    section = models.ForeignKey(GuideSection, on_delete=models.CASCADE, related_name="texts", verbose_name=_("afsnit"))
    language = models.CharField(_("sprog"), max_length=5, choices=GuideLanguage)
    title = models.CharField(_("overskrift"), max_length=200)
    body = models.TextField(
        _("tekst"), help_text=_("Markdown: **fed**, *kursiv*, lister med - og underoverskrifter med ###.")
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["section__position", "section_id", "language"]
        verbose_name = _("tekst i forældreguiden")
        verbose_name_plural = _("tekster i forældreguiden")
        constraints = [
            models.UniqueConstraint(fields=["section", "language"], name="guide_text_one_per_language"),
        ]

    def __str__(self):
        return self.title


# --- sign-ups from the public page (issue 17) ----------------------------------------------

# Who may sign up: the Talentværksted takes young people aged 13-17 on the day they sign up.
SIGNUP_MIN_AGE = 13
SIGNUP_MAX_AGE = 17


class SignUpStatus(models.TextChoices):
    NEW = "ny", _("Ny")
    ACCEPTED = "godkendt", _("Godkendt")
    REJECTED = "afvist", _("Afvist")


class SignUpSubmitter(models.TextChoices):
    YOUTH = "ung", _("Den unge")
    PARENT = "foraelder", _("En forælder")


class SignUpQuerySet(models.QuerySet):
    def new(self):
        return self.filter(status=SignUpStatus.NEW)


class SignUp(models.Model):
    """A sign-up from the public "Tilmeld dig" page: never a case by itself, staff accept or reject it.

    Nothing sensitive is asked: names, birth date, school, contact details, wishes and language.
    """

    submitted_by = models.CharField(_("udfyldt af"), max_length=10, choices=SignUpSubmitter)
    youth_first_name = models.CharField(_("den unges fornavn"), max_length=100)
    youth_last_name = models.CharField(_("den unges efternavn"), max_length=100)
    youth_birth_date = models.DateField(_("den unges fødselsdato"))
    school = models.ForeignKey(
        School, verbose_name=_("skole"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    youth_phone = models.CharField(_("den unges telefon"), max_length=20, blank=True)
    wishes = models.TextField(_("vil gerne arbejde med"), max_length=1000, blank=True)
    availability = models.TextField(_("kan arbejde"), max_length=500, blank=True)
    parent_first_name = models.CharField(_("forælderens fornavn"), max_length=100)
    parent_last_name = models.CharField(_("forælderens efternavn"), max_length=100)
    parent_phone = models.CharField(_("forælderens telefon"), max_length=20, blank=True)
    parent_email = models.EmailField(_("forælderens e-mail"), blank=True)
    language = models.CharField(_("sprog"), max_length=5, choices=GuideLanguage, default=GuideLanguage.DANISH)
    status = models.CharField(_("status"), max_length=10, choices=SignUpStatus, default=SignUpStatus.NEW)
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandlet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reject_reason = models.TextField(_("begrundelse for afvisning"), max_length=1000, blank=True)
    # The case it became or was merged into.
    youth = models.ForeignKey(
        Youth, verbose_name=_("sag"), null=True, blank=True, on_delete=models.SET_NULL, related_name="signups"
    )
    created_at = models.DateTimeField(_("modtaget"), default=timezone.now)

    objects = SignUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tilmelding")
        verbose_name_plural = _("tilmeldinger")
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["youth_last_name", "youth_first_name", "youth_birth_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent_phone="", parent_email="", youth_phone=""),
                name="signup_has_a_contact",
            ),
        ]

    def __str__(self):
        return f"{_('Tilmelding')} #{self.pk}"

    def get_absolute_url(self):
        return reverse("foraeldre:signup_detail", args=[self.pk])

    @property
    def youth_name(self) -> str:
        return f"{self.youth_first_name} {self.youth_last_name}"

    @property
    def parent_name(self) -> str:
        return f"{self.parent_first_name} {self.parent_last_name}"

    @property
    def is_right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT_LANGUAGES

    def clean(self):
        errors = {}
        if self.youth_birth_date:
            age = age_on(self.youth_birth_date, timezone.localdate(self.created_at))
            if not SIGNUP_MIN_AGE <= age <= SIGNUP_MAX_AGE:
                errors["youth_birth_date"] = _(
                    "Talentværkstedet er for unge mellem %(min)s og %(max)s år. Ring til os, hvis du har spørgsmål."
                ) % {"min": SIGNUP_MIN_AGE, "max": SIGNUP_MAX_AGE}
        if not (self.parent_phone or self.parent_email):
            errors["parent_phone"] = _("Skriv forælderens telefonnummer eller e-mail, så vi kan kontakte jer.")
        if errors:
            raise ValidationError(errors)


# --- digital consent (issue 17) -------------------------------------------------------------

# A consent link works this long after it is sent, for the one person it was sent to.
CONSENT_LINK_DAYS = 14
# A one-time code works this long, and this many wrong codes lock the link.
CODE_MINUTES = 10
CODE_MAX_TRIES = 5
# A verified visit lasts this long in the browser before the code is asked again.
VERIFIED_MINUTES = 30


class DigitalChannel(models.TextChoices):
    SMS = "sms", _("SMS")
    EMAIL = "email", _("E-mail")


class ConsentRequest(models.Model):
    """A link sent to one person (a parent with custody, or the young person from 15) to consent digitally."""

    youth = models.ForeignKey(Youth, on_delete=models.CASCADE, related_name="consent_requests", verbose_name=_("ung"))
    # None: the request is to the young person themself.
    parent = models.ForeignKey(
        Parent,
        verbose_name=_("forælder"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consent_requests",
    )
    # Only the SHA-256 of the link's token is stored: a database copy holds no working link.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    link_channel = models.CharField(_("link sendt med"), max_length=10, choices=DigitalChannel)
    language = models.CharField(_("sprog"), max_length=5, choices=GuideLanguage, default=GuideLanguage.DANISH)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sendt af"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sendt"), default=timezone.now)
    expires_at = models.DateTimeField(_("udløber"))
    failed_codes = models.PositiveSmallIntegerField(_("forkerte koder"), default=0)
    locked_at = models.DateTimeField(_("låst"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("samtykkeanmodning")
        verbose_name_plural = _("samtykkeanmodninger")

    def __str__(self):
        return f"{_('Samtykkeanmodning')} #{self.pk}"

    def get_additional_data(self):
        return {"youth_id": self.youth_id}

    @property
    def for_youth(self) -> bool:
        return self.parent_id is None

    @property
    def person_name(self) -> str:
        return self.youth.full_name if self.for_youth else self.parent.full_name

    @property
    def phone(self) -> str:
        return self.youth.phone if self.for_youth else self.parent.phone

    @property
    def email(self) -> str:
        return self.youth.email if self.for_youth else self.parent.email

    @property
    def code_channel(self) -> str:
        """The second channel: the code goes where the link did not, when the person has both."""
        if self.link_channel == DigitalChannel.EMAIL and self.phone:
            return DigitalChannel.SMS
        if self.link_channel == DigitalChannel.SMS and self.email:
            return DigitalChannel.EMAIL
        return self.link_channel

    def is_expired(self, now: datetime.datetime) -> bool:
        return now >= self.expires_at

    @property
    def is_right_to_left(self) -> bool:
        return self.language in RIGHT_TO_LEFT_LANGUAGES


class OneTimeCode(models.Model):
    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="codes")
    code_hash = models.CharField(max_length=64, editable=False)
    channel = models.CharField(max_length=10, choices=DigitalChannel)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{_('Engangskode')} #{self.pk}"

    def get_additional_data(self):
        return {"youth_id": self.request.youth_id}


class ConsentAnswer(models.Model):
    """One person's yes or no to one kind of consent, given through a ConsentRequest: the signed record.

    The Consent that the one consent function counts is made from the answers
    (foraeldre/digital_consent.py) once everyone who must consent has said yes.
    """

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="answers")
    kind = models.CharField(_("type"), max_length=20, choices=ConsentKind)
    given = models.BooleanField(_("samtykke givet"))
    typed_name = models.CharField(_("navn skrevet af personen"), max_length=200)
    text_version = models.CharField(_("tekstversion"), max_length=40)
    channel = models.CharField(_("bekræftet med kode via"), max_length=10, choices=DigitalChannel)
    answered_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("trukket tilbage"), null=True, blank=True)

    class Meta:
        ordering = ["-answered_at", "-pk"]
        verbose_name = _("digitalt svar på samtykke")
        verbose_name_plural = _("digitale svar på samtykke")

    def __str__(self):
        return f"{self.get_kind_display()}: {_('ja') if self.given else _('nej')}"

    def get_additional_data(self):
        return {"youth_id": self.request.youth_id}
