"""Planning, the experiment and report pages, life happening (pause, stop), bad input, and
the outsider who gets 404 everywhere."""

from datetime import UTC, datetime, timedelta

import pytest

from apps.experiments.models import Experiment, Pause
from apps.experiments.services import plan_experiment
from apps.lifestyle.services import save_day
from tests.factories import TagFactory, checkin_at_local_noon, fermented_food_plan

pytestmark = pytest.mark.django_db


def _plan_data(person, **overrides) -> dict:
    data = {
        "template": "fermented",
        "habit": "fermented_servings",
        "direction": "at_least",
        "threshold": "1",
        "outcome": "mood",
        "lag_days": "1",
        "length_days": "42",
        "period_days": "3",
        "washout_days": "0",
        "start_date": person.local_today().isoformat(),
    }
    data.update(overrides)
    return data


def _experiment(person, start=None, **fields) -> Experiment:
    today = person.local_today()
    values = fermented_food_plan(template="", start_date=start or today, **fields)
    return plan_experiment(person, values, min(today, values["start_date"]), seed=7)


def test_a_template_plan_is_two_taps_and_starts_today(signed_in_client, person):
    page = signed_in_client.get("/experiments/new/?template=fermented")
    assert page.status_code == 200
    assert "Wastyk HC" in page.content.decode()
    response = signed_in_client.post("/experiments/new/", _plan_data(person))
    experiment = Experiment.objects.get(person=person)
    assert response.status_code == 302
    assert response.url == f"/experiments/{experiment.pk}/"
    assert experiment.on_text == "fermented food: at least 1 serving"
    assert experiment.lag_days == 1
    assert len(experiment.orders) == 7  # 42 days in pairs of 3-day periods
    assert experiment.seed > 0


def test_todays_instruction_shows_on_today_and_the_experiment_page(signed_in_client, person):
    experiment = _experiment(person)
    first = "fermented food" if experiment.orders[0] else "no fermented food"
    today_page = signed_in_client.get("/today/").content.decode()
    assert "Today's experiment" in today_page
    assert first.capitalize() in today_page
    detail = signed_in_client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert first.capitalize() in detail


@pytest.mark.parametrize(
    ("length", "message"),
    [("0", "too short to compare anything"), ("400", "plan a shorter one")],
)
def test_a_length_out_of_range_gets_a_clear_message(signed_in_client, person, length, message):
    response = signed_in_client.post("/experiments/new/", _plan_data(person, length_days=length))
    assert response.status_code == 400
    assert "2 to 8 weeks" in response.content.decode()
    assert message in response.content.decode()
    assert not Experiment.objects.exists()


@pytest.mark.parametrize("direction", [None, "", "sideways"])
def test_a_missing_or_unknown_direction_is_a_form_error_not_a_500(
    signed_in_client, person, direction
):
    data = _plan_data(person, template="")
    if direction is None:
        del data["direction"]
    else:
        data["direction"] = direction
    response = signed_in_client.post("/experiments/new/", data)
    assert response.status_code == 400
    assert not Experiment.objects.exists()


def test_a_habit_that_does_not_exist_gets_a_clear_message(signed_in_client, person):
    response = signed_in_client.post(
        "/experiments/new/", _plan_data(person, habit="chocolate_bars", template="")
    )
    assert response.status_code == 400
    assert "There is no habit “chocolate_bars” to test" in response.content.decode()


def test_another_persons_tag_is_not_a_habit_to_test(signed_in_client, person, other_person):
    tag = TagFactory(person=other_person, name="their tag")
    response = signed_in_client.post("/experiments/new/", _plan_data(person, habit=f"tag:{tag.pk}"))
    assert response.status_code == 400
    assert "There is no habit" in response.content.decode()


def test_ones_own_tag_can_be_tested(signed_in_client, person):
    tag = TagFactory(person=person, name="coffee")
    response = signed_in_client.post(
        "/experiments/new/", _plan_data(person, habit=f"tag:{tag.pk}", template="", threshold="")
    )
    assert response.status_code == 302
    experiment = Experiment.objects.get(person=person)
    assert (experiment.habit, experiment.tag, experiment.on_text) == ("tag", tag, "coffee")
    assert experiment.off_text == "no coffee"


def test_a_threshold_true_every_day_is_refused(signed_in_client, person):
    response = signed_in_client.post("/experiments/new/", _plan_data(person, threshold="0"))
    assert response.status_code == 400
    assert "true every day" in response.content.decode()


def test_periods_too_long_for_the_length_are_refused(signed_in_client, person):
    response = signed_in_client.post(
        "/experiments/new/", _plan_data(person, length_days="14", period_days="7")
    )
    assert response.status_code == 400
    assert "needs at least 28 days" in response.content.decode()


def test_a_second_experiment_at_once_is_refused(signed_in_client, person):
    _experiment(person)
    response = signed_in_client.post("/experiments/new/", _plan_data(person))
    assert response.status_code == 400
    assert "already have an experiment under way" in response.content.decode()
    assert Experiment.objects.count() == 1


