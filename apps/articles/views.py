from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from apps.articles.models import MAX_QUERY_LENGTH, Article, ArticleQuerySet, Category

PAGE_SIZE = 10
RELATED_COUNT = 3


def _listed(articles: ArticleQuerySet) -> ArticleQuerySet:
    return articles.select_related("category", "author").defer("body", "body_html")


def _page(request: HttpRequest, articles: QuerySet[Article]) -> Page[Article]:
    # get_page turns a missing, malformed or too-large page number into a real page.
    return Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))


def _param(request: HttpRequest, name: str) -> str:
    # PostgreSQL refuses a NUL in any string it is sent: a 500 for a typed-in address.
    return request.GET.get(name, "").replace("\x00", "")


def _render_list(
    request: HttpRequest, articles: ArticleQuerySet, category: Category | None
) -> HttpResponse:
    raw_query = _param(request, "q")
    query = " ".join(raw_query.split())
    if query:
        articles = articles.search(query)
    context = {
        "page": _page(request, _listed(articles)),
        "categories": list(Category.objects.all()),
        "category": category,
        "query": query[:MAX_QUERY_LENGTH],
        "query_shortened": len(query) > MAX_QUERY_LENGTH,
    }
    return render(request, "articles/list.html", context)


def article_list(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published()
    category = None
    if slug := _param(request, "category"):
        category = Category.objects.filter(slug=slug).first()
        articles = articles.in_category(category) if category else articles.none()
    return _render_list(request, articles, category)


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    return _render_list(request, Article.objects.published().in_category(category), category)


def _visible_articles(request: HttpRequest) -> ArticleQuerySet:
    # Editors preview drafts and scheduled articles; everyone else sees only live ones.
    if request.user.has_perm("articles.view_article"):
        return Article.objects.all()
    return Article.objects.published()


def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(
        _visible_articles(request).select_related("category", "author"), slug=slug
    )
    related = _listed(
        Article.objects.published().in_category(article.category).exclude(pk=article.pk)
    )[:RELATED_COUNT]
    context = {
        "article": article,
        "related": list(related),
        "canonical": request.build_absolute_uri(article.get_absolute_url()),
        "image_url": request.build_absolute_uri(article.image.url) if article.image else "",
    }
    return render(request, "articles/detail.html", context)
