from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.skipif(
    not settings.CELERY_BROKER_URL.startswith("filesystem"), reason="the filesystem broker only"
)


def test_the_filesystem_broker_keeps_every_folder_under_var():
    var = Path(settings.VAR_DIR).resolve()
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        assert var in Path(options[key]).resolve().parents, key
