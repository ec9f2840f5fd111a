"""Single sign-on: a real OpenID Connect code flow over HTTP against a provider on 127.0.0.1.

The Django test client plays the browser on our side; the hop to the identity provider's
authorize endpoint is a real HTTP request, and the app's backend fetches discovery, token,
JWKS and userinfo from the provider itself (tests/oidc_provider.py). Nothing is mocked.
"""

import secrets
from urllib.parse import urlsplit

import pytest
import requests
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from fritidsjob import roles
from fritidsjob.models import SecurityEvent, SecurityEventKind
from fritidsjob.settings import _role_map
from fritidsjob.sso import SESSION_KEY, SIGNED_IN_WITH_SSO
from tests.oidc_provider import CLIENT_ID, CLIENT_SECRET, running_provider
from tests.test_deploy import SETUP_WITHOUT_DOTENV, fernet_key, run_django

User = get_user_model()

ROLE_MAP = {
    "grp-fritidsjob-konsulent": roles.JOBCENTER_CONSULTANT,
    "grp-fritidsjob-projektleder": roles.PROJECT_LEADER,
    "grp-fritidsjob-admin": roles.ADMINISTRATOR,
}
BUTTON = "Log ind med kommunens login"
PASSWORD = "test-password-123"  # what tests/conftest.py's make_user gives every user


@pytest.fixture
def idp(settings):
    with running_provider() as provider:
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_OP_DISCOVERY_URL = provider.url
        settings.OIDC_ROLE_MAP = ROLE_MAP
        yield provider


def person(groups, username="anna.hansen@kommune.dk", **claims):
    return {
        "sub": f"sub-{username}",
        "preferred_username": username,
        "email": username,
        "given_name": "Anna",
        "family_name": "Hansen",
        "groups": groups,
        **claims,
    }


def sign_in(client, idp, claims, next_url=""):
    """The whole round trip: our login URL -> the provider (real HTTP) -> our callback."""
    idp.user = claims
    response = client.get(reverse("sso_login") + (f"?next={next_url}" if next_url else ""))
    assert response.status_code == 302
    assert response["Location"].startswith(f"{idp.url}/authorize?")
    at_provider = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("sso_callback")
    return client.get(f"{back.path}?{back.query}")


def role_names(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


@pytest.mark.django_db
def test_a_new_user_signs_in_with_the_role_their_group_maps_to(client, idp):
    response = sign_in(client, idp, person(["grp-fritidsjob-konsulent", "grp-kantine"]))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    user = User.objects.get(username="anna.hansen@kommune.dk")
    assert role_names(user) == {roles.JOBCENTER_CONSULTANT}
    assert (user.email, user.first_name, user.last_name) == ("anna.hansen@kommune.dk", "Anna", "Hansen")
    assert not user.has_usable_password()
    assert not user.is_staff
    assert client.session[SESSION_KEY] == SIGNED_IN_WITH_SSO
    assert client.get(reverse("fritidsjob:youth_list")).status_code == 200
    # The provider was really asked: discovery, JWKS, token and userinfo.
    assert {("GET", "/.well-known/openid-configuration"), ("POST", "/token"), ("GET", "/jwks")} <= set(idp.requests)
    assert ("GET", "/userinfo") in idp.requests
    # The role change is in the user's audit trail.
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(User), object_id=user.pk)
    assert entry.changes == {"roles": ["", roles.JOBCENTER_CONSULTANT]}
    assert entry.additional_data == {"source": "sso"}


@pytest.mark.django_db
def test_several_groups_give_several_roles_and_the_administrator_the_admin(client, idp):
    sign_in(client, idp, person(["grp-fritidsjob-projektleder", "grp-fritidsjob-admin"]), next_url="/unge/")

    user = User.objects.get(username="anna.hansen@kommune.dk")
    assert role_names(user) == {roles.PROJECT_LEADER, roles.ADMINISTRATOR}
    assert user.is_staff
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_a_user_deactivated_here_is_signed_out_and_kept_out(client, idp):
    sign_in(client, idp, person(["grp-fritidsjob-konsulent"]))
    User.objects.filter(username="anna.hansen@kommune.dk").update(is_active=False)

    assert client.get(reverse("home")).status_code == 302
    assert sign_in(client, idp, person(["grp-fritidsjob-konsulent"])).status_code == 400


@pytest.mark.django_db
def test_the_next_page_is_kept_through_the_round_trip(client, idp):
    response = sign_in(client, idp, person(["grp-fritidsjob-konsulent"]), next_url="/unge/")

    assert response["Location"] == "/unge/"


