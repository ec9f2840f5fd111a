from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.formatting import short_date
from fritidsjob.forms import DateInput, StaffChoiceField, staff_users
from fritidsjob.models import Youth

from .models import (
    Consent,
    ConsentKind,
    GuideEdition,
    GuideLanguage,
    GuideSection,
    GuideSectionText,
    InformationEvent,
    Parent,
    ParentContact,
    SignUp,
)
from .services import CONSENT_FIELDS, CONTACT_FIELDS, EVENT_FIELDS, PARENT_FIELDS
from .signups import SIGNUP_FIELDS

MAX_DOCUMENT_SIZE = 10 * 1024 * 1024  # a scanned consent form, not a photo album
DOCUMENT_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


def helper(*layout) -> FormHelper:
    """A crispy helper for a form inside the template's own <form> (which has the CSRF token)."""
    form_helper = FormHelper()
    form_helper.form_tag = False
    form_helper.disable_csrf = True
    if layout:
        form_helper.layout = Layout(*layout)
    return form_helper


class YouthChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, youth):
        return f"{youth.full_name} ({short_date(youth.birth_date)})"


class ParentForm(forms.ModelForm):
    children = YouthChoiceField(
        label=_("Børn (unge i indsatsen)"),
        queryset=Youth.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Find flere med søgningen herunder og sæt flueben."),
        error_messages={"required": _("Vælg mindst én ung, som forælderen hører til.")},
    )

    class Meta:
        model = Parent
        fields = [f for f in PARENT_FIELDS if f != "import_ref"]
        widgets = {"has_custody": forms.NullBooleanSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["children"].initial = list(self.instance.children.values_list("pk", flat=True))
        # Only the children chosen (or posted) are choices: the search finds the others,
        # so the page never lists every young person.
        if self.is_bound:
            chosen = [pk for pk in self.data.getlist(self.add_prefix("children")) if pk.isdigit()]
        else:
            chosen = self.initial.get("children") or self.fields["children"].initial or []
        self.fields["children"].queryset = Youth.objects.filter(pk__in=chosen).order_by("last_name", "first_name", "pk")
        self.fields["relation"].required = True
        self.helper = helper(
            Fieldset(
                _("Forælderen"),
                Row(Column("first_name"), Column("last_name")),
                Row(Column("phone"), Column("email")),
                Row(Column("relation"), Column("has_custody")),
            ),
            Fieldset(
                _("Sprog og jobcenter"),
                Row(Column("language"), Column("needs_interpreter")),
                "has_jobcenter_case",
            ),
            Fieldset(_("Hører til"), "children"),
        )

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        return {"data": data, "children": self.cleaned_data["children"]}


class ParentContactForm(forms.ModelForm):
    class Meta:
        model = ParentContact
        fields = [f for f in CONTACT_FIELDS if f != "import_ref"]
        widgets = {"date": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"staff": StaffChoiceField}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_users()
        self.fields["staff"].required = True
        if user is not None and not self.instance.pk:
            self.fields["staff"].initial = user.pk
        self.helper = helper(
            Row(Column("date"), Column("kind")),
            Row(Column("staff"), Column("interpreter_used", css_class="pt-md-4")),
            "note",
            Submit("save", _("Gem kontakt")),
        )

    def service_kwargs(self) -> dict:
        return {"data": {f: self.cleaned_data[f] for f in self.Meta.fields}}


class ParentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, parent):
        custody = _("forældremyndighed") if parent.has_custody else _("ikke registreret med forældremyndighed")
        return f"{parent.full_name} ({parent.get_relation_display() or '–'}, {custody})"


