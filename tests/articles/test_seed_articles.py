import pytest
from django.core.management import call_command
from django.core.validators import URLValidator

from apps.accounts.models import User
from apps.accounts.provisioning import ensure_verified_person
from apps.articles.content_loader import parse, starter_articles
from apps.articles.models import Article, Category
from apps.lifestyle.habits import HABITS_BY_FIELD

STARTERS = starter_articles()
TOPICS = [
    "gut-brain-axis",
    "serotonin-and-the-microbiome",
    "fibre-and-plants",
    "fermented-foods",
    "stress-and-cortisol",
    "sleep-for-mood-and-gut",
    "movement-and-mood",
    "water-and-hydration",
    "probiotics-and-mood",
    "reading-your-dashboard",
]


def test_there_are_at_least_ten_starter_articles_covering_every_topic():
    assert len(STARTERS) >= 10
    assert set(TOPICS) <= {starter.slug for starter in STARTERS}
    assert len({starter.slug for starter in STARTERS}) == len(STARTERS)


@pytest.mark.parametrize("starter", STARTERS, ids=lambda starter: starter.slug)
def test_each_starter_article_is_sourced_sized_and_uses_known_habits(starter):
    words = len(starter.body.split())
    assert 300 <= words <= 600, f"{starter.slug} has {words} words"
    assert starter.sources, f"{starter.slug} names no source"
    for source in starter.sources:
        assert source["title"]
        URLValidator(schemes=["https"])(source["url"])
    assert set(starter.habits) <= set(HABITS_BY_FIELD)
    assert len(starter.summary) <= 300


def test_seeding_twice_creates_each_article_once(db, capsys):
    call_command("seed_articles")
    call_command("seed_articles")
    output = capsys.readouterr().out.splitlines()
    assert output == [
        f"Starter articles: {len(STARTERS)} created, 0 updated, 0 unchanged.",
        f"Starter articles: 0 created, 0 updated, {len(STARTERS)} unchanged.",
    ]
    assert Article.objects.count() == len(STARTERS)
    assert Article.objects.published().count() == len(STARTERS)
    assert Category.objects.count() == len({starter.category for starter in STARTERS})


def test_seeding_again_updates_the_text_but_keeps_an_editors_unpublishing(db):
    call_command("seed_articles")
    Article.objects.filter(slug="gut-brain-axis").update(status="draft", body="Old text.")
    call_command("seed_articles")
    article = Article.objects.get(slug="gut-brain-axis")
    assert article.status == "draft"
    assert "vagus nerve" in article.body_html


def test_the_demo_staff_account_is_the_author_when_it_exists(db):
    staff, _ = ensure_verified_person("staff@gutmind.localhost", "a-long-password", is_staff=True)
    call_command("seed_articles")
    assert set(Article.objects.values_list("author", flat=True)) == {staff.pk}


def test_without_staff_a_dedicated_editor_who_cannot_sign_in_is_the_author(db):
    call_command("seed_articles")
    author = User.objects.get(email="editors@gutmind.localhost")
    assert not author.has_usable_password()
    assert not author.is_staff
    assert Article.objects.get(slug="fibre-and-plants").byline == "GutMind editors"


def test_seeded_articles_are_readable_and_searchable_signed_out(client, db):
    call_command("seed_articles")
    listing = client.get("/articles/")
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == len(STARTERS)
    page = client.get("/articles/fibre-and-plants/")
    assert b"Not medical advice." in page.content
    assert b"https://doi.org/10.1016/j.socscimed.2018.12.017" in page.content
    found = client.get("/articles/", {"q": "kimchi"})
    assert "fermented-foods" in [article.slug for article in found.context["page"]]


def test_front_matter_without_a_fence_is_refused():
    with pytest.raises(ValueError, match="front matter"):
        parse("title: no fence\n")


def test_seeding_again_leaves_unchanged_articles_untouched(db):
    call_command("seed_articles")
    before = dict(Article.objects.values_list("slug", "updated_at"))
    call_command("seed_articles")
    assert dict(Article.objects.values_list("slug", "updated_at")) == before
