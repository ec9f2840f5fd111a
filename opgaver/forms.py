from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fritidsjob.forms import DateInput, StaffChoiceField
from fritidsjob.models import Youth

from . import selectors
from .models import Task


class TaskForm(forms.ModelForm):
    """A task made by hand, for oneself or a colleague, optionally about a young person."""

    assignee = StaffChoiceField(label=_("Ansvarlig"), queryset=selectors.assignable_staff())
    youth = forms.ModelChoiceField(
        label=_("Ung"), queryset=Youth.objects.active().order_by("first_name", "last_name"), required=False
    )

    class Meta:
        model = Task
        fields = ["title", "description", "due_date", "assignee", "youth"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["youth"].label_from_instance = lambda youth: youth.full_name
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout("title", "description", Row(Column("due_date"), Column("assignee")), "youth")

    def clean_due_date(self):
        due_date = self.cleaned_data["due_date"]
        if due_date < timezone.localdate():
            raise forms.ValidationError(_("Fristen kan ikke ligge før i dag."))
        return due_date


class SnoozeForm(forms.Form):
    until = forms.DateField(label=_("Udsæt til"), widget=DateInput())

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until <= timezone.localdate():
            raise forms.ValidationError(_("Vælg en dato efter i dag."))
        return until


class ReassignForm(forms.Form):
    assignee = StaffChoiceField(label=_("Giv opgaven til"), queryset=selectors.assignable_staff())
