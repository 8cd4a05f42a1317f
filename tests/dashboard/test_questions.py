"""/questions/: asked in advance, answered honestly ("not yet", later "yes"), each view only
for its owner, bad input answered with a form error."""

import datetime as dt
import random

import pytest
import time_machine

from apps.dashboard import questions, services
from apps.dashboard.models import Question
from apps.lifestyle.models import DailyLog
from apps.mood.models import MoodCheckIn
from apps.yourdata.deletion import delete_account
from tests.factories import TagFactory

ASKED = dt.datetime(2026, 3, 5, 12, 0, tzinfo=dt.UTC)
ASKED_ON = dt.date(2026, 3, 5)


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(ASKED, tick=False) as traveller:
        yield traveller


def ask(client, **fields):
    data = {"habit": "fermented_servings", "direction": "better", "outcome": "gut_comfort"}
    data |= {"lag": "1", "planned_days": "45"} | fields
    return client.post("/questions/", data)


def live_days_after(person, days: int, tag, effect: float, seed: int = 1) -> None:
    """`days` days after the question was asked: yoga on about half of them, lifting mood
    by `effect` points that day; one or two check-ins a day."""
    rng = random.Random(seed)
    for n in range(1, days + 1):
        day = ASKED_ON + dt.timedelta(days=n)
        yoga = n % 4 < 2 if rng.random() < 0.8 else rng.random() < 0.5
        log = DailyLog.objects.create(person=person, date=day, gut_comfort=rng.randint(2, 4))
        if yoga:
            log.tags.add(tag)
        level = 3 + rng.gauss(0, 0.6) + effect * yoga
        for hour in (9, 20)[: rng.choice((1, 2))]:
            MoodCheckIn.objects.create(
                person=person,
                at=dt.datetime.combine(day, dt.time(hour), tzinfo=person.tzinfo),
                local_date=day,
                mood=max(1, min(5, round(level + rng.gauss(0, 0.4)))),
            )


@pytest.mark.django_db
def test_asking_a_question_records_it_from_the_persons_today(signed_in_client, person):
    response = ask(signed_in_client)
    question = Question.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == f"/questions/{question.pk}/"
    assert question.asked_on == ASKED_ON
    assert question.habit == "fermented_servings" and question.tag is None
    assert questions.wording(question) == (
        "Does fermented foods go with better gut comfort the next day?"
    )


@pytest.mark.django_db
def test_a_question_asked_today_answers_not_yet(signed_in_client, person):
    ask(signed_in_client)
    question = Question.objects.get(person=person)
    page = signed_in_client.get(f"/questions/{question.pk}/").content.decode()
    assert 'data-state="waiting"' in page
    assert "Not yet: 0 days logged since you asked." in page


@pytest.mark.django_db
def test_a_real_effect_is_not_yet_then_yes(signed_in_client, person, frozen_time):
    tag = TagFactory(person=person, name="yoga")
    ask(signed_in_client, habit=f"tag:{tag.pk}", outcome="mood", lag="0")
    question = Question.objects.get(person=person)
    assert question.tag == tag and question.habit == ""
    live_days_after(person, 45, tag, effect=1.0)
    frozen_time.move_to(ASKED + dt.timedelta(days=12))
    early = questions.answer_for(question, person.local_today())
    assert early.state in ("not yet", "yes", "waiting")
    if early.state == "not yet":
        assert "more days would settle a change of about" in early.sentence
    frozen_time.move_to(ASKED + dt.timedelta(days=46))
    signed_in_client.force_login(person)  # the session of 46 days ago has expired
    page = signed_in_client.get(f"/questions/{question.pk}/").content.decode()
    assert 'data-state="yes"' in page
    assert "Yes: on days with yoga your mood was about" in page
    assert "How sure is this?" in page


@pytest.mark.django_db
def test_no_link_at_the_end_says_no_clear_change_with_its_range(
    signed_in_client, person, frozen_time
):
    tag = TagFactory(person=person, name="yoga")
    ask(signed_in_client, habit=f"tag:{tag.pk}", outcome="mood", lag="0", direction="either")
    question = Question.objects.get(person=person)
    live_days_after(person, 45, tag, effect=0.0, seed=3)
    frozen_time.move_to(ASKED + dt.timedelta(days=46))
    answer = questions.answer_for(question, person.local_today())
    assert answer.state == "no clear change"
    assert answer.sentence.startswith("No clear change: over the 45 days, any change in your mood")


@pytest.mark.django_db
def test_days_before_the_question_do_not_count(signed_in_client, person, frozen_time):
    tag = TagFactory(person=person, name="yoga")
    for n in range(60):  # a history before asking, strongly linked: it must not answer
        day = ASKED_ON - dt.timedelta(days=n)
        log = DailyLog.objects.create(person=person, date=day)
        if n % 2:
            log.tags.add(tag)
        MoodCheckIn.objects.create(
            person=person, at=ASKED - dt.timedelta(days=n), local_date=day, mood=5 if n % 2 else 1
        )
    ask(signed_in_client, habit=f"tag:{tag.pk}", outcome="mood", lag="0")
    question = Question.objects.get(person=person)
    assert questions.answer_for(question, person.local_today()).state == "waiting"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"planned_days": "5"}, "Give it at least 14 days"),
        ({"planned_days": "many"}, "Type a whole number of days"),
        ({"habit": "tag:999999"}, "Choose one of the habits or one of your own tags"),
        ({"habit": "gut_comfort", "outcome": "gut_comfort"}, "A habit cannot be its own outcome"),
        ({"outcome": "happiness"}, "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_form_error_not_a_question(signed_in_client, person, fields, message):
    response = ask(signed_in_client, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
def test_another_persons_tag_cannot_be_asked_about(signed_in_client, person, other_person):
    theirs = TagFactory(person=other_person, name="theirs")
    response = ask(signed_in_client, habit=f"tag:{theirs.pk}")
    assert response.status_code == 400
    assert not Question.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "close/", "keep/"])
