"""Single sign-on through the municipality's identity provider (OpenID Connect).

mozilla-django-oidc runs the authorization code flow (state, nonce, PKCE, the ID token's
RS256 signature checked against the provider's JWKS). What this module adds:

- the configuration from settings (fritidsjob/settings.py, from OIDC_* variables), with the
  endpoints read from the provider's discovery document at the first sign-in; SSO is off
  while OIDC_RP_CLIENT_ID is empty, and then its two URLs answer 404;
- the ID token checked for this client (aud) and this issuer (iss), which the library skips;
- on every sign-in the user is created or updated and given exactly the roles their groups
  map to (OIDC_ROLE_MAP, through roles.user_roles_set); no mapped group: refused;
- the session marked `signed_in_with = "sso"`, so the second factor is not asked again;
- with LOCAL_LOGIN_FOR_STAFF=false, staff roles may not sign in with a local password.
"""

import logging
import time

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import roles

logger = logging.getLogger(__name__)

SESSION_KEY = "signed_in_with"
SIGNED_IN_WITH_SSO = "sso"
WELL_KNOWN = ".well-known/openid-configuration"
DISCOVERY_CACHE_SECONDS = 60 * 60
# Our setting -> the discovery document's key.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}

NO_ROLE_MESSAGE = _("Din bruger har ingen rolle i Fritidsjob – kontakt %(contact)s for at få en.")
FAILED_MESSAGE = _("Log ind med kommunens login mislykkedes. Prøv igen; sker det igen, kontakt %(contact)s.")
UNAVAILABLE_MESSAGE = _("Kommunens login svarer ikke lige nu. Prøv igen om lidt.")
STAFF_USE_SSO_MESSAGE = _("Medarbejdere logger ind med kommunens login: brug knappen »Log ind med kommunens login«.")

_discovered: dict[str, tuple[float, dict]] = {}


class SsoUnavailable(Exception):
    """The identity provider could not be reached or answered nonsense."""


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def local_login_refused(user) -> bool:
    """Whether `user` must use the municipality's login instead of a local password."""
    return (
        sso_enabled() and not settings.LOCAL_LOGIN_FOR_STAFF and user.groups.filter(name__in=roles.STAFF_ROLES).exists()
    )


def role_map() -> dict[str, str]:
    """OIDC_ROLE_MAP (IdP group -> role name), its role names checked against roles.py."""
    mapping = settings.OIDC_ROLE_MAP
    unknown = sorted(set(mapping.values()) - set(roles.ROLE_PERMISSIONS))
    if unknown:
        raise ImproperlyConfigured(
            f"OIDC_ROLE_MAP names unknown roles {unknown}; the roles are {sorted(roles.ROLE_PERMISSIONS)}."
        )
    return mapping


@checks.register(checks.Tags.security)
def check_role_map(**kwargs) -> list[checks.CheckMessage]:
    """A mistyped role name in OIDC_ROLE_MAP stops `manage.py check` (and migrate) rather than sign-ins."""
    try:
        role_map()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="fritidsjob.E001")]
    return []


def roles_for_groups(groups) -> set[str]:
    # A provider sends a list, or a single string when there is one group.
    if isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list):
        return set()
    mapping = role_map()
    return {mapping[group] for group in groups if isinstance(group, str) and group in mapping}


def discovery_url() -> str:
    url = settings.OIDC_OP_DISCOVERY_URL.strip()
    if url and not url.rstrip("/").endswith(WELL_KNOWN):
        url = f"{url.rstrip('/')}/{WELL_KNOWN}"
    return url


def discovery_document() -> dict:
    """The provider's discovery document, fetched once an hour at most; {} without a discovery URL."""
    url = discovery_url()
    if not url:
        return {}
    cached = _discovered.get(url)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    try:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise SsoUnavailable(f"discovery document at {url}: {exc}") from exc
    if not isinstance(document, dict):
        raise SsoUnavailable(f"discovery document at {url} is no JSON object")
    _discovered[url] = (time.monotonic() + DISCOVERY_CACHE_SECONDS, document)
    return document


def endpoint(setting: str) -> str:
    """An endpoint given explicitly in settings, else the one the provider announces."""
    return getattr(settings, setting) or discovery_document().get(ENDPOINTS[setting], "")


