import os

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items) -> None:
    if not settings.IS_POSTGRES:
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI does)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth's rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def person(db):
    return UserFactory()


@pytest.fixture
def other_person(db):
    return UserFactory()


@pytest.fixture
def signed_in_client(client, person):
    client.force_login(person)
    return client
