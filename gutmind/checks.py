from django.conf import settings
from django.core.checks import Tags, Warning, register

PER_PROCESS_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.security, deploy=True)
def shared_cache_in_production(app_configs, **kwargs) -> list[Warning]:
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
