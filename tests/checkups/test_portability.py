import json

import pytest

from apps.checkups import services
from apps.checkups.instruments import GAD7, PHQ9
from apps.checkups.models import Response, SafetyEvent, SafetyPlan, Schedule
from apps.yourdata import deletion, exporting, importing
from apps.yourdata.importing import ImportFileError

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(person):
    services.save_answers(person, PHQ9, [1, 2, 1, 3, 0, 1, 2, 0, 1])
    services.save_answers(person, GAD7, [1, None, 0, 0, 0, 0, 0])
    services.set_intervals(person, {"phq9": 28})
    services.save_plan(person, {"warning_signs": "Not sleeping", "coping_alone": "Walk"})
    return person


def export_json(person) -> dict:
    return json.loads(b"".join(exporting.json_bytes(person)))


def test_the_export_holds_responses_drafts_schedule_and_plan(filled):
    data = export_json(filled)
    [phq9, gad7] = sorted(data["checkup_responses"], key=lambda r: r["instrument"], reverse=True)
    assert phq9["raw_score"] == 11 and phq9["safety_screen"] == ["phq9_item9"]
    assert gad7["raw_score"] is None and gad7["completed_at"] is None
    assert data["checkup_schedule"] == [{"instrument": "phq9", "interval_days": 28}]
    assert data["safety_plan"][0]["warning_signs"] == "Not sleeping"


def test_the_gutmind_import_restores_it_once(filled, other_person):
    raw = b"".join(exporting.json_bytes(filled))
    importing.apply_plan(importing.build_plan(other_person, importing.parse("gutmind", raw)))
    importing.apply_plan(importing.build_plan(other_person, importing.parse("gutmind", raw)))
    restored = Response.objects.filter(person=other_person)
    assert restored.count() == 2
    assert restored.completed().get().raw_score == 11
    assert SafetyEvent.objects.filter(person=other_person).count() == 1
    assert Schedule.objects.get(person=other_person).interval_days == 28
    assert SafetyPlan.objects.get(person=other_person).coping_alone == "Walk"


def test_an_import_with_an_impossible_answer_is_refused(filled, other_person):
    data = export_json(filled)
    data["checkup_responses"][0]["answers"][0] = 9
    raw = json.dumps(data).encode()
    with pytest.raises(ImportFileError, match="choose one of the answers"):
        importing.apply_plan(importing.build_plan(other_person, importing.parse("gutmind", raw)))
    assert not Response.objects.filter(person=other_person).exists()


def test_deleting_the_account_removes_every_checkup_row(filled):
    deletion.delete_account(filled)
    assert not Response.objects.exists() and not SafetyEvent.objects.exists()
    assert not Schedule.objects.exists() and not SafetyPlan.objects.exists()
