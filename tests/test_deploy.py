"""The deployment files and the production settings.

Docker can't run on the development machines, so docker-compose.yml is
checked as data; the settings are checked by starting Django in a fresh
process with production-like environments.
"""

import os
import re
import secrets
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
import yaml
from cryptography.fernet import Fernet
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
REQUIRED_SECRETS = ("POSTGRES_PASSWORD", "SECRET_KEY", "CPR_ENCRYPTION_KEYS", "ALLOWED_HOSTS", "EMAIL_URL")


@pytest.fixture(scope="module")
def compose_text():
    return (ROOT / "docker-compose.yml").read_text()


@pytest.fixture(scope="module")
def services(compose_text):
    return yaml.safe_load(compose_text)["services"]


def command_of(service: dict) -> str:
    command = service["command"]
    return command if isinstance(command, str) else " ".join(command)


def healthcheck_of(service: dict) -> str:
    test = service["healthcheck"]["test"]
    return test if isinstance(test, str) else " ".join(test)


def test_compose_has_the_five_services(services):
    assert {"web", "worker", "beat", "postgres", "redis"} - set(services) == set()


def test_compose_commands(services):
    assert command_of(services["web"]).split()[:2] == ["gunicorn", "fritidsjob.wsgi:application"]
    assert command_of(services["worker"]).split()[:4] == ["celery", "-A", "fritidsjob", "worker"]
    assert command_of(services["beat"]).split()[:4] == ["celery", "-A", "fritidsjob", "beat"]
    assert services["postgres"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"


def test_compose_healthchecks(services):
    assert "/konto/log-ind/" in healthcheck_of(services["web"])
    assert "celery -A fritidsjob inspect ping" in healthcheck_of(services["worker"])
    assert "celerybeat-schedule" in healthcheck_of(services["beat"])
    assert "pg_isready" in healthcheck_of(services["postgres"])
    assert "redis-cli ping" in healthcheck_of(services["redis"])


def test_compose_volumes(compose_text, services):
    assert {"postgres-data", "media"} - set(yaml.safe_load(compose_text)["volumes"]) == set()
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "media:/data/media" in services["web"]["volumes"]
    assert "media:/data/media" in services["worker"]["volumes"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_app_environment(services, name):
    environment = services[name]["environment"]
    expected = {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "CPR_ENCRYPTION_KEYS", "ALLOWED_HOSTS", "EMAIL_URL"}
    assert expected - set(environment) == set()
    assert environment["DJANGO_DEBUG"] == "false"
    assert environment["MEDIA_ROOT"] == "/data/media"
    assert environment["DATABASE_URL"].startswith("postgres://") is True
    assert environment["REDIS_URL"] == "redis://redis:6379/0"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_compose_app_waits_for_healthy_services(services, name):
    depends_on = services[name]["depends_on"]
    assert depends_on["postgres"] == {"condition": "service_healthy"}
    assert depends_on["redis"] == {"condition": "service_healthy"}
    assert depends_on["migrate"] == {"condition": "service_completed_successfully"}


def test_compose_refuses_to_start_without_secrets(compose_text):
    # ${VAR:?message} makes `docker compose` stop with the message when VAR is unset or empty.
    required = set(re.findall(r"\$\{(\w+):\?", compose_text))
    assert set(REQUIRED_SECRETS) - required == set()
    # No secret has a default value (${VAR:-default}) anywhere.
    defaulted = set(re.findall(r"\$\{(\w+):?-", compose_text))
    assert defaulted & set(REQUIRED_SECRETS) == set()


def test_image_installs_the_lock_with_hashes_and_ships_no_local_files():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "--require-hashes -r /tmp/requirements.lock" in dockerfile
    assert "USER app" in dockerfile
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".env", ".venv/", "db.sqlite3", ".git/"} - ignored == set()


# --- settings, each in a fresh process --------------------------------------------


def run_django(tmp_path, code_or_args: list[str], **env: str) -> subprocess.CompletedProcess:
    """Runs python with a minimal environment: nothing from the test run leaks in."""
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "fritidsjob.settings",
        # Never the checkout's db.sqlite3: some commands open the database.
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# The checkout's .env (written by `make run`) holds a development SECRET_KEY;
# a production server has no such file, so these processes don't read it.
SETUP_WITHOUT_DOTENV = """
import environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
import django
django.setup()
print("started")
"""


def fernet_key() -> str:
    return Fernet.generate_key().decode()


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_django(tmp_path, ["-c", SETUP_WITHOUT_DOTENV], DJANGO_DEBUG="false", CPR_ENCRYPTION_KEYS=fernet_key())

    assert result.returncode == 1
    assert "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "secret_key",
    ["", "too-short", "development-only-not-secret-" + "x" * 40, "django-insecure-" + secrets.token_urlsafe(64)],
    ids=["empty", "short", "development-key", "django-insecure"],
)
def test_production_refuses_weak_secret_keys(tmp_path, secret_key):
    result = run_django(
        tmp_path,
        ["-c", SETUP_WITHOUT_DOTENV],
        DJANGO_DEBUG="false",
        SECRET_KEY=secret_key,
        CPR_ENCRYPTION_KEYS=fernet_key(),
    )

    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_cpr_keys(tmp_path):
    result = run_django(
        tmp_path, ["-c", SETUP_WITHOUT_DOTENV], DJANGO_DEBUG="false", SECRET_KEY=secrets.token_urlsafe(64)
    )

    assert result.returncode == 1
    assert "ImproperlyConfigured: CPR_ENCRYPTION_KEYS must be set" in result.stderr


