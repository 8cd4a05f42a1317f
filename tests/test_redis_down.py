"""Redis down, cache and broker both: the pages work without the cache, sign-in works (rate
limits degrade open: gutmind/cache.py says why), and /healthz answers 503 naming it."""

import pytest
from django.core.cache import caches
from django.test import override_settings

from gutmind import cache as forgiving
from gutmind.celery import app as celery_app
from tests.factories import PASSWORD, DailyLogFactory, checkin_at_local_noon

pytestmark = pytest.mark.django_db
CLOSED_PORT = "redis://127.0.0.1:1/0"
# What settings.py builds from REDIS_URL, pointed at a port nobody listens on.
REDIS_DOWN = {
    "default": {
        "BACKEND": "gutmind.cache.ForgivingRedisCache",
        "LOCATION": CLOSED_PORT,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        "KEY_PREFIX": "gutmind",
    }
}


@pytest.fixture
def redis_down(monkeypatch):
    # Celery reads CELERY_BROKER_URL from the environment before its own setting.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    original = celery_app.conf.broker_url
    celery_app.conf.broker_url = CLOSED_PORT
    with override_settings(CACHES=REDIS_DOWN):
        yield
    celery_app.conf.broker_url = original


@pytest.fixture
def _fresh_cache():
    """Replaces the autouse fixture: clearing a cache that is down is what is tested here."""
    yield


def test_sign_in_works_with_redis_down(client, person, redis_down):
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == "/today/"
    assert client.get("/today/").status_code == 200


def test_a_wrong_password_is_still_a_form_error_with_redis_down(client, person, redis_down):
    response = client.post("/accounts/login/", {"login": person.email, "password": "nope-nope"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_dashboard_and_its_insights_work_without_the_cache(client, person, redis_down):
    today = person.local_today()
    DailyLogFactory(person=person, date=today, sleep_hours=7)
    checkin_at_local_noon(person, today, mood=4)
    client.force_login(person)
    assert client.get("/dashboard/").status_code == 200
    response = client.get("/api/dashboard/insights")
    assert response.status_code == 200
    assert "insights" in response.json()
    assert client.get("/api/dashboard/series").status_code == 200


def test_healthz_names_the_cache_and_the_broker(client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["cache"] == "down"
    assert body["broker"] in {"down", "timeout"}
    assert body["database"] == "ok"


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cache")
def test_healthz_is_a_503_not_a_500_for_a_probe_with_a_session_cookie(client, redis_down):
    client.cookies["sessionid"] = "a" * 32
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "down"


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.cached_db")
def test_a_signed_in_person_keeps_their_session_with_cached_db_and_redis_down(
    client, person, redis_down
):
    client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert client.get("/today/").status_code == 200


def test_after_one_failure_the_cache_is_not_tried_again_for_a_while(redis_down, monkeypatch):
    redis = caches["default"]
    assert redis.get("key", "fallback") == "fallback"
    calls = []
    monkeypatch.setattr(type(redis._cache), "get", lambda *a, **k: calls.append(a))
    assert redis.get("key", "fallback") == "fallback"
    assert calls == []
    monkeypatch.setattr(forgiving.time, "monotonic", lambda: 10**9)
    redis.get("key")
    assert len(calls) == 1


def test_cached_computes_once_with_a_working_cache_and_every_time_without():
    computed = []

    def compute() -> int:
        computed.append(1)
        return 42

    assert forgiving.cached("answer", 60, compute) == 42
    assert forgiving.cached("answer", 60, compute) == 42
    assert len(computed) == 1
    with override_settings(CACHES=REDIS_DOWN):
        assert forgiving.cached("answer", 60, compute) == 42
    assert len(computed) == 2
