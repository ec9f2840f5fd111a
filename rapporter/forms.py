from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from core.importing import import_kinds
from core.kpis import Dimension, kpi_keys, registered
from fritidsjob.forms import DateInput

from .models import Deliverable, IndustryGuide, Project, ReportText
from .services.projects import DELIVERABLE_FIELDS

MARKDOWN_HELP = _("Skriv almindelig tekst. Punktopstilling med - i starten af linjen, **fed** og [link](https://…).")


def _helper(layout=None) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template's <form> has the token
    if layout is not None:
        helper.layout = layout
    return helper


def target_field_name(key: str) -> str:
    return f"target_{key}"


class ProjectForm(forms.ModelForm):
    """A project's name, funder, period, settings and one target per registered KPI."""

    note = forms.CharField(
        label=_("Begrundelse for ændringen"),
        required=False,
        max_length=500,
        help_text=_('Vises i historikken ved de ændrede mål og datoer, fx "aftalt med fonden 12.03.2024".'),
    )

    class Meta:
        model = Project
        fields = ["name", "slug", "funder", "start", "end", "caseload_norm", "small_number_limit", "report_recipients"]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "report_recipients": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"slug": _("Bruges i adresser og i manage.py kpi --project, fx sammen-om-fritidsjob-2025.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        targets = self.instance.targets or {}
        for kpi in registered():
            self.fields[target_field_name(kpi.key)] = forms.IntegerField(
                label=kpi.label,
                required=False,
                min_value=0,
                initial=targets.get(kpi.key),
                help_text=_("Tomt: intet mål."),
            )
        if self.instance.pk:
            del self.fields["slug"]  # addresses and the kpi command rely on it
        else:
            del self.fields["note"]
        basics = ["name", "slug"] if "slug" in self.fields else ["name"]
        self.helper = _helper(
            Layout(
                Fieldset(
                    _("Indsatsen"),
                    Row(*[Column(field) for field in basics]),
                    Row(Column("funder"), Column("start"), Column("end")),
                ),
                Fieldset(_("Mål for hele perioden"), *[target_field_name(key) for key in kpi_keys()]),
                Fieldset(
                    _("Drift"),
                    Row(Column("caseload_norm"), Column("small_number_limit"), Column("report_recipients")),
                ),
                *(["note"] if "note" in self.fields else []),
            )
        )

    def service_kwargs(self) -> dict:
        data = {field: self.cleaned_data[field] for field in self.Meta.fields if field in self.cleaned_data}
        targets = {key: self.cleaned_data.get(target_field_name(key)) for key in kpi_keys()}
        result = {"data": data, "targets": targets}
        if "note" in self.fields:
            result["note"] = self.cleaned_data["note"]
        return result


class DeliverableForm(forms.ModelForm):
    class Meta:
        model = Deliverable
        fields = DELIVERABLE_FIELDS
        widgets = {"due_date": DateInput(), "delivered_on": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Layout(
                Row(Column("kind"), Column("title")),
                Row(Column("status"), Column("due_date"), Column("delivered_on")),
                "note",
                "position",
            )
        )


class FundReportForm(forms.Form):
    """A new funder report: the as-of date and the project leader's texts (kept for the next report too)."""

    as_of = forms.DateField(
        label=_("Opgørelsesdato"),
        required=False,
        widget=DateInput(),
        help_text=_("Tomt: i dag (højst indsatsens slutdato)."),
    )
    summary = forms.CharField(label=_("Sammenfatning"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    progress = forms.CharField(label=_("Status og fremdrift"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    challenges = forms.CharField(label=_("Udfordringer"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label=_("Næste skridt"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        for section in ReportText.SECTIONS:
            self.fields[section].help_text = MARKDOWN_HELP
        self.helper = _helper()

    def clean_as_of(self):
        as_of = self.cleaned_data["as_of"]
        if as_of and as_of < self.project.start:
            raise forms.ValidationError(
                _("Opgørelsesdatoen ligger før indsatsens start (%(start)s).")
                % {"start": short_date(self.project.start)}
            )
        return as_of

    def texts(self) -> dict[str, str]:
        return {section: self.cleaned_data[section] for section in ReportText.SECTIONS}


class DashboardFilterForm(forms.Form):
    """The project-period selector (GET): project, optional sub-period start, as-of date, breakdown."""

    indsats = forms.ModelChoiceField(
        label=_("Indsats"), queryset=Project.objects.all(), to_field_name="slug", required=False, empty_label=None
    )
    fra = forms.DateField(label=_("Fra"), required=False, widget=DateInput(), help_text=_("Tomt: indsatsens start."))
    opgoerelsesdato = forms.DateField(
        label=_("Opgørelsesdato"), required=False, widget=DateInput(), help_text=_("Tomt: i dag.")
    )
    opdeling = forms.ChoiceField(label=_("Opdeling"), choices=Dimension.choices, required=False)

    def clean(self):
        cleaned = super().clean()
        project = cleaned.get("indsats") or self.fields["indsats"].queryset.first()
        start, as_of = cleaned.get("fra"), cleaned.get("opgoerelsesdato")
        if start and as_of and start > as_of:
            self.add_error("fra", _("Fra-datoen skal ligge før opgørelsesdatoen."))
        if project and as_of and as_of < project.start:
            self.add_error(
                "opgoerelsesdato",
                _("Opgørelsesdatoen ligger før indsatsens start (%(start)s).") % {"start": short_date(project.start)},
            )
        return cleaned


class IndustryGuideForm(forms.ModelForm):
    class Meta:
        model = IndustryGuide
        fields = list(IndustryGuide.SECTIONS)
        widgets = {field: forms.Textarea(attrs={"rows": 6}) for field in IndustryGuide.SECTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in IndustryGuide.SECTIONS:
            self.fields[field].help_text = MARKDOWN_HELP
        self.helper = _helper()


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Hvad indeholder filen?"))
    file = forms.FileField(label=_("Fil (CSV eller XLSX)"))

    ALLOWED_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".xls")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(name, kind.label) for name, kind in import_kinds().items()]
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # .xls passes here so the import can tell the user to save it as .xlsx.
        if not upload.name.lower().endswith(self.ALLOWED_SUFFIXES):
            raise forms.ValidationError(_("Vælg en CSV-fil eller et Excel-regneark (.xlsx)."))
        limit = getattr(settings, "IMPORT_MAX_UPLOAD_MB", 20)
        if upload.size > limit * 1024 * 1024:
            raise forms.ValidationError(_("Filen er for stor (højst %(limit)s MB).") % {"limit": limit})
        return upload
