"""Full-text search over documents, on PostgreSQL and on SQLite.

Visitors type the syntax they know from web search engines: plain words (all must match),
"quoted phrases", ``OR`` between alternatives and ``-word`` to leave a word out. The query is
parsed here, once, into a small tree, and rendered for each backend from that tree, so both
backends understand the same syntax and nothing a visitor types reaches the database as syntax:
every word is quoted, and characters that are not letters or digits only separate words.

PostgreSQL
    ``catalogue_document.search_vector`` is a stored generated column (added by migration
    0002, not a model field, because SQLite cannot compute it) with a GIN index. It is built
    with the text search configuration ``catalogue_search``: English stemming, with the
    ``unaccent`` dictionary in front of it, so "Zhōu" and "Zhou" give the same lexeme both in
    the index and in the query, and ``ts_headline`` can still show the text with its accents.
    Queries go through ``websearch_to_tsquery``; ranking is ``ts_rank`` with titles weighted
    above the rest.

SQLite
    ``catalogue_document_fts`` is an FTS5 external-content table over the title and search
    text, kept in step by triggers, tokenised by ``porter unicode61 remove_diacritics 2`` (the
    Porter stemmer matches PostgreSQL's English stemming, so "regiment" finds "regiments" on
    both). Ranking is ``bm25`` with titles weighted ten to one.

In both, ``rank`` is higher for better matches, and snippets are computed only for the
documents of the page being shown, in one query.

The package, in the order a query travels through it:

``query``
    What a visitor typed, parsed into a tree and rendered for either backend. Pure Python.
``backends``
    ``search_documents``: a document queryset filtered to the matches and ranked. Imports no
    model, so that ``catalogue.models`` can offer it as ``Document.objects.search()``.
``snippets``
    ``highlight``: the marked extracts a result page shows. Reads the models.
``schema``
    The SQL that creates the index on each backend (migration 0002) and keeps SQLite's
    triggers in place.
"""
