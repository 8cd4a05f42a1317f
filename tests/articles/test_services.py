import datetime as dt

from django.utils import timezone

from apps.articles.services import recommended_for_habit
from tests.factories import ArticleFactory


def test_it_recommends_published_articles_on_the_habit_newest_first(db):
    now = timezone.now()
    older = ArticleFactory(habits=["water_ml"], published_at=now - dt.timedelta(days=5))
    newer = ArticleFactory(habits=["water_ml", "sleep_hours"], published_at=now - dt.timedelta(1))
    ArticleFactory(habits=["water_ml"], status="draft")
    ArticleFactory(habits=["water_ml"], published_at=now + dt.timedelta(days=1))
    ArticleFactory(habits=["sleep_hours"])
    assert recommended_for_habit("water_ml") == [newer, older]


def test_it_returns_at_most_the_limit(db):
    for _ in range(3):
        ArticleFactory(habits=["exercise_minutes"])
    assert len(recommended_for_habit("exercise_minutes", limit=1)) == 1


def test_it_returns_an_empty_list_for_a_habit_nobody_wrote_about(db):
    ArticleFactory(habits=["water_ml"])
    assert recommended_for_habit("probiotic_taken") == []
