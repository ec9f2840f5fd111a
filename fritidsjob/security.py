"""The security log: sign-ins, failed sign-ins, lockouts, sign-outs, passwords, second factors, roles.

`record()` is the one entry point: every event goes through it, from the receivers below
(Django's auth signals, django-axes' lockout, django-otp devices, User.groups) or from a
view that knows more (the password change). Another part of the sign-in can call it too::

    from fritidsjob import security
    security.record(kind=SecurityEventKind.SECOND_FACTOR_REMOVED, user=user, request=request,
                    detail="Nulstillet af administrator")

Django sends no signal when a password changes, and a role or a device can change outside
a request, hence the receivers: they only write the entry, nothing else. The entries are
append-only (the admin does not offer them, and on PostgreSQL a trigger refuses UPDATE
and DELETE: migration fritidsjob 0007).
"""

import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import Group
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SecurityEvent, SecurityEventKind

logger = logging.getLogger(__name__)

# What the login page says when a username or an address is locked out. The same words for
# a name that exists and one that does not, so a lockout tells an attacker nothing.
LOCKOUT_MESSAGE = (
    "For mange mislykkede forsøg på at logge ind. Af sikkerhedshensyn kan der ikke logges ind "
    "i %(minutes)s minutter. Prøv igen senere, eller kontakt en administrator."
)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def client_ip(request) -> str | None:
    """The client's address as django-axes sees it (behind a proxy: TRUSTED_PROXY_COUNT)."""
    if request is None:
        return None
    address = getattr(request, "axes_ip_address", None)
    if address is None:
        from axes.helpers import get_client_ip_address

        address = get_client_ip_address(request)
    return address or None


