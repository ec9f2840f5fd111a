"""Settings for Fritidsjob.

Everything that differs between a laptop and production comes from the
environment (or a local ``.env`` file that ``make run`` writes). The embedded
defaults give a working development setup: SQLite in the checkout and Celery
tasks through a broker in a SQLite file, run by the worker that ``make run`` starts.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# A key that ships in the repository is no secret: with debug off we refuse
# to start rather than sign sessions with it.
DEVELOPMENT_SECRET_KEY = "development-only-not-secret-" + "x" * 40
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and (
    SECRET_KEY == DEVELOPMENT_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DJANGO_DEBUG is off "
        "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

# Keys for encrypting CPR numbers at rest (Fernet, comma separated; the first
# encrypts, all decrypt, so keys can be rotated). In development a key is
# derived from SECRET_KEY; in production it must be given explicitly so that
# rotating SECRET_KEY never makes stored CPR numbers unreadable.
CPR_ENCRYPTION_KEYS = env.list("CPR_ENCRYPTION_KEYS", default=[])
if not CPR_ENCRYPTION_KEYS and not DEBUG:
    raise ImproperlyConfigured(
        "CPR_ENCRYPTION_KEYS must be set when DJANGO_DEBUG is off "
        "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
    )

# Keys for files at rest (consent scans; core/files.py): Fernet, comma separated, the first
# encrypts and all decrypt, as for CPR. Unset: the CPR keys, so one key set is enough.
FILE_ENCRYPTION_KEYS = env.list("FILE_ENCRYPTION_KEYS", default=[]) or CPR_ENCRYPTION_KEYS

# Retention (fritidsjob/retention.py, README "Databeskyttelse"): a proposal, until the
# municipality's archive (Rigsarkivet's rules for the municipality) confirms the periods.
# Closed cases are anonymised this many years after closing.
RETENTION_CLOSED_CASE_YEARS = env.int("RETENTION_CLOSED_CASE_YEARS", default=5)
# Access entries (who was shown a person) are deleted this many months after they were made;
# the standard data-processor clause asks that they are kept 6 months.
RETENTION_ACCESS_LOG_MONTHS = env.int("RETENTION_ACCESS_LOG_MONTHS", default=6)
# Rejected sign-ups, once sign-ups exist (the hook is in core/retention.py).
RETENTION_REJECTED_SIGNUP_MONTHS = env.int("RETENTION_REJECTED_SIGNUP_MONTHS", default=6)
# How far ahead the retention page and `manage.py opbevaring --dry-run` look.
RETENTION_NOTICE_DAYS = env.int("RETENTION_NOTICE_DAYS", default=30)
for _name in ("RETENTION_CLOSED_CASE_YEARS", "RETENTION_ACCESS_LOG_MONTHS", "RETENTION_REJECTED_SIGNUP_MONTHS"):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "auditlog",
    # The second factor (issue 13): TOTP and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "fritidsjob",
    "talentvaerksted",
    "virksomheder",
    "mentorer",
    "foraeldre",
    "rapporter",
    "opgaver",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless the view is marked login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # The second factor: request.user.is_verified(), then the sign-in is finished (fritidsjob/mfa.py).
    "django_otp.middleware.OTPMiddleware",
    "fritidsjob.mfa.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Signs out after the idle time-out and the cap (fritidsjob/session_limits.py); the login
    # check above runs later (process_view) and sends the request to the login page.
    "fritidsjob.session_limits.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Hardened responses (issue 13): the CSP header, and no-store on what may show personal data.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records the signed-in user as the actor of every audit entry.
    "auditlog.middleware.AuditlogMiddleware",
    # Turns a lockout by django-axes into the login page with its message (last, as axes asks).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fritidsjob.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.context_processors.municipality",
            ],
            # The date filters (long_date, short_date, ...) in every template, as |date is.
            "builtins": ["core.templatetags.dates"],
        },
    },
]

WSGI_APPLICATION = "fritidsjob.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Connections are kept between requests in production (compose sets 60 s): opening one per
# request cost more than many queries. The health check drops a connection the server closed.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the worker and beat of `make run` share the file: readers don't block
    # the writer (WAL), a write transaction takes its lock when it begins, and a process
    # waits its turn for the lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The project (indsats: period and KPI targets) the KPI window is taken from; named here so
# the base layer and the apps below the reporting can reach it without importing rapporter.
FRITIDSJOB_PROJECT_MODEL = "rapporter.Project"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Case files hold data about vulnerable children: sessions end with the
# working day and when the browser closes.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# In the database, so a user's next request may go to any of the web servers.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Lockout, security log and session limits (issue 13, items 3 and 5) ---
# Signed out after SESSION_IDLE_TIMEOUT_MINUTES without activity (the page warns a minute
# before) and SESSION_MAX_AGE_HOURS after signing in, whatever the activity.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=30)
SESSION_MAX_AGE_HOURS = env.int("SESSION_MAX_AGE_HOURS", default=8)
if SESSION_IDLE_TIMEOUT_MINUTES < 2 or SESSION_MAX_AGE_HOURS < 1:
    raise ImproperlyConfigured("SESSION_IDLE_TIMEOUT_MINUTES must be at least 2 and SESSION_MAX_AGE_HOURS at least 1.")
SESSION_COOKIE_AGE = SESSION_MAX_AGE_HOURS * 60 * 60
# django-axes: after AXES_FAILURE_LIMIT failed attempts for a username, or from an address,
# no login for AXES_COOLOFF_MINUTES (counted from the lockout: attempts meanwhile do not prolong it).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The failed attempts are counted in the database, so every web server sees the same lockout.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "fritidsjob.security.lockout_response"
# No start-up banner on every manage.py command; the security log records the attempts.
AXES_VERBOSE = False
# The last-activity time is written to the session at most this often (seconds).
SESSION_ACTIVITY_WRITE_SECONDS = env.int("SESSION_ACTIVITY_WRITE_SECONDS", default=60)
# Behind TRUSTED_PROXY_COUNT reverse proxies (the TLS proxy: 1) the client's address is taken
# from X-Forwarded-For, so one office behind the proxy does not lock out everybody.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
# --- end of lockout, security log and session limits ---
# Password reset, invitations and the second factor (issue 13).
# A reset or invitation link works once and for 3 days.
PASSWORD_RESET_TIMEOUT = 3 * 24 * 60 * 60
# A second factor (TOTP) for every staff role's local login; mentors may enrol. Off in the demo.
MFA_REQUIRED = env.bool("MFA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Fritidsjob")

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk"))]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded and generated files (consent scans, import files, report and guide PDFs) go through
# Django's storage API only. FileSystemStorage under MEDIA_ROOT by default; with more than one web
# or worker machine, STORAGE_BACKEND=s3 keeps them in an S3-compatible bucket all machines share
# (django-storages). The bucket stays private: every file is served by a view that checks the
# user's permission, never by a URL of the bucket.
STORAGE_BACKEND = env.str("STORAGE_BACKEND", default="filesystem")
if STORAGE_BACKEND == "filesystem":
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    if not env.str("S3_BUCKET", default=""):
        raise ImproperlyConfigured("S3_BUCKET must name the bucket when STORAGE_BACKEND=s3.")
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            # Empty: AWS itself; otherwise the S3-compatible server (MinIO, Ceph, a cloud's own).
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            # Empty: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("S3_PREFIX", default=""),
            # Two consents with a scan called scan.pdf must not overwrite each other's object.
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be filesystem or s3, not {STORAGE_BACKEND!r}.")
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: EMAIL_URL such as smtp+tls://user:password@smtp.example.dk:587
# Default: printed to the console in development, the local mail server
# (Django's own default) in production. Django 6.1's MAILERS setting.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
_SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {option: _email[key] for key, option in _SMTP_OPTIONS.items() if _email.get(key) is not None}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            # filemail:////var/tmp/mails writes each message to a file there (development, tests).
            else {"file_path": _email["EMAIL_FILE_PATH"]}
            if _email["EMAIL_BACKEND"].endswith("filebased.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="fritidsjob@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The accessibility statement (webtilgængelighedsloven; /tilgaengelighed/, core/views.py): who answers
# reports of inaccessible content (Digitaliseringsstyrelsen asks for both a written and a telephone
# contact), and the statement's standardised address in Digitaliseringsstyrelsen's WAS-Tool once it is
# published there (was.digst.dk/<domain>): then /was sends people there instead of to our own page.
# The municipality's name where no municipality has been set up (manage.py opsaet_kommune): the
# demo's. The two texts below name the set-up municipality unless they are set themselves.
MUNICIPALITY_NAME = env.str("MUNICIPALITY_NAME", default="Viborg Kommune")
ACCESSIBILITY_ORGANISATION = env.str("ACCESSIBILITY_ORGANISATION", default="")
ACCESSIBILITY_CONTACT_EMAIL = env.str("ACCESSIBILITY_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)
ACCESSIBILITY_CONTACT_PHONE = env.str("ACCESSIBILITY_CONTACT_PHONE", default="")
# The Talentværksted's phone, given to families on the public pages and in their messages.
PROGRAMME_CONTACT_PHONE = env.str("PROGRAMME_CONTACT_PHONE", default="70 10 20 30")
ACCESSIBILITY_STATEMENT_URL = env.str("ACCESSIBILITY_STATEMENT_URL", default="")

# Celery: Redis when REDIS_URL is set (production). Without it the embedded broker: kombu's
# SQLAlchemy transport on a SQLite file, which the web server, the worker and beat that
# `make run` starts all reach, so no server is needed. CELERY_BROKER_URL set empty runs
# tasks eagerly inside the web process instead (no worker). Nothing reads task results,
# so the embedded setup has no result backend.
REDIS_URL = env.str("REDIS_URL", default="")
# Nothing is kept in one process's memory between requests, so any web server may answer the
# next one: sessions are in the database (Django's default engine), lockouts in the database
# (django-axes' database handler), and the cache in Redis when there is one, otherwise in a
# database table (core migration 0003 creates it) - never the per-process local-memory cache.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "cache"}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "fritidsjob_cache"}
    )
}
# The public pages' rate limits (core/ratelimit.py) count there too, so all web processes count together.
CACHES["limits"] = CACHES["default"]
CELERY_BROKER_FILE = env.path("CELERY_BROKER_FILE", default=BASE_DIR / "celery-broker.sqlite3")
EMBEDDED_BROKER_URL = f"sqla+sqlite:///{CELERY_BROKER_FILE}"
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or EMBEDDED_BROKER_URL)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# Beat remembers when each entry last ran (a shelve file, gitignored), beside the database.
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule"))
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Broker gone (issue 13): a web request that queues a job must learn it at once, not after
# kombu's default retries (19 s), so connecting gives up after a couple of seconds and
# publishing retries at most once; core.tasks.enqueue_or_fail then marks the job failed
# with "Prøv igen". The worker's own consumer keeps reconnecting as before.
_BROKER_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=2.0)
_QUICK_RETRY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = _BROKER_TIMEOUT
_SOCKET_TIMEOUT = env.float("CELERY_BROKER_SOCKET_TIMEOUT", default=10.0)


def broker_transport_options(url: str) -> dict:
    """Kombu's options for the broker at `url`.

    The SQLAlchemy transport hands its options to create_engine, which refuses socket
    options: there the file's lock wait is the timeout, so a publish behind a long lock
    still fails within the connect timeout (enqueue_or_fail then marks the job failed).
    """
    if url.startswith(("sqla+", "sqlalchemy+")):
        return {**_QUICK_RETRY, "connect_args": {"timeout": _BROKER_TIMEOUT}}
    return {**_QUICK_RETRY, "socket_connect_timeout": _BROKER_TIMEOUT, "socket_timeout": _SOCKET_TIMEOUT}


CELERY_BROKER_TRANSPORT_OPTIONS = broker_transport_options(CELERY_BROKER_URL)
CELERY_TASK_PUBLISH_RETRY_POLICY = _QUICK_RETRY
# A report or guide still not done this long after it was queued had its worker die (or its
# message lost): rapporter's sweep queues it once more, then marks it failed.
STUCK_JOB_MINUTES = env.int("STUCK_JOB_MINUTES", default=15)
# Beat's schedule (opgaver: reminders and tasks). Every run is idempotent, so
# an extra or a late tick does no harm; a tick older than its interval is dropped.
_RULES_EVERY = env.float("REMINDER_RULES_INTERVAL", default=15 * 60)
_SENDS_EVERY = env.float("DELIVERY_SWEEP_INTERVAL", default=60)
_BEAT_TICK_EVERY = env.float("BEAT_HEARTBEAT_INTERVAL", default=60)
CELERY_BEAT_SCHEDULE = {
    "reminder-rules": {
        "task": "opgaver.tasks.run_reminder_rules",
        "schedule": _RULES_EVERY,
        "options": {"expires": _RULES_EVERY},
    },
    "send-due-messages": {
        "task": "opgaver.tasks.send_due_deliveries",
        "schedule": _SENDS_EVERY,
        "options": {"expires": _SENDS_EVERY},
    },
    "beat-heartbeat": {
        "task": "fritidsjob.tasks.record_heartbeat",
        "schedule": _BEAT_TICK_EVERY,
        "kwargs": {"name": "beat"},
        "options": {"expires": _BEAT_TICK_EVERY},
    },
    # The funder's status report of the quarter just ended, e-mailed to each project's recipients.
    "rapporter-kvartalsrapport": {
        "task": "rapporter.tasks.send_quarterly_fund_reports",
        "schedule": crontab(minute=0, hour=7, day_of_month=2, month_of_year="1,4,7,10"),
    },
    # Reports and guides whose worker died are queued again or marked failed (rapporter.jobs).
    "rapporter-fastlaaste-job": {
        "task": "rapporter.tasks.sweep_stuck_jobs",
        "schedule": 5 * 60,
        "options": {"expires": 5 * 60},
    },
    # Closed cases and access entries past their retention period (fritidsjob/retention.py).
    "opbevaring": {
        "task": "fritidsjob.tasks.apply_retention",
        "schedule": crontab(minute=15, hour=2),
    },
    # Yesterday's unusual access to personal data, shown on the Adgangslog and e-mailed to the administrators.
    "adgangslog-usaedvanlig-adgang": {
        "task": "fritidsjob.tasks.flag_unusual_access",
        "schedule": crontab(minute=15, hour=6),
    },
    # The dashboard's stored KPI figures of today, computed before anyone asks (changes refresh them too).
    "rapporter-nattens-noegletal": {
        "task": "rapporter.tasks.compute_nightly_figures",
        "schedule": crontab(minute=5, hour=0),
    },
    # Uploaded spreadsheets hold personal data: those never confirmed are discarded after a week.
    "rapporter-glem-importfiler": {
        "task": "rapporter.tasks.discard_stale_imports",
        "schedule": crontab(minute=30, hour=3),
    },
    # The network's companies' names, addresses and "ophørt" from the CVR register (virksomheder/cvr.py).
    "virksomheder-cvr-opdatering": {
        "task": "virksomheder.tasks.refresh_companies_from_cvr",
        "schedule": crontab(minute=45, hour=2),
    },
}

# The access log (issue 14, fritidsjob/access_log.py): the daily check flags a user who opened
# more than this many young people's cases in a day, and a case the user is not responsible
# for and has not opened in the last ACCESS_LOG_USUAL_DAYS days. The organisation named in a
# right-of-access package as the one whose staff looked the data up.
ACCESS_LOG_DAILY_CASE_LIMIT = env.int("ACCESS_LOG_DAILY_CASE_LIMIT", default=25)
ACCESS_LOG_USUAL_DAYS = env.int("ACCESS_LOG_USUAL_DAYS", default=90)
INSIGHT_ORGANISATION = env.str("INSIGHT_ORGANISATION", default="")

# Reminders (opgaver): links in e-mails point here; SMS go through this backend
# (opgaver/sms.py). Without a real provider, production has none: an SMS then
# fails visibly instead of pretending to be sent.
# SITE_URL defaults to https:// and the first ALLOWED_HOSTS name in production.
SITE_URL = (
    env.str("SITE_URL", default="") or ("http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}")
).rstrip("/")
SMS_BACKEND = env.str(
    "SMS_BACKEND", default="opgaver.sms.ConsoleSmsBackend" if DEBUG else "opgaver.sms.DisabledSmsBackend"
)
SMS_FILE_PATH = env.str("SMS_FILE_PATH", default=str(BASE_DIR / "sms-outbox"))
# The real gateways (opgaver/sms.py; README "SMS-udbydere"): SMS_BACKEND=opgaver.sms.GatewayApiSmsBackend
# or opgaver.sms.CpsmsSmsBackend, each with its credentials. Every call has a 3 s timeout; an
# SMS longer than SMS_MAX_PARTS parts is refused rather than billed as a small letter.
SMS_SENDER = env.str("SMS_SENDER", default="Fritidsjob")
SMS_MAX_PARTS = env.int("SMS_MAX_PARTS", default=3)
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=3.0)
GATEWAYAPI_URL = env.str("GATEWAYAPI_URL", default="https://gatewayapi.eu/rest/mtsms")
GATEWAYAPI_TOKEN = env.str("GATEWAYAPI_TOKEN", default="")
CPSMS_URL = env.str("CPSMS_URL", default="https://api.cpsms.dk/v2/send")
CPSMS_USERNAME = env.str("CPSMS_USERNAME", default="")
CPSMS_API_KEY = env.str("CPSMS_API_KEY", default="")
# Addresses (core/addresses.py; README "Adresser og postnumre"): the town comes from the shipped
# postcode table; an address-autocomplete adapter (a dotted class path) is off while this is empty.
ADDRESS_AUTOCOMPLETE_BACKEND = env.str("ADDRESS_AUTOCOMPLETE_BACKEND", default="")
# The CVR register (virksomheder/cvr.py; README "CVR-opslag"): CVR_BACKEND=cvrapi (the free
# cvrapi.dk, with a daily quota; it asks callers to name themselves in the User-Agent) or
# erhvervsstyrelsen (system-til-system access, Elasticsearch with basic auth); empty: no lookup,
# companies are typed by hand. The register's industry codes are DB25 since 1 January 2025.
CVR_BACKEND = env.str("CVR_BACKEND", default="")
CVR_HTTP_TIMEOUT = env.float("CVR_HTTP_TIMEOUT", default=3.0)
CVR_CODE_VERSION = env.str("CVR_CODE_VERSION", default="DB25")
CVRAPI_URL = env.str("CVRAPI_URL", default="https://cvrapi.dk/api")
CVRAPI_USER_AGENT = env.str("CVRAPI_USER_AGENT", default="Fritidsjob - kommunal sagsbehandling")
CVR_ES_URL = env.str("CVR_ES_URL", default="http://distribution.virk.dk/cvr-permanent/virksomhed/_search")
CVR_ES_USERNAME = env.str("CVR_ES_USERNAME", default="")
CVR_ES_PASSWORD = env.str("CVR_ES_PASSWORD", default="")
# References to the jobcentre's own systems on a young person's case (issue 20): the formats
# of the municipality's case numbers as regular expressions (empty: any text), with an example
# for the error message. The defaults: any letters, digits and dashes for the jobcentre
# (KMD Momentum); an ESDH number as KLE number, facet, serial and year (15.30.05-P20-1-26).
JOBCENTER_CASE_NUMBER_PATTERN = env.str("JOBCENTER_CASE_NUMBER_PATTERN", default=r"[0-9A-Za-z-]{1,40}")
JOBCENTER_CASE_NUMBER_EXAMPLE = env.str("JOBCENTER_CASE_NUMBER_EXAMPLE", default="")
ESDH_CASE_NUMBER_PATTERN = env.str(
    "ESDH_CASE_NUMBER_PATTERN", default=r"\d{2}\.\d{2}\.\d{2}-[A-ZÆØÅ]\d{2}-\d{1,6}-\d{2}"
)
ESDH_CASE_NUMBER_EXAMPLE = env.str("ESDH_CASE_NUMBER_EXAMPLE", default="15.30.05-P20-1-26")
# The gateways post delivery receipts to /opgaver/sms/kvittering/<gateway>/?token=...; without
# a token every receipt is refused.
SMS_WEBHOOK_TOKEN = env.str("SMS_WEBHOOK_TOKEN", default="")

# Audit trail (django-auditlog): each app registers its models in ready(); core/audit.py records the rest.
AUDITLOG_DISABLE_REMOTE_ADDR = False

# Behind the TLS-terminating proxy (docker-compose) the request's scheme is the proxy's
# X-Forwarded-Proto. Without such a proxy, a client could set the header itself: turn it off.
if env.bool("TRUST_X_FORWARDED_PROTO", default=True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    if not SECURE_SSL_REDIRECT:
        # Turned off because the proxy in front redirects plain HTTP itself (README): not a finding.
        SILENCED_SYSTEM_CHECKS = ["security.W008"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Hardened responses (issue 13). Content-Security-Policy: scripts and styles only from our own
# static files (no inline script, style attribute or event handler anywhere; static/js/fritidsjob.js
# does what they did). Bootstrap's CSS draws its icons with data: SVGs. Forms post only here, plus
# any origin in CSP_FORM_ACTION_EXTRA (e.g. an identity provider a sign-out form redirects to).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, *env.list("CSP_FORM_ACTION_EXTRA", default=[])],
}
# Largest request body Django reads into memory (not file uploads, which stream to disk); a larger
# one gets a Danish 400 page (core.views.bad_request) instead of Django's English one.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and its font subsetter log every layout step at INFO. httpx logs each request's URL at
    # INFO (and httpcore its connections at DEBUG): the CVR lookup's URL holds the CVR number, the SMS
    # gateways' requests the webhook token; none of it belongs in the logs.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools", "httpx", "httpcore")},
}

# Demo data and demo users are only ever made with debug on.
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="")

# Single sign-on through the municipality's identity provider (OpenID Connect, mozilla-django-oidc;
# fritidsjob/sso.py). Off unless OIDC_RP_CLIENT_ID is set. The endpoints come from the provider's
# discovery document (read at the first sign-in) unless given one by one.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
# The issuer (e.g. https://login.microsoftonline.com/<tenant>/v2.0) or its .well-known/openid-configuration.
OIDC_OP_DISCOVERY_URL = env.str("OIDC_OP_DISCOVERY_URL", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_USE_PKCE = env.bool("OIDC_USE_PKCE", default=True)
OIDC_TIMEOUT = env.float("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
# The claim naming the user (their username here) and the one listing their groups.
OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="preferred_username")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")


def _role_map(value: str) -> dict[str, str]:
    # "grp-konsulent=Jobcenterkonsulent,grp-admin=Administrator", or a JSON object when a
    # group's name holds "," or "=" (an LDAP DN). The role names are checked by fritidsjob/sso.py.
    if value.strip().startswith("{"):
        import json

        try:
            mapping = json.loads(value)
        except ValueError as exc:
            raise ImproperlyConfigured(f"OIDC_ROLE_MAP is no valid JSON: {exc}") from exc
    else:
        pairs = [item.rsplit("=", 1) for item in value.split(",") if item.strip()]
        if any(len(pair) != 2 for pair in pairs):
            raise ImproperlyConfigured("OIDC_ROLE_MAP must read group=Rolle,group=Rolle (or be a JSON object).")
        mapping = {group.strip(): role.strip() for group, role in pairs}
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise ImproperlyConfigured("OIDC_ROLE_MAP must map each group to one role name.")
    return mapping


OIDC_ROLE_MAP = _role_map(env.str("OIDC_ROLE_MAP", default=""))
if OIDC_RP_CLIENT_ID:
    if not OIDC_ROLE_MAP:
        raise ImproperlyConfigured("OIDC_ROLE_MAP must be set when OIDC_RP_CLIENT_ID is (no group, no role).")
    if not OIDC_OP_DISCOVERY_URL and not (OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT):
        raise ImproperlyConfigured("Set OIDC_OP_DISCOVERY_URL (or the OIDC_OP_*_ENDPOINT variables) for SSO.")
    _oidc_urls = [OIDC_OP_DISCOVERY_URL, OIDC_OP_AUTHORIZATION_ENDPOINT, OIDC_OP_TOKEN_ENDPOINT]
    _oidc_urls += [OIDC_OP_USER_ENDPOINT, OIDC_OP_JWKS_ENDPOINT]
    if not DEBUG and any(url and not url.startswith("https://") for url in _oidc_urls):
        raise ImproperlyConfigured("The identity provider's URLs must be https:// when DJANGO_DEBUG is off.")
# Who a user without a role is told to contact.
SSO_SUPPORT_CONTACT = env.str("SSO_SUPPORT_CONTACT", default="din leder eller kommunens it-support")
# With SSO on, false refuses local passwords for staff roles; mentors and funders always sign in locally.
LOCAL_LOGIN_FOR_STAFF = env.bool("LOCAL_LOGIN_FOR_STAFF", default=True)
# The SSO backend is always listed and does nothing while SSO is off.
AUTHENTICATION_BACKENDS = [
    "fritidsjob.security.LockoutBackend",  # first: axes refuses a locked-out attempt before any password check
    "django.contrib.auth.backends.ModelBackend",
    "fritidsjob.sso.SsoBackend",
    # The company portal's one-time e-mail links (virksomheder/portal/services.py).
    "sesame.backends.ModelBackend",
]
# django-sesame: a portal login link works for 15 minutes and once (signing in moves last_login on).
SESAME_MAX_AGE = env.int("PORTAL_LINK_MINUTES", default=15) * 60
SESAME_ONE_TIME = True
