from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_sqlite_search(sender: AppConfig, using: str, **kwargs: object) -> None:
    # A later migration that alters articles_article makes Django rebuild the table on
    # SQLite, dropping the search triggers with it: put them back (see sqlite_fts).
    from django.db import connections

    from apps.articles import sqlite_fts

    sqlite_fts.ensure_triggers(connections[using])


class ArticlesConfig(AppConfig):
    name = "apps.articles"
    label = "articles"

    def ready(self) -> None:
        post_migrate.connect(_ensure_sqlite_search, sender=self)
