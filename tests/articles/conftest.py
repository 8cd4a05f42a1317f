import pytest

from apps.accounts.editors import ensure_editors_group
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(is_staff=True, display_name="Erin Editor")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
