"""The accounts that seed_demo makes (the demo data itself is tested with the lifestyle app)."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from apps.accounts.models import User
from apps.accounts.provisioning import ensure_verified_person
from apps.lifestyle.management.commands.seed_demo import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    STAFF_EMAIL,
    STAFF_PASSWORD,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(capsys) -> str:
    call_command("seed_demo", days=2, public_demo_accounts=True)
    return capsys.readouterr().out


def sign_in(client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_seed_demo_prints_the_demo_sign_in(seeded):
    assert DEMO_EMAIL in seeded
    assert DEMO_PASSWORD in seeded


def test_the_demo_person_signs_in_without_confirming_an_email(client, seeded):
    response = sign_in(client, DEMO_EMAIL, DEMO_PASSWORD)
    assert response.status_code == 302
    assert response.url == "/today/"
    assert EmailAddress.objects.get(email=DEMO_EMAIL).verified


def test_the_demo_staff_account_reaches_the_admin(client, seeded):
    sign_in(client, STAFF_EMAIL, STAFF_PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_the_demo_person_is_not_staff(seeded):
    assert not User.objects.get(email=DEMO_EMAIL).is_staff


def test_running_seed_demo_again_makes_no_second_account(seeded):
    call_command("seed_demo", days=2, public_demo_accounts=True)
    assert User.objects.filter(email__iexact=DEMO_EMAIL).count() == 1
    assert EmailAddress.objects.filter(email__iexact=DEMO_EMAIL).count() == 1


def test_provisioning_keeps_an_existing_password_and_matches_email_in_any_case():
    first, created = ensure_verified_person("Editor@Example.org", "first-password-1")
    again, created_again = ensure_verified_person("EDITOR@example.org", "second-password-2")
    assert created and not created_again
    assert first.pk == again.pk
    assert again.check_password("first-password-1")
    assert EmailAddress.objects.filter(user=first).count() == 1
