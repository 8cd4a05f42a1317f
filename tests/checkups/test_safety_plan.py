import pytest

from apps.checkups.models import SafetyPlan

pytestmark = pytest.mark.django_db

STEPS = {
    "warning_signs": "Not sleeping, staying in my room",
    "coping_alone": "A long walk with music",
    "distractions": "The library; my sister's kitchen",
    "people_to_ask": "Sam 07700 900123",
    "professionals": "My GP; Samaritans 116 123",
    "safe_environment": "Give the pills to Sam to keep",
}


def test_a_person_writes_edits_and_sees_their_six_step_plan(signed_in_client, person):
    page = signed_in_client.get("/help/safety-plan/").content.decode()
    assert "1. Warning signs" in page and "6. Making my surroundings safer" in page
    response = signed_in_client.post("/help/safety-plan/", STEPS, follow=True)
    body = response.content.decode()
    assert "Your safety plan is saved" in body
    assert "A long walk with music" in body and 'id="print-plan"' in body
    signed_in_client.post("/help/safety-plan/", {**STEPS, "coping_alone": "A bath"})
    plan = SafetyPlan.objects.get(person=person)
    assert plan.coping_alone == "A bath" and SafetyPlan.objects.count() == 1


def test_another_person_never_sees_the_plan(client, person, other_person):
    SafetyPlan.objects.create(person=person, **STEPS)
    client.force_login(other_person)
    body = client.get("/help/safety-plan/").content.decode()
    assert "A long walk with music" not in body and "Nothing written yet" in body


def test_the_plan_goes_with_account_deletion(person):
    SafetyPlan.objects.create(person=person, **STEPS)
    person.delete()
    assert not SafetyPlan.objects.exists()


def test_the_plan_prints_without_the_navigation(signed_in_client):
    from pathlib import Path

    css = Path("static/css/checkups.css").read_text()
    assert "@media print" in css and ".no-print" in css
