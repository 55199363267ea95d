"""Full-text search: a tsvector column with a GIN index on PostgreSQL, an FTS5 table on SQLite.

The SQL lives in catalogue.search.schema, beside the queries that depend on it.
"""

from django.db import migrations

from catalogue.search import schema as search


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": search.PG_INSTALL, "sqlite": search.SQLITE_INSTALL}.get(vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"postgresql": search.PG_UNINSTALL, "sqlite": search.SQLITE_UNINSTALL}.get(
        vendor, []
    )
    for sql in statements:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
