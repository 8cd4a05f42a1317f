"""Questions are part of the person's data: JSON export, GutMind-format import, deletion."""

import json

import pytest

from apps.dashboard import services
from apps.dashboard.models import Question
from apps.yourdata import exporting, importing
from apps.yourdata.importing import ImportFileError
from tests.factories import TagFactory


def export_json(person) -> dict:
    return json.loads(b"".join(exporting.json_bytes(person)))


@pytest.mark.django_db
def test_questions_are_in_the_json_export_with_tag_names_not_ids(person):
    tag = TagFactory(person=person, name="Yoga")
    services.ask_question(person, tag=tag, outcome="anxiety", lag=1, planned_days=60)
    services.ask_question(person, habit="sleep_hours", outcome="mood", lag=0, planned_days=30)
    exported = export_json(person)["questions"]
    assert [(q["habit"], q["tag"], q["outcome"], q["lag"]) for q in exported] == [
        (None, "Yoga", "anxiety", 1),
        ("sleep_hours", None, "mood", 0),
    ]
    assert exported[0]["planned_days"] == 60 and exported[0]["closed_at"] is None


@pytest.mark.django_db
def test_the_gutmind_import_restores_questions_once(person, other_person):
    tag = TagFactory(person=person, name="Yoga")
    question = services.ask_question(person, tag=tag, outcome="mood", lag=0, planned_days=45)
    services.keep_question(question)
    raw = b"".join(exporting.json_bytes(person))
    for expected in (1, 0):
        plan = importing.build_plan(other_person, importing.parse("gutmind", raw))
        assert importing.apply_plan(plan).sections["questions"] == expected
    restored = Question.objects.get(person=other_person)
    assert restored.tag.person == other_person and restored.tag.name == "Yoga"
    assert restored.kept and restored.asked_on == question.asked_on
    assert restored.asked_at == question.asked_at


@pytest.mark.django_db
def test_a_question_the_import_cannot_take_rolls_it_back_with_a_reason(person):
    data = export_json(person)
    data["questions"] = [
        {
            "habit": "sleep_hours",
            "outcome": "happiness",
            "lag": 0,
            "asked_at": "2026-01-01T10:00:00+00:00",
            "asked_on": "2026-01-01",
        }
    ]
    plan = importing.build_plan(person, importing.parse("gutmind", json.dumps(data).encode()))
    with pytest.raises(ImportFileError, match="“happiness” is not an outcome GutMind knows"):
        importing.apply_plan(plan)
    assert not Question.objects.exists()
