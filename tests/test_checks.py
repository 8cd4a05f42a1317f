import pytest
from django.core.checks import ERROR, run_checks
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


PRODUCTION_EMAIL = {
    "SITE_URL": "https://gutmind.example.org",
    "DEFAULT_FROM_EMAIL": "GutMind <hello@gutmind.example.org>",
}


def _deploy_errors() -> dict[str, int]:
    return {m.id: m.level for m in run_checks(include_deployment_checks=True)}


@override_settings(**PRODUCTION_EMAIL)
def test_an_https_site_url_and_a_real_sender_pass_the_deploy_check():
    found = _deploy_errors()
    assert "gutmind.E001" not in found
    assert "gutmind.E002" not in found


@pytest.mark.parametrize(
    "site_url", ["http://127.0.0.1:8000", "http://gutmind.example.org", "https://localhost"]
)
def test_a_site_url_that_is_not_public_https_is_a_deploy_error(site_url):
    with override_settings(**{**PRODUCTION_EMAIL, "SITE_URL": site_url}):
        assert _deploy_errors()["gutmind.E001"] == ERROR


@pytest.mark.parametrize(
    "sender",
    [
        "GutMind <hello@gutmind.localhost>",
        "hello@localhost",
        "GutMind <noreply@mail.test>",
        "not an address",
        "",
    ],
)
def test_a_placeholder_sender_is_a_deploy_error(sender):
    with override_settings(**{**PRODUCTION_EMAIL, "DEFAULT_FROM_EMAIL": sender}):
        assert _deploy_errors()["gutmind.E002"] == ERROR