class ConsentForm(forms.ModelForm):
    """Record consent of one or more kinds for one young person, as one paper form often gives.

    The rules (foraeldre.consent) run in Consent.clean() for each kind.
    """

    kinds = forms.MultipleChoiceField(
        label=_("Samtykke til"),
        choices=ConsentKind.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én type samtykke.")},
    )
    document = forms.FileField(
        label=_("Scannet dokument"),
        required=False,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS)],
        help_text=_("Valgfrit. PDF, JPG eller PNG, højst 10 MB."),
    )

    class Meta:
        model = Consent
        fields = [field for field in CONSENT_FIELDS if field != "kind"]
        widgets = {"given_on": DateInput()}
        field_classes = {"given_by": ParentChoiceField}

    def __init__(self, *args, youth: Youth, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.youth = youth
        self.fields["given_by"].queryset = youth.parents.all()
        self.fields["given_by"].empty_label = _("Vælg forælder")
        self.fields["youth_consented"].help_text = _(
            "Kræves fra den unge er fyldt 15 år; fra 18 år er det den unges samtykke alene, der gælder."
        )
        self.helper = helper(
            "kinds",
            "given_by",
            "youth_consented",
            Row(Column("given_on"), Column("method")),
            "document",
            Submit("save", _("Registrér samtykke")),
        )

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document and document.size > MAX_DOCUMENT_SIZE:
            raise forms.ValidationError(_("Dokumentet er for stort: højst 10 MB."))
        return document

    def service_kwargs(self) -> dict:
        data = {f: self.cleaned_data[f] for f in self.Meta.fields}
        if not data["document"]:
            del data["document"]
        return {"kinds": self.cleaned_data["kinds"], "data": data}


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Trukket tilbage"), widget=DateInput(), initial=timezone.localdate)


class InformationEventForm(forms.ModelForm):
    staff = forms.ModelMultipleChoiceField(
        label=_("Medarbejdere"),
        queryset=staff_users(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = InformationEvent
        fields = [f for f in EVENT_FIELDS if f != "import_ref"]
        widgets = {"date": DateInput(), "materials": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"place": _("Fx bibliotek eller foreningshus, hvis mødet ikke var på en skole.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_users()
        self.fields["staff"].label_from_instance = lambda user: user.get_full_name() or user.username
        if self.instance.pk:
            self.fields["staff"].initial = list(self.instance.staff.values_list("pk", flat=True))
        self.helper = helper(
            Row(Column("date"), Column("audience")),
            "title",
            Row(Column("school"), Column("place")),
            Row(Column("youth_count"), Column("parent_count")),
            "materials",
            "staff",
        )

    def service_kwargs(self) -> dict:
        return {"data": {f: self.cleaned_data[f] for f in self.Meta.fields}, "staff": self.cleaned_data["staff"]}


# --- the guide ---------------------------------------------------------------------------------


class GuideEditionForm(forms.ModelForm):
    class Meta:
        model = GuideEdition
        fields = ["language", "title", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["language"]  # an edition keeps its language
        else:
            taken = set(GuideEdition.objects.values_list("language", flat=True))
            self.fields["language"].choices = [c for c in GuideLanguage.choices if c[0] not in taken]
        self.helper = helper()


class GuideSectionTextForm(forms.ModelForm):
    position = forms.IntegerField(label=_("Rækkefølge"), min_value=0, required=False)

    class Meta:
        model = GuideSectionText
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14})}

    def __init__(self, *args, section: GuideSection | None = None, language: str = GuideLanguage.DANISH, **kwargs):
        super().__init__(*args, **kwargs)
        if language == GuideLanguage.DANISH:
            # The section's place in the guide is set with its Danish text.
            self.fields["position"].initial = section.position if section else None
            self.fields["position"].help_text = _("Lavest først. Tom: sidst i guiden.")
        else:
            del self.fields["position"]
        self.helper = helper()


# --- the public sign-up (issue 17) ---------------------------------------------------------


class SignUpForm(forms.ModelForm):
    """The public "Tilmeld dig" form; the abuse checks (honeypot, time, rate, size) are forms/views' job."""

    # The honeypot: hidden from people (and from screen readers); a bot filling every field fills it.
    website = forms.CharField(label=_("Lad dette felt være tomt"), required=False, max_length=200)
    # When the form was shown, signed: a sign-up sent seconds after is a bot; one kept for hours is stale.
    started = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = SignUp
        fields = SIGNUP_FIELDS
        widgets = {
            "submitted_by": forms.RadioSelect,
            "youth_birth_date": DateInput,
            "wishes": forms.Textarea(attrs={"rows": 3}),
            "availability": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "submitted_by": _("Hvem udfylder tilmeldingen?"),
            "language": _("Hvilket sprog læser forælderen bedst?"),
        }

    def __init__(self, *args, labels=None, legends=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (labels or {}).items():  # the page's language (family_texts.SIGNUP_TEXTS)
            self.fields[name].label = label
        self.fields["submitted_by"].choices = [c for c in self.fields["submitted_by"].choices if c[0]]
        self.fields["school"].empty_label = _("Vælg skole (eller lad stå)")
        for name in ("wishes", "availability"):
            field = self.fields[name]
            field.widget.attrs["maxlength"] = str(SignUp._meta.get_field(name).max_length)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("youth_phone", "parent_phone"):
            self.fields[name].widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        self.fields["parent_email"].widget.attrs["autocomplete"] = "email"
        youth_legend, parent_legend = legends or (_("Den unge"), _("Forælderen"))
        self.helper = helper(
            Fieldset(youth_legend, "youth_first_name", "youth_last_name", "youth_birth_date", "school",
                     "youth_phone", "wishes", "availability"),
            Fieldset(parent_legend, "parent_first_name", "parent_last_name", "parent_phone", "parent_email",
                     "language"),
        )  # fmt: skip


class SignUpAcceptForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Opret som"),
        queryset=Youth.objects.none(),
        required=False,
        empty_label=_("Ny sag"),
        help_text=_("Vælg en eksisterende sag for at lægge tilmeldingen sammen med den."),
    )
    responsible = StaffChoiceField(label=_("Ansvarlig konsulent"), queryset=staff_users())
    parent_has_custody = forms.BooleanField(
        label=_("Forælderen har forældremyndighed (tjekket)"), required=False, initial=True
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Youth.objects.filter(pk__in=[y.pk for y in candidates])
        self.fields["into"].label_from_instance = lambda y: f"{y.full_name} ({short_date(y.birth_date)})"


class SignUpRejectForm(forms.Form):
    reason = forms.CharField(label=_("Begrundelse"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
