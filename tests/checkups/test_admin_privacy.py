import pytest
from django.contrib.auth.models import Group

from apps.accounts.editors import ensure_editors_group
from apps.checkups import services
from apps.checkups.instruments import PHQ9
from apps.checkups.models import CrisisLine, SafetyPlan
from apps.checkups.safety_editors import SAFETY_EDITORS_GROUP
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
    lines = client.get("/admin/checkups/crisisline/?q=Samaritans")
    assert lines.status_code == 200 and "Samaritans" in lines.content.decode()


def test_a_response_prints_without_its_score(scored):
    assert str(scored) == f"phq9 response {scored.pk}"


@pytest.fixture
def safety_editor(db):
    person = UserFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=SAFETY_EDITORS_GROUP))
    return person


def test_the_migration_gives_safety_editors_crisis_lines_only_and_no_delete():
    group = Group.objects.get(name=SAFETY_EDITORS_GROUP)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {"add_crisisline", "change_crisisline", "view_crisisline"}


def test_a_safety_editor_corrects_a_line_in_the_admin(client, safety_editor):
    line = CrisisLine.objects.get(country="GB", name="Samaritans")
    client.force_login(safety_editor)
    url = f"/admin/checkups/crisisline/{line.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    fields = {
        "country": "GB",
        "kind": line.kind,
        "name": line.name,
        "phone": line.phone,
        "text": "",
        "website": "",
        "hours": "24 hours, every day",
        "languages": "English",
        "description": line.description,
        "position": line.position,
        "source_url": line.source_url,
        "source_name": line.source_name,
        "found_on": line.found_on.isoformat(),
        "last_verified": "2026-12-02",
    }
    response = client.post(url, fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    line.refresh_from_db()
    assert line.hours == "24 hours, every day" and str(line.last_verified) == "2026-12-02"
    assert (
        client.post(f"/admin/checkups/crisisline/{line.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert CrisisLine.objects.filter(pk=line.pk).exists()


def test_a_safety_editor_sees_no_checkup_data_and_no_articles(client, safety_editor, scored):
    client.force_login(safety_editor)
    for path in (
        "/admin/checkups/response/",
        "/admin/checkups/safetyplan/",
        f"/admin/accounts/user/{scored.person_id}/change/",
        "/admin/articles/article/",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert "Staying in bed" not in response.content.decode()


def test_an_editor_cannot_change_crisis_lines(client, editor):
    line = CrisisLine.objects.get(country="GB", name="Samaritans")
    client.force_login(editor)
    assert client.get(f"/admin/checkups/crisisline/{line.pk}/change/").status_code == 403
