import datetime
import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from core.tasks import QUEUE_ERROR_PREFIX

from . import suppression


def split_recipients(text: str) -> list[str]:
    """E-mail addresses written one per line or separated by commas, semicolons or spaces."""
    return [address for address in re.split(r"[\s,;]+", text or "") if address]


class ProjectQuerySet(models.QuerySet):
    def default_first(self, today: datetime.date):
        """The projects as the pages offer them: the one running `today` first (the newest of those), then
        the others newest first, so a finished period or one planned ahead is never the default."""
        running = models.Q(start__lte=today, end__gte=today)
        return self.annotate(
            running_today=models.Case(models.When(running, then=0), default=1, output_field=models.IntegerField())
        ).order_by("running_today", "-start", "name")


class Project(models.Model):
    """An indsats: one funded programme period with its targets.

    Every KPI counts records by the project's own date window.
    """

    slug = models.SlugField(_("kort navn"), unique=True)
    name = models.CharField(_("navn"), max_length=200)
    funder = models.CharField(_("bevillingsgiver"), max_length=200, blank=True)
    start = models.DateField(_("startdato"))
    end = models.DateField(_("slutdato"))
    # KPI key -> target (a whole number); keys are those of the KPI registry (core.kpis).
    targets = models.JSONField(_("mål"), default=dict, blank=True)
    caseload_norm = models.PositiveSmallIntegerField(
        _("normtal for sager pr. medarbejder"),
        default=25,
        help_text=_("Hvor mange aktive unge en medarbejder højst bør være ansvarlig for."),
    )
    small_number_limit = models.PositiveSmallIntegerField(
        _("grænse for små tal"),
        default=suppression.DEFAULT_LIMIT,
        validators=[MinValueValidator(suppression.MINIMUM_LIMIT), MaxValueValidator(suppression.MAXIMUM_LIMIT)],
        help_text=_(
            "Tal under grænsen skjules for fonden og i brancheguiderne i opdelinger efter skole, postnummer, "
            "køn og alder, sammen med de tal, der ellers ville afsløre dem."
        ),
    )
    report_recipients = models.TextField(
        _("modtagere af kvartalsrapporten"),
        blank=True,
        help_text=_("E-mailadresser, én pr. linje. Statusrapporten sendes til dem hvert kvartal."),
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("indsats")
        verbose_name_plural = _("indsatser")
        permissions = [
            ("view_kpi", _("Kan se nøgletal og rapporter")),
            ("import_data", _("Kan importere data fra regneark")),
            ("view_kpi_definitions", _("Kan se definitionerne af nøgletallene")),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gte=models.F("start")), name="project_end_after_start"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("rapporter:project_detail", args=[self.slug])

    def clean(self):
        errors = {}
        if self.start and self.end and self.end < self.start:
            errors["end"] = _("Slutdatoen må ikke ligge før startdatoen.")
        bad = []
        for address in split_recipients(self.report_recipients):
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            errors["report_recipients"] = _("Ugyldig e-mailadresse: %(addresses)s") % {"addresses": ", ".join(bad)}
        if errors:
            raise ValidationError(errors)

    @property
    def recipient_list(self) -> list[str]:
        return split_recipients(self.report_recipients)

    @property
    def days(self) -> int:
        """The number of days in the project period, both ends included."""
        return (self.end - self.start).days + 1


class StoredFigures(models.Model):
    """A project's KPI figures, monthly series and breakdowns in one window, computed at `computed_at`.

    Kept so the dashboard and the funder report read them in a query instead of counting
    on every view (rapporter/services/figures.py computes, refreshes and reads them). The
    figures are those of the live data at `computed_at`; a change to a counted record marks
    them stale and asks the worker to refresh them.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="stored_figures")
    start = models.DateField()
    as_of = models.DateField()
    # core.kpis.full_computation() as JSON text: a jsonb column would sort the labels' keys.
    figures = models.TextField()
    # The active young people per responsible staff member at the same moment, as JSON text
    # {"per_staff": [[user id, n], ...], "unassigned": n} (the dashboard's caseload; ids, no names).
    # Not a window's figure, but counted in the same snapshot, so "opgjort kl." holds for it too.
    caseload = models.TextField(blank=True, default="")
    computed_at = models.DateTimeField()
    # Since when a change may have made them out of date (None: up to date).
    stale_since = models.DateTimeField(null=True, blank=True)
    # The last committed change that asked the worker for a refresh still to come (None: none asked).
    refresh_requested_at = models.DateTimeField(null=True, blank=True)
    # When a page last showed them (at most hourly): the worker keeps only figures in use up to date.
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("opgjorte nøgletal")
        verbose_name_plural = _("opgjorte nøgletal")
        constraints = [
            models.UniqueConstraint(fields=["project", "start", "as_of"], name="stored_figures_one_per_window"),
        ]

    def __str__(self):
        return f"{self.project} {self.start}–{self.as_of}"


class ProjectChange(models.Model):
    """One changed target, period, name or funder of a project: the history the funder may ask about."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="changes", verbose_name=_("indsats"))
    # A KPI key for a target; otherwise the changed field: name, funder, start, end, small_number_limit.
    what = models.CharField(_("hvad"), max_length=100)
    old_value = models.CharField(_("før"), max_length=200, blank=True)
    new_value = models.CharField(_("efter"), max_length=200, blank=True)
    note = models.CharField(_("begrundelse"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ændret af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)

    # The threshold for small numbers too: what the funder was shown depends on it.
    PROJECT_FIELDS = ("name", "funder", "start", "end", "small_number_limit")

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("ændring af indsats")
        verbose_name_plural = _("ændringer af indsatser")

    def __str__(self):
        return f"{self.what}: {self.old_value} → {self.new_value}"

    @property
    def is_target(self) -> bool:
        return self.what not in self.PROJECT_FIELDS

    def _shown(self, value: str) -> str:
        if value and self.what in ("start", "end"):
            return short_date(datetime.date.fromisoformat(value))
        if value and self.is_target and value.isdigit():
            return f"{int(value):,}".replace(",", ".")
        return value

    @property
    def old_shown(self) -> str:
        return self._shown(self.old_value)

    @property
    def new_shown(self) -> str:
        return self._shown(self.new_value)


class DeliverableKind(models.TextChoices):
    INDUSTRY_GUIDE = "brancheguide", _("Brancheguide")
    PARENTS_GUIDE = "foraeldreguide", _("Forældreguide")
    WEBINAR_MUNICIPALITIES = "webinar_kommuner", _("Webinar for kommuner")
    WEBINAR_COMPANIES = "webinar_virksomheder", _("Webinar for virksomheder")
    INSPIRATION_CATALOGUE = "inspirationskatalog", _("Inspirationskatalog")
    INSPIRATION_TALK = "inspirationsoplaeg", _("Inspirationsoplæg")
    CASE_VIDEO = "casevideo", _("Casevideo")
    INSPIRATION_VIDEO = "inspirationsvideo", _("Inspirationsvideo")
    OTHER = "andet", _("Andet")


class DeliverableStatus(models.TextChoices):
    PLANNED = "planlagt", _("Planlagt")
    IN_PROGRESS = "i_gang", _("I gang")
    DELIVERED = "leveret", _("Leveret")
    CANCELLED = "aflyst", _("Aflyst")


class Deliverable(models.Model):
    """A leverance: one of the project's non-numeric commitments to the funder (a guide, a webinar, ...)."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="deliverables", verbose_name=_("indsats")
    )
    kind = models.CharField(_("type"), max_length=30, choices=DeliverableKind)
    title = models.CharField(_("titel"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=DeliverableStatus, default=DeliverableStatus.PLANNED)
    due_date = models.DateField(_("frist"), null=True, blank=True)
    delivered_on = models.DateField(_("leveret den"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("leverance")
        verbose_name_plural = _("leverancer")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="leveret") | models.Q(delivered_on__isnull=False),
                name="deliverable_delivered_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == DeliverableStatus.DELIVERED and not self.delivered_on:
            raise ValidationError({"delivered_on": _("Skriv datoen, leverancen blev leveret.")})
        if self.delivered_on and self.delivered_on > timezone.localdate():
            raise ValidationError({"delivered_on": _("Leveringsdatoen kan ikke ligge i fremtiden.")})


class ReportText(models.Model):
    """The project leader's own words for the funder report; each report keeps a copy of them."""

    project = models.OneToOneField(
        Project, on_delete=models.CASCADE, related_name="report_text", verbose_name=_("indsats")
    )
    summary = models.TextField(_("sammenfatning"), blank=True)
    progress = models.TextField(_("status og fremdrift"), blank=True)
    challenges = models.TextField(_("udfordringer"), blank=True)
    next_steps = models.TextField(_("næste skridt"), blank=True)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)

    # The sections in the order the report prints them.
    SECTIONS = ("summary", "progress", "challenges", "next_steps")

    class Meta:
        verbose_name = _("rapporttekst")
        verbose_name_plural = _("rapporttekster")

    def __str__(self):
        return str(self.project)

    def as_dict(self) -> dict[str, str]:
        return {section: getattr(self, section) for section in self.SECTIONS}


class ReportStatus(models.TextChoices):
    QUEUED = "i_koe", _("I kø")
    COMPUTING = "beregner", _("Beregner nøgletal")
    RENDERING = "tegner", _("Laver PDF")
    DONE = "faerdig", _("Færdig")
    FAILED = "fejlet", _("Fejlet")


class FundReport(models.Model):
    """A status report to the funder as of a date: generated once (Celery), then served unchanged."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="reports", verbose_name=_("indsats"))
    as_of = models.DateField(_("opgørelsesdato"))
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus, default=ReportStatus.QUEUED)
    scheduled = models.BooleanField(_("kvartalsrapport"), default=False)
    # The texts as they were when the report was made (the project's texts may change later).
    texts = models.JSONField(_("tekster"), default=dict, blank=True)
    file = models.FileField(_("PDF"), upload_to="statusrapporter/%Y/", blank=True)
    error = models.TextField(_("fejl"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestilt af"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("bestilt"), default=timezone.now)
    finished_at = models.DateTimeField(_("færdig"), null=True, blank=True)
    emailed_to = models.TextField(_("sendt til"), blank=True)
    emailed_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    # When it was last put on the queue, and how often the sweep had to queue it again (a worker died).
    queued_at = models.DateTimeField(_("sat i kø"), default=timezone.now)
    requeued = models.PositiveSmallIntegerField(_("sat i kø igen"), default=0)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("statusrapport")
        verbose_name_plural = _("statusrapporter")
        constraints = [
            # The quarterly run makes one report per project and quarter, however often it runs.
            models.UniqueConstraint(
                fields=["project", "as_of"],
                condition=models.Q(scheduled=True),
                name="fundreport_one_scheduled_per_date",
            ),
        ]

    def __str__(self):
        return _("Statusrapport %(project)s pr. %(date)s") % {
            "project": self.project,
            "date": short_date(self.as_of),
        }

    @property
    def is_done(self) -> bool:
        return self.status == ReportStatus.DONE and bool(self.file)

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.COMPUTING, ReportStatus.RENDERING)

    @property
    def failed_to_queue(self) -> bool:
        """Failed because the broker could not be reached: nothing went wrong with the report itself."""
        return self.status == ReportStatus.FAILED and self.error.startswith(QUEUE_ERROR_PREFIX)

    @property
    def blocked_by_names(self) -> bool:
        """Stopped before the PDF was made: its texts name a young person or parent (rapporter/name_check.py)."""
        from .name_check import BLOCKED_PREFIX

        return self.status == ReportStatus.FAILED and self.error.startswith(BLOCKED_PREFIX)

    @property
    def progress_percent(self) -> int:
        return {
            ReportStatus.QUEUED: 10,
            ReportStatus.COMPUTING: 40,
            ReportStatus.RENDERING: 75,
            ReportStatus.DONE: 100,
            ReportStatus.FAILED: 100,
        }[self.status]

    @property
    def download_name(self) -> str:
        return f"statusrapport-{self.project.slug}-{self.as_of.isoformat()}.pdf"


class GuideStatus(models.TextChoices):
    MISSING = "mangler", _("Ikke lavet endnu")
    QUEUED = "i_koe", _("I kø")
    RENDERING = "tegner", _("Laves nu")
    READY = "klar", _("Klar")
    FAILED = "fejlet", _("Fejlet")


class IndustryGuide(models.Model):
    """A brancheguide for companies in one industry: sections the project leader writes, a PDF per version."""

    industry = models.OneToOneField(
        "fritidsjob.Industry", on_delete=models.CASCADE, related_name="guide", verbose_name=_("branche")
    )
    why_hire = models.TextField(_("hvorfor ansætte en ung"), blank=True)
    suitable_tasks = models.TextField(_("egnede opgaver"), blank=True)
    practical_steps = models.TextField(_("praktiske skridt"), blank=True)
    contact = models.TextField(_("kontakt"), blank=True)
    # Bumped by every content change; the PDF records which version it shows.
    content_version = models.PositiveIntegerField(_("version"), default=1)
    content_updated_at = models.DateTimeField(_("tekst senest ændret"), default=timezone.now)
    pdf = models.FileField(_("PDF"), upload_to="brancheguider/", blank=True)
    pdf_version = models.PositiveIntegerField(_("PDF'ens version"), null=True, blank=True)
    pdf_status = models.CharField(_("PDF-status"), max_length=20, choices=GuideStatus, default=GuideStatus.MISSING)
    pdf_generated_at = models.DateTimeField(_("PDF lavet"), null=True, blank=True)
    # When the PDF was last put on the queue, and how often the sweep had to queue it again.
    pdf_queued_at = models.DateTimeField(_("PDF sat i kø"), null=True, blank=True)
    pdf_requeued = models.PositiveSmallIntegerField(_("PDF sat i kø igen"), default=0)
    # The link companies get: knowing it is the only access (the guide holds no personal data).
    # A new one replaces it (the old link stops working); None: the link is closed.
    public_token = models.UUIDField(
        _("offentligt link"), default=uuid.uuid4, unique=True, null=True, blank=True, editable=False
    )

    SECTIONS = ("why_hire", "suitable_tasks", "practical_steps", "contact")

    class Meta:
        ordering = ["industry__position", "industry__name"]
        verbose_name = _("brancheguide")
        verbose_name_plural = _("brancheguider")

    def __str__(self):
        return _("Brancheguide: %(industry)s") % {"industry": self.industry}

    @property
    def is_current(self) -> bool:
        """The stored PDF shows the current text."""
        return bool(self.pdf) and self.pdf_version == self.content_version

    @property
    def download_name(self) -> str:
        from django.utils.text import slugify

        return f"brancheguide-{slugify(self.industry.name)}.pdf"


class ImportStatus(models.TextChoices):
    CHECKING = "kontrolleres", _("Kontrolleres")
    READY = "klar", _("Klar til import")
    IMPORTING = "importerer", _("Importerer")
    REJECTED = "afvist", _("Afvist")
    IMPORTED = "importeret", _("Importeret")
    FAILED = "fejlet", _("Fejlet ved import")
    DISCARDED = "forkastet", _("Forkastet")


def import_upload_path(batch, filename: str) -> str:
    # A random name: the uploads hold personal data and the user's file name says nothing we need.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "dat"
    return f"importer/{uuid.uuid4().hex}.{suffix}"


class ImportBatch(models.Model):
    """An uploaded spreadsheet between its dry run and the confirmed import (the file is deleted after)."""

    kind = models.CharField(_("importtype"), max_length=50)
    file = models.FileField(_("fil"), upload_to=import_upload_path, blank=True)
    filename = models.CharField(_("filnavn"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=ImportStatus)
    # {"created": n, "updated": n, "unchanged": n, "errors": [{"line", "field", "message"}]}
    dry_run = models.JSONField(_("prøvekørsel"), default=dict)
    result = models.JSONField(_("resultat"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploadet af"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploadet"), default=timezone.now)
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afsluttet af"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finished_at = models.DateTimeField(_("afsluttet"), null=True, blank=True)
    # The background job (the dry run while CHECKING, the import while IMPORTING): queued when,
    # taken by a worker when (None: waiting), queued again by the sweep how often.
    queued_at = models.DateTimeField(_("sat i kø"), null=True, blank=True)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    requeued = models.PositiveSmallIntegerField(_("sat i kø igen"), default=0)
    # How far the job is: rows validated or written out of the rows in that phase.
    progress_phase = models.CharField(_("fase"), max_length=20, blank=True)
    progress_done = models.PositiveIntegerField(_("rækker klaret"), default=0)
    progress_total = models.PositiveIntegerField(_("rækker i alt"), default=0)
    error = models.TextField(_("fejl"), blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("importer")

    def __str__(self):
        return f"{self.kind}: {self.filename}"

    @property
    def can_confirm(self) -> bool:
        return self.status == ImportStatus.READY

    @property
    def errors(self) -> list[dict]:
        return (self.result or {}).get("errors") or self.dry_run.get("errors") or []

    @property
    def is_pending(self) -> bool:
        return self.status in IMPORT_PENDING

    @property
    def progress_percent(self) -> int:
        # The check and the write each fill the bar: it shows how far the current phase is.
        if not self.progress_total:
            return 0
        return min(100, self.progress_done * 100 // self.progress_total)

    @property
    def failed_to_queue(self) -> bool:
        return self.status == ImportStatus.FAILED and self.error.startswith(QUEUE_ERROR_PREFIX)


# A batch with a background job under way (queued or running).
IMPORT_PENDING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


class ExportRecord(models.Model):
    """Who downloaded which list with personal data, when, and how many rows (the export audit)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("bruger"), on_delete=models.PROTECT, related_name="+"
    )
    exported_at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    name = models.CharField(_("liste"), max_length=100)
    file_format = models.CharField(_("format"), max_length=10)
    row_count = models.PositiveIntegerField(_("antal rækker"))
    query = models.CharField(_("filtre"), max_length=1000, blank=True)
    personal_data = models.BooleanField(_("personoplysninger"), default=False)

    class Meta:
        ordering = ["-exported_at", "-pk"]
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")

    def __str__(self):
        return f"{self.name}.{self.file_format} ({self.row_count})"
