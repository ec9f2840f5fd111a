"""Consent per young person: the state per kind, recording, withdrawal and the scanned document."""

import os

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.audit import RecordsAccessMixin
from core.views import add_service_errors
from fritidsjob.selectors import youth_for_case_page

from .. import selectors, services
from ..consent import ADULT_AGE, YOUTH_OWN_CONSENT_AGE, consent_overview, required_parties
from ..forms import ConsentForm, ConsentWithdrawForm


def consent_page_context(youth, user, form=None) -> dict:
    today = timezone.localdate()
    return {
        "youth": youth,
        "states": consent_overview(youth=youth, on=today),
        "parties": required_parties(youth=youth, on=today),
        "youth_own_consent_age": YOUTH_OWN_CONSENT_AGE,
        "adult_age": ADULT_AGE,
        "consents": selectors.consents_of(youth=youth),
        "parents": list(youth.parents.all()),
        "form": form or (ConsentForm(youth=youth) if user.has_perm("foraeldre.add_consent") else None),
        "withdraw_form": ConsentWithdrawForm() if user.has_perm("foraeldre.change_consent") else None,
    }


class YouthConsentMixin(PermissionRequiredMixin):
    """The consent pages of a young person: the case scope decides who sees which young person."""

    context_object_name = "youth"

    def get_queryset(self):
        return youth_for_case_page(user=self.request.user)


class YouthConsentView(YouthConsentMixin, RecordsAccessMixin, DetailView):
    permission_required = ("fritidsjob.view_youth", "foraeldre.view_consent")
    template_name = "foraeldre/youth_consents.html"

    def get_context_data(self, **kwargs):
        return consent_page_context(self.object, self.request.user)


class ConsentCreateView(YouthConsentMixin, SingleObjectMixin, View):
    permission_required = ("fritidsjob.view_youth", "foraeldre.add_consent")
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        youth = self.object = self.get_object()
        form = ConsentForm(request.POST, request.FILES, youth=youth)
        if form.is_valid():
            try:
                consents = services.consents_record(youth=youth, recorded_by=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                kinds = ", ".join(consent.get_kind_display().lower() for consent in consents)
                messages.success(request, _("Samtykke er registreret: %(kinds)s.") % {"kinds": kinds})
                return redirect("foraeldre:youth_consents", youth.pk)
        context = consent_page_context(youth, request.user, form=form)
        return render(request, "foraeldre/youth_consents.html", context, status=200)


class ConsentWithdrawView(PermissionRequiredMixin, SingleObjectMixin, View):
    """Withdraw a consent: it stops counting from the date given (today by default), so at once."""

    permission_required = ("foraeldre.view_consent", "foraeldre.change_consent")
    http_method_names = ["post"]

    def get_queryset(self):
        return selectors.consent_for_page(user=self.request.user)

    def post(self, request, *args, **kwargs):
        consent = self.get_object()
        form = ConsentWithdrawForm(request.POST)
        try:
            if not form.is_valid():
                raise ValidationError(form.errors["withdrawn_on"])
            services.consent_withdraw(consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("Samtykket (%(kind)s) er trukket tilbage.") % {"kind": consent.get_kind_display()}
            )
        return redirect(reverse("foraeldre:youth_consents", args=[consent.youth_id]))


class ConsentDocumentView(PermissionRequiredMixin, RecordsAccessMixin, SingleObjectMixin, View):
    """The scanned consent form: served only through this view, never from a public media URL."""

    permission_required = ("fritidsjob.view_youth", "foraeldre.view_consent")

    def get_queryset(self):
        return selectors.consent_for_page(user=self.request.user)

    def get(self, request, *args, **kwargs):
        consent = self.object = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        if not consent.document:
            raise Http404(_("Der er ikke gemt et dokument til dette samtykke."))
        return FileResponse(
            consent.document.open("rb"), as_attachment=True, filename=os.path.basename(consent.document.name)
        )
