import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from apps.accounts.models import User
from apps.accounts.timezones import timezone_choices, validate_timezone
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_email_is_the_login_and_is_stored_in_lower_case():
    user = User.objects.create_user("Ana.Silva@Example.ORG", "a-long-password")
    assert user.email == "ana.silva@example.org"
    assert User.USERNAME_FIELD == "email"
    assert User.objects.get_by_natural_key("ANA.SILVA@example.org") == user


def test_the_database_refuses_an_email_that_differs_only_in_case():
    UserFactory(email="ana@example.org")
    with pytest.raises(IntegrityError):
        # Bypasses the manager's lower-casing: the constraint alone must hold.
        User.objects.bulk_create([User(email="ANA@example.org")])


def test_a_known_timezone_passes_validation():
    validate_timezone("America/New_York")
    validate_timezone("UTC")


@pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "utc", "", "localtime", "Factory"])
def test_an_unknown_timezone_fails_validation(name):
    with pytest.raises(ValidationError) as caught:
        validate_timezone(name)
    assert caught.value.code == "invalid_timezone"


def test_the_model_validates_the_timezone_field():
    user = UserFactory.build(timezone="Europe/Atlantis")
    with pytest.raises(ValidationError) as caught:
        user.full_clean(exclude=["password"])
    assert "timezone" in caught.value.message_dict


def test_the_timezone_choices_offer_places_not_the_servers_own_zone():
    names = [value for value, _label in timezone_choices()]
    assert "Europe/London" in names
    assert "localtime" not in names
    assert names == sorted(names)


def test_the_display_name_greets_and_falls_back_to_the_email():
    named = UserFactory.build(email="sam@example.org", display_name="Sam")
    unnamed = UserFactory.build(email="kit@example.org", display_name="")
    assert named.get_short_name() == "Sam"
    assert named.get_full_name() == "Sam"
    assert unnamed.get_short_name() == "kit"
    assert unnamed.get_full_name() == "kit@example.org"
    assert str(unnamed) == "kit@example.org"


def test_a_superuser_is_staff():
    admin = User.objects.create_superuser("root@example.org", "a-long-password")
    assert admin.is_staff and admin.is_superuser


def test_an_account_needs_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user("", "a-long-password")
