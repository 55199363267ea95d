"""Matching and ranking documents on PostgreSQL (tsvector) and SQLite (FTS5); see the
package's docstring. Imports no model: it works on whatever document queryset it is given."""

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField, Func, Value
from django.db.models.expressions import Col, RawSQL

from .query import parse_query

CONFIG = "catalogue_search"
VECTOR_COLUMN = "search_vector"
FTS_TABLE = "catalogue_document_fts"

# PostgreSQL's parser reads "502597/sh" as one file-path token, so "502597" alone would not
# find it, and it reads "<b>" or "&amp;" as markup, which ts_headline then leaves out of the
# snippet. The index and the snippets read the text with these characters swapped for
# look-alikes the parser treats as separators; snippets swap them back before escaping
# (snippets.py).
PG_PLAIN = "/<>&"
PG_LOOKALIKES = "\u2044\uff1c\uff1e\uff06"


class _DocumentColumn(Expression):
    """A column of catalogue_document that is not a model field (the PostgreSQL vector),
    qualified with whatever alias the document table has in the query being built."""

    def __init__(self, column, output_field):
        super().__init__(output_field=output_field)
        self.column = column

    def resolve_expression(
        self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False
    ):
        target = self.output_field.clone()
        target.set_attributes_from_name(self.column)
        return Col(query.get_initial_alias(), target, self.output_field)


class _FtsMatch(Func):
    """``catalogue_document_fts MATCH ...`` joined to the document row (FTS5 only)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, pk, match):
        super().__init__(pk)
        self.match = match

    def as_sql(self, compiler, connection, **extra):
        pk_sql, pk_params = compiler.compile(self.source_expressions[0])
        # The unary plus keeps SQLite from probing the FTS table once per document by rowid
        # (re-running the MATCH each time: 40 s at 100,000 documents); it must scan the
        # matches once and look each document up by primary key (40 ms).
        return (
            f'(+"{FTS_TABLE}"."rowid" = {pk_sql} AND "{FTS_TABLE}" MATCH %s)',
            (*pk_params, self.match),
        )


def _vector():
    return _DocumentColumn(VECTOR_COLUMN, SearchVectorField())


def pg_query(parsed):
    return SearchQuery(parsed.as_tsquery(), search_type="raw", config=CONFIG)


def search_documents(queryset, q):
    """Filter a document queryset to the matches of ``q`` and annotate ``rank`` (higher is
    better). A blank ``q`` returns the queryset unchanged; a query with nothing to look for
    returns no documents. Never raises on what a visitor types."""
    if not q or not q.strip():
        return queryset
    parsed = parse_query(q)
    if not parsed:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    if connections[queryset.db].vendor == "postgresql":
        query = pg_query(parsed)
        return queryset.filter(SearchVectorExact(_vector(), query)).annotate(
            # Normalisation 1 divides by the log of the length, so long documents do not win
            # only by being long (as bm25 does on SQLite).
            rank=SearchRank(_vector(), query, normalization=Value(1))
        )
    # FTS5's bm25 needs the virtual table in the FROM clause of the same query as its MATCH,
    # which only extra(tables=...) gives a queryset; a correlated subquery per row would
    # recount every term's documents once per row.
    return (
        queryset.extra(tables=[FTS_TABLE])
        .filter(_FtsMatch(F("pk"), parsed.as_fts5()))
        .annotate(rank=RawSQL(f'-bm25("{FTS_TABLE}", 10.0, 1.0)', (), output_field=FloatField()))
    )
