from typing import Any

from django.contrib import admin, messages
from django.db.models import ForeignKey, Q, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from apps.accounts.models import User
from apps.articles.forms import ArticleAdminForm
from apps.articles.models import Article, Category
from gutmind.admin_lists import CalmFiltersAdmin


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin[Category]):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(CalmFiltersAdmin[Article]):
    form = ArticleAdminForm
    list_display = ["title", "status", "category", "published_at", "author", "updated_at"]
    list_filter = ["status", "category", "published_at"]
    list_select_related = ["category", "author"]
    search_fields = ["title", "summary", "body"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["preview", "reading_minutes", "updated_at"]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "category", "body"]}),
        ("Publishing", {"fields": ["status", "published_at", "author", "updated_at"]}),
        ("What it explains", {"fields": ["habits", "sources"]}),
        ("Image", {"fields": ["image", "image_alt"], "classes": ["collapse"]}),
        ("Preview", {"fields": ["preview", "reading_minutes"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None) -> list[str]:
        # Only superusers reassign authorship: the author list would otherwise show editors
        # every staff address.
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("author")
        return fields

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.name == "author":
            # Staff, plus anyone already credited (the seeded byline account is not staff).
            credited = User.objects.filter(Q(is_staff=True) | Q(articles__isnull=False))
            kwargs["queryset"] = credited.distinct().order_by("email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(
        self, request: HttpRequest, obj: Article, form: ArticleAdminForm, change: bool
    ) -> None:
        # The admin is signed-in staff only: request.user is always a User here.
        if obj.author_id is None and isinstance(request.user, User):
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Rendered article")
    def preview(self, obj: Article) -> str:
        if not obj.pk:
            return "Save the article (as a draft, if you like) to see it rendered here."
        return format_html(
            '<p><a href="{}" target="_blank" rel="noopener">Open the reader\'s page</a>'
            " (drafts and scheduled articles are visible to editors only)</p>"
            '<div class="article-preview">{}</div>',
            obj.get_absolute_url(),
            mark_safe(obj.body_html),  # noqa: S308 (sanitised by nh3 when saved)
        )

    @admin.action(description="Publish the selected articles now", permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        # A scheduled article keeps its future time; one without a time goes live now.
        drafts = queryset.exclude(status=Article.Status.PUBLISHED)
        undated = drafts.filter(published_at__isnull=True).update(
            status=Article.Status.PUBLISHED, published_at=timezone.now(), updated_at=timezone.now()
        )
        dated = drafts.update(status=Article.Status.PUBLISHED, updated_at=timezone.now())
        self.message_user(request, f"Published {undated + dated} article(s).", messages.SUCCESS)

    @admin.action(description="Unpublish the selected articles", permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = queryset.filter(status=Article.Status.PUBLISHED).update(
            status=Article.Status.DRAFT, updated_at=timezone.now()
        )
        self.message_user(request, f"Moved {count} article(s) back to draft.", messages.SUCCESS)
