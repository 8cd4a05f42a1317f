import pytest

from apps.lifestyle.models import Tag
from tests.factories import TagFactory

pytestmark = pytest.mark.django_db


def test_a_tag_can_be_added_in_settings(signed_in_client, person):
    response = signed_in_client.post("/settings/tags/", {"name": "  morning   run "})
    assert response.status_code == 302
    assert Tag.objects.get(person=person).name == "morning run"


def test_a_name_taken_in_another_case_gets_a_clear_message(signed_in_client, person):
    TagFactory(person=person, name="Coffee")
    response = signed_in_client.post("/settings/tags/", {"name": "COFFEE"})
    assert response.status_code == 200
    assert "You already have a tag called “Coffee”" in response.content.decode()
    assert Tag.objects.count() == 1


def test_another_person_may_use_the_same_name(signed_in_client, person, other_person):
    TagFactory(person=other_person, name="coffee")
    signed_in_client.post("/settings/tags/", {"name": "coffee"})
    assert Tag.objects.filter(person=person, name="coffee").exists()


def test_a_tag_can_be_renamed_but_not_onto_another_tags_name(signed_in_client, person):
    tea, _ = TagFactory(person=person, name="tea"), TagFactory(person=person, name="social")
    signed_in_client.post(f"/settings/tags/{tea.pk}/rename/", {f"tag-{tea.pk}-name": "green tea"})
    tea.refresh_from_db()
    assert tea.name == "green tea"
    response = signed_in_client.post(
        f"/settings/tags/{tea.pk}/rename/", {f"tag-{tea.pk}-name": "Social"}
    )
    assert "You already have a tag called “social”" in response.content.decode()
    tea.refresh_from_db()
    assert tea.name == "green tea"


def test_renaming_a_tag_to_its_own_name_in_new_case_is_allowed(signed_in_client, person):
    tag = TagFactory(person=person, name="coffee")
    signed_in_client.post(f"/settings/tags/{tag.pk}/rename/", {f"tag-{tag.pk}-name": "Coffee"})
    tag.refresh_from_db()
    assert tag.name == "Coffee"


def test_archiving_hides_the_tag_from_the_today_page_and_can_be_undone(signed_in_client, person):
    tag = TagFactory(person=person, name="alcohol")
    signed_in_client.post(f"/settings/tags/{tag.pk}/archive/")
    tag.refresh_from_db()
    assert tag.archived
    assert ">alcohol<" not in signed_in_client.get("/today/").content.decode()
    signed_in_client.post(f"/settings/tags/{tag.pk}/archive/")
    tag.refresh_from_db()
    assert not tag.archived


def test_archiving_needs_a_post(signed_in_client, person):
    tag = TagFactory(person=person)
    assert signed_in_client.get(f"/settings/tags/{tag.pk}/archive/").status_code == 405
    tag.refresh_from_db()
    assert not tag.archived


@pytest.mark.parametrize("action", ["rename", "archive"])
def test_another_persons_tag_is_not_found(signed_in_client, other_person, action):
    theirs = TagFactory(person=other_person, name="private")
    response = signed_in_client.post(
        f"/settings/tags/{theirs.pk}/{action}/", {f"tag-{theirs.pk}-name": "mine now"}
    )
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert (theirs.name, theirs.archived) == ("private", False)


def test_the_tag_list_shows_only_ones_own_tags(signed_in_client, person, other_person):
    TagFactory(person=other_person, name="their secret")
    TagFactory(person=person, name="my own")
    page = signed_in_client.get("/settings/tags/").content.decode()
    assert "my own" in page
    assert "their secret" not in page
