from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse, QueryDict

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict  # the stubs' name for request.GET


class StripNulBytesMiddleware:
    """A NUL byte in a query string is never part of a real link, and PostgreSQL refuses it
    in any text parameter: a 500 from whichever query meets it first (an admin filter, a
    search, an API parameter). It is dropped here, once, for every view. Form fields already
    refuse NUL in POST bodies (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", ""):
            request.GET = _without_nul(request.GET)
        return self.get_response(request)


def _without_nul(query: QueryDict) -> "_ImmutableQueryDict":
    clean = QueryDict(mutable=True)
    for key, values in query.lists():
        clean.setlist(key.replace("\x00", ""), [value.replace("\x00", "") for value in values])
    # Read-only again, like every request.GET.
    return QueryDict(clean.urlencode(), encoding=query.encoding)
