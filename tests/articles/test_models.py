import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_saving_renders_the_body_and_counts_reading_minutes(db):
    article = ArticleFactory(body="Hello **gut**.\n\n" + "word " * 450)
    assert article.body_html.startswith("<p>Hello <strong>gut</strong>.</p>")
    assert article.body_text.startswith("Hello gut. word word")
    assert article.reading_minutes == 3


def test_publishing_without_a_time_publishes_now(db):
    with time_machine.travel(NOW, tick=False):
        article = ArticleFactory(status="published", published_at=None)
    assert article.published_at == NOW


def test_a_draft_keeps_no_publish_time(db):
    assert ArticleFactory(status="draft", published_at=None).published_at is None


@time_machine.travel(NOW, tick=False)
def test_published_excludes_drafts_and_scheduled_articles(db):
    live = ArticleFactory(published_at=NOW - dt.timedelta(minutes=1))
    ArticleFactory(status="draft")
    scheduled = ArticleFactory(published_at=NOW + dt.timedelta(hours=1))
    assert list(Article.objects.published()) == [live]
    assert not scheduled.is_live
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        assert set(Article.objects.published()) == {live, scheduled}


def test_published_articles_come_newest_first(db):
    old = ArticleFactory(published_at=timezone.now() - dt.timedelta(days=9))
    new = ArticleFactory(published_at=timezone.now() - dt.timedelta(days=1))
    assert list(Article.objects.published()) == [new, old]


def test_unknown_habits_are_refused(db):
    article = ArticleFactory.build(category=CategoryFactory(), habits=["water_ml", "smoking"])
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Unknown habit: smoking" in str(error.value)


@pytest.mark.parametrize(
    "sources",
    [
        [{"title": "", "url": "https://www.who.int/"}],
        [{"title": "Evil", "url": "javascript:alert(1)"}],
        [{"title": "No scheme", "url": "www.who.int"}],
        ["just a string"],
        {"title": "not a list"},
    ],
)
def test_malformed_sources_are_refused(db, sources):
    article = ArticleFactory.build(category=CategoryFactory(), sources=sources)
    with pytest.raises(ValidationError):
        article.full_clean()


def test_an_image_needs_alt_text(db):
    image = SimpleUploadedFile("gut.png", PNG, content_type="image/png")
    article = ArticleFactory.build(category=CategoryFactory(), image=image, image_alt=" ")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "image_alt" in error.value.message_dict


def test_a_file_that_is_not_an_image_is_refused(db):
    fake = SimpleUploadedFile("gut.png", b"<svg onload=alert(1)>", content_type="image/png")
    article = ArticleFactory.build(category=CategoryFactory(), image=fake, image_alt="A gut")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "Upload a JPEG, PNG or WebP image." in error.value.message_dict["image"]


def test_a_slug_that_shadows_the_feed_is_refused(db):
    article = ArticleFactory.build(category=CategoryFactory(), slug="feed")
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "reserved" in error.value.message_dict["slug"][0]


def test_for_habit_matches_the_whole_habit_name_only(db):
    sleep = ArticleFactory(habits=["sleep_hours"])
    ArticleFactory(habits=["sleep_quality"])
    assert list(Article.objects.for_habit("sleep_hours")) == [sleep]


def test_the_byline_never_shows_an_email_address(db):
    article = ArticleFactory()
    assert article.byline == "The GutMind team"