def test_a_plan_can_change_before_it_starts(signed_in_client, person):
    tomorrow = person.local_today() + timedelta(days=1)
    experiment = _experiment(person, start=tomorrow)
    response = signed_in_client.post(
        f"/experiments/{experiment.pk}/edit/",
        _plan_data(person, outcome="energy", start_date=tomorrow.isoformat()),
    )
    assert response.status_code == 302
    experiment.refresh_from_db()
    assert experiment.outcome == "energy"


def test_editing_a_plan_after_it_started_gets_a_clear_message(signed_in_client, person):
    experiment = _experiment(person)
    response = signed_in_client.post(
        f"/experiments/{experiment.pk}/edit/", _plan_data(person, outcome="energy"), follow=True
    )
    assert "its plan can no longer change" in response.content.decode()
    experiment.refresh_from_db()
    assert experiment.outcome == "mood"


def test_pause_moves_the_rest_of_the_schedule_and_resume_brings_it_back(
    signed_in_client, person, time_machine
):
    time_machine.move_to(datetime(2026, 6, 1, 12, tzinfo=UTC), tick=False)
    experiment = _experiment(person)
    signed_in_client.post(f"/experiments/{experiment.pk}/pause/", {"reason": "travel"})
    assert Pause.objects.get(experiment=experiment).end is None
    assert "paused" in signed_in_client.get("/today/").content.decode()
    time_machine.shift(timedelta(days=3))
    signed_in_client.post(f"/experiments/{experiment.pk}/resume/")
    pause = Pause.objects.get(experiment=experiment)
    assert (pause.end - pause.start).days == 2
    detail = signed_in_client.get(f"/experiments/{experiment.pk}/").content.decode()
    assert "running" in detail


def test_stopping_early_leads_to_a_report_without_a_verdict(signed_in_client, person):
    start = person.local_today() - timedelta(days=12)
    experiment = _experiment(person, start=start)
    for n in range(12):
        day = start + timedelta(days=n)
        save_day(person, day, {"fermented_servings": n % 2})
        checkin_at_local_noon(person, day, mood=3 + n % 2)
    response = signed_in_client.post(
        f"/experiments/{experiment.pk}/stop/", {"reason": "moving house"}, follow=True
    )
    page = response.content.decode()
    assert 'data-verdict="stopped"' in page
    assert "moving house" in page
    assert "no verdict" in page


def test_the_report_of_a_running_experiment_shows_progress_not_a_verdict(signed_in_client, person):
    experiment = _experiment(person, start=person.local_today() - timedelta(days=5))
    page = signed_in_client.get(f"/experiments/{experiment.pk}/report/").content.decode()
    assert 'data-verdict="progress"' in page
    assert "p =" not in page
    assert "experiments.css" in page


def test_a_planned_experiment_can_be_deleted_but_a_started_one_cannot(signed_in_client, person):
    started = _experiment(person)
    signed_in_client.post(f"/experiments/{started.pk}/delete/")
    assert Experiment.objects.filter(pk=started.pk).exists()


URLS = ("", "edit/", "report/")
POSTS = ("pause/", "resume/", "stop/", "delete/")


@pytest.mark.parametrize("suffix", URLS)
def test_an_outsider_gets_404_on_every_page(client, person, other_person, suffix):
    experiment = _experiment(person)
    client.force_login(other_person)
    assert client.get(f"/experiments/{experiment.pk}/{suffix}").status_code == 404


@pytest.mark.parametrize("suffix", POSTS)
def test_an_outsider_gets_404_on_every_action(client, person, other_person, suffix):
    experiment = _experiment(person)
    client.force_login(other_person)
    assert (
        client.post(f"/experiments/{experiment.pk}/{suffix}", {"reason": "travel"}).status_code
        == 404
    )
    experiment.refresh_from_db()
    assert experiment.stopped_on is None and not experiment.pauses.exists()


@pytest.mark.parametrize("path", ["/experiments/", "/experiments/new/"])
def test_signed_out_visitors_are_sent_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_the_list_shows_only_ones_own_experiments(client, person, other_person):
    _experiment(person)
    client.force_login(other_person)
    page = client.get("/experiments/").content.decode()
    assert "Fermented foods and mood" not in page
    assert "Plan your own" in page


def test_actions_need_post(signed_in_client, person):
    experiment = _experiment(person)
    for suffix in POSTS:
        assert signed_in_client.get(f"/experiments/{experiment.pk}/{suffix}").status_code == 405


def test_the_first_day_is_offered_in_the_form_a_date_picker_reads(signed_in_client, person):
    page = signed_in_client.get("/experiments/new/?template=fermented").content.decode()
    assert f'type="date" name="start_date" value="{person.local_today():%Y-%m-%d}"' in page


def test_planning_from_scratch_starts_from_sensible_defaults(signed_in_client, person):
    page = signed_in_client.get("/experiments/new/").content.decode()
    assert '<option value="fermented_servings" selected>' in page
    assert 'name="threshold" value="1"' in page
    assert '<option value="56" selected>8 weeks</option>' in page
