from datetime import timedelta

import pytest

from apps.checkups.models import Response, SafetyEvent
from tests.checkups.conftest import answers_post

pytestmark = pytest.mark.django_db


def test_a_complete_phq9_is_scored_and_shows_its_band_and_that_it_is_no_diagnosis(
    signed_in_client, person
):
    page = signed_in_client.get("/checkups/phq9/take/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Kroenke" in body and "Over the last 2 weeks" in body
    response = signed_in_client.post(
        "/checkups/phq9/take/", answers_post([1, 2, 1, 3, 0, 1, 2, 0, 0]), follow=True
    )
    saved = Response.objects.get(person=person)
    assert saved.raw_score == 10 and saved.is_complete
    assert saved.local_date == person.local_today()
    text = response.content.decode()
    assert '10 <span class="h4">of 27</span>' in text
    assert "Moderate" in text and "not a diagnosis" in text


def test_a_partial_questionnaire_is_saved_as_a_draft_without_a_score(signed_in_client, person):
    response = signed_in_client.post(
        "/checkups/gad7/take/", answers_post([1, 2, None, 0, 0, 1, None]), follow=True
    )
    draft = Response.objects.get(person=person)
    assert draft.raw_score is None and not draft.is_complete
    assert draft.answers == [1, 2, None, 0, 0, 1, None]
    assert "Saved as a draft: 5 of 7 answered" in response.content.decode()
    # Taking it again resumes the draft, and finishing it scores the same row.
    page = signed_in_client.get("/checkups/gad7/take/").content.decode()
    assert 'value="2" checked' in page
    signed_in_client.post("/checkups/gad7/take/", answers_post([1, 2, 3, 0, 0, 1, 1]))
    assert Response.objects.get(person=person).raw_score == 8


def test_an_out_of_range_answer_gets_a_clear_message_and_saves_nothing(signed_in_client):
    data = answers_post([1, 2, 1, 3, 0, 1, 2, 0, 0])
    data["q4"] = "7"
    response = signed_in_client.post("/checkups/phq9/take/", data)
    assert response.status_code == 400
    assert "Question 4: that is not one of the answers" in response.content.decode()
    assert not Response.objects.exists()


def test_an_unknown_questionnaire_is_a_404(signed_in_client):
    assert signed_in_client.get("/checkups/bdi/take/").status_code == 404
    assert signed_in_client.get("/checkups/bdi/").status_code == 404


def test_item9_above_zero_opens_the_support_screen_before_the_result(signed_in_client, person):
    response = signed_in_client.post(
        "/checkups/phq9/take/", answers_post([0, 0, 0, 0, 0, 0, 0, 0, 1])
    )
    saved = Response.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == f"/checkups/results/{saved.pk}/support/"
    event = SafetyEvent.objects.get()
    assert event.person == person and event.reason == "phq9_item9"
    screen = signed_in_client.get(response["Location"]).content.decode()
    assert "Call 999" in screen and "Samaritans" in screen  # the person is in Europe/London
    assert "Make a safety plan" in screen
    assert f"/checkups/results/{saved.pk}/" in screen  # it does not block the result


def test_item9_in_a_draft_still_opens_the_support_screen(signed_in_client, person):
    response = signed_in_client.post("/checkups/phq9/take/", answers_post([None] * 8 + [2]))
    assert response["Location"].endswith("/support/")
    assert SafetyEvent.objects.filter(person=person).count() == 1
    screen = signed_in_client.get(response["Location"]).content.decode()
    assert "saved as a draft" in screen


def test_a_very_low_who5_opens_the_support_screen(signed_in_client, person):
    response = signed_in_client.post("/checkups/who5/take/", answers_post([2, 1, 1, 2, 1]))
    assert response["Location"].endswith("/support/")
    screen = signed_in_client.get(response["Location"]).content.decode()
    assert "raw score of 7 or below" in screen


def test_a_who5_of_eight_does_not(signed_in_client):
    response = signed_in_client.post("/checkups/who5/take/", answers_post([2, 2, 1, 2, 1]))
    assert "/support/" not in response["Location"]
    assert not SafetyEvent.objects.exists()


def test_another_persons_result_and_support_screen_are_404(client, other_person, completed_phq9):
    client.force_login(other_person)
    assert client.get(f"/checkups/results/{completed_phq9.pk}/").status_code == 404
    assert client.get(f"/checkups/results/{completed_phq9.pk}/support/").status_code == 404
    results = client.get("/checkups/phq9/").content.decode()
    assert "No completed PHQ-9 yet" in results


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get("/checkups/").status_code == 302
    assert client.get("/checkups/phq9/take/").status_code == 302


def test_results_show_the_chart_data_the_bands_and_the_change_in_words(signed_in_client, person):
    from apps.checkups import services
    from apps.checkups.instruments import PHQ9

    first = services.save_answers(person, PHQ9, [2, 2, 2, 2, 2, 2, 2, 1, 0]).response
    Response.objects.filter(pk=first.pk).update(
        local_date=person.local_today() - timedelta(days=14)
    )
    services.save_answers(person, PHQ9, [1, 1, 1, 1, 1, 1, 1, 3, 0])
    body = signed_in_client.get("/checkups/phq9/").content.decode()
    assert 'id="checkup-chart-data"' in body and "Moderately severe" in body
    assert "5 points lower than last time" in body and "real change" in body
    assert "<script>" not in body.replace('<script id="checkup-chart-data"', "")
