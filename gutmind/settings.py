"""GutMind settings, read from the environment.

With nothing set this is the embedded default (SQLite and Celery's filesystem broker under
var/, emails to the console). DATABASE_URL, CELERY_BROKER_URL, REDIS_URL, EMAIL_URL and
SITE_URL switch to real services; the README lists every variable.
"""

import sys
from pathlib import Path

import django_stubs_ext
import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from gutmind.env import (
    read_bool,
    read_choice,
    read_http_url,
    read_int,
    require_list,
    require_loopback_hosts,
    require_strong_secret,
)
from gutmind.vendor import ASSETS

# Django's generic classes (ModelForm, ModelAdmin, Sitemap, Feed, ...) are generic only in
# django-stubs; this gives them __class_getitem__ so `class F(ModelForm[User])` also runs.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
env = environ.Env()

DEBUG = read_bool("DJANGO_DEBUG", default=True)
TESTING = read_bool("GUTMIND_TESTING", default="pytest" in sys.modules)

# Production settings served over plain http on this machine only (make run, the load test):
# the cookies drop Secure and nothing redirects to https. Start-up refuses it unless every
# allowed host is a loopback name, so it cannot quietly serve a real domain without TLS.
LOOPBACK_HTTP = read_bool("GUTMIND_LOOPBACK_HTTP", default=False)
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

if DEBUG:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY", default="dev-only-insecure-key-never-used-in-production"
    )
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=LOOPBACK_HOSTS)
else:
    SECRET_KEY = require_strong_secret("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = (
        env.list("DJANGO_ALLOWED_HOSTS", default=LOOPBACK_HOSTS)
        if LOOPBACK_HTTP
        else require_list("DJANGO_ALLOWED_HOSTS")
    )
if LOOPBACK_HTTP:
    require_loopback_hosts("GUTMIND_LOOPBACK_HTTP", "DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS)

SITE_URL = read_http_url("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = "GutMind"
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "gutmind",
    "apps.accounts",
    "apps.lifestyle",
    "apps.mood",
    "apps.articles",
    "apps.experiments",
    "apps.checkups",
    "apps.reminders",
    "apps.dashboard",
    "apps.report",
    "apps.yourdata",
]

MIDDLEWARE = [
    # Outermost, so static files served by whitenoise get its headers too.
    "gutmind.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "gutmind.input_guard.StripNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "gutmind.middleware.UserSessionActivityMiddleware",  # allauth's, at most every 5 minutes
    "gutmind.middleware.PrivateCacheMiddleware",
]

ROOT_URLCONF = "gutmind.urls"
WSGI_APPLICATION = "gutmind.wsgi.application"

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
                "gutmind.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gutmind.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = read_int("DJANGO_CONN_MAX_AGE", 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    # A database that does not answer fails fast (and /healthz says so) instead of hanging
    # a worker; DATABASE_URL=...?connect_timeout=N overrides it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default serves several requests at once (and allauth records each
    # session's activity): WAL lets reads go on beside a write, IMMEDIATE takes the write
    # lock at BEGIN so two writers queue for up to `timeout` seconds instead of one failing
    # with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when given (shared allauth rate limits), else per-process memory ---------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache that carries on without Redis: see gutmind/cache.py for why, and
            # for what sign-in does then.
            "BACKEND": "gutmind.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            # Short, so a Redis that stopped answering costs a page half a second, once.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": "gutmind",
        }
    }
    # A signed-in request reads its session from Redis; the database row stays behind it,
    # so a restart of Redis signs nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Users and allauth ------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/today/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "apps.accounts.adapters.AccountAdapter"  # its emails go through gutmind.mail
ACCOUNT_SIGNUP_FORM_CLASS = "apps.accounts.forms.SignupExtrasForm"
ACCOUNT_FORMS = {"reset_password": "apps.accounts.reset_forms.VerifiedResetPasswordForm"}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
# Adding, removing or switching an address asks for the password again if the last sign-in
# is older than ACCOUNT_REAUTHENTICATION_TIMEOUT (5 minutes): a session left open on a shared
# computer cannot move the account to a stranger's inbox.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
if not read_bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True):
    # allauth's own switch: False turns every limit off (for load tests, never production).
    ACCOUNT_RATE_LIMITS = False
