"""Accounts made by commands (demo, staff) rather than through the sign-up page."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from apps.accounts.models import User


def ensure_verified_user(email: str, password: str, **fields) -> tuple[User, bool]:
    """Create the account if missing, with a confirmed email so that allauth lets it sign in.
    An existing account keeps its password: re-running a seed command changes nothing."""
    email = email.lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email, password, health_data_consent_at=timezone.now(), **fields
        )
    else:
        User.objects.filter(pk=user.pk).update(**fields)
        user.refresh_from_db()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user, created
