import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticleFactory, CategoryFactory, UserFactory

not_on_postgres = pytest.mark.skipif(settings.IS_POSTGRES, reason="the SQLite fallback")


def days_ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def titles(response) -> list[str]:
    return [article.title for article in response.context["page"]]


def test_the_list_shows_published_articles_newest_first(client, db):
    ArticleFactory(title="Older", published_at=days_ago(5))
    ArticleFactory(title="Newer", published_at=days_ago(1))
    ArticleFactory(title="A draft", status="draft")
    ArticleFactory(title="Scheduled", published_at=timezone.now() + dt.timedelta(days=1))
    response = client.get("/articles/")
    assert response.status_code == 200
    assert titles(response) == ["Newer", "Older"]
    assert b"A draft" not in response.content
    assert b"Scheduled" not in response.content


def test_the_list_is_paginated_by_ten(client, db):
    for day in range(12):
        ArticleFactory(title=f"Day {day}", published_at=days_ago(day + 1))
    first = client.get("/articles/")
    second = client.get("/articles/?page=2")
    assert len(titles(first)) == 10
    assert titles(second) == ["Day 10", "Day 11"]
    assert b"Page 1 of 2" in first.content


@pytest.mark.parametrize("page", ["0", "99", "abc", "-1", "1' OR '1'='1"])
def test_a_strange_page_number_still_shows_a_page(client, db, page):
    ArticleFactory()
    assert client.get("/articles/", {"page": page}).status_code == 200


def test_the_category_filter_and_page_show_only_that_category(client, db):
    food = CategoryFactory(name="Food", slug="food")
    ArticleFactory(title="Fibre", category=food)
    ArticleFactory(title="Sleep")
    assert titles(client.get("/articles/", {"category": "food"})) == ["Fibre"]
    page = client.get("/articles/category/food/")
    assert titles(page) == ["Fibre"]
    assert page.context["category"] == food


def test_an_unknown_category_page_is_404_and_an_unknown_filter_lists_nothing(client, db):
    ArticleFactory()
    assert client.get("/articles/category/nope/").status_code == 404
    assert titles(client.get("/articles/", {"category": "nope"})) == []


