import pytest
from django.contrib.auth.models import Group

from apps.accounts.editors import ensure_editors_group
from apps.checkups import services
from apps.checkups.instruments import PHQ9
from apps.checkups.models import SafetyPlan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    ensure_editors_group()
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name="Editors"))
    return person


@pytest.fixture
def scored(person):
    SafetyPlan.objects.create(person=person, warning_signs="Staying in bed all day")
    return services.save_answers(person, PHQ9, [3, 3, 3, 3, 3, 3, 3, 2, 1]).response


def test_an_editor_sees_no_checkup_data_anywhere_in_the_admin(client, editor, scored):
    client.force_login(editor)
    index = client.get("/admin/").content.decode()
    assert "/admin/checkups/" not in index
    for path in (
        "/admin/checkups/response/",
        "/admin/checkups/safetyplan/",
        "/admin/checkups/safetyevent/",
        f"/admin/accounts/user/{scored.person_id}/change/",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        body = response.content.decode()
        assert "Severe" not in body and "Staying in bed" not in body and "26 of 27" not in body


def test_even_a_superuser_finds_no_responses_or_plans_registered(client, scored):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/checkups/response/").status_code == 404
    assert client.get("/admin/checkups/safetyplan/").status_code == 404
    assert client.get("/admin/checkups/safetyevent/").status_code == 404
    lines = client.get("/admin/checkups/crisisline/")
    assert lines.status_code == 200 and "Samaritans" in lines.content.decode()


def test_a_response_prints_without_its_score(scored):
    assert str(scored) == f"phq9 response {scored.pk}"
