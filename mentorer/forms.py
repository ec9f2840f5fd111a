from crispy_forms.bootstrap import InlineCheckboxes, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import postcodes
from core.limits import cap_long_text
from fritidsjob import roles
from fritidsjob.forms import DateInput, StaffChoiceField, staff_users

from .models import Mentor, MentorRelationship, MentorSession, Outcome, default_planned_end
from .services import MENTOR_FIELDS, RELATIONSHIP_FIELDS, SESSION_FIELDS


def helper(*layout) -> FormHelper:
    """A crispy helper for a form inside the template's own <form> (which has the CSRF token)."""
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.disable_csrf = True
    if layout:
        form_helper.layout = Layout(*layout)
    return form_helper


class MentorUserField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.username})" if name else user.username


class MentorForm(forms.ModelForm):
    """A mentor with vetting. The service refuses "godkendt" until the vetting is complete, saying what is missing."""

    user = MentorUserField(
        label=_("Brugerkonto til mentorportalen"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("En bruger med rollen Mentor. Mentoren ser kun sine egne mentees og møder."),
    )

    class Meta:
        model = Mentor
        fields = [*MENTOR_FIELDS, "industries"]
        widgets = {
            "interview_on": DateInput(),
            "boerneattest_on": DateInput(),
            "confidentiality_signed_on": DateInput(),
            "intro_course_on": DateInput(),
            "about": forms.Textarea(attrs={"rows": 3}),
            "industries": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        taken = Mentor.objects.exclude(pk=self.instance.pk).exclude(user=None).values("user")
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=roles.MENTOR)
            .exclude(pk__in=taken)
            .order_by("first_name", "last_name", "username")
        )
        self.helper = helper(
            Fieldset(
                _("Mentoren"),
                Row(Column("first_name"), Column("last_name")),
                Row(Column("employer"), Column("job_title")),
                InlineCheckboxes("industries"),
                Row(Column("phone"), Column("email"), Column("postcode")),
                Row(Column("languages"), Column("availability"), Column("capacity")),
                "about",
            ),
            Fieldset(
                _("Screening"),
                Row(Column("interview_on"), Column("confidentiality_signed_on"), Column("intro_course_on")),
                Row(Column("boerneattest_on"), Column("boerneattest_assessment")),
            ),
            Fieldset(_("Status og login"), Row(Column("status"), Column("user"))),
        )

    def clean_postcode(self):
        postcode = self.cleaned_data.get("postcode", "")
        postcodes.validate_postcode(postcode)
        return postcode

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in MENTOR_FIELDS}
        return {"data": data, "industries": self.cleaned_data["industries"]}


class RelationshipForm(forms.ModelForm):
    """Start a mentor relationship (or change its goals, next steps and planned end)."""

    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Mentor.objects.none())

    class Meta:
        model = MentorRelationship
        fields = RELATIONSHIP_FIELDS
        widgets = {
            "start_date": DateInput(),
            "planned_end": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"coordinator": StaffChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = staff_users()
        self.fields["coordinator"].required = True
        self.fields["planned_end"].help_text = _("Mindst tre måneder efter start.")
        editing = self.instance.pk is not None
        if editing:
            del self.fields["mentor"]
            self.fields["start_date"].disabled = True
        else:
            self.fields["mentor"].queryset = Mentor.objects.approved().order_by("last_name", "first_name")
            today = timezone.localdate()
            self.fields["start_date"].initial = today
            self.fields["planned_end"].initial = default_planned_end(today)
            if user is not None:
                self.fields["coordinator"].initial = user.pk
        mentor = [] if editing else ["mentor"]
        self.helper = helper(
            *mentor,
            Row(Column("start_date"), Column("planned_end")),
            "goals",
            "next_steps",
            "coordinator",
        )

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in RELATIONSHIP_FIELDS if f in self.cleaned_data}
        return {"data": data}


class RelationshipEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Afsluttet"), widget=DateInput(), initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Resultat"), choices=[("", "---------"), *Outcome.choices], required=False)
    evaluation = forms.CharField(label=_("Evaluering"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(Row(Column("ended_on"), Column("outcome")), "evaluation")


# Durations offered in the portal: one tap instead of typing on a phone.
DURATION_CHOICES = [
    (15, _("15 min")),
    (30, _("30 min")),
    (45, _("45 min")),
    (60, _("1 time")),
    (90, _("1½ time")),
    (120, _("2 timer")),
    (180, _("3 timer")),
]


class SessionForm(forms.ModelForm):
    """Log a session. In the portal it is one short form with sensible defaults (today, 1 hour, møde)."""

    duration_minutes = forms.TypedChoiceField(label=_("Varighed"), choices=DURATION_CHOICES, coerce=int, initial=60)
    next_steps = forms.CharField(
        label=_("Næste skridt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Valgfrit. Erstatter forløbets næste skridt."),
    )

    class Meta:
        model = MentorSession
        fields = SESSION_FIELDS
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 2}), "form": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["topic"].widget.attrs.update({"placeholder": _("Fx jobsøgning, CV, uddannelsesvalg")})
        self.helper = helper(
            Row(Column("date", css_class="col-6"), Column("duration_minutes", css_class="col-6")),
            InlineRadios("form"),
            "topic",
            "note",
            "next_steps",
            Submit("save", _("Gem møde"), css_class="btn-lg w-100"),
        )
        cap_long_text(self, "note", "next_steps")

    def service_kwargs(self) -> dict:
        return {
            "data": {f: self.cleaned_data[f] for f in SESSION_FIELDS},
            "next_steps": self.cleaned_data.get("next_steps", ""),
        }


class SuggestionForm(forms.Form):
    """The young person's stated preference and language, for ranking (GET, nothing stored)."""

    oenske = forms.CharField(
        label=_("Den unges ønske"),
        required=False,
        max_length=200,
        help_text=_('Fx: "vil gerne være kok" eller "en mentor fra byggeriet".'),
    )
    sprog = forms.CharField(label=_("Sprog"), required=False, max_length=50)
