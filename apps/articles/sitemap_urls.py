"""/sitemap.xml, included at the site root by gutmind/urls.py."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from apps.articles.sitemaps import SITEMAPS

urlpatterns = [
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
