import base64
import hashlib
import re

import pytest
from django.conf import settings
from django.test import override_settings

from gutmind.vendor import ASSETS

pytestmark = pytest.mark.django_db
VENDOR_DIR = settings.BASE_DIR / "static"


def sri_of(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_each_local_copy_matches_its_pinned_integrity_hash(name):
    asset = ASSETS[name]
    local = VENDOR_DIR / asset.local_path
    assert local.is_file(), f"missing {local}"
    assert sri_of(local.read_bytes()) == asset.integrity


@pytest.mark.parametrize("name", sorted(ASSETS))
def test_each_asset_is_pinned_to_an_exact_version(name):
    asset = ASSETS[name]
    assert re.fullmatch(r"\d+\.\d+\.\d+", asset.version)
    assert f"@{asset.version}/" in asset.cdn_url
    assert asset.cdn_url.startswith("https://cdn.jsdelivr.net/npm/")


def test_the_integrity_check_would_notice_a_changed_file():
    asset = ASSETS["bootstrap.css"]
    data = (VENDOR_DIR / asset.local_path).read_bytes()
    assert sri_of(data + b"\n/* tampered */") != asset.integrity


@override_settings(VENDOR_ASSETS="local")
def test_local_mode_loads_bootstrap_from_the_same_origin(client):
    html = client.get("/").text
    assert 'href="/static/vendor/bootstrap-5.3.8/bootstrap.min.css"' in html
    assert 'src="/static/vendor/bootstrap-5.3.8/bootstrap.bundle.min.js"' in html
    assert "cdn.jsdelivr.net" not in html


@override_settings(VENDOR_ASSETS="cdn")
def test_cdn_mode_loads_pinned_urls_with_integrity(client):
    html = client.get("/").text
    for name in ("bootstrap.css", "bootstrap.js"):
        asset = ASSETS[name]
        tag = re.search(rf'<[^>]*"{re.escape(asset.cdn_url)}"[^>]*>', html)
        assert tag, f"{asset.cdn_url} not loaded"
        assert f'integrity="{asset.integrity}"' in tag.group(0)
        assert 'crossorigin="anonymous"' in tag.group(0)
    assert "/static/vendor/" not in html
