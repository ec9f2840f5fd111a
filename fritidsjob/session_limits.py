"""How long a sign-in lasts: SESSION_IDLE_TIMEOUT_MINUTES without activity, SESSION_MAX_AGE_HOURS in all.

The session keeps when the user signed in and when they were last active (epoch seconds).
Every request counts as activity (htmx requests too), except the page's own question
"how long have I left?" (GET on the keep-alive URL), which static/js/session.js asks just
before it warns. The last-activity time is written at most every
SESSION_ACTIVITY_WRITE_SECONDS (60), so a burst of requests does not write the session each
time; the page asks the server how long is left before it warns, so the warning is right.

A password change ends every other session by itself: Django keeps a hash of the password
in the session and signs it out when the hash no longer matches (update_session_auth_hash
keeps the current one).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone

from . import security
from .models import SecurityEventKind

SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVITY = "last_activity"
KEEPALIVE_URL_NAME = "session_keepalive"


def idle_seconds() -> int:
    return settings.SESSION_IDLE_TIMEOUT_MINUTES * 60


def max_age_seconds() -> int:
    return settings.SESSION_MAX_AGE_HOURS * 60 * 60


def _now() -> float:
    return timezone.now().timestamp()


def start(request) -> None:
    """A new sign-in: both clocks start now (user_logged_in)."""
    now = _now()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_ACTIVITY] = now


def touch(request, *, force: bool = False) -> None:
    now = _now()
    if force or now - request.session.get(LAST_ACTIVITY, 0) >= settings.SESSION_ACTIVITY_WRITE_SECONDS:
        request.session[LAST_ACTIVITY] = now


def seconds_left(request) -> int:
    """Until the session ends: the idle limit or the cap, whichever comes first."""
    now = _now()
    session = request.session
    idle_left = idle_seconds() - (now - session.get(LAST_ACTIVITY, now))
    cap_left = max_age_seconds() - (now - session.get(SIGNED_IN_AT, now))
    return max(0, int(min(idle_left, cap_left)))


def cap_seconds_left(request) -> int:
    now = _now()
    return max(0, int(max_age_seconds() - (now - request.session.get(SIGNED_IN_AT, now))))


def expired_reason(request) -> str | None:
    now = _now()
    session = request.session
    if now - session.get(SIGNED_IN_AT, now) > max_age_seconds():
        return "max_age"
    if now - session.get(LAST_ACTIVITY, now) > idle_seconds():
        return "idle"
    return None


def on_logged_in(sender, request, user, **kwargs):
    if hasattr(request, "session"):
        start(request)


class SessionLimitsMiddleware:
    """Signs out a session past its idle limit or its cap; otherwise notes the activity.

    Placed after the message middleware (the sign-out says why); LoginRequiredMiddleware's
    check runs after it (process_view) and sends a signed-out request to the login page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            is_status_question = request.method == "GET" and request.path == reverse(KEEPALIVE_URL_NAME)
            reason = expired_reason(request)
            if reason:
                response = self.sign_out(request, reason)
                if not is_status_question:
                    return response
            elif not is_status_question:
                if SIGNED_IN_AT not in request.session:
                    start(request)  # a session from before the limits: its clocks start now
                touch(request)
        return self.get_response(request)

    def sign_out(self, request, reason: str) -> HttpResponse:
        user = request.user
        if reason == "idle":
            detail = f"{settings.SESSION_IDLE_TIMEOUT_MINUTES} minutter uden aktivitet"
            message = (
                f"Du er blevet logget ud, fordi du ikke har været aktiv i {settings.SESSION_IDLE_TIMEOUT_MINUTES} "
                "minutter. Log ind igen for at fortsætte."
            )
        else:
            detail = f"{settings.SESSION_MAX_AGE_HOURS} timer siden login"
            message = (
                f"Du er blevet logget ud, fordi der er gået {settings.SESSION_MAX_AGE_HOURS} timer, siden du "
                "loggede ind. Log ind igen for at fortsætte."
            )
        security.record(kind=SecurityEventKind.SESSION_EXPIRED, user=user, request=request, actor=user, detail=detail)
        request.security_session_expired = True
        logout(request)
        messages.info(request, message)
        if request.headers.get("HX-Request"):
            # htmx would swap the login page into a table: send the whole page there instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse(settings.LOGIN_URL)
            return response
        return redirect_to_login(request.get_full_path())
