from django.db import migrations

from apps.articles import sqlite_fts


def create(apps, schema_editor) -> None:
    # SQLite only: PostgreSQL searches with its own full-text index (0002_search_index).
    sqlite_fts.ensure_triggers(schema_editor.connection)


def drop(apps, schema_editor) -> None:
    sqlite_fts.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editors_group")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
