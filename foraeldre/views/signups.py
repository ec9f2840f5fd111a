"""The public "Tilmeld dig" page (no login) and the staff's intake queue "Nye tilmeldinger"."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views import View

from core import ratelimit
from core.audit import record_access
from core.views import add_service_errors
from fritidsjob.security import client_ip

from .. import signups
from ..family_texts import LANGUAGE_NAMES, PUBLIC_LANGUAGES, signup_texts_for, text_direction
from ..forms import SignUpAcceptForm, SignUpForm, SignUpRejectForm
from ..models import GuideLanguage, SignUp

# The abuse limits of the public page, without a third-party service (README "Tilmelding og digitalt samtykke").
SIGNUP_MIN_SECONDS = 3  # a person needs longer than this to fill in the form
SIGNUP_MAX_SECONDS = 2 * 60 * 60  # a form open longer than this is shown again, fresh
SIGNUP_RATE_LIMIT = 5  # sign-ups per IP address per hour (a school's network: a class signs up together)
SIGNUP_RATE_WINDOW = 60 * 60
SIGNUP_MAX_BODY = 16 * 1024  # bytes: the form's fields at their longest are far below this
STARTED_SALT = "foraeldre.signup.started"


def _started_token() -> str:
    return signing.TimestampSigner(salt=STARTED_SALT).sign("tilmelding")


def _seconds_since_started(token: str) -> float | None:
    """Seconds since the form was shown, or None for a missing, forged or too old token."""
    signer = signing.TimestampSigner(salt=STARTED_SALT)
    try:
        signer.unsign(token, max_age=SIGNUP_MAX_SECONDS)
        timestamp = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    except (signing.BadSignature, IndexError, ValueError):
        return None
    return time.time() - timestamp


def public_language(request) -> str:
    language = request.GET.get("sprog", GuideLanguage.DANISH)
    return language if language in PUBLIC_LANGUAGES else GuideLanguage.DANISH


class SignUpPublicView(View):
    """Anyone may sign up: a young person aged 13-17 or a parent. Nothing is created unless every check passes."""

    template_name = "foraeldre/public/signup.html"

    def render(self, request, form, *, status=200, problem=""):
        language = public_language(request)
        context = {
            "form": form,
            "problem": problem,
            "texts": signup_texts_for(language),
            "language": language,
            "direction": text_direction(language),
            "contact_phone": settings.PROGRAMME_CONTACT_PHONE,
            "languages": [(code, LANGUAGE_NAMES[code]) for code in PUBLIC_LANGUAGES],
        }
        return render(request, self.template_name, context, status=status)

    def form(self, request, data=None, initial=None):
        """The form with its labels in the page's language; the parent's language defaults to the page's."""
        language = public_language(request)
        texts = signup_texts_for(language)
        initial = {"started": _started_token(), "language": language, **(initial or {})}
        return SignUpForm(data, initial=initial, labels=texts["labels"], legends=(texts["youth"], texts["parent"]))

    def get(self, request):
        return self.render(request, self.form(request))

    def post(self, request):
        if int(request.META.get("CONTENT_LENGTH") or 0) > SIGNUP_MAX_BODY:
            return self.refuse(request, _("Tilmeldingen er for lang. Skriv kortere, eller ring til os."), status=413)
        if not ratelimit.hit(
            scope="signup", key=client_ip(request) or "?", limit=SIGNUP_RATE_LIMIT, window_seconds=SIGNUP_RATE_WINDOW
        ):
            return self.refuse(
                request, _("Der er sendt mange tilmeldinger herfra. Prøv igen om en time, eller ring til os."), 429
            )
        if request.POST.get("website"):
            # A bot filled the hidden field: it is told all went well, and nothing is stored.
            return self.thanks(request)
        seconds = _seconds_since_started(request.POST.get("started", ""))
        # Shown again (if needed) with a new start time, as sent.
        data = request.POST.copy()
        data["started"] = _started_token()
        form = self.form(request, data)
        if seconds is None or seconds < SIGNUP_MIN_SECONDS:
            problem = _(
                "Vi kunne ikke modtage tilmeldingen. Siden var enten åben meget længe eller blev sendt meget hurtigt. "
                "Se tilmeldingen igennem, og send den igen."
            )
            return self.render(request, self.form(request, initial=data.dict()), status=400, problem=problem)
        if not form.is_valid():
            return self.render(request, form)
        try:
            signups.signup_submit(data={k: form.cleaned_data[k] for k in signups.SIGNUP_FIELDS})
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render(request, form)
        return self.thanks(request)

    def refuse(self, request, problem, status):
        return self.render(request, self.form(request), status=status, problem=problem)

    def thanks(self, request):
        language = public_language(request)
        context = {
            "texts": signup_texts_for(language),
            "language": language,
            "direction": text_direction(language),
            "contact_phone": settings.PROGRAMME_CONTACT_PHONE,
        }
        return render(request, "foraeldre/public/signup_thanks.html", context)


