"""Tag groups through import and export: Daylio's activity groups, and GutMind's own round
trip."""

import json

import pytest

from apps.lifestyle.models import Tag, TagGroup
from apps.yourdata import exporting, importing
from tests.factories import TagFactory, TagGroupFactory
from tests.yourdata.files import daylio_backup, entry, sample_backup_data

pytestmark = pytest.mark.django_db


def run(person, fmt, raw):
    plan = importing.build_plan(person, importing.parse(fmt, raw))
    return plan, importing.apply_plan(plan)


def grouped(person) -> dict[str, str | None]:
    rows = Tag.objects.for_user(person).values_list("name", "group__name")
    return dict(rows)


def backup_with_groups() -> dict:
    data = sample_backup_data()
    data["tag_groups"] = [
        {"id": 101, "name": "Food", "order": 1},
        {"id": 100, "name": "Movement", "order": 0},
        {"id": 102, "name": "Nothing in it yet", "order": 2},
    ]
    data["tags"].append({"id": 12, "name": "Unused walk", "id_tag_group": 100, "order": 3})
    return data


def test_a_backup_brings_its_activity_groups_in_daylios_order(person):
    plan, result = run(person, "daylio-backup", daylio_backup(backup_with_groups()))

    assert plan.report()["groups_to_create"] == ["Movement", "Food", "Nothing in it yet"]
    assert result.groups == 3
    assert list(TagGroup.objects.for_user(person).values_list("name", flat=True)) == [
        "Movement",
        "Food",
        "Nothing in it yet",
    ]
    assert grouped(person) == {"Yoga": "Movement", "Kimchi": "Food", "Unused walk": "Movement"}


def test_a_second_import_of_the_backup_adds_no_group(person):
    raw = daylio_backup(backup_with_groups())
    run(person, "daylio-backup", raw)

    plan, result = run(person, "daylio-backup", raw)

    assert plan.report()["groups_to_create"] == [] and result.groups == 0
    assert TagGroup.objects.for_user(person).count() == 3


def test_groups_the_person_has_are_reused_and_their_choices_kept(person):
    mine = TagGroupFactory(person=person, name="FOOD", position=0)
    elsewhere = TagGroupFactory(person=person, name="Classes", position=1)
    TagFactory(person=person, name="yoga", group=elsewhere)  # chosen by the person
    TagFactory(person=person, name="kimchi")  # no group yet

    plan, _ = run(person, "daylio-backup", daylio_backup(backup_with_groups()))

    assert plan.report()["groups_to_create"] == ["Movement", "Nothing in it yet"]
    assert grouped(person) == {"yoga": "Classes", "kimchi": "FOOD", "Unused walk": "Movement"}
    # New groups come after the person's own.
    assert TagGroup.objects.get(person=person, name="Movement").position > mine.position


def test_another_persons_groups_are_neither_reused_nor_changed(person, other_person):
    theirs = TagGroupFactory(person=other_person, name="Food")
    TagFactory(person=other_person, name="Kimchi", group=theirs)

    run(person, "daylio-backup", daylio_backup(backup_with_groups()))

    mine = Tag.objects.get(person=person, name="Kimchi")
    assert mine.group.person == person and mine.group != theirs
    assert TagGroup.objects.for_user(other_person).count() == 1


def test_a_backup_group_name_too_long_is_shortened_and_an_empty_one_ignored(person):
    data = sample_backup_data()
    data["tag_groups"] = [{"id": 100, "name": "G" * 60}, {"id": 101, "name": "   "}]
    data["dayEntries"].append(entry(2023, 0, 20, 9, 0, 1, tags=[10, 11]))

    run(person, "daylio-backup", daylio_backup(data))

    assert grouped(person) == {"Yoga": "G" * 40, "Kimchi": None}


def export_json(person) -> dict:
    return json.loads(b"".join(exporting.json_bytes(person)))


def test_groups_go_out_in_the_export_and_come_back_in_another_account(person, other_person):
    sleep = TagGroupFactory(person=person, name="Sleep", position=0)
    TagGroupFactory(person=person, name="Empty one", position=1)
    TagFactory(person=person, name="nap", group=sleep)
    TagFactory(person=person, name="reading")
    data = export_json(person)
    assert data["tag_groups"] == [{"name": "Sleep"}, {"name": "Empty one"}]
    assert {"name": "nap", "archived": False, "group": "Sleep"} in data["tags"]

    _, result = run(other_person, "gutmind", json.dumps(data).encode())

    assert result.groups == 2
    assert list(TagGroup.objects.for_user(other_person).values_list("name", flat=True)) == [
        "Sleep",
        "Empty one",
    ]
    assert grouped(other_person) == {"nap": "Sleep", "reading": None}


def test_an_export_from_before_groups_still_imports(person, other_person):
    TagFactory(person=person, name="nap")
    data = export_json(person)
    del data["tag_groups"]
    for tag in data["tags"]:
        del tag["group"]

    plan, result = run(other_person, "gutmind", json.dumps(data).encode())

    assert plan.new_groups == [] and result.tags == 1
    assert grouped(other_person) == {"nap": None}


def test_a_bad_group_in_an_export_is_listed_not_a_500(person):
    data = export_json(person)
    data["tag_groups"] = [{"name": ""}, "not an object", {"name": "Fine"}]
    data["tags"] = [{"name": "nap", "archived": False, "group": 12}]

    parsed = importing.parse("gutmind", json.dumps(data).encode())

    assert parsed.groups == ["Fine"]
    assert [problem.where for problem in parsed.unreadable] == [
        "tag_groups[0]",
        "tag_groups[1]",
        "tags[0]",
    ]


def test_the_csv_export_has_the_groups(person):
    import csv
    import io
    import zipfile

    TagFactory(person=person, name="nap", group=TagGroupFactory(person=person, name="Sleep"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(exporting.zip_bytes(person))))

    groups = list(csv.reader(io.StringIO(archive.read("tag_groups.csv").decode("utf-8-sig"))))
    tags = list(csv.DictReader(io.StringIO(archive.read("tags.csv").decode("utf-8-sig"))))
    assert groups == [["name"], ["Sleep"]]
    assert tags == [{"name": "nap", "archived": "false", "group": "Sleep"}]


def test_the_parsed_groups_survive_being_kept_beside_the_upload():
    parsed = importing.parse("daylio-backup", daylio_backup(backup_with_groups()))

    kept = type(parsed).from_json(parsed.to_json())

    assert kept.groups == parsed.groups and kept.tag_groups == parsed.tag_groups
