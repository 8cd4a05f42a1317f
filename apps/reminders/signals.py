"""The reminders app listens; the accounts app does not know about reminders."""

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.forms import BooleanField
from django.http import HttpRequest

from apps.accounts.models import User
from apps.reminders import services

SIGNUP_FIELD = "daily_reminder"  # the checkbox on apps.accounts.forms.SignupExtrasForm


@receiver(user_signed_up, dispatch_uid="reminders_create_on_signup")
def create_schedule_on_signup(
    sender: object, request: HttpRequest | None, user: User, **kwargs: object
) -> None:
    """allauth sends the new account as `user` (its keyword, kept)."""
    wants_daily = False
    if request is not None and request.method == "POST":
        # Read the way the sign-up form's BooleanField read it.
        wants_daily = bool(BooleanField(required=False).clean(request.POST.get(SIGNUP_FIELD)))
    services.create_on_signup(user, daily=wants_daily)


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="reminders_follow_tz")
def follow_timezone_change(
    sender: type[User],
    instance: User,
    created: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: object,
) -> None:
    if created or (update_fields is not None and "timezone" not in update_fields):
        return
    services.follow_timezone(instance)
