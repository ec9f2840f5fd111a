"""Test settings: the base settings with fast password hashing.

DATABASE_URL and REDIS_URL still come from the environment, so the same
suite runs on SQLite locally and on PostgreSQL and Redis in CI.
"""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Uploaded and generated files (PDFs, import files) stay in memory, never in the checkout.
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}  # noqa: F405
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
# Tests never run tasks through a broker unless a test starts a worker itself; without
# REDIS_URL they have no broker at all (never the embedded broker's file in the checkout).
CELERY_TASK_ALWAYS_EAGER = True
if CELERY_BROKER_URL == EMBEDDED_BROKER_URL:  # noqa: F405
    CELERY_BROKER_URL = ""
    CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)  # noqa: F405
# A slow, busy test machine may take more than a minute between two requests whose queries a
# test counts: the session's last-activity write would add one. (The clock tests move hours.)
SESSION_ACTIVITY_WRITE_SECONDS = 300
# The security log records second-factor devices (fritidsjob/security.py); the tests need
# django-otp's device models even where the settings do not install them yet.
INSTALLED_APPS += [  # noqa: F405
    app
    for app in ("django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static")
    if app not in INSTALLED_APPS  # noqa: F405
]
# The audit trail refuses TRUNCATE (core migration 0001), but the suite empties its database
# with TRUNCATE between transactional tests: only the tests' own connections may.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = (_options.get("options", "") + " -c fritidsjob.allow_audit_truncate=on").strip()

# Each test process keeps its own cache: the rate-limit tests clear theirs, which on a shared
# Redis would flush what parallel tests (and the broker) keep there. tests/test_shared_state.py
# checks the production caches.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "limits": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "limits"},
}
