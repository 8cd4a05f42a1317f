import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
BASE_DIR = Path(__file__).resolve().parent.parent


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/accounts/signup/", "/privacy/"])
def test_public_pages_send_a_strict_content_security_policy(client, url):
    response = client.get(url)
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_signed_in_pages_send_the_policy_too(signed_in_client):
    header = signed_in_client.get("/settings/")["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/", 200),
        ("/accounts/login/", 200),
        ("/robots.txt", 200),
        ("/healthz", None),
        ("/no-such-page/", 404),
        ("/api/dashboard/ping", 401),
    ],
)
def test_every_response_sends_the_permissions_and_resource_policies(client, url, status):
    response = client.get(url)
    if status is not None:
        assert response.status_code == status
    policy = dict(
        feature.strip().split("=", 1) for feature in response["Permissions-Policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert policy[feature] == "()"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_signed_in_json_carries_the_policies_too(signed_in_client):
    response = signed_in_client.get("/api/dashboard/ping")
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Permissions-Policy" in response


@pytest.mark.parametrize("url", ["/", "/accounts/login/"])
def test_pages_refuse_framing_and_keep_the_referrer_on_site(client, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("url", ["/settings/", "/today/", "/accounts/email/", "/privacy/"])
def test_every_signed_in_page_is_not_stored_by_any_cache(signed_in_client, url):
    response = signed_in_client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_signed_in_redirect_is_not_stored_either(signed_in_client):
    response = signed_in_client.get("/")
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


def test_the_signed_out_landing_page_may_be_cached(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_session_and_csrf_cookies_are_http_only(client, person):
    login_page = client.get("/accounts/login/")
    assert login_page.cookies["csrftoken"]["httponly"]
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"


# Under production variables (a fresh process: settings are read once), sign in over HTTPS on
# an in-memory database and report what the browser would be told.
PRODUCTION_PROBE = """
import json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from tests.factories import PASSWORD, UserFactory
person = UserFactory()
client = Client(HTTP_HOST="gutmind.example.org")
plain = client.get("/")
health = client.get("/healthz")
secure = client.get("/", secure=True)
login_page = client.get("/accounts/login/", secure=True)
login = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD}, secure=True)
session = login.cookies["sessionid"]
messages = login.cookies.get("messages")
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain["Location"],
    "health_status": health.status_code,
    "hsts": secure["Strict-Transport-Security"],
    "login_status": login.status_code,
    "session_secure": bool(session["secure"]),
    "session_httponly": bool(session["httponly"]),
    "csrf_secure": bool(login_page.cookies["csrftoken"]["secure"]),
    "messages_cookie_set": messages is not None,
    "messages_secure": bool(messages and messages["secure"]),
    "permissions_policy": secure.get("Permissions-Policy"),
    "resource_policy": secure.get("Cross-Origin-Resource-Policy"),
    "script_src": [
        part.split()[1:] for part in secure["Content-Security-Policy"].split(";")
        if part.split()[0] == "script-src"
    ][0],
}))
"""


@pytest.fixture(scope="module")
def production():
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(BASE_DIR)),
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "gutmind.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "gutmind.example.org",
        "SITE_URL": "https://gutmind.example.org",
        "DATABASE_URL": "sqlite://:memory:",
        # Plain static storage: the probe has no collectstatic manifest to read.
        "GUTMIND_TESTING": "true",
    }
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_PROBE],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_redirects_plain_http_to_https(production):
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://gutmind.example.org/"


def test_production_lets_health_checks_probe_over_plain_http(production):
    assert production["health_status"] in (200, 503)


def test_production_sends_hsts_for_at_least_a_year(production):
    fields = dict(part.strip().partition("=")[::2] for part in production["hsts"].split(";"))
    assert int(fields["max-age"]) >= 31_536_000
    assert "includeSubDomains" in fields


def test_production_messages_cookie_is_secure(production):
    # Signing in leaves a "signed in" message in the messages cookie on the redirect.
    assert production["messages_cookie_set"] is True
    assert production["messages_secure"] is True


def test_production_serves_our_own_copies_of_the_front_end_libraries(production):
    assert production["script_src"] == ["'self'"]


def test_production_sends_the_permissions_and_resource_policies(production):
    assert "camera=()" in production["permissions_policy"]
    assert production["resource_policy"] == "same-origin"


def test_production_session_cookie_is_secure_and_http_only(production):
    assert production["login_status"] == 302
    assert production["session_secure"] is True
    assert production["session_httponly"] is True
    assert production["csrf_secure"] is True
