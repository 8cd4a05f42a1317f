from pathlib import Path

import pytest

from tests.factories import PASSWORD

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files go to a throwaway folder, never var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()


@pytest.fixture
def reauthenticated_client(signed_in_client):
    """Exporting everything asks for the password again, as deleting does (allauth)."""
    response = signed_in_client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return signed_in_client
