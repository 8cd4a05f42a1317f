"""Settings come from the environment: each case starts a fresh Python with a controlled
environment, because settings are read once per process."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
STRONG_SECRET = secrets.token_urlsafe(64)
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": STRONG_SECRET,
    "DJANGO_ALLOWED_HOSTS": "gutmind.example.org",
    "SITE_URL": "https://gutmind.example.org",
    "DEFAULT_FROM_EMAIL": "GutMind <hello@gutmind.example.org>",
    # Only named, never connected to by these checks: the deploy check wants a shared cache.
    "REDIS_URL": "redis://127.0.0.1:6379/9",
}
SHOW_SETTINGS = """
import json, django
django.setup()
from allauth.account import app_settings as allauth_settings
from django.conf import settings
from gutmind.celery import app
print(json.dumps({
    "debug": settings.DEBUG,
    "database": settings.DATABASES["default"]["ENGINE"],
    "database_name": settings.DATABASES["default"]["NAME"],
    "database_options": settings.DATABASES["default"].get("OPTIONS", {}),
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION", ""),
    "email": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "broker": app.conf.broker_url,
    "site_url": settings.SITE_URL,
    "protocol": settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL,
    "vendor": settings.VENDOR_ASSETS,
    "login_rate_limit": allauth_settings.RATE_LIMITS.get("login_failed"),
    "trusted_proxy_count": settings.ALLAUTH_TRUSTED_PROXY_COUNT,
    "session_engine": settings.SESSION_ENGINE,
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_cookie_secure": settings.CSRF_COOKIE_SECURE,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "allowed_hosts": settings.ALLOWED_HOSTS,
    "script_src": [str(s) for s in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]],
    "style_src": [str(s) for s in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"]],
}))
"""


def run_python(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean_env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        "DJANGO_SETTINGS_MODULE": "gutmind.settings",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def settings_under(env: dict[str, str]) -> dict:
    result = run_python(env, "-c", SHOW_SETTINGS)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def embedded() -> dict:
    """The settings with nothing set, as `make run` sees them."""
    return settings_under({})


def start_up_error(env: dict[str, str]) -> str:
    result = run_python(env, "-c", "import django; django.setup()")
    assert result.returncode != 0, "start-up should have failed"
    return result.stderr.strip().splitlines()[-1]


def test_a_malformed_debug_flag_stops_start_up_naming_the_variable():
    error = start_up_error({"DJANGO_DEBUG": "maybe"})
    assert "ImproperlyConfigured" in error
    assert "DJANGO_DEBUG" in error


@pytest.mark.parametrize(
    "secret", [None, "", "short", "x" * 80, "django-insecure-" + "a1b2c3" * 10]
)
def test_production_without_a_strong_secret_key_stops_naming_it(secret):
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    error = start_up_error(env)
    assert "ImproperlyConfigured" in error
    assert "DJANGO_SECRET_KEY" in error


def test_production_without_allowed_hosts_stops_naming_it():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_ALLOWED_HOSTS"}
    error = start_up_error(env)
    assert "ImproperlyConfigured" in error
    assert "DJANGO_ALLOWED_HOSTS" in error


def test_a_malformed_whole_number_stops_start_up_naming_the_variable():
    error = start_up_error({"DJANGO_CONN_MAX_AGE": "forever"})
    assert "DJANGO_CONN_MAX_AGE" in error


def test_an_unknown_vendor_assets_choice_stops_start_up_naming_the_variable():
    error = start_up_error({"VENDOR_ASSETS": "nearby"})
    assert "VENDOR_ASSETS" in error


@pytest.mark.parametrize("url", ["gutmind.example.org", "ftp://gutmind.example.org", "https://"])
def test_a_site_url_that_is_not_a_web_address_stops_start_up_naming_it(url):
    error = start_up_error({"SITE_URL": url})
    assert "SITE_URL" in error


def test_the_deploy_check_passes_with_production_variables():
    result = run_python(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("unset", "error"), [("SITE_URL", "gutmind.E001"), ("DEFAULT_FROM_EMAIL", "gutmind.E002")]
)
def test_production_without_a_public_site_url_or_sender_fails_the_deploy_check(unset, error):
    env = {k: v for k, v in PRODUCTION.items() if k != unset}
    result = run_python(env, "manage.py", "check", "--deploy")  # errors fail at any level
    assert result.returncode != 0
    assert error in result.stderr + result.stdout


def test_the_deploy_check_fails_in_debug_mode():
    # Proves the check above can fail: debug mode is not fit to deploy.
    result = run_python({}, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stderr + result.stdout


def test_with_nothing_set_everything_is_embedded(embedded):
    found = embedded
    assert found["debug"] is True
    assert found["database"] == "django.db.backends.sqlite3"
    assert found["database_name"].endswith("var/gutmind.sqlite3")
    assert found["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["session_engine"] == "django.contrib.sessions.backends.db"
    assert found["email"] == "django.core.mail.backends.console.EmailBackend"
    assert found["broker"].startswith("filesystem://")
    assert found["login_rate_limit"]


def test_rate_limits_can_be_switched_off_for_load_tests_only_by_saying_so():
    assert settings_under({"ACCOUNT_RATE_LIMITS_ENABLED": "false"})["login_rate_limit"] is None


def test_service_urls_switch_every_backend():
    found = settings_under(
        {
            "DATABASE_URL": "postgres://gm:secret@db.internal:5432/gutmind",
            "REDIS_URL": "redis://cache.internal:6379/1",
            "CELERY_BROKER_URL": "redis://broker.internal:6379/0",
            "EMAIL_URL": "smtp://mailer:pw@smtp.internal:1025",
            "SITE_URL": "https://gutmind.example.org/",
        }
    )
    assert found["database"] == "django.db.backends.postgresql"
    assert found["database_name"] == "gutmind"
    assert found["database_options"]["connect_timeout"] == 5
    assert found["cache"] == "gutmind.cache.ForgivingRedisCache"
    assert found["cache_location"] == "redis://cache.internal:6379/1"
    # Sessions are read from Redis, with the database behind it.
    assert found["session_engine"] == "django.contrib.sessions.backends.cached_db"
    assert found["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["email_host"] == "smtp.internal"
    assert found["broker"] == "redis://broker.internal:6379/0"
    assert found["site_url"] == "https://gutmind.example.org"
    assert found["protocol"] == "https"


def test_local_assets_keep_the_policy_to_the_same_origin(embedded):
    found = embedded
    assert found["vendor"] == "local"
    assert found["script_src"] == found["style_src"] == ["'self'"]


def test_cdn_assets_allow_only_the_exact_pinned_files_in_the_policy():
    found = settings_under({"VENDOR_ASSETS": "cdn"})
    assert found["script_src"] == [
        "'self'",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.3.8/dist/js/bootstrap.bundle.min.js",
        "https://cdn.jsdelivr.net/npm/chart.js@4.5.1/dist/chart.umd.min.js",
    ]
    assert found["style_src"] == [
        "'self'",
        "https://cdn.jsdelivr.net/npm/bootstrap@5.3.8/dist/css/bootstrap.min.css",
    ]
    assert "https://cdn.jsdelivr.net" not in found["script_src"] + found["style_src"]


def test_production_defaults_to_our_own_pinned_copies():
    found = settings_under(PRODUCTION)
    assert found["vendor"] == "local"
    assert found["script_src"] == found["style_src"] == ["'self'"]


def test_production_uses_the_cdn_only_when_asked():
    assert settings_under({**PRODUCTION, "VENDOR_ASSETS": "cdn"})["vendor"] == "cdn"


def test_nothing_set_trusts_no_proxy_for_client_addresses(embedded):
    assert embedded["trusted_proxy_count"] == 0


def test_behind_the_tls_proxy_the_client_address_comes_from_one_proxy_hop():
    assert settings_under({"DJANGO_BEHIND_TLS_PROXY": "true"})["trusted_proxy_count"] == 1


def test_the_trusted_proxy_count_is_read_from_the_environment():
    found = settings_under({"DJANGO_BEHIND_TLS_PROXY": "true", "ALLAUTH_TRUSTED_PROXY_COUNT": "2"})
    assert found["trusted_proxy_count"] == 2


@pytest.mark.parametrize("value", ["two", "-1"])
def test_a_bad_trusted_proxy_count_stops_start_up_naming_it(value):
    assert "ALLAUTH_TRUSTED_PROXY_COUNT" in start_up_error({"ALLAUTH_TRUSTED_PROXY_COUNT": value})


LOOPBACK = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": STRONG_SECRET,
    "GUTMIND_LOOPBACK_HTTP": "true",
}


def test_the_loopback_switch_keeps_production_settings_but_plain_http_cookies():
    found = settings_under(LOOPBACK)
    assert found["debug"] is False
    assert found["allowed_hosts"] == ["127.0.0.1", "localhost", "[::1]"]
    assert found["session_cookie_secure"] is False
    assert found["csrf_cookie_secure"] is False
    assert found["ssl_redirect"] is False
    assert found["hsts_seconds"] == 0


@pytest.mark.parametrize(
    "hosts",
    ["gutmind.example.org", "127.0.0.1,gutmind.example.org", "0.0.0.0", "*", "10.0.0.5"],  # noqa: S104
)
def test_the_loopback_switch_refuses_to_start_with_a_host_that_is_not_loopback(hosts):
    error = start_up_error({**LOOPBACK, "DJANGO_ALLOWED_HOSTS": hosts})
    assert "ImproperlyConfigured" in error
    assert "GUTMIND_LOOPBACK_HTTP" in error


def test_without_the_switch_production_cookies_stay_secure():
    found = settings_under(PRODUCTION)
    assert found["session_cookie_secure"] is True
    assert found["ssl_redirect"] is True


# What `make run` serves: production settings on loopback over plain http.
MAKE_RUN_PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from tests.factories import PASSWORD, UserFactory
person = UserFactory()
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/no-such-page/")
login = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
today = client.get("/today/")
print(json.dumps({
    "missing_status": missing.status_code,
    "missing_is_debug_page": b"URLconf" in missing.content or b"Traceback" in missing.content,
    "login_status": login.status_code,
    "session_secure": bool(login.cookies["sessionid"]["secure"]),
    "today_status": today.status_code,
}))
"""


def test_make_run_settings_show_no_debug_pages_and_sign_in_works_over_http():
    env = {
        **LOOPBACK,
        "DATABASE_URL": "sqlite://:memory:",
        "GUTMIND_TESTING": "true",  # plain static storage: no collectstatic manifest here
        "PYTHONPATH": str(BASE_DIR),
    }
    result = run_python(env, "-c", MAKE_RUN_PROBE)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["missing_status"] == 404
    assert found["missing_is_debug_page"] is False
    assert found["login_status"] == 302
    assert found["session_secure"] is False
    assert found["today_status"] == 200
