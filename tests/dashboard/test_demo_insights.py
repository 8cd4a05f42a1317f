"""The demo person's planted relationships (see seed_demo's docstring) show up as insights,
and nothing else does."""

import pytest

from apps.dashboard.stats import NEXT_DAY, SAME_DAY
from apps.lifestyle.management.commands.seed_demo import seed_days
from apps.lifestyle.models import Tag

# Sleep of 7 hours or more lifts the next day too, and sleep quality follows sleep, so those
# may honestly show up the next day; everything else is noise.
PLANTED = {"walk outside", "stress_level", "fermented_servings", "sleep_hours", "sleep_quality"}


def demo_insights(client, person, days: int) -> list[dict]:
    seed_days(person, days)
    response = client.get("/api/dashboard/insights", {"range": "all"})
    assert response.status_code == 200
    return response.json()["insights"]


def found(insights, key, lag, direction) -> bool:
    return any(
        i["key"] == key and i["lag"] == lag and i["direction"] == direction for i in insights
    )


def unexpected(insights, person) -> list[str]:
    walk = Tag.objects.get(person=person, name="walk outside")
    planted = PLANTED | {f"tag:{walk.pk}"}
    return [i["headline"] for i in insights if i["key"] not in planted]


@pytest.mark.django_db
def test_the_default_demo_shows_each_planted_link_and_nothing_else(signed_in_client, person):
    insights = demo_insights(signed_in_client, person, 120)
    walk = Tag.objects.get(person=person, name="walk outside")
    assert found(insights, f"tag:{walk.pk}", SAME_DAY, "better"), insights
    assert found(insights, "stress_level", SAME_DAY, "worse"), insights
    assert found(insights, "fermented_servings", NEXT_DAY, "better"), insights
    assert unexpected(insights, person) == []


@pytest.mark.django_db
def test_two_years_of_demo_still_show_nothing_unplanted(signed_in_client, person):
    # More days make small noise links easier to pass off as real; the safeguards hold.
    insights = demo_insights(signed_in_client, person, 730)
    assert found(insights, "fermented_servings", NEXT_DAY, "better"), insights
    assert found(insights, "stress_level", SAME_DAY, "worse"), insights
    assert unexpected(insights, person) == []
