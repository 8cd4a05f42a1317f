import datetime as dt
from collections import Counter

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.text import slugify

from apps.accounts.models import User
from apps.articles.content_loader import StarterArticle, starter_articles
from apps.articles.models import Article, Category

# seed_demo's staff account writes the starter articles when it exists.
STAFF_EMAIL = "staff@gutmind.localhost"
EDITOR_EMAIL = "editors@gutmind.localhost"
OUTCOMES = ("created", "updated", "unchanged")
CATEGORY_DESCRIPTIONS = {
    "The science": "How the gut and the brain talk to each other, and what research has found.",
    "Food": "Plants, fibre and fermented foods: what they do for your gut and mood.",
    "Everyday habits": "Sleep, movement, water and stress: small steps that add up.",
    "Using GutMind": "How to read your own logs and charts, honestly.",
}


def _author() -> User:
    staff = User.objects.filter(email__iexact=STAFF_EMAIL).first()
    if staff:
        return staff
    editor, created = User.objects.get_or_create(
        email=EDITOR_EMAIL, defaults={"display_name": "GutMind editors"}
    )
    if created:
        # Only a byline: the account cannot sign in.
        editor.set_unusable_password()
        editor.save(update_fields=["password"])
    return editor


def _category(name: str) -> Category:
    category, _ = Category.objects.update_or_create(
        slug=slugify(name),
        defaults={"name": name, "description": CATEGORY_DESCRIPTIONS.get(name, "")},
    )
    return category


def _publish_time(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)


def save_starter(starter: StarterArticle, author: User) -> str:
    """Create or update the article by slug; says which it did. An editor's
    later status change (unpublishing, say) survives a re-run, and an unchanged article
    is not saved again, so its "updated" date stays true."""
    article = Article.objects.filter(slug=starter.slug).first()
    created = article is None
    if article is None:
        article = Article(
            slug=starter.slug,
            author=author,
            status=Article.Status.PUBLISHED,
            published_at=_publish_time(starter.published),
        )
    content = {
        "title": starter.title,
        "summary": starter.summary,
        "body": starter.body,
        "category": _category(starter.category),
        "habits": starter.habits,
        "sources": starter.sources,
    }
    if not created and all(getattr(article, name) == value for name, value in content.items()):
        return "unchanged"
    for name, value in content.items():
        setattr(article, name, value)
    article.full_clean()
    article.save()
    return "created" if created else "updated"


class Command(BaseCommand):
    help = "Load the starter articles (idempotent: updates by slug)."

    def handle(self, *args: str, **options: object) -> None:
        starters = starter_articles()
        with transaction.atomic():
            author = _author()
            outcomes = Counter(save_starter(starter, author) for starter in starters)
        summary = ", ".join(f"{outcomes[kind]} {kind}" for kind in OUTCOMES)
        self.stdout.write(self.style.SUCCESS(f"Starter articles: {summary}."))
