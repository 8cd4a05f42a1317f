"""Tag groups: headings for a person's tags on the tags page and the day page."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from apps.lifestyle.models import Tag, TagGroup
from tests.factories import TagFactory, TagGroupFactory

pytestmark = pytest.mark.django_db


def test_a_group_can_be_added_renamed_and_deleted_keeping_its_tags(signed_in_client, person):
    signed_in_client.post("/settings/tags/groups/", {"name": "  Food   and drink "})
    group = TagGroup.objects.get(person=person)
    assert group.name == "Food and drink"
    coffee = TagFactory(person=person, name="coffee", group=group)

    signed_in_client.post(
        f"/settings/tags/groups/{group.pk}/rename/", {f"group-{group.pk}-name": "Drinks"}
    )
    group.refresh_from_db()
    assert group.name == "Drinks"

    response = signed_in_client.post(f"/settings/tags/groups/{group.pk}/delete/")
    assert response.status_code == 302
    assert not TagGroup.objects.filter(pk=group.pk).exists()
    coffee.refresh_from_db()
    assert coffee.group is None


def test_a_group_name_taken_in_another_case_gets_a_clear_message(signed_in_client, person):
    TagGroupFactory(person=person, name="Sleep")
    response = signed_in_client.post("/settings/tags/groups/", {"name": "SLEEP"})
    assert response.status_code == 200
    assert "You already have a group called “Sleep”" in response.content.decode()
    assert TagGroup.objects.filter(person=person).count() == 1


def test_a_tag_can_be_put_in_a_group_and_taken_out(signed_in_client, person):
    group = TagGroupFactory(person=person, name="Social")
    friends = TagFactory(person=person, name="friends")
    prefix = f"tag-{friends.pk}"

    signed_in_client.post(
        f"/settings/tags/{friends.pk}/rename/",
        {f"{prefix}-name": "friends", f"{prefix}-group": group.pk},
    )
    friends.refresh_from_db()
    assert friends.group == group

    signed_in_client.post(
        f"/settings/tags/{friends.pk}/rename/", {f"{prefix}-name": "friends", f"{prefix}-group": ""}
    )
    friends.refresh_from_db()
    assert friends.group is None


def test_a_new_tag_can_start_in_a_group(signed_in_client, person):
    group = TagGroupFactory(person=person, name="Food")
    signed_in_client.post("/settings/tags/", {"name": "kimchi", "group": group.pk})
    assert Tag.objects.get(person=person, name="kimchi").group == group


def test_another_persons_group_cannot_be_renamed_or_deleted(signed_in_client, other_person):
    theirs = TagGroupFactory(person=other_person, name="Private")
    rename = signed_in_client.post(
        f"/settings/tags/groups/{theirs.pk}/rename/", {f"group-{theirs.pk}-name": "Mine"}
    )
    delete = signed_in_client.post(f"/settings/tags/groups/{theirs.pk}/delete/")
    assert rename.status_code == 404 and delete.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Private"


def test_a_tag_cannot_be_put_in_another_persons_group(signed_in_client, person, other_person):
    theirs = TagGroupFactory(person=other_person, name="Their secret group")
    tea = TagFactory(person=person, name="tea")
    prefix = f"tag-{tea.pk}"

    response = signed_in_client.post(
        f"/settings/tags/{tea.pk}/rename/", {f"{prefix}-name": "tea", f"{prefix}-group": theirs.pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose one of your groups, or no group." in page
    assert "Their secret group" not in page
    tea.refresh_from_db()
    assert tea.group is None


def test_the_model_refuses_a_group_of_another_person(person, other_person):
    tag = Tag(person=person, name="tea", group=TagGroupFactory(person=other_person))
    with pytest.raises(ValidationError):
        tag.full_clean()


def test_the_tags_page_lists_tags_under_their_groups_and_no_one_elses(
    signed_in_client, person, other_person
):
    sleep = TagGroupFactory(person=person, name="Sleep", position=0)
    food = TagGroupFactory(person=person, name="Food", position=1)
    TagFactory(person=person, name="nap", group=sleep)
    TagFactory(person=person, name="kimchi", group=food)
    TagFactory(person=person, name="reading")
    TagGroupFactory(person=other_person, name="Their group")

    page = signed_in_client.get("/settings/tags/").content.decode()

    assert page.index(">Sleep</h2>") < page.index("nap") < page.index(">Food</h2>")
    assert page.index(">Food</h2>") < page.index("kimchi") < page.index("Not in a group")
    assert page.index("Not in a group") < page.index("reading")
    assert "Their group" not in page


@time_machine.travel(dt.datetime(2026, 3, 14, 12, 0, tzinfo=dt.UTC))
def test_the_day_page_shows_tag_choices_under_their_groups(signed_in_client, person, other_person):
    sleep = TagGroupFactory(person=person, name="Sleep quality words")
    nap = TagFactory(person=person, name="nap", group=sleep)
    reading = TagFactory(person=person, name="reading")
    TagGroupFactory(person=other_person, name="Their group")

    page = signed_in_client.get("/today/").content.decode()

    block = page.index(f'data-tag-group="{sleep.pk}"')
    assert block < page.index("Sleep quality words") < page.index(f'id="id_tags_{nap.pk}"')
    assert page.index(f'id="id_tags_{nap.pk}"') < page.index(f'id="id_tags_{reading.pk}"')
    assert f'data-group="{sleep.pk}"' in page
    assert "Their group" not in page


def _queries_for_tags_page(client, person, groups: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(groups):
        group = TagGroupFactory(person=person)
        TagFactory.create_batch(2, person=person, group=group)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/settings/tags/").status_code == 200
    return len(queries)


def test_the_tags_page_needs_no_query_per_group_or_tag(signed_in_client, person):
    signed_in_client.get("/settings/tags/")  # the session's first request records the session
    few = _queries_for_tags_page(signed_in_client, person, groups=1)
    many = _queries_for_tags_page(signed_in_client, person, groups=5)
    assert many == few
