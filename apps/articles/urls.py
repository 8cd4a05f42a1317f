from django.urls import path

from apps.articles import views
from apps.articles.feeds import ArticleFeed

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("feed/", ArticleFeed(), name="feed"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("<slug:slug>/", views.article_detail, name="detail"),
]