@pytest.mark.django_db
def test_groups_sent_only_at_the_userinfo_endpoint_count_too(client, idp):
    idp.groups_in_userinfo = True

    sign_in(client, idp, person(["grp-fritidsjob-konsulent"]))

    assert role_names(User.objects.get(username="anna.hansen@kommune.dk")) == {roles.JOBCENTER_CONSULTANT}


@pytest.mark.django_db
def test_without_a_mapped_group_the_user_is_refused_in_danish(client, idp):
    response = sign_in(client, idp, person(["grp-kantine"]))

    assert response.status_code == 403
    assert "Din bruger har ingen rolle i Fritidsjob" in response.content.decode()
    assert "kommunens it-support" in response.content.decode()
    assert not User.objects.filter(username="anna.hansen@kommune.dk").exists()
    assert SESSION_KEY not in client.session
    assert client.get(reverse("home")).status_code == 302  # still signed out
    refused = SecurityEvent.objects.get(kind=SecurityEventKind.LOGIN_FAILED)
    assert (refused.username, refused.detail) == ("anna.hansen@kommune.dk", "Kommunens login: ingen rolle i Fritidsjob")


@pytest.mark.django_db
def test_a_group_removed_in_the_provider_removes_the_role_at_the_next_sign_in(client, idp):
    sign_in(client, idp, person(["grp-fritidsjob-konsulent", "grp-fritidsjob-admin"]))
    client.post(reverse("logout"))

    sign_in(client, idp, person(["grp-fritidsjob-konsulent"]))
    user = User.objects.get(username="anna.hansen@kommune.dk")
    assert role_names(user) == {roles.JOBCENTER_CONSULTANT}
    assert not user.is_staff
    client.post(reverse("logout"))

    # The last group gone: no role left, and no sign-in.
    response = sign_in(client, idp, person([]))
    assert response.status_code == 403
    assert role_names(user) == set()
    changes = [
        entry.changes["roles"]
        for entry in LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(User)).order_by("pk")
    ]
    assert changes == [
        ["", f"{roles.ADMINISTRATOR}, {roles.JOBCENTER_CONSULTANT}"],
        [f"{roles.ADMINISTRATOR}, {roles.JOBCENTER_CONSULTANT}", roles.JOBCENTER_CONSULTANT],
        [roles.JOBCENTER_CONSULTANT, ""],
    ]


@pytest.mark.django_db
def test_an_existing_local_user_is_matched_by_username_and_keeps_other_groups(client, idp, make_user):
    existing = make_user("Anna.Hansen@kommune.dk", roles.YOUTH_SCHOOL)

    sign_in(client, idp, person(["grp-fritidsjob-konsulent"]))

    assert User.objects.count() == 1
    assert role_names(existing) == {roles.JOBCENTER_CONSULTANT}


@pytest.mark.django_db
def test_a_forged_id_token_is_refused(client, idp):
    idp.forge_signature = True

    response = sign_in(client, idp, person(["grp-fritidsjob-konsulent"]))

    assert response.status_code == 400
    assert "Log ind med kommunens login mislykkedes" in response.content.decode()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_an_id_token_for_another_client_is_refused(client, idp):
    idp.audience = "another-app"

    response = sign_in(client, idp, person(["grp-fritidsjob-konsulent"]))

    assert response.status_code == 400
    assert not User.objects.exists()


@pytest.mark.django_db
def test_a_callback_with_an_unknown_state_or_an_error_gives_a_danish_page(client, idp):
    response = client.get(reverse("sso_login"))
    assert response.status_code == 302

    forged = client.get(reverse("sso_callback"), {"code": "x", "state": "not-ours"})
    denied = client.get(reverse("sso_callback"), {"error": "access_denied"})

    assert forged.status_code == 400
    assert denied.status_code == 400
    assert "Log ind med kommunens login mislykkedes" in denied.content.decode()


@pytest.mark.django_db
def test_an_unreachable_provider_gives_a_danish_page_not_a_500(client, settings):
    with running_provider() as provider:
        gone = provider.url  # the port is closed once the block ends
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_OP_DISCOVERY_URL = gone
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.OIDC_TIMEOUT = 2

    response = client.get(reverse("sso_login"))

    assert response.status_code == 503
    assert "Kommunens login svarer ikke lige nu" in response.content.decode()


