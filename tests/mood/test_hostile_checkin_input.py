from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.mood.models import MoodCheckIn
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def berliner(client):
    person = UserFactory(timezone="Europe/Berlin")
    client.force_login(person)
    return person


def _post(client, day: str, at: str = "00:00"):
    return client.post("/checkins/new/", {"mood": "3", "local_day": day, "local_time": at})


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "0100-06-01"])
def test_a_check_in_before_1900_is_a_form_error_not_a_bc_row(client, berliner, day):
    response = _post(client, day)
    assert response.status_code == 200
    assert "too far back" in " ".join(response.context["form"].errors["local_day"])
    assert not MoodCheckIn.objects.exists()


def test_a_check_in_at_the_end_of_the_calendar_is_refused(client, berliner):
    response = _post(client, "9999-12-31", "23:59")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not MoodCheckIn.objects.exists()


def test_the_new_check_in_page_ignores_a_far_date_in_the_link(client, berliner):
    response = client.get("/checkins/new/?date=0001-01-01")
    assert response.status_code == 200
    assert response.context["form"].initial["local_day"] == berliner.local_today()


def test_the_model_refuses_moments_before_1900_and_in_the_future(berliner):
    early = datetime(1, 1, 1, 0, 30, tzinfo=ZoneInfo("UTC"))
    checkin = MoodCheckIn(person=berliner, at=early, local_date=date(1, 1, 1), mood=3)
    with pytest.raises(ValidationError) as raised:
        checkin.full_clean()
    assert set(raised.value.message_dict) == {"at", "local_date"}
    later = timezone.now() + timedelta(hours=1)
    future = MoodCheckIn(person=berliner, at=later, local_date=later.date(), mood=3)
    with pytest.raises(ValidationError, match="still to come"):
        future.full_clean()
