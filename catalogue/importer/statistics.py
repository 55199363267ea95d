"""Planner statistics after a large write.

PostgreSQL plans queries from statistics that only ANALYZE gathers. On a server that runs with
autovacuum off (some hosts do) a freshly imported catalogue has none, and the planner guesses:
a person page once took 11 s until the tables were analysed by hand. So `import_seeds` and
`import_catalogue` analyse the catalogue's tables themselves once they have written at least
`ANALYZE_MIN_DOCUMENTS` documents. Below that a few rows do not move the estimates, and on a
server with autovacuum on its own ANALYZE follows soon anyway. SQLite's query planner reads
the same command's `sqlite_stat1` table.
"""

from django.apps import apps
from django.db import connection

# About thirty rows per document go into the catalogue's tables (people mentioned,
# recipients, requests, events, history), so 200 documents are several thousand rows.
ANALYZE_MIN_DOCUMENTS = 200


def catalogue_tables():
    """The catalogue's own tables (history and many-to-many tables included), as they exist."""
    existing = set(connection.introspection.table_names())
    tables = set()
    for model in apps.get_app_config("catalogue").get_models(include_auto_created=True):
        tables.add(model._meta.db_table)
    return sorted(tables & existing)


def analyze_catalogue(documents_written, *, minimum=None):
    """ANALYZE the catalogue's tables when DOCUMENTS_WRITTEN reaches the threshold; return
    the tables analysed (empty when below it)."""
    if documents_written < (ANALYZE_MIN_DOCUMENTS if minimum is None else minimum):
        return []
    tables = catalogue_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {quote(table)}")
    return tables
