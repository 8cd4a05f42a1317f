"""Numbers no person types but a script or a fuzzer does: each is a form error, never a 500."""

from datetime import date, timedelta

import pytest

from apps.lifestyle.models import DailyLog

pytestmark = pytest.mark.django_db

NUMERIC_FIELDS = (
    "fruit_veg_servings",
    "whole_grain_servings",
    "fermented_servings",
    "processed_servings",
    "sleep_hours",
    "exercise_minutes",
)
NOT_NUMBERS = ("NaN", "nan", "-Infinity", "inf", "1e999", "-1e999", "sNaN")


@pytest.mark.parametrize("field", [*NUMERIC_FIELDS, "mindfulness_minutes", "water_amount"])
@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_a_number_that_is_not_a_number_is_a_form_error(signed_in_client, person, field, value):
    response = signed_in_client.post("/today/", {field: value, "water_unit": "ml"})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert not DailyLog.objects.filter(person=person).exists()


def test_the_error_for_nan_says_what_to_enter(signed_in_client):
    response = signed_in_client.post("/today/", {"sleep_hours": "NaN", "water_unit": "ml"})
    assert "number" in " ".join(response.context["form"].errors["sleep_hours"])


def test_a_day_before_1900_is_a_clear_400_not_a_500(signed_in_client):
    response = signed_in_client.get("/log/0001-01-01/")
    assert response.status_code == 400
    assert b"from 1 January 1900 on" in response.content
    assert signed_in_client.post("/log/1899-12-31/", {"exercise_minutes": "5"}).status_code == 400


def test_the_last_possible_date_is_a_clear_400(signed_in_client):
    response = signed_in_client.get("/log/9999-12-31/")
    assert response.status_code == 400
    assert b"has not happened yet" in response.content


def test_the_date_picker_sends_a_far_date_to_the_clear_page(signed_in_client):
    response = signed_in_client.get("/log/?date=0001-01-01", follow=True)
    assert response.status_code == 400


def test_1900_itself_can_be_logged(signed_in_client, person):
    response = signed_in_client.post("/log/1900-01-01/", {"water_unit": "ml"})
    assert response.status_code == 302
    assert DailyLog.objects.get(person=person).date == date(1900, 1, 1)


def test_the_model_refuses_a_day_before_1900_and_after_the_persons_today(person):
    too_early = DailyLog(person=person, date=date(1, 1, 1))
    with pytest.raises(Exception, match="too far back"):
        too_early.full_clean()
    too_late = DailyLog(person=person, date=person.local_today() + timedelta(days=1))
    with pytest.raises(Exception, match="still to come"):
        too_late.full_clean()
    DailyLog(person=person, date=person.local_today()).full_clean()
