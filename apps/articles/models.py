from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.validators import FileExtensionValidator, URLValidator
from django.db import models
from django.db.models.expressions import CombinedExpression, RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from apps.articles import search_terms, sqlite_fts
from apps.articles.markup import (
    plain_text,
    reading_minutes,
    render_markdown,
    without_control_characters,
)
from apps.lifestyle.habits import HABITS_BY_FIELD, Habit

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10
# Highlight markers for search snippets: control characters never survive into body_text,
# so the snippet can be escaped whole and only these turned into <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"
# Paths under /articles/ that an article slug would shadow.
RESERVED_SLUGS = {"feed", "category"}
# Cleaned of control characters on save: they reach the Atom feed, which cannot carry them.
TEXT_FIELDS = ("title", "summary", "body", "image_alt")
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_SIGNATURES = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"RIFF")


def validate_habits(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError("Habits must be a list of habit names.")
    unknown = sorted(set(value) - set(HABITS_BY_FIELD))
    if unknown:
        raise ValidationError(
            "Unknown habit: %(names)s. Choose from the habits the daily log records.",
            params={"names": ", ".join(unknown)},
        )


def validate_sources(value: object) -> None:
    if not isinstance(value, list):
        raise ValidationError("Sources must be a list of {title, url} entries.")
    check_url = URLValidator(schemes=["http", "https"])
    for source in value:
        if not isinstance(source, dict) or not str(source.get("title", "")).strip():
            raise ValidationError("Each source needs a title and a URL.")
        try:
            check_url(source.get("url", ""))
        except ValidationError as error:
            raise ValidationError(
                "“%(url)s” is not an http(s) address.", params={"url": source.get("url")}
            ) from error


def validate_image_file(upload: File[bytes]) -> None:
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError("Images can be at most 2 MB.")
    head = upload.read(12)
    upload.seek(0)
    is_webp = head.startswith(b"RIFF") and head[8:12] == b"WEBP"
    if not (head.startswith(IMAGE_SIGNATURES[:2]) or is_webp):
        raise ValidationError("Upload a JPEG, PNG or WebP image.")


def _postgres_query(text: str) -> SearchQuery | None:
    """None for a text with no words. websearch syntax accepts any string (quotes, "or",
    "-word") without a syntax error. A
    word with another spelling (see search_terms) matches either: it leaves the websearch text
    and joins the query as "this spelling or that one"."""
    words = text.split()[:MAX_QUERY_WORDS]
    widened = [word for word in words if len(search_terms.spellings(word)) > 1]
    rest = " ".join(word for word in words if word not in widened)
    query = SearchQuery(rest, search_type="websearch", config=SEARCH_CONFIG) if rest else None
    for word in widened:
        first, other = search_terms.spellings(word)
        either = SearchQuery(first, config=SEARCH_CONFIG) | SearchQuery(other, config=SEARCH_CONFIG)
        query = either if query is None else query & either
    return query


def search_vector() -> CombinedExpression:
    """Must stay identical to the expression of the GIN index made in migration 0002,
    or PostgreSQL cannot use the index."""
    return (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body_text", weight="C", config=SEARCH_CONFIG)
    )


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:category", args=[self.slug])


class ArticleQuerySet(models.QuerySet["Article"]):
    def published(self, now: datetime | None = None) -> "ArticleQuerySet":
        now = now or timezone.now()
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now)

    def for_habit(self, habit_field: str) -> "ArticleQuerySet":
        # The JSON text of the list holds each habit name in quotes: '"water_ml"' matches
        # that habit and no other (works on SQLite, which lacks JSON containment).
        return self.filter(habits__icontains=f'"{habit_field}"')

    def in_category(self, category: Category) -> "ArticleQuerySet":
        return self.filter(category=category)

    def search(self, text: str) -> "ArticleQuerySet":
        text = " ".join(text.split())[:MAX_QUERY_LENGTH]
        if not text:
            return self.none()
        if settings.IS_POSTGRES:
            return self._full_text_search(text)
        return self._sqlite_search(text)

    def _full_text_search(self, text: str) -> "ArticleQuerySet":
        query = _postgres_query(text)
        if query is None:
            return self.none()
        snippet = SearchHeadline(
            "body_text",
            query,
            config=SEARCH_CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_STOP,
            max_words=35,
            min_words=15,
        )
        return (
            self.annotate(search=search_vector())
            .filter(search=query)
            .annotate(rank=SearchRank(search_vector(), query), snippet=snippet)
            .order_by("-rank", "-published_at")
        )

    def _sqlite_search(self, text: str) -> "ArticleQuerySet":
        match = search_terms.fts5_match(text)
        if not match:
            return self.none()
        # SQL from constants; the search text is only ever a parameter (and fts5_match quotes
        # every word, so FTS5 reads none of it as syntax).
        table = sqlite_fts.TABLE

        def per_article(select: str, *params: object) -> RawSQL:
            sql = (
                f"SELECT {select} FROM {table} "  # noqa: S608
                f"WHERE {table} MATCH %s AND {table}.rowid = articles_article.id"
            )
            return RawSQL(sql, (*params, match))  # noqa: S611

        # bm25 is lower for a better match; title, summary and body weigh as on PostgreSQL.
        rank = per_article(f"bm25({table}, 10.0, 4.0, 1.0)")
        snippet = per_article(f"snippet({table}, 2, %s, %s, '…', 35)", MARK_START, MARK_STOP)
        matching = RawSQL(  # noqa: S611
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s",  # noqa: S608
            (match,),
        )
        return (
            self.filter(pk__in=matching)
            .annotate(rank=rank, snippet=snippet)
            .order_by("rank", "-published_at")
        )


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200,
        unique=True,
        help_text="The end of the article's address: /articles/<slug>/.",
        error_messages={
            "unique": "Another article already uses this slug. Change it to something unique."
        },
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences: shown in lists, search results and feeds."
    )
    body = models.TextField(help_text="Markdown. Rendered and cleaned when you save.")
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(editable=False, default="")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "publish time",
        null=True,
        blank=True,
        help_text="A future time schedules the article. Left empty, publishing sets it to now.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    habits = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_habits],
        help_text="The daily-log habits this article explains.",
    )
    sources = models.JSONField(default=list, blank=True, validators=[validate_sources])
    image = models.FileField(
        upload_to="articles/%Y/",
        blank=True,
        validators=[
            FileExtensionValidator(["jpg", "jpeg", "png", "webp"]),
            validate_image_file,
        ],
    )
    image_alt = models.CharField(
        "image description",
        max_length=200,
        blank=True,
        help_text="Required with an image: what the image shows, for people who cannot see it.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Serves the public list: published articles, newest first.
            models.Index(fields=["status", "-published_at"], name="articles_status_pub_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        for name in TEXT_FIELDS:
            setattr(self, name, without_control_characters(getattr(self, name)))
        self.body_html = render_markdown(self.body)
        self.body_text = plain_text(self.body_html)
        self.reading_minutes = reading_minutes(self.body_text)
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields, "body_html", "body_text", "reading_minutes", "published_at"
            }  # fmt: skip
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", args=[self.slug])

    def clean(self) -> None:
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"“{self.slug}” is a reserved address: choose another."})
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": "Describe the image for people who cannot see it."})

    @property
    def is_live(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def byline(self) -> str:
        # Never the author's email address: that stays private.
        return (self.author.display_name if self.author else "") or f"The {settings.SITE_NAME} team"

    @property
    def habit_list(self) -> list[Habit]:
        return [HABITS_BY_FIELD[field] for field in self.habits if field in HABITS_BY_FIELD]

    @property
    def snippet_html(self) -> SafeString:
        snippet = getattr(self, "snippet", None) or self.summary
        marked = escape(snippet).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
        return mark_safe(marked)  # noqa: S308 (escaped above; only our markers become tags)
