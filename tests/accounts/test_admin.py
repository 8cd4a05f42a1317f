import pytest

from apps.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_staff_can_list_and_search_people_by_email(admin_client):
    UserFactory(email="findme@example.org")
    response = admin_client.get("/admin/accounts/user/", {"q": "findme"})
    assert response.status_code == 200
    assert "findme@example.org" in response.text


def test_staff_can_open_a_person_without_seeing_a_password_hash(admin_client):
    person = UserFactory()
    response = admin_client.get(f"/admin/accounts/user/{person.pk}/change/")
    assert response.status_code == 200
    assert person.password not in response.text


def test_staff_can_add_an_account_by_email(admin_client):
    page = admin_client.get("/admin/accounts/user/add/")
    assert page.status_code == 200
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "Added@Example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email__iexact="added@example.org").email == "added@example.org"


def test_the_admin_refuses_an_email_that_differs_only_in_case(admin_client):
    UserFactory(email="twice@example.org")
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "TWICE@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert User.objects.filter(email__iexact="twice@example.org").count() == 1
