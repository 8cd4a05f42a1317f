import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gutmind.cache import cache_ping
from gutmind.celery import app as celery_app

log = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 3.0
_checks = ThreadPoolExecutor(max_workers=4, thread_name_prefix="healthz")


def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("lifestyle:today")
    return render(request, "pages/landing.html")


ROBOTS_TXT = """User-agent: *
Disallow: /admin/
Disallow: /accounts/
Disallow: /api/
Disallow: /reminders/
Sitemap: {site_url}/sitemap.xml
"""


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the landing page and articles; the rest is private or pointless."""
    return HttpResponse(ROBOTS_TXT.format(site_url=settings.SITE_URL), content_type="text/plain")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: in production the hashed name exists only after collectstatic.
    return redirect(static("img/favicon.svg"), permanent=True)


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _broker_answers() -> None:
    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=CHECK_TIMEOUT_SECONDS)


def _run_with_timeout(check: Callable[[], None]) -> str:
    try:
        _checks.submit(check).result(timeout=CHECK_TIMEOUT_SECONDS)
    except FutureTimeout:
        return "timeout"
    except Exception as exc:  # any failure of the service is a "down", not a 500
        log.warning("healthz: %s failed: %s", check.__name__, exc.__class__.__name__)
        return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    # The database check runs in this thread: Django connections are per thread.
    try:
        _database_answers()
        database = "ok"
    except Exception as exc:
        log.warning("healthz: database failed: %s", exc.__class__.__name__)
        database = "down"
    status = {
        "database": database,
        "broker": _run_with_timeout(_broker_answers),
        "cache": _run_with_timeout(cache_ping),
    }
    healthy = all(state == "ok" for state in status.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", **status}, status=200 if healthy else 503
    )
