from datetime import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from apps.articles.models import Article, Category


class ArticleSitemap(Sitemap[Article]):
    changefreq = "monthly"
    priority = 0.7

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().only("slug", "updated_at")

    def lastmod(self, item: Article) -> datetime:
        return item.updated_at


class CategorySitemap(Sitemap[Category]):
    changefreq = "weekly"
    priority = 0.5

    def items(self) -> QuerySet[Category]:
        return Category.objects.filter(articles__in=Article.objects.published()).distinct()


class PublicPagesSitemap(Sitemap[str]):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        return ["landing", "articles:list", "privacy"]

    def location(self, item: str) -> str:
        return reverse(item)


# Without the sites framework, the sitemap view builds absolute addresses from the request.
SITEMAPS = {"pages": PublicPagesSitemap, "articles": ArticleSitemap, "categories": CategorySitemap}
