"""The second factor on every request: a signed-in user who owes one is sent to give (or set up) it.

Owed: a local sign-in (not SSO) that is not yet verified by django-otp, by a user who has
a second factor (a mentor who enrolled counts too), or by a staff user when MFA_REQUIRED
is on (they enrol first). The pages of the sign-in itself and logging out stay open.

Whether the user has a device and needs one is looked up once, at sign-in, and kept in
the session, so an ordinary page pays no query for it.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseForbidden
from django.shortcuts import redirect
from django.urls import reverse

from . import accounts

# What the session remembers from the sign-in: {"enrolled": bool, "required": bool}.
SESSION_KEY = "second_factor"
OPEN_VIEWS = {
    "second_factor_verify",
    "second_factor_setup",
    "second_factor_codes",
    "logout",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # Public pages, which a signed-in user may read before the second factor too.
    "accessibility_statement",
    "accessibility_statement_short",
}


def remember_at_sign_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: note whether this user has a second factor and must have one."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = {
            "enrolled": accounts.has_second_factor(user),
            "required": accounts.second_factor_required(user),
        }


def mark_enrolled(request) -> None:
    state = request.session.get(SESSION_KEY) or {}
    request.session[SESSION_KEY] = {**state, "enrolled": True}


def _state(request) -> dict:
    state = request.session.get(SESSION_KEY)
    if state is None:  # a session from before this existed
        remember_at_sign_in(None, request, request.user)
        state = request.session[SESSION_KEY]
    return state


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or request.session.get(accounts.SIGNED_IN_WITH_SESSION_KEY) == accounts.SSO:
            return None
        match = request.resolver_match
        if match is None or match.view_name in OPEN_VIEWS:
            return None
        state = _state(request)
        if state["enrolled"]:
            if user.is_verified():
                return None
            target = "second_factor_verify"
        elif settings.MFA_REQUIRED and state["required"]:
            target = "second_factor_setup"
        else:
            return None
        if request.headers.get("HX-Request"):
            # A fragment (a menu badge, a search): refused, never the sign-in page swapped into the page.
            return HttpResponseForbidden()
        url = reverse(target)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
