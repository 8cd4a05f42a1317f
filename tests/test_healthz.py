import os
import time

import pytest
from django.db import OperationalError

from gutmind import views
from gutmind.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_url(monkeypatch):
    """Points the Celery app at another broker for one test, then back. Celery reads
    CELERY_BROKER_URL from the environment before its own setting, so that goes too."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    original = celery_app.conf.broker_url

    def point_at(url: str) -> None:
        celery_app.conf.broker_url = url

    yield point_at
    celery_app.conf.broker_url = original


def test_healthz_reports_database_and_broker_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_names_the_broker_when_its_port_is_closed(client, broker_url):
    broker_url("redis://127.0.0.1:1/0")
    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["database"] == "ok"
    assert body["broker"] in {"down", "timeout"}
    # A hang guard, not a speed target: the check has its own short timeout.
    assert elapsed < 15


def test_healthz_reports_a_broker_that_does_not_answer_in_time(client, monkeypatch):
    def hangs() -> None:
        time.sleep(2)

    monkeypatch.setattr(views, "CHECK_TIMEOUT_SECONDS", 0.1)
    monkeypatch.setattr(views, "_broker_answers", hangs)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "timeout"


def test_healthz_names_the_database_when_it_fails(client, monkeypatch):
    def database_gone() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "_database_answers", database_gone)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"
    assert response.json()["broker"] == "ok"


def test_healthz_answers_only_get(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_tells_nothing_but_the_states(client):
    body = client.get("/healthz").json()
    assert set(body) == {"status", "database", "broker", "cache"}


@pytest.mark.integration
def test_healthz_is_ok_with_the_real_redis_broker(client, broker_url):
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("set REDIS_URL to check against a real Redis")
    broker_url(redis_url)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"
