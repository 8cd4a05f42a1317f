from django.core.checks import run_checks
from django.test import override_settings

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
}


def _deploy_warnings() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


@override_settings(CACHES=LOCMEM)
def test_a_per_process_cache_in_production_is_flagged_by_check_deploy():
    assert "gutmind.W001" in _deploy_warnings()


@override_settings(CACHES=REDIS)
def test_a_shared_redis_cache_passes_the_deploy_check():
    assert "gutmind.W001" not in _deploy_warnings()
