import pytest
from django.db import connection

from apps.articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.postgres


def titles(response) -> list[str]:
    return [article.title for article in response.context["page"]]


def test_a_title_match_ranks_above_a_summary_match_above_a_body_match(client, db):
    ArticleFactory(title="Walking", summary="Steps.", body="Kefir is mentioned here once.")
    ArticleFactory(title="Yogurt", summary="Kefir and yogurt both count.", body="Cups.")
    ArticleFactory(title="Kefir basics", summary="A drink.", body="Milk.")
    ArticleFactory(title="Water", summary="Glasses.", body="Nothing fermented.")
    response = client.get("/articles/", {"q": "kefir"})
    assert titles(response) == ["Kefir basics", "Yogurt", "Walking"]


def test_search_understands_word_forms(client, db):
    ArticleFactory(title="Sleep", body="People who exercised slept better.")
    assert titles(client.get("/articles/", {"q": "exercising"})) == ["Sleep"]


def test_search_ignores_drafts_and_scheduled_articles(client, db):
    ArticleFactory(title="Live fibre")
    ArticleFactory(title="Draft fibre", status="draft")
    assert titles(client.get("/articles/", {"q": "fibre"})) == ["Live fibre"]


def test_snippets_highlight_the_words_and_escape_everything_else(client, db):
    ArticleFactory(
        title="Stress",
        body="Cortisol & stress rise together. `<script>alert(1)</script>` is shown as code.",
    )
    response = client.get("/articles/", {"q": "cortisol"})
    html = response.content.decode()
    assert "<mark>Cortisol</mark> &amp; stress rise together." in html
    assert "<script>alert(1)" not in html


def test_websearch_syntax_and_sql_looking_text_return_normally(client, db):
    ArticleFactory(title="Probiotics and mood")
    for query in ['"probiotics and" or -mood', "'; DROP TABLE x; --", "a & | ! <-> :*", "x" * 1000]:
        assert client.get("/articles/", {"q": query}).status_code == 200
    assert titles(client.get("/articles/", {"q": "probiotics -sleep"})) == ["Probiotics and mood"]


def test_a_query_of_only_stop_words_finds_nothing_without_an_error(client, db):
    ArticleFactory(title="The gut")
    response = client.get("/articles/", {"q": "the and of"})
    assert response.status_code == 200
    assert b"Nothing matched that search." in response.content


def test_the_search_can_use_the_gin_index(db):
    ArticleFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = Article.objects.search("gut").explain()
    assert "articles_article_search_idx" in plan


def test_search_pages_make_a_constant_number_of_queries(client, db, django_assert_num_queries):
    ArticleFactory.create_batch(4, body="Sleep helps.")
    with django_assert_num_queries(3):
        client.get("/articles/", {"q": "sleep"})


@pytest.mark.parametrize(("query", "text"), [("fiber", "Eat more fibre."), ("fibre", "Fiber!")])
def test_british_and_american_spellings_find_each_other(client, db, query, text):
    ArticleFactory(title="Plants", body=text)
    assert titles(client.get("/articles/", {"q": query})) == ["Plants"]


@pytest.mark.parametrize(
    ("query", "text"),
    [("probiotics", "A probiotic a day."), ("probiotic", "Two probiotics compared.")],
)
def test_plural_and_singular_find_each_other(client, db, query, text):
    ArticleFactory(title="Supplements", body=text)
    assert titles(client.get("/articles/", {"q": query})) == ["Supplements"]


def test_a_widened_spelling_still_needs_the_other_words(client, db):
    ArticleFactory(title="Oats", body="Oats bring fibre.")
    ArticleFactory(title="Beans", body="Beans bring fiber and protein.")
    assert titles(client.get("/articles/", {"q": "fiber protein"})) == ["Beans"]
    assert titles(client.get("/articles/", {"q": "fibre -protein"})) == ["Oats"]


def test_a_widened_search_can_still_use_the_gin_index(db):
    ArticleFactory.create_batch(3)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "articles_article_search_idx" in Article.objects.search("fibre gut").explain()
