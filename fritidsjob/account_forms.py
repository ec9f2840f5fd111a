"""Forms for invitations and the second factor (fritidsjob/accounts.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import roles

# Mentors get their portal login from their page in the mentor app, with the mentor's e-mail;
# company contacts from their company's page (virksomheder.portal).
INVITABLE_ROLES = [role for role in roles.ROLE_PERMISSIONS if role not in (roles.MENTOR, roles.COMPANY_CONTACT)]


class InvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Efternavn"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=150)
    role = forms.ChoiceField(label=_("Rolle"), choices=[(role, role) for role in INVITABLE_ROLES])


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        help_text=_("De 6 cifre fra godkendelsesappen, eller en af dine gendannelseskoder."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_code(self):
        return self.cleaned_data["code"].strip().replace(" ", "")