def test_another_persons_question_is_404(signed_in_client, other_person, suffix):
    theirs = services.ask_question(
        other_person, habit="sleep_hours", outcome="mood", lag=0, planned_days=30
    )
    url = f"/questions/{theirs.pk}/{suffix}"
    response = signed_in_client.post(url) if suffix else signed_in_client.get(url)
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.closed_at is None and not theirs.kept


@pytest.mark.django_db
def test_the_list_shows_only_the_persons_own_questions(signed_in_client, person, other_person):
    services.ask_question(other_person, habit="water_ml", outcome="mood", lag=0, planned_days=30)
    services.ask_question(person, habit="sleep_hours", outcome="energy", lag=1, planned_days=30)
    page = signed_in_client.get("/questions/").content.decode()
    assert "Does sleep go with better energy the next day?" in page
    assert "water" not in page.lower().split("your questions")[1]


@pytest.mark.django_db
def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/questions/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_closing_freezes_the_question_and_keeping_marks_it(signed_in_client, person):
    question = services.ask_question(
        person, habit="sleep_hours", outcome="mood", lag=0, planned_days=30
    )
    assert signed_in_client.get(f"/questions/{question.pk}/close/").status_code == 405
    signed_in_client.post(f"/questions/{question.pk}/keep/", {"kept": "1"})
    signed_in_client.post(f"/questions/{question.pk}/close/")
    question.refresh_from_db()
    assert question.kept and question.closed_at is not None
    page = signed_in_client.get(f"/questions/{question.pk}/").content.decode()
    assert "Closed: the answer stays as it stood." in page


@pytest.mark.django_db
def test_deleting_the_account_deletes_its_questions(person):
    services.ask_question(person, habit="sleep_hours", outcome="mood", lag=0, planned_days=30)
    delete_account(person)
    assert not Question.objects.exists()


# --- The answer's cache -----------------------------------------------------------------------


@pytest.fixture
def fits(monkeypatch):
    """Counts the refits: every answer not served from the cache is one call."""
    calls = []
    real = questions.compute_answer

    def counting(question, today):
        calls.append(question.pk)
        return real(question, today)

    monkeypatch.setattr(questions, "compute_answer", counting)
    return calls


@pytest.fixture
def asked_with_days(signed_in_client, person, frozen_time):
    tag = TagFactory(person=person, name="yoga")
    ask(signed_in_client, habit=f"tag:{tag.pk}", outcome="mood", lag="0")
    live_days_after(person, 20, tag, effect=0.5)
    frozen_time.move_to(ASKED + dt.timedelta(days=21))
    signed_in_client.force_login(person)
    return Question.objects.get(person=person)


@pytest.mark.django_db
def test_a_repeat_visit_serves_the_answer_without_refitting(
    signed_in_client, person, asked_with_days, fits
):
    url = f"/questions/{asked_with_days.pk}/"
    signed_in_client.get(url)
    answer = questions.compute_answer(asked_with_days, person.local_today())
    fits.clear()
    for page in (signed_in_client.get(url), signed_in_client.get("/questions/")):
        assert answer.sentence in page.content.decode()
    assert fits == []


@pytest.mark.django_db
def test_a_new_check_in_or_log_gives_a_new_answer(person, asked_with_days, fits):
    today = person.local_today()
    before = questions.answer_for(asked_with_days, today)
    day = ASKED_ON + dt.timedelta(days=21)
    DailyLog.objects.create(person=person, date=day)
    MoodCheckIn.objects.create(
        person=person, at=ASKED + dt.timedelta(days=21), local_date=day, mood=4
    )
    after = questions.answer_for(asked_with_days, today)
    assert len(fits) == 2
    assert after.days_used == before.days_used + 1


@pytest.mark.django_db
def test_a_new_day_or_closing_the_question_gives_a_new_answer(
    signed_in_client, person, asked_with_days, fits, frozen_time
):
    questions.answer_for(asked_with_days, person.local_today())
    frozen_time.move_to(ASKED + dt.timedelta(days=22))
    later = questions.answer_for(asked_with_days, person.local_today())
    services.close_question(asked_with_days)
    questions.answer_for(asked_with_days, person.local_today())
    assert len(fits) == 3
    assert later.days_left == 45 - 22


@pytest.mark.django_db
def test_the_list_reads_each_answer_once_from_the_cache(signed_in_client, person, fits):
    for habit in ("sleep_hours", "water_ml", "exercise_minutes"):
        services.ask_question(person, habit=habit, outcome="mood", lag=0, planned_days=30)
    signed_in_client.get("/questions/")
    signed_in_client.get("/questions/")
    assert len(fits) == 3, "three fits on the first visit, none on the second"
