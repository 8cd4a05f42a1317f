from django.db import migrations

# The same expression as apps.articles.models.search_vector(): PostgreSQL uses an expression
# index only for a query that repeats the expression exactly. Serves /articles/?q=.
INDEX_NAME = "articles_article_search_idx"
CREATE_INDEX = f"""
CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin ((
    (setweight(to_tsvector('english'::regconfig, COALESCE(title, '')), 'A')
     || setweight(to_tsvector('english'::regconfig, COALESCE(summary, '')), 'B'))
    || setweight(to_tsvector('english'::regconfig, COALESCE(body_text, '')), 'C')
))
"""
DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def create_index(apps, schema_editor) -> None:
    # SQLite has no full-text index of this kind; search falls back to plain matching there.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_INDEX)


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_INDEX)


class Migration(migrations.Migration):
    dependencies = [("articles", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
