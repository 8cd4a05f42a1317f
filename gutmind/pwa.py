"""The installable app: /manifest.webmanifest, the service worker at /sw.js (root scope, so
it can serve Today and the day pages offline) and the offline page it falls back to."""

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from gutmind.vendor import ASSETS

THEME_COLOUR = "#198754"
BACKGROUND_COLOUR = "#ffffff"
# Static files the pages cannot work without: cached when the service worker installs.
SHELL_STATIC = (
    ASSETS["bootstrap.css"].local_path,
    ASSETS["bootstrap.js"].local_path,
    "css/site.css",
    "css/logging.css",
    "js/theme.js",
    "js/outbox.js",
    "js/today.js",
    "img/favicon.svg",
    "img/icons/icon-192.png",
)


def _icon(name: str, size: str, kind: str, purpose: str = "any") -> dict[str, str]:
    return {"src": static(f"img/icons/{name}"), "sizes": size, "type": kind, "purpose": purpose}


def manifest_data() -> dict[str, object]:
    shortcut_icons = [_icon("icon-96.png", "96x96", "image/png")]
    return {
        "id": "/today/",
        "name": "GutMind",
        "short_name": "GutMind",
        "description": "Log what you eat and how you live, check in on your mood.",
        "lang": "en",
        "start_url": reverse("lifestyle:today"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            _icon("icon.svg", "any", "image/svg+xml"),
            _icon("icon-192.png", "192x192", "image/png"),
            _icon("icon-512.png", "512x512", "image/png"),
            _icon("icon-maskable-512.png", "512x512", "image/png", "maskable"),
        ],
        "shortcuts": [
            {"name": "Check in", "url": reverse("mood:new"), "icons": shortcut_icons},
            {"name": "Log today", "url": reverse("lifestyle:today"), "icons": shortcut_icons},
        ],
    }


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = json.dumps(manifest_data(), indent=2)
    return HttpResponse(body, content_type="application/manifest+json")


def shell_urls() -> list[str]:
    return [*(static(name) for name in SHELL_STATIC), reverse("offline")]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = shell_urls()  # the offline page last: the worker reads it from there
    context = {"shell_json": json.dumps(shell), "static_prefix": static("")}
    source = render_to_string("pwa/sw.js", context)
    # The cache name changes whenever the worker or a shell file's (hashed) name does, so a
    # deploy replaces the cached shell instead of mixing old and new files.
    version = hashlib.sha256(source.encode()).hexdigest()[:12]
    body = f'const VERSION = "{version}";\n{source}'
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "pwa/offline.html")
