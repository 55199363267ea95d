"""The SQL that creates the search index on each backend (run by migration 0002) and keeps
SQLite's triggers in place; see the package's docstring."""

from django.db import connections

from .backends import CONFIG, FTS_TABLE, PG_LOOKALIKES, PG_PLAIN, VECTOR_COLUMN

# --- Schema: created by migration 0002; the SQLite triggers are also restored after any
# later migration, because SQLite rebuilds a table (dropping its triggers) to alter it.

PG_INSTALL = [
    # unaccent is a trusted extension: a database owner may create it without superuser.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = pg_catalog.english)",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR "
    "word, hword, hword_part, numword, numhword, hword_numpart WITH unaccent, english_stem",
    # to_tsvector with an explicit configuration is immutable, so it may compute a stored
    # generated column; folding through the configuration (rather than storing folded text)
    # keeps the original text for ts_headline to show.
    f"""ALTER TABLE catalogue_document ADD COLUMN {VECTOR_COLUMN} tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('{CONFIG}'::regconfig,
            translate(coalesce(title, ''), '{PG_PLAIN}', '{PG_LOOKALIKES}')), 'A')
        || setweight(to_tsvector('{CONFIG}'::regconfig,
            translate(coalesce(search_text, ''), '{PG_PLAIN}', '{PG_LOOKALIKES}')), 'B')
    ) STORED""",
    f"CREATE INDEX catalogue_document_search_vector ON catalogue_document "
    f"USING gin ({VECTOR_COLUMN})",
]
# The extension stays: other objects may have come to use it.
PG_UNINSTALL = [
    "DROP INDEX IF EXISTS catalogue_document_search_vector",
    f"ALTER TABLE catalogue_document DROP COLUMN IF EXISTS {VECTOR_COLUMN}",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]

_FTS_ROW = "rowid, title, search_text"
SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert
        AFTER INSERT ON catalogue_document BEGIN
        INSERT INTO {FTS_TABLE}({_FTS_ROW}) VALUES (new.id, new.title, new.search_text);
        END""",
    f"{FTS_TABLE}_delete": f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete
        AFTER DELETE ON catalogue_document BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, {_FTS_ROW})
            VALUES ('delete', old.id, old.title, old.search_text);
        END""",
    f"{FTS_TABLE}_update": f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
        AFTER UPDATE OF title, search_text ON catalogue_document BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, {_FTS_ROW})
            VALUES ('delete', old.id, old.title, old.search_text);
        INSERT INTO {FTS_TABLE}({_FTS_ROW}) VALUES (new.id, new.title, new.search_text);
        END""",
}
SQLITE_INSTALL = [
    f"""CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(
        title, search_text, content='catalogue_document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    *SQLITE_TRIGGERS.values(),
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_UNINSTALL = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in SQLITE_TRIGGERS),
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def restore_sqlite_triggers(using="default", **kwargs):
    """Recreate the FTS5 triggers if a migration rebuilt catalogue_document without them,
    and rebuild the index, which may have missed writes. Connected to post_migrate."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if FTS_TABLE not in present or present >= set(SQLITE_TRIGGERS):
            return
        for sql in SQLITE_TRIGGERS.values():
            cursor.execute(sql)
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
