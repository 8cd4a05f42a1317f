"""Article search on SQLite, the embedded default: FTS5 with the porter stemmer, kept in step
by triggers. The PostgreSQL search is tested in test_search.py."""

import pytest
from django.conf import settings
from django.db import connection

from apps.articles import sqlite_fts
from apps.articles.models import Article
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(settings.IS_POSTGRES, reason="SQLite's search; PostgreSQL has its own"),
]


def titles(client, query: str) -> list[str]:
    response = client.get("/articles/", {"q": query})
    assert response.status_code == 200
    return [article.title for article in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "text"),
    [("probiotics", "A probiotic a day."), ("probiotic", "Two probiotics compared.")],
)
def test_plural_and_singular_find_each_other(client, query, text):
    ArticleFactory(title="Supplements", body=text)
    assert titles(client, query) == ["Supplements"]


@pytest.mark.parametrize(("query", "text"), [("fiber", "Eat more fibre."), ("fibre", "Fiber!")])
def test_british_and_american_spellings_find_each_other(client, query, text):
    ArticleFactory(title="Plants", body=text)
    assert titles(client, query) == ["Plants"]


def test_search_understands_word_forms(client):
    ArticleFactory(title="Sleep", body="People who exercised slept better.")
    assert titles(client, "exercising") == ["Sleep"]


def test_every_word_must_match(client):
    ArticleFactory(title="Kefir", body="Fermented milk.")
    ArticleFactory(title="Water", body="Plain milk.")
    assert titles(client, "fermented milk") == ["Kefir"]


def test_a_title_match_ranks_above_a_body_match(client):
    ArticleFactory(title="Walking", summary="Steps.", body="Kefir is mentioned here once.")
    ArticleFactory(title="Kefir basics", summary="A drink.", body="Milk.")
    assert titles(client, "kefir") == ["Kefir basics", "Walking"]


def test_drafts_are_not_found(client):
    ArticleFactory(title="Live fibre")
    ArticleFactory(title="Draft fibre", status="draft")
    assert titles(client, "fibre") == ["Live fibre"]


def test_an_edited_article_is_found_by_its_new_words_only(client):
    article = ArticleFactory(title="Old title", body="Sauerkraut.")
    article.body = "Kimchi."
    article.save()
    assert titles(client, "kimchi") == ["Old title"]
    assert titles(client, "sauerkraut") == []


def test_queryset_updates_and_deletes_keep_the_index_in_step(client):
    article = ArticleFactory(title="Hydration", body="Water.")
    Article.objects.filter(pk=article.pk).update(title="Kombucha")
    assert titles(client, "kombucha") == ["Kombucha"]
    Article.objects.filter(pk=article.pk).delete()
    assert titles(client, "kombucha") == []


def test_snippets_highlight_the_words_and_escape_everything_else(client):
    ArticleFactory(title="Stress", body="Cortisol & stress rise together. `<b>bold</b>` code.")
    html = client.get("/articles/", {"q": "cortisol"}).content.decode()
    assert "<mark>Cortisol</mark> &amp; stress rise together." in html
    assert "<b>bold</b>" not in html


@pytest.mark.parametrize(
    "query",
    ['"unclosed', "NEAR(a b)", "a AND OR NOT", "col:umn*", "x" * 1000, "\x00", "^ - + ( )"],
)
def test_fts5_syntax_in_a_query_is_just_text(client, query):
    ArticleFactory(title="Probiotics and mood")
    assert client.get("/articles/", {"q": query}).status_code == 200


def test_a_query_with_no_words_finds_nothing(client):
    ArticleFactory(title="The gut")
    assert titles(client, "?! ...") == []


def test_the_index_triggers_exist_after_every_migration():
    with connection.cursor() as cursor:
        assert sqlite_fts.missing_triggers(cursor) == []


def test_lost_triggers_are_recreated_and_the_index_rebuilt(client):
    ArticleFactory(title="Oats")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {sqlite_fts.TABLE}_insert")
    ArticleFactory(title="Barley")  # written while the trigger was missing
    sqlite_fts.ensure_triggers(connection)
    assert titles(client, "barley") == ["Barley"]
