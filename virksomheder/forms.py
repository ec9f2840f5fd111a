from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import postcodes
from fritidsjob.forms import DateInput, StaffChoiceField, TimeInput, staff_users
from fritidsjob.models import Weekday

from . import cvr as cvr_register
from . import young_workers
from .models import (
    PLANNED_ATTENDANCE,
    Company,
    ContactPerson,
    Guidance,
    IndustryCodeMapping,
    JobOpening,
    NetworkMeeting,
    Placement,
    ProgrammeText,
)
from .services import COMPANY_FIELDS, CONTACT_FIELDS, MEETING_FIELDS, OPENING_FIELDS, PLACEMENT_FIELDS


def helper(*layout) -> FormHelper:
    """A crispy helper for a form inside the template's own <form> (which has the CSRF token)."""
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.disable_csrf = True
    if layout:
        form_helper.layout = Layout(*layout)
    return form_helper


class CompanyForm(forms.ModelForm):
    # Room for "1015 0817": spaces are dropped before the model's checks.
    cvr = forms.CharField(label=_("CVR-nummer"), max_length=11)

    class Meta:
        model = Company
        fields = [f for f in COMPANY_FIELDS if f != "import_ref"]
        widgets = {"network_member_since": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"responsible_consultant": StaffChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_consultant"].queryset = staff_users()
        self.fields["cvr"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        self.fields["industry_code"].widget.attrs.update(inputmode="numeric")
        self.fields["industry_code"].help_text = _("Branchekoden fra CVR-registret, seks cifre (DB07 eller DB25).")
        self.fields["p_number"].widget.attrs.update(inputmode="numeric")
        # The town is filled from the postcode as it is typed (htmx; the server does it again on saving).
        self.fields["postcode"].widget.attrs.update(
            inputmode="numeric",
            **{
                "hx-get": reverse("virksomheder:company_town"),
                "hx-trigger": "change",
                "hx-include": "[name=city]",
                "hx-target": "#div_id_city",
                "hx-swap": "outerHTML",
            },
        )
        if user is not None and not self.instance.pk:
            self.fields["responsible_consultant"].initial = user.pk
        cvr_field = "cvr"
        if cvr_register.lookup_enabled():
            # The register fills the other fields (htmx: the fields are drawn again, see CompanyCvrLookupView).
            cvr_field = FieldWithButtons(
                "cvr",
                StrictButton(
                    _("Hent fra CVR"),
                    css_id="cvr-lookup",
                    css_class="btn-outline-secondary",
                    **{
                        "hx-get": reverse("virksomheder:company_cvr_lookup"),
                        "hx-include": "closest form",
                        "hx-target": "#company-fields",
                        "hx-swap": "outerHTML",
                    },
                ),
            )
        self.helper = helper(
            Row(Column(cvr_field), Column("name")),
            Row(Column("industry"), Column("size")),
            Row(Column("address"), Column("postcode"), Column("city")),
            Row(Column("company_form"), Column("industry_code"), Column("industry_code_version")),
            Row(Column("p_number"), Column()),
            Row(Column("network_member_since"), Column("responsible_consultant")),
            "notes",
        )

    # The company that already has the CVR number typed, so the page can link to it.
    existing_company = None

    def clean_cvr(self):
        cvr = (self.cleaned_data.get("cvr") or "").replace(" ", "")
        self.existing_company = Company.objects.filter(cvr=cvr).exclude(pk=self.instance.pk).first()
        if self.existing_company is not None:
            raise ValidationError(
                _("%(name)s har allerede CVR-nummer %(cvr)s.") % {"name": self.existing_company.name, "cvr": cvr},
                code="unique",
            )
        return cvr

    def clean(self):
        cleaned = super().clean()
        # An unknown postcode is refused; a town left empty is the postcode's (core/data/postnumre.csv).
        postcodes.clean_postcode_and_town(self)
        return cleaned

    def service_kwargs(self) -> dict:
        return {"data": {f: self.cleaned_data[f] for f in self.Meta.fields}}


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = CONTACT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(
            Row(Column("name"), Column("role")),
            Row(Column("phone"), Column("email")),
            Submit("save", _("Gem kontaktperson")),
        )

    def service_kwargs(self) -> dict:
        return {"data": {f: self.cleaned_data[f] for f in self.Meta.fields}}


class GuidanceEntryForm(forms.ModelForm):
    class Meta:
        model = Guidance
        fields = ["date", "form", "topic", "consultant", "outcome"]
        widgets = {"date": DateInput(), "outcome": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"consultant": StaffChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = staff_users()
        self.fields["consultant"].required = True
        self.fields["topic"].required = True
        if user is not None and not self.instance.pk:
            self.fields["consultant"].initial = user.pk
        self.helper = helper(
            Row(Column("date"), Column("form")),
            Row(Column("topic"), Column("consultant")),
            "outcome",
            Submit("save", _("Gem vejledning")),
        )

    def service_kwargs(self) -> dict:
        return {"data": {f: self.cleaned_data[f] for f in self.Meta.fields}}


class CompanyChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, company):
        return f"{company.name} ({company.industry})"


class NetworkMeetingForm(forms.ModelForm):
    companies = CompanyChoiceField(
        label=_("Deltagende virksomheder"),
        queryset=Company.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Hver deltagende virksomhed får registreret en vejledning (netværksmøde) på mødets dato."),
    )

    class Meta:
        model = NetworkMeeting
        fields = MEETING_FIELDS
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"organiser": StaffChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["companies"].queryset = Company.objects.select_related("industry").order_by("name", "pk")
        self.fields["organiser"].queryset = staff_users()
        self.fields["date"].help_text = _(
            "En dato efter i dag gør mødet planlagt: kontaktpersoner kan tilmelde sig i virksomhedsportalen. "
            "Deltagelse registreres, når mødet er holdt."
        )
        if self.instance.pk:
            attending = list(self.instance.companies.values_list("pk", flat=True))
            # A held meeting not yet registered starts from the companies that signed up in the portal.
            signed_up = self.instance.signups.values_list("contact__company_id", flat=True).distinct()
            self.fields["companies"].initial = attending or list(signed_up)
        elif user is not None:
            self.fields["organiser"].initial = user.pk
        self.helper = helper(
            Row(Column("date"), Column("title")),
            Row(Column("place"), Column("topic"), Column("organiser")),
            "note",
            "companies",
        )

    def clean(self):
        cleaned = super().clean()
        date = cleaned.get("date")
        if date and date > timezone.localdate() and cleaned.get("companies"):
            self.add_error("companies", PLANNED_ATTENDANCE)
        return cleaned

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        return {"data": data, "companies": self.cleaned_data["companies"]}


class ProgrammeTextForm(forms.ModelForm):
    class Meta:
        model = ProgrammeText
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("body")


# --- days and times ----------------------------------------------------------------------


def _day_field(day: int, end: bool) -> str:
    return f"day_{day}_{'end' if end else 'start'}"


class ScheduleMixin:
    """Seven rows (Monday to Sunday) of 'fra'/'til' times, stored as a list of young_workers.Shift JSON."""

    def add_schedule_fields(self, schedule: list[dict]) -> None:
        by_day = {int(item["weekday"]): item for item in schedule or []}
        for day in Weekday:
            for end in (False, True):
                name = _day_field(day.value, end)
                label = _("%(day)s til") if end else _("%(day)s fra")
                field = forms.TimeField(label=label % {"day": day.label}, required=False, widget=TimeInput())
                self.fields[name] = field
                if day.value in by_day:
                    self.fields[name].initial = by_day[day.value]["end" if end else "start"]

    def schedule_layout(self) -> Fieldset:
        return Fieldset(
            _("Dage og tider"),
            *[Row(Column(_day_field(day.value, False)), Column(_day_field(day.value, True))) for day in Weekday],
        )

    def clean_schedule(self) -> list[dict]:
        shifts = []
        for day in Weekday:
            start = self.cleaned_data.get(_day_field(day.value, False))
            end = self.cleaned_data.get(_day_field(day.value, True))
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(_day_field(day.value, end is None), _("Udfyld både fra og til."))
                continue
            if end <= start:
                self.add_error(_day_field(day.value, True), _("Sluttidspunktet skal ligge efter starttidspunktet."))
                continue
            shifts.append(young_workers.Shift(weekday=day.value, start=start, end=end).to_json())
        return shifts


class OpeningForm(ScheduleMixin, forms.ModelForm):
    hazards = forms.MultipleChoiceField(
        label=_("Særlige arbejdsforhold"),
        choices=young_workers.Hazard.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Arbejde, som reglerne for unge under 18 forbyder eller begrænser."),
    )

    class Meta:
        model = JobOpening
        fields = [f for f in OPENING_FIELDS if f not in ("weekly_schedule", "hazards")]
        widgets = {
            "start_date": DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "rules_justification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.order_by("name", "pk")
        self.fields["hazards"].initial = self.instance.hazards
        self.add_schedule_fields(self.instance.weekly_schedule)
        self.fields["rules_justification"].help_text = _("Kun hvis jobbet bryder en regel, der tillader undtagelser.")
        self.helper = helper(
            Row(Column("company"), Column("title")),
            Row(Column("industry"), Column("kind"), Column("status")),
            "tasks",
            Row(Column("start_date"), Column("min_age"), Column("positions"), Column("hours_per_week")),
            self.schedule_layout(),
            "hazards",
            "rules_justification",
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["weekly_schedule"] = self.clean_schedule()
        return cleaned

    def service_kwargs(self) -> dict:
        fields = [f for f in OPENING_FIELDS if f != "weekly_schedule"]
        return {
            "data": {
                **{f: self.cleaned_data[f] for f in fields},
                "weekly_schedule": self.cleaned_data["weekly_schedule"],
            }
        }


class PlacementForm(ScheduleMixin, forms.ModelForm):
    """End date and end reason go together here; the import records history without a reason."""

    class Meta:
        model = Placement
        fields = [f for f in PLACEMENT_FIELDS if f not in ("weekly_schedule", "import_ref")]
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "tasks": forms.Textarea(attrs={"rows": 3}),
            "end_reason": forms.Textarea(attrs={"rows": 2}),
            "rules_justification": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, match=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Company.objects.order_by("name", "pk")
        self.fields["opening"].queryset = JobOpening.objects.select_related("company").order_by("title", "pk")
        self.fields["opening"].required = False
        if match is not None:
            # From a match the company and opening are the match's.
            del self.fields["company"], self.fields["opening"]
        self.add_schedule_fields(self.instance.weekly_schedule)
        self.fields["rules_justification"].help_text = _(
            "Kun hvis ansættelsen bryder en regel, der tillader undtagelser."
        )
        first = [Row(Column("company"), Column("opening"))] if match is None else []
        self.helper = helper(
            *first,
            Row(Column("job_title"), Column("start"), Column("end")),
            Row(Column("hours_per_week"), Column("hourly_wage"), Column("contract_signed", css_class="pt-md-4")),
            "tasks",
            self.schedule_layout(),
            "end_reason",
            "rules_justification",
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["weekly_schedule"] = self.clean_schedule()
        if cleaned.get("end") and not (cleaned.get("end_reason") or "").strip():
            self.add_error("end_reason", _("Skriv en årsag, når ansættelsen slutter."))
        return cleaned

    def service_kwargs(self) -> dict:
        fields = [f for f in self.Meta.fields if f in self.fields]
        data = {f: self.cleaned_data[f] for f in fields}
        return {"data": {**data, "weekly_schedule": self.cleaned_data["weekly_schedule"]}}


class RejectForm(forms.Form):
    rejection_reason = forms.CharField(label=_("Årsag"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class FollowUpForm(forms.Form):
    job_kept = forms.TypedChoiceField(
        label=_("Er jobbet fastholdt?"),
        choices=[("ja", _("Ja, den unge er stadig ansat")), ("nej", _("Nej, ansættelsen er ophørt"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    end = forms.DateField(label=_("Sidste arbejdsdag"), required=False, widget=DateInput())
    end_reason = forms.CharField(label=_("Årsag til ophør"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    note = forms.CharField(label=_("Notat"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, six_months: bool, placement_ended: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not six_months:
            del self.fields["job_kept"]
        if not six_months or placement_ended:
            del self.fields["end"], self.fields["end_reason"]
        self.helper = helper()


class IndustryCodeMappingForm(forms.ModelForm):
    class Meta:
        model = IndustryCodeMapping
        fields = ["division", "industry"]
        widgets = {"division": forms.TextInput(attrs={"inputmode": "numeric", "size": 3})}


IndustryCodeMappingFormSet = forms.modelformset_factory(
    IndustryCodeMapping, form=IndustryCodeMappingForm, extra=3, can_delete=True, max_num=100, validate_max=True
)
