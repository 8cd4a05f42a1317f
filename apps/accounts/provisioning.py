"""Accounts made by commands (demo, staff) rather than through the sign-up page."""

from allauth.account.models import EmailAddress
from django.utils import timezone

from apps.accounts.models import User


def ensure_verified_person(email: str, password: str, **fields: object) -> tuple[User, bool]:
    """Create the account if missing, with a confirmed email so that allauth lets it sign in.
    An existing account keeps its password: re-running a seed command changes nothing.
    fields: User fields to set (display_name, timezone, is_staff, ...)."""
    email = email.lower()
    person = User.objects.filter(email__iexact=email).first()
    created = person is None
    if person is None:
        person = User.objects.create_user(
            email, password, health_data_consent_at=timezone.now(), **fields
        )
    else:
        User.objects.filter(pk=person.pk).update(**fields)
        person.refresh_from_db()
    EmailAddress.objects.update_or_create(
        user=person, email=email, defaults={"verified": True, "primary": True}
    )
    return person, created
