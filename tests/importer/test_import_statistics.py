"""A large import leaves the query planner statistics (ANALYZE), so that the catalogue's pages
are planned well on a server that runs with autovacuum off."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from catalogue.importer import statistics
from catalogue.models import Document

pytestmark = pytest.mark.django_db


def planner_rows(table):
    """What the planner believes TABLE holds: pg_class.reltuples on PostgreSQL (-1 before
    any ANALYZE), the row count sqlite_stat1 records on SQLite (None before any ANALYZE)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return None if row is None else int(row[0].split()[0])


def import_synthetic(tmp_path, count):
    call_command("make_synthetic_corpus", count=count, seed=5, output=str(tmp_path), verbosity=0)
    out = StringIO()
    call_command("import_seeds", str(tmp_path), verbosity=2, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_an_import_above_the_threshold_analyses_the_catalogue(tmp_path, monkeypatch):
    monkeypatch.setattr(statistics, "ANALYZE_MIN_DOCUMENTS", 6)
    table = Document._meta.db_table
    before = planner_rows(table)
    out = import_synthetic(tmp_path, 6)
    assert Document.objects.count() == 6
    assert before != 6
    assert planner_rows(table) == 6
    assert "Analysed" in out
    # The history, many-to-many and people tables are analysed too.
    assert planner_rows(Document.history.model._meta.db_table) == 6


def test_a_small_import_leaves_the_statistics_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(statistics, "ANALYZE_MIN_DOCUMENTS", 6)
    table = Document._meta.db_table
    before = planner_rows(table)
    out = import_synthetic(tmp_path, 5)
    assert Document.objects.count() == 5
    assert planner_rows(table) == before
    assert "Analysed" not in out


def test_only_the_catalogue_tables_are_analysed():
    tables = statistics.catalogue_tables()
    assert Document._meta.db_table in tables
    assert Document.people_mentioned.through._meta.db_table in tables
    assert all(table.startswith("catalogue_") for table in tables)
    assert statistics.analyze_catalogue(5, minimum=6) == []
