from collections.abc import Sequence
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

PER_PROCESS_CACHE = "django.core.cache.backends.locmem.LocMemCache"
# Names that never reach a real inbox (RFC 2606, RFC 6761): a sender there is a default
# nobody changed, and receiving servers reject or junk it.
UNDELIVERABLE_DOMAINS = ("localhost", "test", "invalid", "local", "example")
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@register(Tags.security, deploy=True)
def shared_cache_in_production(
    app_configs: Sequence[AppConfig] | None, **kwargs: object
) -> list[Warning]:
    """allauth keeps its sign-in and sign-up rate limits in the cache: with a per-process
    cache every gunicorn worker counts on its own, so an attacker gets N times the tries."""
    if settings.CACHES["default"]["BACKEND"] != PER_PROCESS_CACHE:
        return []
    return [
        Warning(
            "REDIS_URL is not set, so the cache (and allauth's rate limits) is per process.",
            hint="Set REDIS_URL to a Redis shared by every web process.",
            id="gutmind.W001",
        )
    ]


@register(Tags.security, deploy=True)
def https_site_url_in_production(
    app_configs: Sequence[AppConfig] | None, **kwargs: object
) -> list[Error]:
    """Every link in every email, List-Unsubscribe included, is built on SITE_URL: unset,
    they point at the embedded default's loopback address."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname not in LOOPBACK_HOSTS:
        return []
    return [
        Error(
            f"SITE_URL is {settings.SITE_URL!r}: email links would not reach the site safely.",
            hint="Set SITE_URL to the public https address, e.g. https://gutmind.example.org.",
            id="gutmind.E001",
        )
    ]


@register(Tags.security, deploy=True)
def real_sender_in_production(
    app_configs: Sequence[AppConfig] | None, **kwargs: object
) -> list[Error]:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    domain = address.rpartition("@")[2].lower().rstrip(".")
    undeliverable = any(
        domain == name or domain.endswith(f".{name}") for name in UNDELIVERABLE_DOMAINS
    )
    if "@" in address and domain and not undeliverable:
        return []
    return [
        Error(
            f"DEFAULT_FROM_EMAIL is {settings.DEFAULT_FROM_EMAIL!r}, not a real sender.",
            hint="Set DEFAULT_FROM_EMAIL to an address on your domain, e.g. "
            "'GutMind <hello@gutmind.example.org>'.",
            id="gutmind.E002",
        )
    ]
