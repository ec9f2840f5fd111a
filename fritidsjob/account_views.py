"""Invitations, the users page and the second factor's pages (fritidsjob/accounts.py).

Password reset is Django's own views (fritidsjob/urls.py) with the Danish templates in
templates/registration/.
"""

import base64
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.views import ServiceFormMixin

from . import accounts, mfa
from .account_forms import CodeForm, InvitationForm

RECOVERY_CODES_SESSION_KEY = "recovery_codes_to_show"


def _next_url(request, default: str = "home") -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return reverse(default)


def _remote_addr(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


# --- the second factor --------------------------------------------------------------------------


class SecondFactorSetupView(View):
    """Enrol an authenticator app: a QR code, then a code from the app; the recovery codes follow."""

    template_name = "fritidsjob/accounts/second_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        # Replacing a second factor needs the current one: a password alone must not do it.
        if accounts.has_second_factor(request.user) and not request.user.is_verified():
            return redirect("second_factor_verify")
        return super().dispatch(request, *args, **kwargs)

    def _render(self, request, form, device):
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "qr_svg": accounts.qr_code_svg(device),
                "secret": base64.b32encode(device.bin_key).decode(),
                "next": _next_url(request),
                "replacing": accounts.has_second_factor(request.user),
            },
        )

    def get(self, request):
        return self._render(request, CodeForm(), accounts.totp_device_pending(user=request.user))

    def post(self, request):
        device = accounts.totp_device_pending(user=request.user)
        form = CodeForm(request.POST)
        if form.is_valid():
            codes = accounts.second_factor_enrol(
                device=device, token=form.cleaned_data["code"], remote_addr=_remote_addr(request)
            )
            if codes is not None:
                otp_login(request, device)
                mfa.mark_enrolled(request)
                request.session[RECOVERY_CODES_SESSION_KEY] = codes
                messages.success(request, _("Totrinsbekræftelse er slået til."))
                return redirect(reverse("second_factor_codes") + "?" + urlencode({"next": _next_url(request)}))
            form.add_error("code", _("Koden passer ikke. Tjek at telefonens ur går rigtigt, og prøv den næste kode."))
        return self._render(request, form, device)


class SecondFactorCodesView(View):
    """The 10 recovery codes, shown once, right after enrolment."""

    def get(self, request):
        codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
        if not codes:
            return redirect(_next_url(request))
        return render(
            request, "fritidsjob/accounts/second_factor_codes.html", {"codes": codes, "next": _next_url(request)}
        )


class SecondFactorVerifyView(View):
    """The second step of a local sign-in: a code from the app or a recovery code (each works once)."""

    template_name = "fritidsjob/accounts/second_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if not accounts.has_second_factor(request.user):
            # Reset by an administrator (or never enrolled): set one up instead.
            request.session[mfa.SESSION_KEY] = {**request.session.get(mfa.SESSION_KEY, {}), "enrolled": False}
            return redirect(reverse("second_factor_setup") + "?" + urlencode({"next": _next_url(request)}))
        if request.user.is_verified():
            return redirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return render(request, self.template_name, {"form": CodeForm(), "next": _next_url(request)})

    def post(self, request):
        form = CodeForm(request.POST)
        if form.is_valid():
            device = match_token(request.user, form.cleaned_data["code"])
            if device is not None:
                otp_login(request, device)
                return redirect(_next_url(request))
            form.add_error("code", _("Koden er forkert eller allerede brugt."))
        return render(request, self.template_name, {"form": form, "next": _next_url(request)})


# --- users: the administrator's page, invitations, resetting a second factor --------------------


class UserListView(PermissionRequiredMixin, ListView):
    permission_required = "fritidsjob.manage_users"
    template_name = "fritidsjob/accounts/user_list.html"
    context_object_name = "accounts"
    paginate_by = 50

    def get_queryset(self):
        return (
            get_user_model()
            .objects.filter(is_active=True)
            .annotate(
                second_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            )
            .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
            .order_by("first_name", "last_name", "username")
        )


class UserInviteView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "fritidsjob.manage_users"
    form_class = InvitationForm
    template_name = "fritidsjob/accounts/user_invite.html"
    extra_context = {"days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)}

    def save(self, form):
        user = accounts.user_invite(
            **form.cleaned_data, invited_by=self.request.user, base_url=self.request.build_absolute_uri("/")
        )
        messages.success(self.request, _("Invitationen er sendt til %(email)s.") % {"email": user.email})
        return redirect("user_list")


class SecondFactorResetView(PermissionRequiredMixin, View):
    permission_required = "fritidsjob.manage_users"
    http_method_names = ["post"]

    def post(self, request, pk):
        user = get_object_or_404(get_user_model(), pk=pk, is_active=True)
        accounts.second_factor_reset(user=user, reset_by=request.user, remote_addr=_remote_addr(request))
        messages.success(
            request,
            _("Totrinsbekræftelsen for %(name)s er nulstillet. Brugeren sætter den op igen ved næste login.")
            % {"name": user.get_full_name() or user.username},
        )
        return redirect("user_list")