def refusal(request, message, *, status: int):
    return render(
        request,
        "registration/sso_refused.html",
        {"message": message % {"contact": settings.SSO_SUPPORT_CONTACT}},
        status=status,
    )


class SsoBackend(OIDCAuthenticationBackend):
    """Signs in whoever the identity provider vouches for, with the roles their groups map to.

    Listed in AUTHENTICATION_BACKENDS whether SSO is on or not, so nothing is read at
    construction; a password sign-in passes it by (only the callback passes a nonce).
    """

    def __init__(self, *args, **kwargs):
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not sso_enabled() or "nonce" not in kwargs:
            return None
        self.OIDC_OP_TOKEN_ENDPOINT = endpoint("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = endpoint("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = endpoint("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        if self.OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) and not self.OIDC_OP_JWKS_ENDPOINT:
            raise ImproperlyConfigured(f"{self.OIDC_RP_SIGN_ALGO} needs OIDC_OP_JWKS_ENDPOINT or discovery.")
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # ModelBackend's, which the library's replaces: a deactivated user's session ends at once.
        return ModelBackend.get_user(self, user_id)

    def verify_token(self, token, **kwargs):
        # The library checks the signature, the expiry and the nonce, not whom the token is for.
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        if self.OIDC_RP_CLIENT_ID not in ([audience] if isinstance(audience, str) else audience or []):
            raise SuspiciousOperation("The ID token is not for this client (aud).")
        issuer = discovery_document().get("issuer")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("The ID token is from another issuer (iss).")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # Entra ID sends the groups in the ID token, others at the userinfo endpoint: use both.
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = super().get_userinfo(access_token, id_token, payload)
            if userinfo.get("sub") != payload.get("sub"):
                raise SuspiciousOperation("userinfo is about someone else (sub).")
            claims.update(userinfo)
        return claims

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        username = claims.get(settings.OIDC_USERNAME_CLAIM)
        if not isinstance(username, str) or not username.strip() or len(username) > 150:
            raise SuspiciousOperation(f"No usable {settings.OIDC_USERNAME_CLAIM} claim.")
        username = username.strip()
        self.request.sso_username = username  # for the security log, if the sign-in is refused
        wanted = roles_for_groups(claims.get(settings.OIDC_GROUPS_CLAIM))
        users = list(self.UserModel.objects.filter(username__iexact=username)[:2])
        if len(users) > 1:
            raise SuspiciousOperation(f"Two users are called {username!r} (case aside).")
        user = users[0] if users else None
        if user is None and not wanted:
            # Nobody to update and nothing they may do: no account is made.
            self.request.sso_refused = True
            return None
        if user is None:
            user = self.UserModel(username=username)
            user.set_unusable_password()
        user.email = claims.get("email") or user.email
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("family_name") or user.last_name)[:150]
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            raise SuspiciousOperation(f"The claims make no valid user: {exc}") from exc
        user.save()
        roles.user_roles_set(user=user, roles=wanted, source="sso")
        if not wanted:
            self.request.sso_refused = True
            return None
        return user


@method_decorator(login_not_required, name="dispatch")
class SsoLoginView(OIDCAuthenticationRequestView):
    """The "Log ind med kommunens login" button: off to the identity provider, with state, nonce and PKCE."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the settings are read per request, not at construction

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = endpoint("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except SsoUnavailable:
            logger.exception("Single sign-on: the identity provider is unreachable")
            return refusal(request, UNAVAILABLE_MESSAGE, status=503)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class SsoCallbackView(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the user back with a code (or an error)."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except (SsoUnavailable, requests.RequestException):
            logger.exception("Single sign-on: the identity provider is unreachable")
            return refusal(request, UNAVAILABLE_MESSAGE, status=503)
        except (SuspiciousOperation, jwt.PyJWTError):
            logger.exception("Single sign-on refused")
            return refusal(request, FAILED_MESSAGE, status=400)

    def login_success(self):
        response = super().login_success()
        self.request.session[SESSION_KEY] = SIGNED_IN_WITH_SSO
        return response

    def login_failure(self):
        if getattr(self.request, "sso_refused", False):
            return refusal(self.request, NO_ROLE_MESSAGE, status=403)
        return refusal(self.request, FAILED_MESSAGE, status=400)
