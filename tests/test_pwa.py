"""The installable app, checked without a network: the manifest's fields, the service
worker's scope and headers, and icons of the sizes browsers ask for."""

import json
import struct
from pathlib import Path

import pytest
from django.conf import settings

from apps.lifestyle.models import DailyLog

ICONS = Path(settings.BASE_DIR) / "static" / "img" / "icons"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def manifest(client) -> dict:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return json.loads(response.content)


def test_the_manifest_has_what_chromium_needs_to_install(manifest):
    assert manifest["name"] == manifest["short_name"] == "GutMind"
    assert manifest["start_url"] == "/today/"
    assert manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#198754"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_manifest_offers_check_in_and_log_today(manifest):
    shortcuts = {s["name"]: s["url"] for s in manifest["shortcuts"]}
    assert shortcuts == {"Check in": "/checkins/new/", "Log today": "/today/"}


def test_every_icon_exists_with_the_size_it_claims(manifest):
    for icon in [*manifest["icons"], *manifest["shortcuts"][0]["icons"]]:
        path = ICONS / icon["src"].rsplit("/", 1)[-1]
        assert path.exists(), icon["src"]
        if icon["type"] == "image/png":
            width, height = png_size(path)
            assert f"{width}x{height}" == icon["sizes"]
        else:
            assert path.read_text().startswith("<svg")


def test_the_icon_script_draws_the_same_picture(tmp_path, monkeypatch):
    from scripts import make_icons

    monkeypatch.setattr(make_icons, "OUT", tmp_path)
    pixels = make_icons.render(32, rounded=True)
    assert len(pixels) == 32 * (1 + 32 * 4)
    assert pixels[1:5] == bytes(4)  # the rounded corner is transparent
    centre_row = 1 + 16 * (1 + 32 * 4)
    assert pixels[centre_row + 4 * 2 : centre_row + 4 * 2 + 3] == bytes(make_icons.GREEN)


def test_the_service_worker_is_served_from_the_root_with_its_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert body.startswith('const VERSION = "')
    assert "/static/js/outbox.js" in body and "/offline/" in body
    assert "{{" not in body and "&quot;" not in body


def test_the_service_worker_never_caches_a_post(client):
    body = client.get("/sw.js").content.decode()
    assert 'if (request.method !== "GET") return;' in body


def test_the_csp_lets_the_worker_and_manifest_load_from_this_site(client):
    policy = client.get("/sw.js")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "'self'" in directives.get("worker-src", directives.get("script-src", ""))
    assert "'self'" in directives.get("manifest-src", directives["default-src"])
    assert "unsafe-inline" not in policy


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_the_theme_script(client):
    page = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert '<meta name="theme-color" content="#198754">' in page
    head = page.split("</head>")[0]
    assert '<script src="/static/js/theme.js"></script>' in head  # before paint, no defer


@pytest.mark.django_db
def test_the_offline_page_shows_nothing_personal_and_changes_nothing(client):
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "No connection" in response.content.decode()
    assert not DailyLog.objects.exists()


def test_the_help_page_is_kept_for_offline_use(client):
    body = client.get("/sw.js").content.decode()
    paths_line = next(line for line in body.splitlines() if line.startswith("const PAGE_PATHS"))
    assert r"/^\/help\/$/" in paths_line
    # Warmed as soon as a signed-in page names its person, before anyone needs it.
    claim = body.split("async function claimFor", 1)[1].split("\n}\n", 1)[0]
    assert "warm([HELP_PATH])" in claim and 'const HELP_PATH = "/help/";' in body


@pytest.mark.django_db
def test_the_offline_page_still_gives_the_emergency_advice(client):
    body = client.get("/offline/").content.decode()
    assert 'href="tel:112"' in body and "nearest emergency department" in body
    assert 'href="/help/"' in body
