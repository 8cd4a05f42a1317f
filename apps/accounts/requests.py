"""The type of a request in a view that only a signed-in person reaches (after
@login_required): its `user` is our User, never AnonymousUser, so views read
`request.user.local_today()` and pass `request.user` on as a `person` without casts."""

from django.http import HttpRequest

from apps.accounts.models import User


class SignedInRequest(HttpRequest):
    user: User
