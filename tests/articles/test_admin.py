import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from apps.articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, DailyLogFactory, UserFactory

NOW = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)


def article_form(category, **overrides) -> dict:
    data = {
        "title": "Fibre feeds your gut",
        "slug": "fibre-feeds-your-gut",
        "summary": "Why plants matter.",
        "category": category.pk,
        "body": "Eat **beans**.\n\n<script>alert(1)</script>",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "habits": ["fruit_veg_servings", "whole_grain_servings"],
        "sources": "WHO healthy diet | https://www.who.int/news-room/fact-sheets/detail/healthy-diet",
        "image_alt": "",
    }
    data.update(overrides)
    return data


def test_the_editors_group_can_manage_articles_and_categories_only(db):
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    assert codenames == {
        ("articles", f"{action}_{model}")
        for action in ("add", "change", "delete", "view")
        for model in ("article", "category")
    }


def test_an_editor_sees_the_article_list_with_its_columns(editor_client):
    ArticleFactory(title="Listed article")
    response = editor_client.get("/admin/articles/article/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Listed article" in html
    for column in ("Status", "Category", "Publish time", "Author"):
        assert column in html


def test_an_editor_writes_a_draft_which_is_rendered_safely(editor_client, editor):
    category = CategoryFactory()
    response = editor_client.post("/admin/articles/article/add/", article_form(category))
    assert response.status_code == 302
    article = Article.objects.get(slug="fibre-feeds-your-gut")
    assert article.author == editor
    assert article.status == "draft"
    assert article.published_at is None
    assert article.habits == ["fruit_veg_servings", "whole_grain_servings"]
    assert article.sources[0]["title"] == "WHO healthy diet"
    assert "<script" not in article.body_html
    change_page = editor_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert b'<div class="article-preview"><p>Eat <strong>beans</strong>.</p>' in (
        change_page.content
    )
    assert b"WHO healthy diet | https://www.who.int/" in change_page.content


def test_the_add_page_fills_the_slug_from_the_title(editor_client):
    response = editor_client.get("/admin/articles/article/add/")
    assert response.status_code == 200
    assert b"django-admin-prepopulated-fields-constants" in response.content
    assert b"&quot;dependency_ids&quot;: [&quot;#id_title&quot;]" in response.content
    assert b"Save the article (as a draft, if you like) to see it rendered here." in (
        response.content
    )


def test_a_duplicate_slug_gets_a_clear_error(editor_client):
    existing = ArticleFactory(slug="fibre-feeds-your-gut")
    response = editor_client.post("/admin/articles/article/add/", article_form(existing.category))
    assert response.status_code == 200
    assert b"Another article already uses this slug." in response.content
    assert Article.objects.count() == 1


def test_a_badly_written_source_line_gets_a_clear_error(editor_client):
    data = article_form(CategoryFactory(), sources="WHO without an address")
    response = editor_client.post("/admin/articles/article/add/", data)
    assert b"Line 1: write the title, a | and the address." in response.content


def test_an_unknown_habit_is_refused_by_the_form(editor_client):
    data = article_form(CategoryFactory(), habits=["smoking"])
    response = editor_client.post("/admin/articles/article/add/", data)
    assert b"Select a valid choice." in response.content
    assert not Article.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_publish_sets_the_time_now_and_keeps_a_scheduled_time(editor_client):
    draft = ArticleFactory(status="draft", published_at=None)
    planned = ArticleFactory(status="draft", published_at=NOW + dt.timedelta(days=3))
    response = editor_client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [draft.pk, planned.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    planned.refresh_from_db()
    assert (draft.status, draft.published_at) == ("published", NOW)
    assert (planned.status, planned.published_at) == ("published", NOW + dt.timedelta(days=3))
    assert list(Article.objects.published()) == [draft]


def test_unpublish_moves_articles_back_to_draft(editor_client, client):
    article = ArticleFactory()
    editor_client.post(
        "/admin/articles/article/", {"action": "unpublish", "_selected_action": [article.pk]}
    )
    article.refresh_from_db()
    assert article.status == "draft"
    client.logout()
    assert client.get(f"/articles/{article.slug}/").status_code == 404


def test_an_editor_cannot_reassign_the_author(editor_client, editor):
    other = UserFactory(is_staff=True)
    data = article_form(CategoryFactory(), author=other.pk)
    editor_client.post("/admin/articles/article/add/", data)
    assert Article.objects.get().author == editor


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("/admin/lifestyle/", (403, 404)),
        ("/admin/lifestyle/dailylog/", (403, 404)),
        ("/admin/mood/", (403, 404)),
        ("/admin/mood/moodcheckin/", (403, 404)),
        ("/admin/accounts/", (403, 404)),
        ("/admin/accounts/user/", (403, 404)),
        ("/admin/auth/group/", (403, 404)),
    ],
)
def test_an_editor_cannot_open_health_data_or_accounts(editor_client, url, refused):
    DailyLogFactory()
    assert editor_client.get(url).status_code in refused


