import logging
import re
from datetime import date, timedelta

import pytest

from apps.checkups import services
from apps.checkups.instruments import GAD7, PHQ9, WHO5
from apps.checkups.models import Response
from apps.reminders import sending
from apps.reminders.models import Delivery, Kind

pytestmark = pytest.mark.django_db


def test_who5_every_two_weeks_is_the_default_and_the_others_are_off(person):
    assert services.intervals(person) == {"who5": 14, "phq9": 0, "gad7": 0}
    assert services.due_instruments(person) == [WHO5]


def test_a_questionnaire_is_due_again_after_its_interval(person):
    today = person.local_today()
    response = services.save_answers(person, WHO5, [3, 3, 3, 3, 3]).response
    assert services.due_instruments(person, today) == []
    Response.objects.filter(pk=response.pk).update(local_date=today - timedelta(days=13))
    assert services.due_instruments(person, today) == []
    Response.objects.filter(pk=response.pk).update(local_date=today - timedelta(days=14))
    assert services.due_instruments(person, today) == [WHO5]


def test_a_draft_does_not_count_as_taken(person):
    services.save_answers(person, WHO5, [3, 3, None, 3, 3])
    assert services.due_instruments(person) == [WHO5]


def test_the_person_chooses_which_and_how_often(signed_in_client, person):
    response = signed_in_client.post(
        "/checkups/schedule/", {"who5": "0", "phq9": "28", "gad7": "7"}, follow=True
    )
    assert "schedule is saved" in response.content.decode()
    assert services.intervals(person) == {"who5": 0, "phq9": 28, "gad7": 7}
    assert services.due_instruments(person) == [PHQ9, GAD7]


def test_a_bad_schedule_value_changes_nothing(signed_in_client, person):
    response = signed_in_client.post(
        "/checkups/schedule/", {"who5": "3", "phq9": "x", "gad7": "7"}, follow=True
    )
    assert "Choose how often" in response.content.decode()
    assert services.intervals(person)["gad7"] == 0


def test_a_due_questionnaire_shows_on_today_but_not_on_a_past_day(signed_in_client, person):
    today = signed_in_client.get("/today/").content.decode()
    assert "A short questionnaire is due" in today and "/checkups/who5/take/" in today
    yesterday = person.local_today() - timedelta(days=1)
    past = signed_in_client.get(f"/log/{yesterday:%Y-%m-%d}/").content.decode()
    assert "A short questionnaire is due" not in past


def test_the_reminder_says_a_questionnaire_is_due_and_never_a_score(mailoutbox, person):
    services.save_answers(person, PHQ9, [3, 3, 3, 3, 3, 3, 3, 3, 1])  # 25, item 9 answered
    services.set_intervals(person, {"phq9": 0})
    # A day of the month that is not the score, and links (random tokens) left out of the
    # search, so that only the score itself could match.
    day = date(2026, 11, 3)
    delivery = Delivery.objects.create(person=person, kind=Kind.DAILY, local_date=day)
    sending.send_by_id(delivery.pk)
    [message] = mailoutbox
    html = message.alternatives[0][0]
    for body in (message.body, html, message.subject):
        without_links = re.sub(r"https?://[^\s\"'<>]+", "", body)
        assert not re.search(r"(?<!\w)25(?!\w)", without_links)  # the score, standing alone
        assert "Severe" not in body and "PHQ-9" not in body
    for body in (message.body, html):
        assert "A short questionnaire is due: WHO-5 (wellbeing)" in body
        assert "/checkups/" in body


def test_no_questionnaire_line_when_none_is_due(mailoutbox, person):
    services.set_intervals(person, {"who5": 0})
    delivery = Delivery.objects.create(person=person, kind=Kind.DAILY, local_date=date.today())
    sending.send_by_id(delivery.pk)
    [message] = mailoutbox
    assert "questionnaire" not in message.body


def test_taking_a_questionnaire_logs_no_score_or_answer(signed_in_client, caplog):
    caplog.set_level(logging.DEBUG)
    signed_in_client.post(
        "/checkups/phq9/take/",
        {f"q{n}": "3" for n in range(1, 10)},
    )
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "27" not in logged and "'3'" not in logged and "Severe" not in logged
