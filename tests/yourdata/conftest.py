from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded import files go to a throwaway folder, never var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def fixture_bytes():
    return lambda name: (FIXTURES / name).read_bytes()
