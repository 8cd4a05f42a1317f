from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone as django_timezone

from apps.accounts.countries import validate_country
from apps.accounts.timezones import local_now, local_today, validate_timezone


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, email: str | None) -> "User":
        return self.get(email__iexact=email)

    def _create(self, email: str, password: str | None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(
        max_length=80, blank=True, help_text="How GutMind greets you. Optional."
    )
    timezone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_timezone],
        help_text="Your days, reminders and charts follow this time zone.",
    )
    country = models.CharField(
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text="Which crisis lines and emergency number GutMind shows you. "
        "Guessed from your time zone until you choose.",
    )
    health_data_consent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the person agreed that GutMind may store their health data.",
    )
    is_staff = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=django_timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        constraints = [
            # Serves sign-in and sign-up look-ups: Alice@x.org and alice@x.org are one person.
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_short_name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    def get_full_name(self) -> str:
        return self.display_name or self.email

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local_now(self) -> datetime:
        return local_now(self.timezone)

    def local_today(self) -> date:
        return local_today(self.timezone)


class IdempotencyKey(models.Model):
    """A logging POST already carried out for this person: a replay of the same key (an
    offline outbox sent twice, a double tap) gets the recorded outcome and changes nothing."""

    person = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.UUIDField()
    outcome = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # Serves the look-up before each logging POST, and makes a parallel replay lose.
            models.UniqueConstraint(
                fields=["person", "key"], name="accounts_idempotency_key_unique_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.key}"
