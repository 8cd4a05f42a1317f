from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from apps.articles.markup import without_control_characters as xml_safe
from apps.articles.models import Article

FEED_SIZE = 20


class ArticleFeed(Feed[Article, None]):
    # Every text passes xml_safe: one control character left in a row written before save()
    # cleaned them would make the whole feed a 500 for every reader.
    feed_type = Atom1Feed
    title = f"{settings.SITE_NAME} articles"
    subtitle = "Short, sourced articles on the gut, the mind and everyday habits."
    link = reverse_lazy("articles:list")

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().select_related("author")[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return xml_safe(item.title)

    def item_description(self, item: Article) -> str:
        return xml_safe(item.summary)

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return xml_safe(item.byline)