@pytest.mark.django_db
def test_the_button_is_shown_only_when_sso_is_configured(client, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get(reverse("login")).content.decode()
    assert BUTTON not in page
    assert client.get(reverse("sso_login")).status_code == 404
    assert client.get(reverse("sso_callback")).status_code == 404

    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_OP_DISCOVERY_URL = "https://login.example.dk"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    page = client.get(reverse("login"), {"next": "/unge/"}).content.decode()
    assert BUTTON in page
    assert f'href="{reverse("sso_login")}?next=/unge/"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("login_url", ["login", "admin:login"])
def test_without_local_login_for_staff_a_staff_password_is_refused_but_a_mentor_gets_in(
    client, idp, settings, users, login_url
):
    settings.LOCAL_LOGIN_FOR_STAFF = False
    admin = users[roles.ADMINISTRATOR]

    refused = client.post(reverse(login_url), {"username": admin.username, "password": PASSWORD})

    assert refused.status_code == 200
    assert "Medarbejdere logger ind med kommunens login" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    mentor = client.post(reverse("login"), {"username": users[roles.MENTOR].username, "password": PASSWORD})
    assert mentor.status_code == 302
    assert client.session["_auth_user_id"] == str(users[roles.MENTOR].pk)


@pytest.mark.django_db
def test_a_wrong_password_says_nothing_about_sso(client, idp, settings, users):
    settings.LOCAL_LOGIN_FOR_STAFF = False

    response = client.post(reverse("login"), {"username": "konsulent", "password": "wrong"})

    assert "Medarbejdere logger ind med kommunens login" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("client_id", "local_login_for_staff"), [(CLIENT_ID, True), ("", False)])
def test_staff_keep_their_password_login_by_default_and_always_without_sso(
    client, settings, users, client_id, local_login_for_staff
):
    # LOCAL_LOGIN_FOR_STAFF=false only means something with SSO on.
    settings.OIDC_RP_CLIENT_ID = client_id
    settings.OIDC_OP_DISCOVERY_URL = "https://login.example.dk"
    settings.OIDC_ROLE_MAP = ROLE_MAP
    settings.LOCAL_LOGIN_FOR_STAFF = local_login_for_staff

    response = client.post(reverse("login"), {"username": "konsulent", "password": PASSWORD})

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_the_role_map_is_read_from_pairs_or_json():
    assert _role_map("") == {}
    assert _role_map(" grp-a = Jobcenterkonsulent , grp-b=Administrator ") == {
        "grp-a": "Jobcenterkonsulent",
        "grp-b": "Administrator",
    }
    assert _role_map('{"CN=Fritidsjob,OU=Grupper": "Projektleder"}') == {"CN=Fritidsjob,OU=Grupper": "Projektleder"}
    with pytest.raises(ImproperlyConfigured):
        _role_map("grp-a")
    with pytest.raises(ImproperlyConfigured):
        _role_map('{"grp-a": "Projektleder"')
    with pytest.raises(ImproperlyConfigured):
        _role_map('{"grp-a": ["Projektleder"]}')


def test_a_role_map_naming_an_unknown_role_stops_manage_py_check(settings):
    settings.OIDC_ROLE_MAP = {"grp-a": "Konsulent"}

    errors = checks.run_checks(tags=[checks.Tags.security])

    assert [error.id for error in errors] == ["fritidsjob.E001"]
    assert "unknown roles ['Konsulent']" in errors[0].msg


PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "ALLOWED_HOSTS": "fritidsjob.example.dk",
    "EMAIL_URL": "smtp+tls://fritidsjob:password@smtp.example.dk:587",
    "REDIS_URL": "redis://redis:6379/0",  # production's broker (the embedded one warns: fritidsjob.W001)
    "OIDC_RP_CLIENT_ID": "fritidsjob",
    "OIDC_RP_CLIENT_SECRET": "secret",
    "OIDC_ROLE_MAP": "grp-konsulent=Jobcenterkonsulent,grp-admin=Administrator",
    "LOCAL_LOGIN_FOR_STAFF": "false",
}


def test_production_with_sso_passes_the_deploy_checks(tmp_path):
    result = run_django(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=secrets.token_urlsafe(64),
        CPR_ENCRYPTION_KEYS=fernet_key(),
        OIDC_OP_DISCOVERY_URL="https://login.microsoftonline.com/tenant/v2.0",
        **PRODUCTION,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"OIDC_OP_DISCOVERY_URL": "http://login.example.dk"}, "must be https://"),
        ({"OIDC_OP_DISCOVERY_URL": "https://login.example.dk", "OIDC_ROLE_MAP": ""}, "OIDC_ROLE_MAP must be set"),
        ({}, "Set OIDC_OP_DISCOVERY_URL"),
    ],
    ids=["http", "no-role-map", "no-provider"],
)
def test_production_refuses_to_start_with_sso_half_configured(tmp_path, env, complaint):
    result = run_django(
        tmp_path,
        ["-c", SETUP_WITHOUT_DOTENV],
        SECRET_KEY=secrets.token_urlsafe(64),
        CPR_ENCRYPTION_KEYS=fernet_key(),
        **{**PRODUCTION, **env},
    )

    assert result.returncode == 1
    assert complaint in result.stderr
