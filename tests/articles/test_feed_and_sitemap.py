import datetime as dt
from xml.etree import ElementTree

from django.utils import timezone

from tests.factories import ArticleFactory, UserFactory

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse_xml(content: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(content)  # noqa: S314 (our own server's output)


def test_the_atom_feed_lists_published_articles_newest_first(client, db):
    ArticleFactory(title="Older", published_at=timezone.now() - dt.timedelta(days=3))
    ArticleFactory(
        title="Newer",
        summary="Sleep & mood.",
        author=UserFactory(display_name="Ada"),
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    ArticleFactory(title="Draft", status="draft")
    ArticleFactory(title="Later", published_at=timezone.now() + dt.timedelta(days=1))
    response = client.get("/articles/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Newer", "Older"]
    newest = entries[0]
    assert newest.findtext(f"{ATOM}summary") == "Sleep & mood."
    assert newest.findtext(f"{ATOM}author/{ATOM}name") == "Ada"
    assert newest.find(f"{ATOM}link").get("href").startswith("http://testserver/articles/")


def test_the_sitemap_lists_live_articles_without_the_sites_framework(client, db):
    live = ArticleFactory()
    draft = ArticleFactory(status="draft")
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [node.text for node in parse_xml(response.content).iter(f"{SITEMAP}loc")]
    assert f"http://testserver/articles/{live.slug}/" in locations
    assert f"http://testserver/articles/{draft.slug}/" not in locations
    assert "http://testserver/articles/" in locations
    assert f"http://testserver/articles/category/{live.category.slug}/" in locations
    assert f"http://testserver/articles/category/{draft.category.slug}/" not in locations


def test_the_sitemap_gives_each_article_its_last_change(client, db):
    ArticleFactory()
    root = parse_xml(client.get("/sitemap.xml").content)
    assert any(url.find(f"{SITEMAP}lastmod") is not None for url in root)