# --- the intake queue ---------------------------------------------------------------------------

SIGNUPS_PER_PAGE = 20


class SignUpListView(PermissionRequiredMixin, View):
    """New sign-ups, oldest first, each with its possible duplicates beside it."""

    permission_required = "foraeldre.view_signup"

    def get(self, request):
        queryset = SignUp.objects.new().select_related("school").order_by("created_at", "pk")
        paginator = Paginator(queryset, SIGNUPS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(page.object_list)
        duplicates = signups.duplicates_for(rows)
        context = {
            "page_obj": page,
            "paginator": paginator,
            "is_paginated": page.has_other_pages(),
            "rows": [(signup, duplicates[signup.pk]) for signup in rows],
        }
        return render(request, "foraeldre/signup_list.html", context)


class SignUpDetailView(PermissionRequiredMixin, View):
    """One sign-up beside its possible duplicates: accept (new case or merge) or reject with a reason."""

    permission_required = "foraeldre.view_signup"

    def get_signup(self, pk):
        return get_object_or_404(SignUp.objects.new().select_related("school"), pk=pk)

    def context(self, signup, accept_form=None, reject_form=None):
        duplicates = signups.duplicates_for([signup])[signup.pk]
        record_access(signup, *duplicates.youth, page=self.request.path)
        can_decide = self.request.user.has_perm("foraeldre.change_signup")
        return {
            "signup": signup,
            "duplicates": duplicates,
            "accept_form": accept_form or (SignUpAcceptForm(candidates=duplicates.youth) if can_decide else None),
            "reject_form": reject_form or (SignUpRejectForm() if can_decide else None),
        }

    def get(self, request, pk):
        signup = self.get_signup(pk)
        return render(request, "foraeldre/signup_detail.html", self.context(signup))


class SignUpDecideMixin(PermissionRequiredMixin):
    permission_required = ("foraeldre.view_signup", "foraeldre.change_signup")
    http_method_names = ["post"]


class SignUpAcceptView(SignUpDecideMixin, SignUpDetailView):
    def post(self, request, pk):
        signup = self.get_signup(pk)
        candidates = signups.duplicates_for([signup])[signup.pk].youth
        form = SignUpAcceptForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                youth = signups.signup_accept(signup=signup, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Tilmeldingen er godkendt, og familien får besked."))
                return redirect(youth.get_absolute_url())
        return render(request, "foraeldre/signup_detail.html", self.context(signup, accept_form=form))


class SignUpRejectView(SignUpDecideMixin, SignUpDetailView):
    def post(self, request, pk):
        signup = self.get_signup(pk)
        form = SignUpRejectForm(request.POST)
        if form.is_valid():
            try:
                signups.signup_reject(signup=signup, by=request.user, reason=form.cleaned_data["reason"])
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Tilmeldingen er afvist, og familien får besked."))
                return redirect("foraeldre:signup_list")
        return render(request, "foraeldre/signup_detail.html", self.context(signup, reject_form=form))
