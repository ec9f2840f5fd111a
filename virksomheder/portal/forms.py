"""The portal's forms: short, made for a phone."""

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from fritidsjob.forms import DateInput

from .. import young_workers
from ..forms import ScheduleMixin, helper
from ..models import JobOpening


class LoginRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Din e-mailadresse"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email"}),
    )


class LinkForm(forms.Form):
    """The token travels from the e-mail's link into this form: signing in is a POST, so a mail
    scanner that opens the link does not use it up."""

    sesame = forms.CharField(widget=forms.HiddenInput)


# What the company fills in; the company, status and any exception from the rules are the consultant's.
PORTAL_OPENING_FIELDS = ["title", "kind", "tasks", "start_date", "min_age", "positions", "hours_per_week", "hazards"]


class PortalOpeningForm(ScheduleMixin, forms.ModelForm):
    hazards = forms.MultipleChoiceField(
        label=_("Særlige arbejdsforhold"),
        choices=young_workers.Hazard.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Arbejde, som reglerne for unge under 18 forbyder eller begrænser."),
    )

    class Meta:
        model = JobOpening
        fields = [f for f in PORTAL_OPENING_FIELDS if f != "hazards"]
        widgets = {"start_date": DateInput(), "tasks": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazards"].initial = self.instance.hazards
        self.add_schedule_fields(self.instance.weekly_schedule)
        self.fields["hours_per_week"].widget.attrs.update(inputmode="decimal")
        self.fields["min_age"].widget.attrs.update(inputmode="numeric")
        self.helper = helper(
            "title",
            Row(Column("kind"), Column("start_date")),
            "tasks",
            Row(Column("min_age"), Column("positions"), Column("hours_per_week")),
            self.schedule_layout(),
            "hazards",
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["weekly_schedule"] = self.clean_schedule()
        return cleaned

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in PORTAL_OPENING_FIELDS}
        return {"data": {**data, "weekly_schedule": self.cleaned_data["weekly_schedule"]}}


class NotHiredForm(forms.Form):
    reason = forms.ChoiceField(label=_("Hvorfor blev den unge ikke ansat?"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        from .services import NotHiredReason

        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = NotHiredReason.choices


class HireForm(ScheduleMixin, forms.Form):
    """ "Ansat": start date, hours and the week's schedule, checked against the rules for the young person's age."""

    start = forms.DateField(label=_("Første arbejdsdag"), widget=DateInput())
    hours_per_week = forms.DecimalField(
        label=_("Timer pr. uge"), max_digits=4, decimal_places=2, min_value=0, max_value=40, required=False
    )

    def __init__(self, *args, schedule=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_schedule_fields(schedule or [])
        self.helper = helper(Row(Column("start"), Column("hours_per_week")), self.schedule_layout())

    def clean(self):
        cleaned = super().clean()
        cleaned["weekly_schedule"] = self.clean_schedule()
        return cleaned

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in ("start", "hours_per_week", "weekly_schedule")}
        return {"data": data}


class EmployerFollowUpForm(forms.Form):
    still_employed = forms.TypedChoiceField(
        label=_("Er den unge stadig ansat?"),
        choices=[("ja", _("Ja")), ("nej", _("Nej"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    last_day = forms.DateField(
        label=_("Sidste arbejdsdag"), required=False, widget=DateInput(), help_text=_("Kun hvis den unge er stoppet.")
    )
    how = forms.ChoiceField(label=_("Hvordan går det?"), required=False, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("Kommentar (valgfri)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        from .services import HowItGoes

        super().__init__(*args, **kwargs)
        self.fields["how"].choices = HowItGoes.choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("still_employed") is False and not cleaned.get("last_day"):
            self.add_error("last_day", _("Skriv den sidste arbejdsdag."))
        return cleaned
