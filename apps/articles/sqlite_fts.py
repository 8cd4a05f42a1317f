# ruff: noqa: S608 (the SQL here is built from this module's constants only; no input reaches it)
"""Article search on SQLite (the embedded default): an FTS5 table with the porter stemmer,
kept in step with articles_article by triggers, so every way of writing an article (save,
bulk_create, a queryset update, the admin, a raw UPDATE) updates the index too.

The table holds no copy of the text (content='articles_article'); FTS5 reads the rows by id.
Django rebuilds a SQLite table (and drops its triggers) when a later migration alters it, so
`ensure_triggers` runs after every migrate as well as in the migration that creates them.
"""

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper

TABLE = "articles_article_fts"
COLUMNS = "title, summary, body_text"
CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({COLUMNS}, "
    "content='articles_article', content_rowid='id', "
    "tokenize='porter unicode61 remove_diacritics 2')"
)
_NEW = "new.id, new.title, new.summary, new.body_text"
_OLD = "'delete', old.id, old.title, old.summary, old.body_text"
TRIGGERS = {
    f"{TABLE}_insert": (
        f"AFTER INSERT ON articles_article BEGIN "
        f"INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES ({_NEW}); END"
    ),
    f"{TABLE}_delete": (
        f"AFTER DELETE ON articles_article BEGIN "
        f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) VALUES ({_OLD}); END"
    ),
    f"{TABLE}_update": (
        f"AFTER UPDATE ON articles_article BEGIN "
        f"INSERT INTO {TABLE}({TABLE}, rowid, {COLUMNS}) VALUES ({_OLD}); "
        f"INSERT INTO {TABLE}(rowid, {COLUMNS}) VALUES ({_NEW}); END"
    ),
}
REBUILD = f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')"


def missing_triggers(cursor: CursorWrapper) -> list[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    present = {name for (name,) in cursor.fetchall()}
    return [name for name in TRIGGERS if name not in present]


def ensure_triggers(connection: BaseDatabaseWrapper) -> None:
    """Create the table and any missing trigger; rebuild the index if a trigger was missing
    (writes made meanwhile were not indexed)."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(CREATE_TABLE)
        missing = missing_triggers(cursor)
        for name in missing:
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {TRIGGERS[name]}")
        if missing:
            cursor.execute(REBUILD)


def drop(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
