import time
from collections.abc import Callable

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class PrivateCacheMiddleware:
    """Pages shown to a signed-in person carry health data: no shared or browser cache
    may keep them (Cache-Control: no-store), so the back button on a shared computer
    after sign-out shows nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class SecurityHeadersMiddleware:
    """The headers Django has no setting for: Permissions-Policy (no camera, microphone,
    location and the like for any page) and Cross-Origin-Resource-Policy (no other site may
    load our responses, health data included, into its pages)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response


class UserSessionActivityMiddleware:
    """allauth.usersessions' last-seen time and address, recorded at most once every
    USERSESSIONS_ACTIVITY_INTERVAL seconds per session instead of on every request.

    allauth's own middleware writes on every signed-in request (a transaction with a SELECT
    and an UPDATE), which made those four of the six queries a trivial signed-in request
    cost. The sessions page only needs to say roughly when and from where a session was last
    used. The time of the last write is kept in the session itself, so nothing is read to
    decide; the session is saved only when the activity is."""

    SESSION_KEY = "_gutmind_usersession_seen_at"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        self._track(request)
        return self.get_response(request)

    def _track(self, request: HttpRequest) -> None:
        user, session = getattr(request, "user", None), getattr(request, "session", None)
        if not settings.USERSESSIONS_TRACK_ACTIVITY or session is None or user is None:
            return
        if not user.is_authenticated or not session.session_key:
            return
        now = int(time.time())
        seen_at = session.get(self.SESSION_KEY)
        if (
            isinstance(seen_at, int)
            and 0 <= now - seen_at < settings.USERSESSIONS_ACTIVITY_INTERVAL
        ):
            return
        UserSession.objects.create_from_request(request, user=user, session=session)
        session[self.SESSION_KEY] = now
