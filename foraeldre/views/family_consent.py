"""The family's consent pages, reached only by the link sent to one person (no login).

A visit is verified with the one-time code (session key per request, VERIFIED_MINUTES); the
page then shows each kind of consent in the person's language, takes the answers, and later
shows what was answered, the receipt and the withdrawal, until the link expires.
"""

import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from core.views import error_message
from fritidsjob.selectors import youth_for_case_page

from .. import digital_consent
from ..family_texts import consent_explanations, text_direction, texts_for
from ..models import VERIFIED_MINUTES, ConsentKind, DigitalChannel


def _session_key(request_pk: int) -> str:
    return f"samtykke_verificeret_{request_pk}"


def _verified_channel(http_request, consent_request) -> str | None:
    value = http_request.session.get(_session_key(consent_request.pk))
    if not value:
        return None
    channel, at = value
    if timezone.now() - datetime.datetime.fromisoformat(at) > datetime.timedelta(minutes=VERIFIED_MINUTES):
        return None
    return channel


def _masked(request) -> str:
    if request.code_channel == DigitalChannel.SMS:
        return f"SMS ****{request.phone[-2:]}"
    local, _at, domain = request.email.partition("@")
    return f"{local[:1]}***@{domain}"


class FamilyConsentMixin:
    template_name = "foraeldre/public/consent.html"

    def dispatch(self, http_request, token, *args, **kwargs):
        self.token = token
        try:
            self.consent_request = digital_consent.request_for_token(token)
        except digital_consent.LinkNotUsable as problem:
            return self.unusable(problem.reason)
        return super().dispatch(http_request, token, *args, **kwargs)

    def unusable(self, reason: str):
        texts = texts_for("da")
        contact = texts["contact"] % {"phone": settings.PROGRAMME_CONTACT_PHONE}
        context = {"texts": texts, "problem": texts[reason], "contact": contact}
        return render(self.request, self.template_name, context, status=410 if reason == "expired" else 403)

    def context(self, **extra):
        consent_request = self.consent_request
        language = consent_request.language
        texts = texts_for(language)
        name = consent_request.youth.first_name
        latest = digital_consent.latest_answers(consent_request)
        return {
            "consent_request": consent_request,
            "token": self.token,
            "language": language,
            "direction": text_direction(language),
            "texts": texts,
            "intro": texts["consent_intro"] % {"name": consent_request.youth.full_name},
            "code_intro": texts["code_intro"] % {"where": _masked(consent_request)},
            "contact": texts["contact"] % {"phone": settings.PROGRAMME_CONTACT_PHONE},
            "kinds": [
                (kind, label, explanation, latest.get(kind))
                for kind, label, explanation in consent_explanations(language, name)
            ],
            "answered": bool(latest),
            "verified": _verified_channel(self.request, consent_request) is not None,
            **extra,
        }


class FamilyConsentView(FamilyConsentMixin, View):
    def get(self, request, token):
        return render(request, self.template_name, self.context())

    def post(self, request, token):
        action = request.POST.get("action")
        consent_request = self.consent_request
        try:
            if action == "send_code":
                digital_consent.code_send(request=consent_request, token=token)
                return render(request, self.template_name, self.context(code_sent=True))
            if action == "verify":
                code = digital_consent.code_verify(request=consent_request, code=request.POST.get("code", ""))
                request.session[_session_key(consent_request.pk)] = (code.channel, timezone.now().isoformat())
                return redirect("familie:consent", token)
            channel = _verified_channel(request, consent_request)
            if channel is None:
                return redirect("familie:consent", token)
            if action == "answer":
                answers = {}
                for kind in ConsentKind:
                    value = request.POST.get(f"svar_{kind.value}")
                    if value in ("ja", "nej"):
                        answers[kind.value] = value == "ja"
                digital_consent.answers_record(
                    request=consent_request,
                    answers=answers,
                    typed_name=request.POST.get("typed_name", ""),
                    channel=channel,
                )
                return redirect("familie:consent", token)
            if action == "withdraw":
                kind = request.POST.get("kind", "")
                if kind not in ConsentKind.values:
                    raise ValidationError(_("Vælg et samtykke."))
                digital_consent.answer_withdraw(request=consent_request, kind=kind)
                return redirect("familie:consent", token)
        except digital_consent.LinkNotUsable as problem:
            return self.unusable(problem.reason)
        except ValidationError as error:
            return render(request, self.template_name, self.context(error=error_message(error)), status=200)
        return redirect("familie:consent", token)


class FamilyConsentReceiptView(FamilyConsentMixin, View):
    """The receipt as PDF: what this person answered, when, with which text version and channel."""

    def get(self, request, token):
        if _verified_channel(request, self.consent_request) is None:
            return redirect("familie:consent", token)
        from django.template.loader import render_to_string
        from weasyprint import HTML  # heavy: import only when a PDF is made

        html = render_to_string(
            "foraeldre/pdf/consent_receipt.html", {**self.context(), "link": digital_consent.link_url(token)}
        )
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="samtykke-kvittering.pdf"'
        return response


class ConsentRequestSendView(PermissionRequiredMixin, View):
    """From the case's consent page: send a consent link to a parent with custody, or to the young person from 15."""

    permission_required = ("fritidsjob.view_youth", "foraeldre.view_consent", "foraeldre.add_consentrequest")
    http_method_names = ["post"]

    def post(self, request, pk):
        youth = get_object_or_404(youth_for_case_page(user=request.user), pk=pk)
        recipient = request.POST.get("recipient", "")
        channel = request.POST.get("channel", "")
        try:
            if channel not in DigitalChannel.values:
                raise ValidationError(_("Vælg SMS eller e-mail."))
            parent = None
            if recipient != "ung":
                parent = youth.parents.filter(pk=recipient).first() if recipient.isdigit() else None
                if parent is None:
                    raise ValidationError(_("Vælg den forælder, der skal have linket."))
            consent_request, _token = digital_consent.consent_request_send(
                youth=youth, parent=parent, channel=channel, by=request.user
            )
        except ValidationError as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request,
                _("Linket til samtykke er sendt til %(name)s (%(channel)s).")
                % {"name": consent_request.person_name, "channel": consent_request.get_link_channel_display()},
            )
        return redirect("foraeldre:youth_consents", youth.pk)
