import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from apps.checkups import services
from apps.checkups.instruments import PHQ9, WHO5
from tests.factories import DailyLogFactory, checkin_at_local_noon, fermented_food_plan

pytestmark = pytest.mark.django_db

SECRET_NOTE = "argued with my brother about the flat"


@pytest.fixture
def history(person):
    today = person.local_today()
    for offset in range(10):
        day = today - timedelta(days=offset)
        DailyLogFactory(
            person=person, date=day, sleep_hours=7, note=SECRET_NOTE if offset == 2 else ""
        )
        checkin_at_local_noon(person, day, mood=3 + offset % 2, note="")
    services.save_answers(person, PHQ9, [2, 2, 1, 2, 1, 1, 1, 1, 0])  # 11, Moderate
    services.save_answers(person, WHO5, [2, 3, 2, 3, 2])  # 12 raw, shown 48, Low
    return person


def period(person) -> str:
    today = person.local_today()
    return f"start={today - timedelta(days=27):%Y-%m-%d}&end={today:%Y-%m-%d}"


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="gutmind-report-')
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_report_page_shows_scores_bands_and_mood_without_notes(signed_in_client, history):
    body = signed_in_client.get(f"/report/?{period(history)}").content.decode()
    assert "Wellbeing report" in body and "Moderate" in body and ">48<" in body
    assert "Mood and habits by week" in body and "nothing in it is a diagnosis" in body
    assert SECRET_NOTE not in body


def test_the_pdf_has_the_scores_and_no_notes_by_default(signed_in_client, history):
    text = pdf_text(signed_in_client.get(f"/report/pdf/?{period(history)}"))
    assert "PHQ-9" in text and "11" in text and "Moderate" in text
    assert "WHO-5" in text and "48" in text and "Low" in text
    assert "brother" not in text


def test_the_pdf_has_the_notes_when_asked(signed_in_client, history):
    text = pdf_text(signed_in_client.get(f"/report/pdf/?{period(history)}&include_notes=on"))
    assert "brother" in text


def test_the_report_shows_only_the_signed_in_persons_data(client, history, other_person):
    client.force_login(other_person)
    body = client.get(f"/report/?{period(other_person)}").content.decode()
    assert "No questionnaire was completed" in body and "Moderate" not in body
    text = pdf_text(client.get(f"/report/pdf/?{period(other_person)}&include_notes=on"))
    assert "brother" not in text and "PHQ-9" not in text


@pytest.mark.parametrize(
    "query",
    ["start=2026-05-10&end=2026-05-01", "start=2020-01-01&end=2026-01-01", "start=x&end=y", ""],
)
def test_a_bad_period_is_a_clear_400_not_a_500(signed_in_client, query):
    response = signed_in_client.get(f"/report/pdf/?{query}")
    assert response.status_code == 400
    if query.startswith("start=2026-05-10"):
        assert "after the end date" in response.content.decode()


def test_the_report_page_form_alone_is_fine(signed_in_client):
    response = signed_in_client.get("/report/")
    assert response.status_code == 200 and "Include notes" in response.content.decode()


def test_signed_out_people_are_sent_to_sign_in(client):
    assert client.get("/report/pdf/?start=2026-01-01&end=2026-01-02").status_code == 302


def test_a_running_experiment_is_in_the_report_as_progress_not_a_verdict(signed_in_client, history):
    from apps.experiments.services import plan_experiment

    today = history.local_today()
    fields = fermented_food_plan(start_date=today - timedelta(days=7))
    plan_experiment(history, fields, today - timedelta(days=7), seed=3)
    text = pdf_text(signed_in_client.get(f"/report/pdf/?{period(history)}"))
    assert "Fermented foods and mood" in text
    assert "Still running" in text
    assert "No self-experiment ran" not in text


def test_a_period_without_experiments_says_so(signed_in_client, history):
    body = signed_in_client.get(f"/report/?{period(history)}").content.decode()
    assert "No self-experiment ran in this period." in body


def test_the_report_page_draws_the_mood_and_score_charts(signed_in_client, history):
    body = signed_in_client.get(f"/report/?{period(history)}").content.decode()
    assert body.count('<svg class="report-chart"') == 3  # mood, PHQ-9, WHO-5
    assert "<title>Weekly mean mood" in body and "<title>PHQ-9 scores" in body


def test_the_pdf_draws_the_charts_as_well(signed_in_client, history):
    text = pdf_text(signed_in_client.get(f"/report/pdf/?{period(history)}"))
    # Only the charts' axes carry these words: WeasyPrint drew the SVG.
    assert "5 great" in text and "1 awful" in text


def test_a_period_without_check_ins_draws_no_mood_chart(signed_in_client, person):
    body = signed_in_client.get(f"/report/?{period(person)}").content.decode()
    assert "report-chart" not in body
