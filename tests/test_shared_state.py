"""Nothing kept in one process's memory between requests: any of several web servers may answer the next.

Sessions and lockouts are in the database, the cache in Redis or a database table, never Django's
per-process local-memory cache. Read from fritidsjob.settings as production loads it (a fresh
interpreter, debug off), with and without REDIS_URL.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import CacheHandler
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "CPR_ENCRYPTION_KEYS": "kVLOe4wBqy1eEvHMwEL4f3qeY7dLUO-Kw9wIM8E1zJk=",
    "ALLOWED_HOSTS": "fritidsjob.example.dk",
}


def production_settings(**environment) -> dict:
    code = (
        "import json; from fritidsjob import settings as s; "
        "print(json.dumps({'CACHES': s.CACHES, 'SESSION_ENGINE': s.SESSION_ENGINE, 'AXES_HANDLER': s.AXES_HANDLER}))"
    )
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(PRODUCTION, **environment)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_sessions_lockouts_and_the_cache_are_shared_between_processes():
    with_redis = production_settings(REDIS_URL="redis://redis:6379/0")
    without = production_settings()

    assert with_redis["CACHES"]["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://redis:6379/0",
        "KEY_PREFIX": "cache",
    }
    assert without["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    for loaded in (with_redis, without):
        # The public pages' rate limits count in the same shared cache (core/ratelimit.py).
        assert list(loaded["CACHES"]) == ["default", "limits"]
        assert loaded["CACHES"]["limits"] == loaded["CACHES"]["default"]
        assert "locmem" not in json.dumps(loaded["CACHES"])
        assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
        assert loaded["AXES_HANDLER"] == "axes.handlers.database.AxesDatabaseHandler"


@pytest.mark.django_db
def test_what_one_process_caches_another_reads(settings):
    """Without Redis the cache is a database table, so a second process's fresh cache handler sees the value."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fritidsjob_cache"}
    }
    # What migrate's core 0003 does with this setting (the test settings' own cache is in memory,
    # so the test database was migrated without the table).
    call_command("createcachetable", verbosity=0)
    assert "fritidsjob_cache" in connection.introspection.table_names()
    first, second = CacheHandler(), CacheHandler()  # each as a separate web server would build it
    first["default"].set("dashboard-figures", {"unge": 12}, 60)
    assert second["default"].get("dashboard-figures") == {"unge": 12}