# allauth keys its rate limits on the client address. Behind N proxies of ours, that is the
# Nth address from the right of X-Forwarded-For (each proxy must append to it); with 0 it is
# REMOTE_ADDR, which behind a proxy is the proxy's own, so one stranger's failed sign-ins
# would lock everyone out. DJANGO_BEHIND_TLS_PROXY=true means one proxy unless told otherwise.
BEHIND_TLS_PROXY = read_bool("DJANGO_BEHIND_TLS_PROXY", default=False)
ALLAUTH_TRUSTED_PROXY_COUNT = read_int("ALLAUTH_TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("ALLAUTH_TRUSTED_PROXY_COUNT must be 0 or more.")
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[GutMind] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "GutMind"
USERSESSIONS_TRACK_ACTIVITY = True  # recorded by gutmind.middleware.UserSessionActivityMiddleware
USERSESSIONS_ACTIVITY_INTERVAL = 300  # seconds; ours, allauth has no such setting

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Email ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GutMind <hello@gutmind.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 10

# --- Celery -----------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # kombu writes its exchange tables to ./control otherwise: the repository root.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # An unacknowledged message goes back to the queue after this many seconds, so a
    # reminder whose worker died mid-send is delivered by the next worker.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": read_int("CELERY_VISIBILITY_TIMEOUT", 300)
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = read_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# How long a running import may go without renewing its lease before it counts as stale.
IMPORT_LEASE_SECONDS = read_int("GUTMIND_IMPORT_LEASE_SECONDS", 120)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "dispatch-due-reminders": {
        "task": "apps.reminders.tasks.dispatch_due",
        # At the start of every minute: reminder times are whole minutes, so a reminder
        # goes out within seconds of its time rather than up to a minute late.
        "schedule": crontab(),
        "options": {"expires": 55},
    },
    "requeue-stale-reminder-deliveries": {
        # Deliveries a broker outage left queued (apps/reminders/sweep.py).
        "task": "apps.reminders.tasks.requeue_stale_deliveries",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 240},
    },
    "requeue-stale-import-jobs": {
        # Imports left queued by a broker outage, or stale after a killed worker
        # (apps/yourdata/sweep.py).
        "task": "apps.yourdata.tasks.requeue_stale_jobs",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 240},
    },
    "purge-stale-import-uploads": {
        "task": "apps.yourdata.tasks.purge_stale_uploads",
        "schedule": crontab(minute=17),
    },
    "purge-old-idempotency-keys": {
        "task": "apps.accounts.tasks.purge_old_idempotency_keys",
        "schedule": crontab(hour=3, minute=41),
    },
}

if TESTING:
    # Hashing cost is not what the tests measure.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and front-end assets --------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and not TESTING
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))

# "local" serves Bootstrap and Chart.js from static/vendor/, our pinned copies: the default
# everywhere, so no visitor's address reaches a third party. "cdn" loads the same files from
# jsDelivr with SRI, only when the operator asks for it.
VENDOR_ASSETS = read_choice("VENDOR_ASSETS", ("cdn", "local"), "local")

# --- Security headers -------------------------------------------------------------------
# With the CDN, the policy names the exact files (not the whole of jsDelivr, which serves
# any npm package); with our own copies, nothing beyond 'self'.
_cdn = VENDOR_ASSETS == "cdn"
_script_sources = [SELF, *(ASSETS[n].cdn_url for n in ("bootstrap.js", "chart.js") if _cdn)]
_style_sources = [SELF, *([ASSETS["bootstrap.css"].cdn_url] if _cdn else [])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": _script_sources,
        "style-src": _style_sources,
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent on every response by gutmind.middleware.SecurityHeadersMiddleware: no page of ours
# uses these browser features, and no other site may embed our responses.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG and LOOPBACK_HTTP:
    # Plain http on loopback: no HSTS (a browser would then refuse http://127.0.0.1 for a
    # year), no redirect, cookies without Secure; everything else as in production.
    SECURE_SSL_REDIRECT = False
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
elif not DEBUG:
    SECURE_HSTS_SECONDS = read_int("DJANGO_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # As cookiecutter-django does: the header only allows preloading; a domain joins the
    # browsers' list when its owner submits it. Off with DJANGO_HSTS_PRELOAD=false.
    SECURE_HSTS_PRELOAD = read_bool("DJANGO_HSTS_PRELOAD", default=True)
    SECURE_SSL_REDIRECT = read_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers and container health checks probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True  # also makes the messages cookie Secure (it follows this)
    CSRF_COOKIE_SECURE = True
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Logging: notes and scores never reach the logs, so nothing here logs request bodies --
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
