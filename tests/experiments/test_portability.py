"""Experiments travel in the JSON export, come back through the GutMind import once, and go
with the account."""

import json
from datetime import timedelta

import pytest

from apps.experiments.models import Experiment, Pause
from apps.experiments.services import pause, plan_experiment, stop
from apps.yourdata import exporting, importing
from apps.yourdata.deletion import delete_account
from apps.yourdata.importing import ImportFileError
from tests.factories import TagFactory, fermented_food_plan

pytestmark = pytest.mark.django_db


def _plan(person, start, **fields) -> Experiment:
    values = fermented_food_plan(**({"lag_days": 1, "start_date": start} | fields))
    return plan_experiment(person, values, start, seed=1234)


def _export(person) -> dict:
    return json.loads(b"".join(exporting.json_bytes(person)))


@pytest.fixture
def two_experiments(person):
    today = person.local_today()
    finished = _plan(person, today - timedelta(days=60))
    tag = TagFactory(person=person, name="walk outside")
    running = _plan(
        person,
        today - timedelta(days=10),
        habit="tag",
        tag=tag,
        habit_label="walk outside",
        threshold=None,
        on_text="walk outside",
        off_text="no walk outside",
        outcome="energy",
        lag_days=0,
    )
    pause(running, "travel", today - timedelta(days=3))
    stop(running, "a move", today)
    return finished, running


def test_the_json_export_holds_each_experiment_with_its_schedule_and_pauses(
    person, two_experiments
):
    records = _export(person)["experiments"]
    assert [r["habit"] for r in records] == ["fermented_servings", "tag"]
    finished, running = records
    assert finished["seed"] == 1234 and finished["orders"] == two_experiments[0].orders
    assert finished["threshold"] == "1.00" and finished["lag_days"] == 1
    assert running["tag"] == "walk outside" and running["stop_reason"] == "a move"
    assert running["pauses"] == [
        {
            "start": (person.local_today() - timedelta(days=3)).isoformat(),
            "end": (person.local_today() - timedelta(days=1)).isoformat(),
            "reason": "travel",
        }
    ]
    assert "id" not in finished and "person" not in finished


def test_the_gutmind_import_restores_experiments_once(person, other_person, two_experiments):
    raw = b"".join(exporting.json_bytes(person))
    plan = importing.build_plan(other_person, importing.parse("gutmind", raw))
    assert plan.report()["sections"]["experiments"] == 2
    assert importing.apply_plan(plan).sections["experiments"] == 2
    again = importing.build_plan(other_person, importing.parse("gutmind", raw))
    assert importing.apply_plan(again).sections["experiments"] == 0

    restored = Experiment.objects.for_user(other_person).order_by("start_date")
    assert [e.orders for e in restored] == [e.orders for e in two_experiments]
    assert restored[1].tag.person == other_person
    assert Pause.objects.filter(experiment__person=other_person).count() == 1
    mine, theirs = _export(person)["experiments"], _export(other_person)["experiments"]
    for record in (*mine, *theirs):
        record.pop("created_at")
    assert mine == theirs


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"habit": "chocolate"}, "there is no habit “chocolate” to test"),
        ({"length_days": 400}, "experiment 1"),
        ({"orders": [True]}, "schedule does not match"),
        ({"start_date": "yesterday"}, "not a date"),
    ],
)
def test_a_bad_experiment_rolls_the_import_back_with_a_message(
    person, other_person, change, message
):
    _plan(person, person.local_today())
    data = _export(person)
    data["experiments"][0].update(change)
    data["tags"] = [{"name": "coffee"}]
    plan = importing.build_plan(other_person, importing.parse("gutmind", json.dumps(data).encode()))
    with pytest.raises(ImportFileError, match=message):
        importing.apply_plan(plan)
    assert not Experiment.objects.for_user(other_person).exists()


def test_deleting_the_account_deletes_its_experiments_and_pauses(
    person, other_person, two_experiments
):
    theirs = _plan(other_person, other_person.local_today())
    delete_account(person)
    assert list(Experiment.objects.all()) == [theirs]
    assert not Pause.objects.exists()
