"""A young person's CV, written with staff in the workshop and exported as a one-page PDF."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from fritidsjob.models import Youth

# What fits on one A4 page: the form and the service refuse more.
MAX_EXPERIENCES = 6
MAX_REFERENCES = 3
MAX_SKILLS = 12
MAX_TEXT_LINES = 8


class CV(models.Model):
    youth = models.OneToOneField(Youth, on_delete=models.CASCADE, related_name="cv", verbose_name=_("ung"))
    profile = models.TextField(
        _("om mig"), max_length=600, blank=True, help_text=_("Et par linjer om, hvem du er, og hvad du gerne vil.")
    )
    skills = models.TextField(_("kompetencer"), max_length=500, blank=True, help_text=_("Én pr. linje."))
    school = models.CharField(
        _("skole og uddannelse"), max_length=200, blank=True, help_text=_("Fx Vestervang Skole, 8. klasse.")
    )
    languages = models.CharField(_("sprog"), max_length=200, blank=True, help_text=_("Fx dansk, engelsk, arabisk."))
    interests = models.TextField(_("fritid og interesser"), max_length=400, blank=True)
    show_contact = models.BooleanField(
        _("vis telefon og e-mail"), default=True, help_text=_("Fra sagen. Fjern krydset, hvis CV'et skal deles uden.")
    )
    # The young person's own choice: companies they are sent to may download it in the company portal
    # (virksomheder.portal), and only while the consent to share with a company is in force.
    share_in_company_portal = models.BooleanField(
        _("del CV'et i virksomhedsportalen"),
        default=False,
        help_text=_("Den unge har valgt, at virksomheder, den unge sendes til, må hente CV'et i portalen."),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sidst rettet af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("CV")
        verbose_name_plural = _("CV'er")

    def __str__(self):
        return f"CV for {self.youth}"

    def get_additional_data(self):
        return {"youth_id": self.youth_id}

    def skill_list(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.skills.splitlines() if line.strip(" -•\t")]

    def clean(self):
        # Limits that keep the CV on one page.
        errors = {}
        if len(self.skill_list()) > MAX_SKILLS:
            errors["skills"] = _("Der er plads til højst %(max)s kompetencer.") % {"max": MAX_SKILLS}
        for field in ("profile", "interests"):
            if len(getattr(self, field).splitlines()) > MAX_TEXT_LINES:
                errors[field] = _("Der er plads til højst %(max)s linjer.") % {"max": MAX_TEXT_LINES}
        if errors:
            raise ValidationError(errors)


class ExperienceKind(models.TextChoices):
    JOB = "job", _("Job")
    VOLUNTARY = "frivilligt", _("Frivilligt arbejde")
    INTERNSHIP = "praktik", _("Praktik")
    OTHER = "andet", _("Andet")


class CVExperience(models.Model):
    cv = models.ForeignKey(CV, on_delete=models.CASCADE, related_name="experiences", verbose_name=_("CV"))
    kind = models.CharField(_("type"), max_length=20, choices=ExperienceKind, default=ExperienceKind.JOB)
    title = models.CharField(_("hvad"), max_length=100, help_text=_("Fx Opfylder, Hjælpetræner."))
    place = models.CharField(_("hvor"), max_length=100, blank=True)
    period = models.CharField(_("hvornår"), max_length=50, blank=True, help_text=_("Fx 2023 – nu."))
    description = models.CharField(_("opgaver"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("erfaring")
        verbose_name_plural = _("erfaringer")

    def __str__(self):
        return self.title

    def get_additional_data(self):
        return {"youth_id": self.cv.youth_id}


class CVReference(models.Model):
    cv = models.ForeignKey(CV, on_delete=models.CASCADE, related_name="references", verbose_name=_("CV"))
    name = models.CharField(_("navn"), max_length=100)
    relation = models.CharField(
        _("hvem er det"), max_length=100, blank=True, help_text=_("Fx træner i fodboldklubben.")
    )
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("referencer")

    def __str__(self):
        return self.name

    def get_additional_data(self):
        return {"youth_id": self.cv.youth_id}
