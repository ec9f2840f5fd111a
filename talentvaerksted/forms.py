from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fritidsjob.forms import DateInput, TimeInput, staff_users

from . import services
from .models import (
    CV,
    MAX_EXPERIENCES,
    MAX_REFERENCES,
    Course,
    CourseSession,
    CVExperience,
    CVReference,
    Enrollment,
    SessionReminder,
    Topic,
)


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the template's <form> has the token
    if layout:
        helper.layout = Layout(*layout)
    return helper


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class CourseForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("Emner"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Course
        fields = [
            "title",
            "kind",
            "topics",
            "description",
            "place",
            "capacity",
            "leaders",
            "start_date",
            "end_date",
            "min_attendance_percent",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "leaders": forms.CheckboxSelectMultiple,
        }
        field_classes = {"leaders": StaffMultipleChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leaders"].queryset = staff_users()
        self.fields["end_date"].required = True
        self.helper = _helper(
            Fieldset(
                _("Forløbet"),
                Row(Column("title", css_class="col-md-8"), Column("kind", css_class="col-md-4")),
                InlineCheckboxes("topics"),
                "description",
            ),
            Fieldset(
                _("Tid, sted og hold"),
                Row(Column("start_date"), Column("end_date")),
                Row(Column("place", css_class="col-md-6"), Column("capacity"), Column("min_attendance_percent")),
                InlineCheckboxes("leaders"),
            ),
        )

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields if f in services.COURSE_FIELDS}
        return {"data": data, "leaders": self.cleaned_data["leaders"]}


class CourseCopyForm(forms.Form):
    title = forms.CharField(label=_("Titel på det nye forløb"), max_length=200)
    start_date = forms.DateField(
        label=_("Ny startdato"),
        widget=DateInput(),
        help_text=_(
            "Slutdato og mødegange flyttes lige så mange dage. Vælg samme ugedag, så mødegangene beholder deres."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("title", css_class="col-md-8"), Column("start_date", css_class="col-md-4")))


class SessionForm(forms.ModelForm):
    repeat_weeks = forms.IntegerField(
        label=_("Antal uger"),
        min_value=1,
        max_value=26,
        initial=1,
        help_text=_("Opret samme mødegang hver uge, fx 8 for otte ugentlige mødegange."),
    )

    class Meta:
        model = CourseSession
        fields = services.SESSION_FIELDS
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["repeat_weeks"]
        repeat = ["repeat_weeks"] if "repeat_weeks" in self.fields else []
        self.helper = _helper(
            Row(Column("date"), Column("start_time"), Column("end_time"), *[Column(f) for f in repeat]),
            Row(Column("topic"), Column("place"), Column("note")),
        )

    def service_data(self) -> dict:
        return {f: self.cleaned_data[f] for f in services.SESSION_FIELDS}


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Gennemført den"), widget=DateInput(), initial=timezone.localdate)
    override_reason = forms.CharField(
        label=_("Begrundelse for at fravige fremmødekravet"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kun når fremmødekravet ikke er opfyldt. Begrundelsen gemmes i revisionssporet."),
    )

    def __init__(self, *args, rule_met: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        fields = ["completed_on"] if rule_met else ["completed_on", "override_reason"]
        if rule_met:
            del self.fields["override_reason"]
        self.helper = _helper(*fields)


class CompleteProposedForm(forms.Form):
    completed_on = forms.DateField(label=_("Gennemført den"), widget=DateInput(), initial=timezone.localdate)


class DropForm(forms.Form):
    dropped_on = forms.DateField(label=_("Afbrudt den"), widget=DateInput(), initial=timezone.localdate)
    reason = forms.CharField(label=_("Årsag"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("dropped_on", "reason")


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, parent):
        contact = ", ".join(filter(None, [parent.phone, parent.email])) or _("ingen telefon eller e-mail")
        return f"{parent.full_name} ({parent.get_relation_display() or _('forælder')}; {contact})"


class SessionReminderForm(forms.ModelForm):
    """How the young person (and, if chosen, one of their parents) is reminded the day before a session."""

    reminder_parent = ParentChoiceField(
        label=_("Påmindelse også til forælder"), queryset=None, required=False, empty_label=_("Ingen forælder")
    )

    class Meta:
        model = Enrollment
        fields = ["session_reminder", "reminder_parent"]
        widgets = {"session_reminder": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reminder_parent"].queryset = self.instance.youth.parents.order_by("first_name", "last_name")
        self.helper = _helper("session_reminder", "reminder_parent")

    def clean(self):
        cleaned = super().clean()
        channel = cleaned.get("session_reminder")
        contact = {SessionReminder.SMS: "phone", SessionReminder.EMAIL: "email"}.get(channel)
        if contact is None:
            return cleaned
        missing = (
            _("Der er ikke registreret et telefonnummer på %(name)s.")
            if contact == "phone"
            else _("Der er ikke registreret en e-mailadresse på %(name)s.")
        )
        youth, parent = self.instance.youth, cleaned.get("reminder_parent")
        if not getattr(youth, contact):
            self.add_error("session_reminder", missing % {"name": youth.full_name})
        if parent is not None and not getattr(parent, contact):
            self.add_error("reminder_parent", missing % {"name": parent.full_name})
        return cleaned


class CVForm(forms.ModelForm):
    class Meta:
        model = CV
        fields = services.CV_FIELDS
        widgets = {
            "profile": forms.Textarea(attrs={"rows": 3}),
            "skills": forms.Textarea(attrs={"rows": 4}),
            "interests": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            "profile",
            Row(Column("skills"), Column("interests")),
            Row(Column("school"), Column("languages")),
            "show_contact",
            "share_in_company_portal",
        )


class ExperienceForm(forms.ModelForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = CVExperience
        fields = ["id", *services.EXPERIENCE_FIELDS]


class ReferenceForm(forms.ModelForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = CVReference
        fields = ["id", *services.REFERENCE_FIELDS]


ExperienceFormSet = forms.formset_factory(
    ExperienceForm, extra=2, can_delete=True, max_num=MAX_EXPERIENCES, validate_max=True, absolute_max=MAX_EXPERIENCES
)
ReferenceFormSet = forms.formset_factory(
    ReferenceForm, extra=1, can_delete=True, max_num=MAX_REFERENCES, validate_max=True, absolute_max=MAX_REFERENCES
)


def formset_items(formset) -> list[dict]:
    """The filled-in, not deleted rows of a valid formset, in order."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