def test_the_admin_index_shows_an_editor_only_articles(editor_client):
    html = editor_client.get("/admin/").content.decode()
    assert "/admin/articles/article/" in html
    for hidden in ("/admin/lifestyle/", "/admin/mood/", "/admin/accounts/", "/admin/auth/"):
        assert hidden not in html


def test_a_plain_user_is_refused_the_admin(client, person):
    client.force_login(person)
    for url in ("/admin/", "/admin/articles/article/", "/admin/lifestyle/dailylog/"):
        assert client.get(url, follow=True).status_code == 403


def test_a_signed_out_visitor_is_sent_to_the_allauth_login(client, db):
    response = client.get("/admin/articles/article/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert response.status_code == 200


def test_create_staff_with_editor_joins_the_editors_group(db):
    call_command(
        "create_staff", email="new.editor@example.org", password="a-long-password-1", editor=True
    )
    user = UserFactory._meta.model.objects.get(email="new.editor@example.org")
    assert user.is_staff and not user.is_superuser
    assert user.has_perm("articles.change_article")
    assert not user.has_perm("lifestyle.view_dailylog")
    assert not user.has_perm("accounts.view_user")


def test_updated_time_moves_when_an_editor_saves(editor_client):
    article = ArticleFactory()
    before = article.updated_at
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1), tick=False):
        data = article_form(article.category, slug=article.slug, status="published")
        data["published_at_0"] = article.published_at.strftime("%Y-%m-%d")
        data["published_at_1"] = article.published_at.strftime("%H:%M:%S")
        response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.updated_at > before


def test_view_on_site_leads_an_editor_to_the_draft_preview(editor_client):
    article = ArticleFactory(status="draft", published_at=None)
    change_page = editor_client.get(f"/admin/articles/article/{article.pk}/change/")
    assert b"View on site" in change_page.content
    response = editor_client.get(change_page.context["original"].get_absolute_url())
    assert response.status_code == 200
    shortcut = editor_client.get(
        f"/admin/r/{change_page.context['content_type_id']}/{article.pk}/", follow=True
    )
    assert shortcut.redirect_chain[-1][0].endswith(f"/articles/{article.slug}/")
    assert b"Preview: this article is a draft" in shortcut.content


def test_a_superuser_can_save_a_seeded_article_and_choose_only_staff_authors(client, db):
    call_command("seed_articles")
    admin = UserFactory(is_staff=True, is_superuser=True)
    UserFactory(email="plain@example.org")
    client.force_login(admin)
    article = Article.objects.get(slug="water-and-hydration")
    page = client.get(f"/admin/articles/article/{article.pk}/change/")
    choices = {str(user) for user in page.context["adminform"].form.fields["author"].queryset}
    assert choices == {admin.email, "editors@gutmind.localhost"}
    data = article_form(article.category, slug=article.slug, author=article.author_id)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302