def test_production_settings_pass_deploy_checks(tmp_path):
    result = run_django(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DJANGO_DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        CPR_ENCRYPTION_KEYS=fernet_key(),
        ALLOWED_HOSTS="fritidsjob.example.dk",
        # Production sends real mail: the console backend fails mail.E001.
        EMAIL_URL="smtp+tls://fritidsjob:password@smtp.example.dk:587",
        # ... and names its broker: the embedded SQLite one fails fritidsjob.W001.
        REDIS_URL="redis://redis:6379/0",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert result.stdout == "System check identified no issues (0 silenced).\n"


def test_deploy_checks_warn_about_the_embedded_broker(tmp_path):
    env = production_env()
    del env["REDIS_URL"]
    result = run_django(tmp_path, ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **env)

    assert result.returncode == 1
    assert "fritidsjob.W001" in result.stderr and "Set REDIS_URL" in result.stderr


COLLECTSTATIC_INTO = """
import sys
import environ
environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.STATIC_ROOT = sys.argv[1]
call_command("collectstatic", "--noinput", verbosity=0)
print(settings.STORAGES["staticfiles"]["BACKEND"])
"""


def test_production_static_files_collect(tmp_path):
    """What the Docker build does: the manifest storage post-processes every
    file and fails on a reference to a file that isn't there."""
    result = run_django(
        tmp_path,
        ["-c", COLLECTSTATIC_INTO, str(tmp_path / "static")],
        DJANGO_DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        CPR_ENCRYPTION_KEYS=fernet_key(),
    )

    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stderr == ""
    assert result.stdout == "whitenoise.storage.CompressedManifestStaticFilesStorage\n"
    assert (tmp_path / "static" / "staticfiles.json").exists() is True


@pytest.mark.django_db
def test_models_and_migrations_agree():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit:
        pytest.fail(
            f"makemigrations --check found model changes without migrations (exit {exit.code}):\n{out.getvalue()}"
        )
    assert "No changes detected" in out.getvalue()


def test_compose_app_connects_as_a_role_that_owns_no_table(services, compose_text):
    # Migrations run as the owner, then grant the app's role its rights; the app runs as that role.
    migrate = services["migrate"]
    assert migrate["environment"]["DATABASE_URL"].startswith("postgres://fritidsjob:") is True
    assert command_of(migrate).endswith(
        "python manage.py migrate --noinput && python manage.py db_grant_app_role fritidsjob_app"
    )
    for name in APP_SERVICES:
        assert services[name]["environment"]["DATABASE_URL"].startswith("postgres://fritidsjob_app:") is True
    assert "APP_DATABASE_PASSWORD" in set(re.findall(r"\$\{(\w+):\?", compose_text))


def production_env(**overrides: str) -> dict[str, str]:
    return {
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "CPR_ENCRYPTION_KEYS": fernet_key(),
        "ALLOWED_HOSTS": "fritidsjob.example.dk",
        "EMAIL_URL": "smtp+tls://fritidsjob:password@smtp.example.dk:587",
        "REDIS_URL": "redis://redis:6379/0",
        **overrides,
    }


def test_deploy_checks_are_clean_behind_a_proxy_that_redirects_to_https_itself(tmp_path):
    result = run_django(
        tmp_path,
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **production_env(SECURE_SSL_REDIRECT="false"),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "System check identified no issues (1 silenced).\n"


PRINT_SECURITY_SETTINGS = (
    SETUP_WITHOUT_DOTENV
    + """
from django.conf import settings
for name in [
    "SECURE_SSL_REDIRECT", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CELERY_BROKER_CONNECTION_TIMEOUT",
]:
    print(name, getattr(settings, name))
"""
)


@pytest.mark.parametrize(
    ("overrides", "redirect", "proxy_header"),
    [
        ({}, "True", "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({"SECURE_SSL_REDIRECT": "false"}, "False", "('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({"TRUST_X_FORWARDED_PROTO": "false"}, "True", "None"),
    ],
    ids=["default", "proxy-redirects", "no-proxy"],
)
def test_production_security_settings(tmp_path, overrides, redirect, proxy_header):
    result = run_django(tmp_path, ["-c", PRINT_SECURITY_SETTINGS], **production_env(**overrides))

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "started",
        f"SECURE_SSL_REDIRECT {redirect}",
        f"SECURE_PROXY_SSL_HEADER {proxy_header}",
        "SECURE_HSTS_SECONDS 31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS True",
        "SESSION_COOKIE_SECURE True",
        "CSRF_COOKIE_SECURE True",
        "SESSION_COOKIE_HTTPONLY True",
        "CELERY_BROKER_CONNECTION_TIMEOUT 2.0",
    ]
