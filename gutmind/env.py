"""Strict readers for settings that come from the environment.

django-environ parses the values; what is ours is strictness. It reads any unknown word as
False for a boolean, and a typo such as DJANGO_DEBUG=maybe must stop start-up instead of
quietly turning debug off (or on); it accepts any secret; and its errors do not name the
variable. Every reader here refuses a malformed value with ImproperlyConfigured naming it,
and treats a blank value as unset.
"""

import os
from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}
WEAK_SECRET_MIN_LENGTH = 50
WEAK_SECRET_MIN_UNIQUE = 5


def read_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use one of: true, false, 1, 0, yes, no, on, off."
    )


def read_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    raw = os.environ.get(name, "").strip().lower() or default
    if raw not in choices:
        raise ImproperlyConfigured(f"{name}={raw!r} must be one of: {', '.join(choices)}.")
    return raw


def _blank(name: str) -> bool:
    return not os.environ.get(name, "").strip()


def read_int(name: str, default: int) -> int:
    if _blank(name):
        return default
    try:
        number: int = env.int(name)
        return number
    except ValueError:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a whole number.") from None


def require_strong_secret(name: str) -> str:
    secret = os.environ.get(name, "")
    if not secret:
        raise ImproperlyConfigured(f"{name} must be set when DJANGO_DEBUG is false.")
    if (
        len(secret) < WEAK_SECRET_MIN_LENGTH
        or len(set(secret)) < WEAK_SECRET_MIN_UNIQUE
        or secret.startswith("django-insecure-")
    ):
        raise ImproperlyConfigured(
            f"{name} is too weak: use at least {WEAK_SECRET_MIN_LENGTH} random characters, "
            'for example from `python -c "import secrets; print(secrets.token_urlsafe(64))"`.'
        )
    return secret


def require_list(name: str) -> list[str]:
    items = [item for item in env.list(name, cast=str.strip, default=[]) if item]
    if not items:
        raise ImproperlyConfigured(
            f"{name} must be set when DJANGO_DEBUG is false (comma-separated host names)."
        )
    return items


def read_http_url(name: str, default: str) -> str:
    """A base URL such as SITE_URL, which links in emails are built on."""
    url = urlparse(default) if _blank(name) else env.url(name)
    if url.scheme not in {"http", "https"} or not url.netloc:
        raise ImproperlyConfigured(
            f"{name}={url.geturl()!r} must be a full address such as https://gutmind.example.org."
        )
    return url.geturl().rstrip("/")


LOOPBACK_NAMES = {"127.0.0.1", "localhost", "::1", "[::1]"}


def require_loopback_hosts(switch: str, name: str, hosts: list[str]) -> None:
    """A switch that is safe only on this machine (plain-http cookies) refuses to start
    while any allowed host could be reached from elsewhere."""
    outside = [host for host in hosts if host.lower() not in LOOPBACK_NAMES]
    if outside or not hosts:
        raise ImproperlyConfigured(
            f"{switch}=true serves plain http and is allowed only on loopback, but {name} "
            f"names {', '.join(outside) or 'nothing'}. Use it with 127.0.0.1, localhost or "
            "[::1] only, or turn it off and serve over https."
        )