def _signed_in(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _context_actor():
    """The signed-in user of the current request, as django-auditlog's middleware keeps it."""
    from auditlog.context import auditlog_value

    context = auditlog_value.get({})
    return _signed_in(context.get("actor")), context.get("remote_addr")


def record(*, kind: str, user=None, username: str = "", request=None, actor=None, detail: str = "") -> SecurityEvent:
    """Add one entry to the security log. Who it is about (`user` or a typed `username`), who did it."""
    user = _signed_in(user)
    ip_address = client_ip(request)
    if actor is None:
        if request is not None:
            actor = _signed_in(getattr(request, "user", None))
        else:
            actor, context_ip = _context_actor()
            ip_address = ip_address or context_ip
    if actor is not None and user is not None and actor.pk == user.pk:
        actor = None  # the user did it themselves
    event = SecurityEvent.objects.create(
        kind=kind,
        occurred_at=timezone.now(),  # read at the call, so a test's clock applies
        user=user,
        username=(username or (user.get_username() if user else ""))[:150],
        actor=actor,
        ip_address=ip_address,
        detail=detail[:255],
    )
    logger.info("Security event %s for %r from %s", kind, event.username, ip_address)
    return event


# --- django-axes: the backend and the lockout page ---


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, first in AUTHENTICATION_BACKENDS.

    Every login in the app (the login page, the admin's, single sign-on) authenticates with
    the request, and axes counts by its address. A call without one (the test client's
    login(), a script) has no client to count, so it is let through to the next backend
    instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# --- django-axes: the lockout page ---------------------------------------------------------------


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page again, with the lockout message and 429."""
    context = {
        "form": AuthenticationForm(request),
        "lockout_message": LOCKOUT_MESSAGE % {"minutes": lockout_minutes()},
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }
    return render(request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


# --- Receivers -----------------------------------------------------------------------------------


def on_logged_in(sender, request, user, **kwargs):
    record(kind=SecurityEventKind.LOGIN_SUCCEEDED, user=user, request=request, actor=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # An attempt axes refused outright (the name or address was already locked out).
    refused = (
        bool(getattr(request, "axes_locked_out", False)) and getattr(request, "axes_failures_since_start", 0) is None
    )
    # A sign-in with the municipality's login has no typed name: the SSO backend notes whom the provider named.
    typed = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username")
    if refused:
        detail = _("Afvist, fordi der er lukket for login")
    elif getattr(request, "sso_refused", False):
        detail = _("Kommunens login: ingen rolle i Fritidsjob")
    else:
        detail = ""
    record(
        kind=SecurityEventKind.LOGIN_FAILED,
        username=str(typed or getattr(request, "sso_username", "")),
        request=request,
        detail=detail,
    )
    if request is not None:
        request.security_failure_recorded = True
        # axes' own receiver may have run first and locked out: the lockout follows its attempt.
        pending = request.__dict__.pop("security_pending_lockout", None)
        if pending:
            record(**pending)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    # Sent both when the limit is reached and for each attempt while locked out; the first is the lockout.
    if getattr(request, "axes_failures_since_start", None) is None:
        return
    entry = {
        "kind": SecurityEventKind.LOCKED_OUT,
        "username": username or "",
        "request": request,
        "detail": _("Efter %(count)s mislykkede forsøg, i %(minutes)s minutter")
        % {"count": request.axes_failures_since_start, "minutes": lockout_minutes()},
    }
    if getattr(request, "security_failure_recorded", False):
        record(**entry)
    else:
        request.security_pending_lockout = entry


def on_logged_out(sender, request, user, **kwargs):
    # A sign-out by the session limits is recorded there, with its reason.
    if user is None or getattr(request, "security_session_expired", False):
        return
    record(kind=SecurityEventKind.LOGGED_OUT, user=user, request=request, actor=user)


def on_groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """User.groups changed, from either side (user.groups.add(...) or group.user_set.add(...))."""
    if action == "pre_clear":
        # The pairs are gone by post_clear: remember them.
        instance._security_cleared = list(
            instance.user_set.values_list("pk", flat=True) if reverse else instance.groups.values_list("pk", flat=True)
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    pks = instance.__dict__.pop("_security_cleared", []) if action == "post_clear" else list(pk_set or [])
    if not pks:
        return
    kind = SecurityEventKind.ROLE_ADDED if action == "post_add" else SecurityEventKind.ROLE_REMOVED
    if reverse:
        pairs = [(user, instance) for user in get_user_model().objects.filter(pk__in=pks)]
    else:
        pairs = [(instance, group) for group in Group.objects.filter(pk__in=pks)]
    for user, group in pairs:
        record(kind=kind, user=user, detail=group.name)


def _device_label(device) -> str:
    return (
        f"{device._meta.verbose_name}: {device.name}" if getattr(device, "name", "") else str(device._meta.verbose_name)
    )


def on_device_init(sender, instance, **kwargs):
    instance._security_was_confirmed = bool(instance.confirmed) if instance.pk else False


def on_device_saved(sender, instance, created, **kwargs):
    # A device counts from when it is confirmed (a TOTP device is made, then confirmed with a code).
    confirmed = bool(instance.confirmed)
    if confirmed and not getattr(instance, "_security_was_confirmed", False):
        record(kind=SecurityEventKind.SECOND_FACTOR_ADDED, user=instance.user, detail=_device_label(instance))
    instance._security_was_confirmed = confirmed


def on_device_deleted(sender, instance, **kwargs):
    record(kind=SecurityEventKind.SECOND_FACTOR_REMOVED, user=instance.user, detail=_device_label(instance))


def connect() -> None:
    """Hook the receivers up (FritidsjobConfig.ready)."""
    from axes.signals import user_locked_out
    from django.apps import apps
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save

    user_logged_in.connect(on_logged_in, dispatch_uid="security_logged_in")
    user_login_failed.connect(on_login_failed, dispatch_uid="security_login_failed")
    user_logged_out.connect(on_logged_out, dispatch_uid="security_logged_out")
    user_locked_out.connect(on_locked_out, dispatch_uid="security_locked_out")
    m2m_changed.connect(on_groups_changed, sender=get_user_model().groups.through, dispatch_uid="security_groups")
    if apps.is_installed("django_otp"):
        from django_otp.models import Device

        for model in apps.get_models():
            if issubclass(model, Device):
                uid = f"security_{model._meta.label_lower}"
                post_init.connect(on_device_init, sender=model, dispatch_uid=uid)
                post_save.connect(on_device_saved, sender=model, dispatch_uid=uid)
                post_delete.connect(on_device_deleted, sender=model, dispatch_uid=uid)
