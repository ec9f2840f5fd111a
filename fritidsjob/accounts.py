"""Accounts: invitations by e-mail and the second factor (issue 13).

An invited user gets an account without a usable password and an e-mail with a
link to set one: Django's own password-reset token (django.contrib.auth.tokens),
so it works once (the token hashes the password, which the first use changes)
and for PASSWORD_RESET_TIMEOUT (3 days). Password reset is Django's own views.

The second factor is django-otp: a TOTP device (an authenticator app) and a
static device holding 10 one-time recovery codes. Required for every staff role
when MFA_REQUIRED is on; optional for mentors; never asked after SSO (the
identity provider did it). fritidsjob/mfa.py enforces it on every request.
"""

import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.audit import record_event

from . import roles

RECOVERY_CODE_COUNT = 10
# The session key the SSO sign-in sets to "sso"; the second factor is then not asked again.
SIGNED_IN_WITH_SESSION_KEY = "signed_in_with"
SSO = "sso"
TOTP_DEVICE_NAME = "Godkendelsesapp"
RECOVERY_DEVICE_NAME = "Gendannelseskoder"


# --- invitations ------------------------------------------------------------------------------


def set_password_link(*, user, base_url: str) -> str:
    """The one-time link (3 days) where `user` chooses a password: Django's reset token."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def invitation_send(*, user, invited_by, base_url: str) -> None:
    context = {
        "user": user,
        "invited_by": invited_by,
        "link": set_password_link(user=user, base_url=base_url),
        "days": settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60),
    }
    send_mail(
        _("Du er inviteret til Fritidsjob"),
        render_to_string("fritidsjob/accounts/invitation_email.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )


@transaction.atomic
def user_invite(*, email: str, first_name: str, last_name: str, role: str, invited_by, base_url: str):
    """Create a user with `role` and no usable password, and e-mail them the link to choose one.

    The username is the e-mail address. An address that already has an account is refused:
    the one inviting is staff, so saying so reveals nothing to an outsider.
    """
    if role not in roles.ROLE_PERMISSIONS:
        raise ValidationError({"role": _("Vælg en rolle.")})
    email = get_user_model().objects.normalize_email(email).lower()
    user_model = get_user_model()
    if user_model.objects.filter(email__iexact=email).exists() or user_model.objects.filter(username=email).exists():
        raise ValidationError({"email": _("Der findes allerede en bruger med denne e-mailadresse.")})
    user = user_model(username=email, email=email, first_name=first_name, last_name=last_name)
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=role))
    transaction.on_commit(lambda: invitation_send(user=user, invited_by=invited_by, base_url=base_url))
    return user


def invitation_pending(user) -> bool:
    """Invited, and the password not chosen yet."""
    return not user.has_usable_password()


# --- the second factor ------------------------------------------------------------------------


def second_factor_required(user) -> bool:
    """Whether `user` must have a second factor when MFA_REQUIRED is on: every role but the mentor and the
    company contact (who signs in with one-time links to their own e-mail, no password)."""
    if user.is_superuser:
        return True
    return user.groups.exclude(name__in=[roles.MENTOR, roles.COMPANY_CONTACT]).exists()


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def totp_device_pending(*, user) -> TOTPDevice:
    """The user's unconfirmed TOTP device (created on the first visit), the key shown as a QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG (no script, no external image)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode()
    # The XML declaration is not allowed inside HTML.
    return svg[svg.index("<svg") :]


@transaction.atomic
def second_factor_enrol(*, device: TOTPDevice, token: str, remote_addr: str | None = None) -> list[str] | None:
    """Confirm the TOTP device with a code from the app; returns the 10 new recovery codes, None if wrong.

    Any earlier devices of the user are replaced: one app and one set of codes at a time.
    """
    if not device.verify_token(token.strip().replace(" ", "")):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    StaticDevice.objects.filter(user=user).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=code) for code in codes])
    record_event(user, actor=user, event="second_factor_enrolled", remote_addr=remote_addr)
    return codes


@transaction.atomic
def second_factor_reset(*, user, reset_by, remote_addr: str | None = None) -> int:
    """Remove the user's TOTP device and recovery codes (a lost phone); they enrol again at the next sign-in."""
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    record_event(user, actor=reset_by, event="second_factor_reset", remote_addr=remote_addr)
    return removed
