"""Questionnaires, their items (versioned: an answered item is never edited) and the answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.limits import LONG_TEXT_MAX_LENGTH


class Theme(models.TextChoices):
    SELF_EFFICACY = "tro_paa_egne_evner", _("Tro på egne evner")
    NETWORK = "socialt_netvaerk", _("Socialt netværk")
    WELLBEING = "trivsel", _("Trivsel")
    JOB_READINESS = "arbejdsparathed", _("Arbejdsparathed")
    RESPONSIBILITY = "ansvar_for_eget_liv", _("Ansvar for eget liv")


class Milestone(models.TextChoices):
    """When a young person is asked. Imported answers from paper carry no milestone."""

    START = "start", _("Ved start")
    COURSE_COMPLETED = "forloeb_gennemfoert", _("Efter gennemført forløb")
    JOB_3_MONTHS = "job_3_maaneder", _("3 måneder i job")
    JOB_6_MONTHS = "job_6_maaneder", _("6 måneder i job")
    CASE_CLOSED = "sag_afsluttet", _("Når sagen afsluttes")
    IMPORTED = "importeret", _("Importeret (tidligere måling)")


class ResponseSource(models.TextChoices):
    STAFF = "medarbejder", _("Sammen med en medarbejder")
    LINK = "link", _("Alene via link")
    IMPORT = "import", _("Import")


# The five-point scale, with words and faces: the same for every item, so answers are comparable.
SCALE = [
    (1, _("Slet ikke"), "😟"),
    (2, _("Lidt"), "🙁"),
    (3, _("Nogenlunde"), "😐"),
    (4, _("Meget"), "🙂"),
    (5, _("Helt"), "😄"),
]
SCALE_MIN, SCALE_MAX = 1, 5


class QuestionnaireQuerySet(models.QuerySet):
    def current(self):
        """The questionnaire the milestones ask: the newest active one."""
        return self.filter(is_active=True).order_by("-created_at", "-pk").first()


class Questionnaire(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    intro = models.TextField(_("indledning til den unge"), blank=True, max_length=1000)
    is_active = models.BooleanField(_("i brug"), default=True)
    send_link = models.BooleanField(
        _("send link til den unge"),
        default=True,
        help_text=_("Ved hver milepæl får den unge et link på SMS (eller e-mail uden telefonnummer)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("spørgeskema")
        verbose_name_plural = _("spørgeskemaer")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("fritidsjob:questionnaire_detail", args=[self.pk])


class QuestionnaireItemQuerySet(models.QuerySet):
    def in_use(self):
        return self.filter(retired_at__isnull=True)


class QuestionnaireItem(models.Model):
    """One statement on the scale. Once answered it is never edited: a change is a new version.

    Versions of one statement share `key` (the first version's key), so the dashboard can
    compare a young person's answers across versions of the same statement, and old answers
    keep the text they were given with.
    """

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="items", verbose_name=_("spørgeskema")
    )
    key = models.SlugField(_("nøgle"), max_length=50)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    theme = models.CharField(_("tema"), max_length=30, choices=Theme)
    text = models.CharField(_("udsagn"), max_length=200)
    order = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    retired_at = models.DateTimeField(_("taget ud"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuestionnaireItemQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("udsagn")
        verbose_name_plural = _("udsagn")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key", "version"], name="progression_item_version"),
            models.UniqueConstraint(
                fields=["questionnaire", "key"],
                condition=models.Q(retired_at__isnull=True),
                name="progression_item_one_version_in_use",
            ),
        ]

    def __str__(self):
        return self.text


class ProgressionResponse(models.Model):
    """One time a young person answered the questionnaire."""

    youth = models.ForeignKey(
        "fritidsjob.Youth", on_delete=models.CASCADE, related_name="progression_responses", verbose_name=_("ung")
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses", verbose_name=_("spørgeskema")
    )
    milestone = models.CharField(_("milepæl"), max_length=30, choices=Milestone)
    answered_on = models.DateField(_("besvaret"), default=timezone.localdate)
    source = models.CharField(_("besvaret"), max_length=20, choices=ResponseSource, default=ResponseSource.STAFF)
    note = models.TextField(_("medarbejderens note"), blank=True, max_length=LONG_TEXT_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registreret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answered_on", "pk"]
        verbose_name = _("besvarelse")
        verbose_name_plural = _("besvarelser")
        constraints = [
            # Asked once per young person, questionnaire and milestone; imported history may hold many.
            models.UniqueConstraint(
                fields=["youth", "questionnaire", "milestone"],
                condition=~models.Q(milestone="importeret"),
                name="progression_response_once_per_milestone",
            ),
        ]

    def __str__(self):
        return f"{self.get_milestone_display()}"

    def get_additional_data(self):
        return {"youth_id": self.youth_id}


class ProgressionAnswer(models.Model):
    response = models.ForeignKey(
        ProgressionResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("besvarelse")
    )
    item = models.ForeignKey(
        QuestionnaireItem, on_delete=models.PROTECT, related_name="answers", verbose_name=_("udsagn")
    )
    value = models.PositiveSmallIntegerField(
        _("svar"), validators=[MinValueValidator(SCALE_MIN), MaxValueValidator(SCALE_MAX)]
    )
    # An imported answer's row (import kind "progression": one row per answer, keyed by ref).
    import_ref = models.CharField(_("importreference"), max_length=100, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["item__order", "pk"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(fields=["response", "item"], name="progression_answer_once"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="progression_answer_scale"),
        ]

    def __str__(self):
        return f"{self.item_id}: {self.value}"

    def get_additional_data(self):
        return {"youth_id": self.response.youth_id}
