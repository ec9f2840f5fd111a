from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from core import postcodes
from core.formatting import iso_date
from core.limits import EARLIEST_DATE, cap_long_text

from . import cpr as cpr_rules
from .models import KLE_LEISURE_JOBS, JournalEntry, Weekday, Youth, validate_registration_age
from .services import YOUTH_FIELDS
from .sso import STAFF_USE_SSO_MESSAGE, local_login_refused


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"


def staff_users():
    from . import roles

    return (
        get_user_model()
        .objects.filter(
            is_active=True, groups__name__in=[roles.JOBCENTER_CONSULTANT, roles.YOUTH_SCHOOL, roles.PROJECT_LEADER]
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class YouthForm(forms.ModelForm):
    """Create and edit a case. The form validates; services.youth_create/update write."""

    cpr = forms.CharField(
        label=_("CPR-nummer"),
        required=False,
        max_length=11,
        help_text=_("Valgfrit. Gemmes krypteret og vises aldrig i lister."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    available_weekdays = forms.TypedMultipleChoiceField(
        label=_("Kan arbejde på"),
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_duplicate = forms.BooleanField(
        label=_("Jeg har tjekket listen: det er en anden ung, opret alligevel"), required=False
    )

    class Meta:
        model = Youth
        fields = [f for f in YOUTH_FIELDS if f not in ("import_ref", "registered_on")] + ["industries_of_interest"]
        widgets = {
            "birth_date": DateInput(),
            "available_from": TimeInput(),
            "available_until": TimeInput(),
            "target_group_reasons": forms.Textarea(attrs={"rows": 2}),
            "end_reason": forms.Textarea(attrs={"rows": 2}),
            "industries_of_interest": forms.CheckboxSelectMultiple,
        }
        field_classes = {"responsible_staff": StaffChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_staff"].queryset = staff_users()
        # Left empty, the case keeps the leisure-job classification.
        self.fields["kle_number"].required = False
        self.duplicates = []
        if self.instance.pk:
            del self.fields["confirm_duplicate"]
            if self.instance.has_cpr:
                self.fields["cpr"].help_text = _(
                    "Der er registreret et CPR-nummer (%(masked)s). Lad feltet stå tomt for at beholde det."
                ) % {"masked": self.instance.cpr_masked}
            self.fields["remove_cpr"] = forms.BooleanField(label=_("Slet det registrerede CPR-nummer"), required=False)
        else:
            del self.fields["status"]
            del self.fields["end_reason"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = self._layout()

    def _layout(self):
        status_fields = ["status", "end_reason"] if self.instance.pk else []
        # confirm_duplicate is rendered by the template, inside the duplicate warning.
        remove_cpr = ["remove_cpr"] if "remove_cpr" in self.fields else []
        return Layout(
            Fieldset(
                _("Den unge"),
                Row(Column("first_name"), Column("last_name")),
                Row(Column("birth_date"), Column("gender"), Column("cpr", *remove_cpr)),
                Row(Column("school"), Column("school_class"), Column("postcode")),
                Row(Column("phone"), Column("email")),
            ),
            Fieldset(
                _("Målgruppe og henvisning"),
                Row(Column("in_target_group"), Column("target_group_level"), Column("referral_source")),
                "target_group_reasons",
            ),
            Fieldset(
                _("Interesser og rådighed"),
                InlineCheckboxes("industries_of_interest"),
                InlineCheckboxes("available_weekdays"),
                Row(Column("available_from"), Column("available_until")),
            ),
            Fieldset(
                _("Sagen"),
                "responsible_staff",
                *status_fields,
                Row(Column("jobcenter_case_number"), Column("esdh_case_number"), Column("kle_number")),
            ),
        )

    def clean_kle_number(self):
        return self.cleaned_data.get("kle_number") or KLE_LEISURE_JOBS

    def clean_postcode(self):
        postcode = self.cleaned_data.get("postcode", "")
        postcodes.validate_postcode(postcode)
        return postcode

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        # Editing an old case must stay possible after the young person has grown older.
        if not self.instance.pk or birth_date != self.instance.birth_date:
            validate_registration_age(birth_date)
        return birth_date

    def clean_cpr(self):
        value = self.cleaned_data["cpr"].strip()
        if value:
            cpr_rules.birth_date_from_cpr(value)
            return cpr_rules.normalize(value)
        return ""

    def clean(self):
        cleaned = super().clean()
        cpr_value, birth_date = cleaned.get("cpr"), cleaned.get("birth_date")
        if cpr_value and birth_date and cpr_rules.birth_date_from_cpr(cpr_value) != birth_date:
            self.add_error("cpr", _("CPR-nummeret passer ikke med fødselsdatoen."))
        if not self.instance.pk and cleaned.get("first_name") and cleaned.get("last_name") and birth_date:
            self.duplicates = list(
                Youth.objects.likely_duplicates(
                    first_name=cleaned["first_name"], last_name=cleaned["last_name"], birth_date=birth_date
                )
            )
            if self.duplicates and not cleaned.get("confirm_duplicate"):
                raise forms.ValidationError(
                    _("Der findes allerede en ung med samme navn og fødselsdato. Tjek om det er den samme."),
                    code="duplicate",
                )
        return cleaned

    def service_kwargs(self) -> dict:
        """What services.youth_create/youth_update need, from the cleaned form."""
        data = {f: self.cleaned_data[f] for f in self.Meta.fields if f in self.cleaned_data and f in YOUTH_FIELDS}
        cpr_value = self.cleaned_data.get("cpr", "")
        if self.instance.pk and not cpr_value:
            cpr_value = "" if self.cleaned_data.get("remove_cpr") else None
        return {"data": data, "industries": self.cleaned_data["industries_of_interest"], "cpr": cpr_value}


class JournalEntryForm(forms.ModelForm):
    class Meta:
        model = JournalEntry
        fields = ["date", "kind", "text"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template's <form> has the token
        self.helper.layout = Layout(Row(Column("date"), Column("kind")), "text", Submit("save", _("Gem notat")))
        cap_long_text(self, "text")
        self.fields["date"].widget.attrs["min"] = iso_date(EARLIEST_DATE)


class LocalLoginRules:
    """With SSO on and LOCAL_LOGIN_FOR_STAFF=false, staff roles sign in with the municipality's login.

    Checked once the password is right, so the answer tells nobody else who is staff.
    """

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if local_login_refused(user):
            raise forms.ValidationError(STAFF_USE_SSO_MESSAGE, code="use_sso")


class LoginForm(LocalLoginRules, AuthenticationForm):
    pass


class AdminLoginForm(LocalLoginRules, AdminAuthenticationForm):
    pass


class AnonymisationRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_('Fx "Forældrene har bedt om sletning". Skriv ikke personens navn: begrundelsen gemmes.'),
        error_messages={"required": _("Skriv en begrundelse for anonymiseringen.")},
    )


class RetentionHoldForm(forms.Form):
    reason = forms.CharField(
        label=_("Hvorfor skal sagen opbevares længere?"),
        max_length=1000,
        error_messages={"required": _("Skriv, hvorfor sagen skal opbevares længere.")},
    )