def test_an_article_page_shows_its_details(client, db):
    author = UserFactory(display_name="Ada Writer", is_staff=True)
    article = ArticleFactory(
        title="Water and you",
        author=author,
        body="Drink **water**.",
        habits=["water_ml"],
        sources=[{"title": "NHS water", "url": "https://www.nhs.uk/"}],
    )
    response = client.get(f"/articles/{article.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Drink <strong>water</strong>.</p>" in html
    assert "By Ada Writer" in html
    assert author.email not in html
    assert "1 min read" in html
    assert f'datetime="{article.published_at.isoformat()}"' in html
    assert '<a href="https://www.nhs.uk/" rel="noopener">NHS water</a>' in html
    assert 'href="/today/">Log your water today</a>' in html
    assert "Not medical advice." in html


def test_an_article_page_has_meta_description_open_graph_and_canonical(client, db):
    article = ArticleFactory(summary="Why fibre matters & what to eat.")
    html = client.get(f"/articles/{article.slug}/").content.decode()
    url = f"http://testserver/articles/{article.slug}/"
    assert '<meta name="description" content="Why fibre matters &amp; what to eat.">' in html
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{article.title}">' in html
    assert '<meta property="og:type" content="article">' in html


def test_related_articles_come_from_the_same_category(client, db):
    article = ArticleFactory()
    sibling = ArticleFactory(category=article.category, title="Sibling")
    ArticleFactory(title="Elsewhere")
    response = client.get(f"/articles/{article.slug}/")
    assert response.context["related"] == [sibling]


@pytest.mark.parametrize(
    "fields",
    [{"status": "draft"}, {"published_at": timezone.now() + dt.timedelta(days=2)}],
    ids=["draft", "scheduled"],
)
def test_drafts_and_scheduled_articles_are_404_to_the_public(client, db, fields):
    article = ArticleFactory(**fields)
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    client.force_login(UserFactory())
    assert client.get(f"/articles/{article.slug}/").status_code == 404
    client.force_login(UserFactory(is_staff=True))  # staff without article rights
    assert client.get(f"/articles/{article.slug}/").status_code == 404


def test_editors_preview_a_draft_with_a_banner(editor_client):
    article = ArticleFactory(status="draft", published_at=None)
    response = editor_client.get(f"/articles/{article.slug}/")
    assert response.status_code == 200
    assert b"Preview: this article is a draft" in response.content
    assert b'<meta name="robots" content="noindex">' in response.content


def test_an_unknown_article_is_404(client, db):
    assert client.get("/articles/no-such-article/").status_code == 404


def _query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_makes_the_same_number_of_queries_for_two_or_ten_articles(client, db):
    ArticleFactory.create_batch(2)
    few = _query_count(client, "/articles/")
    ArticleFactory.create_batch(8, category=CategoryFactory(), author=UserFactory())
    assert _query_count(client, "/articles/") == few
    assert few <= 3


def test_the_article_page_makes_a_constant_number_of_queries(client, db):
    article = ArticleFactory(author=UserFactory())
    ArticleFactory(category=article.category)
    few = _query_count(client, f"/articles/{article.slug}/")
    ArticleFactory.create_batch(5, category=article.category, author=UserFactory())
    assert _query_count(client, f"/articles/{article.slug}/") == few
    assert few <= 2


def test_an_empty_search_lists_everything(client, db):
    ArticleFactory.create_batch(2)
    response = client.get("/articles/", {"q": "   "})
    assert len(titles(response)) == 2


@pytest.mark.parametrize(
    "query",
    [
        "x" * 1000,
        "'; DROP TABLE articles_article; --",
        '" OR 1=1 --',
        "%_\\",
        "!!! ((( & | <-> :*",
        "<script>alert(1)</script>",
        "日本語 🚀",
        "fi\x00bre\x00",  # PostgreSQL refuses a NUL byte in a query parameter
    ],
)
def test_an_absurd_search_gets_a_friendly_page(client, db, query):
    ArticleFactory(title="Sleep")
    response = client.get("/articles/", {"q": query})
    assert response.status_code == 200
    assert b"Nothing matched that search." in response.content
    assert b"<script>alert(1)</script>" not in response.content


def test_a_category_filter_with_a_nul_byte_lists_nothing_rather_than_failing(client, db):
    ArticleFactory(title="Sleep")
    response = client.get("/articles/", {"category": "gut\x00"})
    assert response.status_code == 200
    assert titles(response) == []


def test_a_very_long_search_says_it_was_shortened(client, db):
    response = client.get("/articles/", {"q": "sleep " * 200})
    assert response.status_code == 200
    assert b"we used its first 200 characters" in response.content


@not_on_postgres
def test_the_sqlite_search_finds_every_word_in_any_field_best_match_first(client, db):
    ArticleFactory(title="Sleep and mood", summary="Rest.", body="Deep sleep helps.")
    ArticleFactory(title="Water", summary="Drink more, sleep better.", body="Glasses.")
    ArticleFactory(title="Fibre", summary="Plants.", body="Oats and beans.")
    assert titles(client.get("/articles/", {"q": "sleep"})) == ["Sleep and mood", "Water"]
    assert titles(client.get("/articles/", {"q": "oats BEANS"})) == ["Fibre"]


def test_search_within_a_category_stays_in_it(client, db):
    food = CategoryFactory(slug="food")
    ArticleFactory(title="Fibre for sleep", category=food)
    ArticleFactory(title="Sleep basics")
    assert titles(client.get("/articles/category/food/", {"q": "sleep"})) == ["Fibre for sleep"]


def test_the_list_links_the_atom_feed(client, db):
    assert b'type="application/atom+xml"' in client.get("/articles/").content
