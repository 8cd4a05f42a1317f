"""What a signed-in request costs before any work: the session and the user, nothing else.
allauth.usersessions' last-seen record is written at most every five minutes per session."""

import pytest
import time_machine
from allauth.usersessions.models import UserSession
from django.test import override_settings

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
PING = "/api/dashboard/ping"
START = "2026-06-01 09:00:00+00:00"


@pytest.fixture
def signed_in(client, person):
    # A real sign-in, so allauth records the session as it would for a person.
    with time_machine.travel(START, tick=False):
        client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
        client.get(PING)  # the first request after sign-in records activity
    return client


def test_a_trivial_signed_in_view_costs_at_most_two_queries(
    signed_in, django_assert_max_num_queries
):
    with (
        time_machine.travel("2026-06-01 09:01:00+00:00", tick=False),
        django_assert_max_num_queries(2),
    ):
        response = signed_in.get(PING)
    assert response.status_code == 200
    assert response.json() == {"ok": True}


def test_activity_is_recorded_at_most_every_five_minutes(signed_in, person):
    session = UserSession.objects.get(user=person)
    first_seen = session.last_seen_at
    with time_machine.travel("2026-06-01 09:04:59+00:00", tick=False):
        signed_in.get(PING, REMOTE_ADDR="192.0.2.44")
    session.refresh_from_db()
    assert session.last_seen_at == first_seen

    with time_machine.travel("2026-06-01 09:05:01+00:00", tick=False):
        signed_in.get(PING, REMOTE_ADDR="192.0.2.44")
    session.refresh_from_db()
    assert session.last_seen_at > first_seen
    assert session.ip == "192.0.2.44"


def test_the_sessions_page_still_shows_when_a_session_was_last_seen(signed_in):
    with time_machine.travel("2026-06-01 09:02:00+00:00", tick=False):
        response = signed_in.get("/accounts/sessions/")
    assert response.status_code == 200
    assert response.context["show_last_seen_at"] is True


def test_a_signed_out_request_records_nothing(client):
    client.get(PING)
    assert not UserSession.objects.exists()


@override_settings(USERSESSIONS_TRACK_ACTIVITY=False)
def test_with_tracking_off_nothing_is_written_after_sign_in(signed_in, person):
    seen = UserSession.objects.get(user=person).last_seen_at
    with time_machine.travel("2026-06-01 10:00:00+00:00", tick=False):
        signed_in.get(PING)
    assert UserSession.objects.get(user=person).last_seen_at == seen
