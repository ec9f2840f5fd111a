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


class CaseMessageForm(forms.Form):
    """An SMS or e-mail from the case: to whom, how, a template or free text (opgaver/messaging.py)."""

    recipient = forms.ChoiceField(label=_("Til"), widget=forms.RadioSelect)
    channel = forms.ChoiceField(
        label=_("Send som"),
        widget=forms.RadioSelect,
        choices=[("sms", _("SMS")), ("email", _("E-mail"))],
        initial="sms",
    )
    template = forms.ChoiceField(label=_("Skabelon"), required=False)
    subject = forms.CharField(label=_("Emne (kun e-mail)"), max_length=150, required=False)
    text = forms.CharField(
        label=_("Besked"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Skriv aldrig følsomme oplysninger i en SMS eller e-mail: ikke helbred, sociale forhold, "
            "CPR-nummer eller andres navne. Tom besked: skabelonens tekst sendes."
        ),
    )
    request_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, recipients, sender_name: str, **kwargs):
        from .messaging import TEMPLATES

        super().__init__(*args, **kwargs)
        self.recipients = {recipient.key: recipient for recipient in recipients}
        self.sender_name = sender_name
        self.fields["recipient"].choices = [
            (recipient.key, f"{recipient.name}, {recipient.description}") for recipient in recipients
        ]
        self.fields["template"].choices = [("", _("Fri tekst")), *((t.key, t.label) for t in TEMPLATES)]

    def clean(self):
        from .messaging import TEMPLATES, template_text

        data = super().clean()
        recipient = self.recipients.get(data.get("recipient", ""))
        if recipient is None:
            return data
        data["recipient"] = recipient
        template = {t.key: t for t in TEMPLATES}.get(data.get("template") or "")
        if not (data.get("text") or "").strip() and template is not None:
            data["text"] = template_text(template, recipient=recipient, sender_name=self.sender_name)
        if template is not None and not data.get("subject"):
            data["subject"] = str(template.subject)
        return data
