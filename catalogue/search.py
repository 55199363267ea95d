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
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.db import connections
from django.db.models import BooleanField, Expression, F, FloatField, Func, Value
from django.db.models.expressions import Col, RawSQL
from django.utils.html import format_html
from django.utils.safestring import SafeString

CONFIG = "catalogue_search"
VECTOR_COLUMN = "search_vector"
FTS_TABLE = "catalogue_document_fts"

# PostgreSQL's parser reads "502597/sh" as one file-path token, so "502597" alone would not
# find it, and it reads "<b>" or "&amp;" as markup, which ts_headline then leaves out of the
# snippet. The index and the snippets read the text with these characters swapped for
# look-alikes the parser treats as separators; snippets swap them back before escaping.
PG_PLAIN = "/<>&"
PG_LOOKALIKES = "\u2044\uff1c\uff1e\uff06"
_FROM_LOOKALIKES = str.maketrans(PG_LOOKALIKES, PG_PLAIN)

# Markers placed around matches by ts_headline and snippet(); characters from Unicode's
# private use area, which no translation contains. The text is escaped first and the markers
# become <mark> tags afterwards, so no character of a document reaches the page unescaped.
MARK_START = "\ue000"
MARK_END = "\ue001"
ELLIPSIS = "\u2026"

# A word is a run of letters and digits, as both backends' tokenisers see it.
_WORD = re.compile(r"[^\W_]+")
# Long pasted paragraphs are cut here rather than handed to the database whole.
MAX_TERMS = 32


class SearchQueryError(ValueError):
    """A query that cannot be searched for; the message is meant for the visitor."""


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several words in order), possibly excluded with a leading ``-``."""

    words: tuple[str, ...]
    excluded: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    """Alternatives joined by OR; within each, every term must match (or must not, if excluded).

    Alternatives with nothing to look for (only exclusions, or only punctuation) are dropped
    when parsing: neither FTS5 nor a sensible result page can list "everything except".
    """

    alternatives: tuple[tuple[Term, ...], ...]
    dropped_exclusions: bool = False

    def __bool__(self):
        return bool(self.alternatives)

    def as_websearch(self):
        """The query in PostgreSQL's websearch syntax, every term quoted."""
        return " or ".join(
            " ".join(("-" if term.excluded else "") + _quote(term.words) for term in terms)
            for terms in self.alternatives
        )

    def as_fts5(self):
        """The query as an FTS5 MATCH expression, every term a quoted string."""
        groups = []
        for terms in self.alternatives:
            wanted = " AND ".join(_quote(t.words) for t in terms if not t.excluded)
            unwanted = "".join(f" NOT {_quote(t.words)}" for t in terms if t.excluded)
            groups.append(f"(({wanted}){unwanted})")
        return " OR ".join(groups)


def _quote(words):
    # Words hold only letters and digits, so a double-quoted string cannot be broken out of.
    return '"' + " ".join(words) + '"'


def _terms(q):
    """Split the raw query into terms and the string "or", following websearch_to_tsquery."""
    i, n = 0, len(q)
    while i < n:
        if q[i].isspace():
            i += 1
            continue
        excluded = q[i] == "-"
        if excluded:
            i += 1
            if i == n or q[i].isspace():
                continue
        if q[i] == '"':
            end = q.find('"', i + 1)
            end = n if end == -1 else end
            text, quoted, i = q[i + 1 : end], True, end + 1
        else:
            end = i
            while end < n and not q[end].isspace() and q[end] != '"':
                end += 1
            text, quoted, i = q[i:end], False, end
        if not quoted and not excluded and text.lower() == "or":
            yield "or"
            continue
        words = tuple(_WORD.findall(text))
        if words:
            yield Term(words, excluded)


def parse_query(q):
    """Parse what a visitor typed. Never raises; returns an empty ParsedQuery for blank or
    unusable input (check ``bool(parsed)``)."""
    alternatives, current, dropped, count = [], [], False, 0
    for token in _terms(q or ""):
        if token == "or":
            alternatives.append(current)
            current = []
            continue
        count += 1
        if count > MAX_TERMS:
            break
        current.append(token)
    alternatives.append(current)
    kept = []
    for terms in alternatives:
        if any(not term.excluded for term in terms):
            kept.append(tuple(terms))
        elif terms:
            dropped = True
    return ParsedQuery(tuple(kept), dropped_exclusions=dropped)


def validate_query(q):
    """Raise SearchQueryError with a message for a visitor when ``q`` gives nothing to search.

    Blank queries are fine (they mean "no search"); forms call this to explain an empty result
    before the database is asked.
    """
    if not q or not q.strip():
        return
    parsed = parse_query(q)
    if not parsed:
        if parsed.dropped_exclusions:
            raise SearchQueryError(
                "Add a word to look for: a search cannot consist only of words to leave out "
                "(those starting with -)."
            )
        raise SearchQueryError("Type at least one word or number to search for.")


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


def _pg_query(parsed):
    return SearchQuery(parsed.as_websearch(), search_type="websearch", config=CONFIG)


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
        query = _pg_query(parsed)
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


@dataclass(frozen=True)
class MatchedName:
    """A name of the people index that matched: ``name`` as indexed, and ``person``, the
    canonical name of whom it is a variant (None when ``name`` is the canonical name)."""

    name: str
    person: str | None = None


@dataclass(frozen=True)
class Snippet:
    """What a search hit shows: ``html``, escaped text with <mark>ed matches, and, when the
    document matched only through the names of the people in it, those ``names``."""

    html: SafeString
    names: tuple[MatchedName, ...] = ()


# Words of context shown around the first match, and of a text's start.
SNIPPET_WORDS = 30
WORDS_BEFORE_MATCH = 8


def highlight(documents, q):
    """Snippets for the documents of one page: ``{pk: Snippet}``, in one query (two when some
    documents matched only through people's names).

    ``search_text`` is the document's own words (title, numbers, text, summary, names as
    written) followed by an index of the names and variants of everyone involved. The
    database marks every match in the whole of it; the snippet is cut here from the document's
    own words only, so the names index never reaches the page. A document that matched only
    in that index shows the start of its text and which name matched ("Filippov", a variant
    of Joseph Stalin). Documents that do not match are left out. Everything taken from a
    document is escaped; only the <mark> tags around matches are markup.
    """
    from .models import Document

    pks = [document.pk for document in documents]
    if not pks or not q or not q.strip():
        return {}
    parsed = parse_query(q)
    if not parsed:
        return {}
    matches = search_documents(Document._default_manager.filter(pk__in=pks), q)
    postgresql = connections[matches.db].vendor == "postgresql"
    if postgresql:
        text = Func(F("search_text"), Value(PG_PLAIN), Value(PG_LOOKALIKES), function="translate")
        marked = SearchHeadline(
            text,
            _pg_query(parsed),
            config=CONFIG,
            start_sel=MARK_START,
            stop_sel=MARK_END,
            highlight_all=True,
        )
    else:
        marked = RawSQL(f'highlight("{FTS_TABLE}", 1, %s, %s)', (MARK_START, MARK_END))
    rows = matches.order_by().annotate(marked=marked).only("pk", "text", *_OWN_WORDS_FIELDS)
    found = {}
    for document in rows:
        raw = document.marked or ""
        if postgresql:
            raw = raw.translate(_FROM_LOOKALIKES)
        found[document.pk] = _split_own_words(document, raw)
    name_only = [part for part in found.values() if MARK_START not in part["after_title"]]
    _name_variants(name_only)
    snippets = {}
    for pk, part in found.items():
        if MARK_START in part["after_title"]:
            snippets[pk] = Snippet(mark_matches(_window(part["after_title"])))
        else:
            opening = mark_matches(_window(part["document"].text, around_match=False))
            snippets[pk] = Snippet(opening, part.get("names", ()))
    return snippets


# The fields Document.compose_search_text puts before the names of the people involved.
_OWN_WORDS_FIELDS = (
    "title",
    "reference_numbers",
    "marks",
    "urgency",
    "place",
    "summary",
    "text",
    "author_as_written",
    "sender_as_written",
    "enclosure_author_as_written",
    "enclosure_addressee_as_written",
)


def _unmarked(text):
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _marked_offset(marked, plain_offset):
    """The index in ``marked`` of the character at ``plain_offset`` of its plain text."""
    seen = 0
    for index, character in enumerate(marked):
        if character in (MARK_START, MARK_END):
            continue
        if seen == plain_offset:
            return index
        seen += 1
    return len(marked)


def _split_own_words(document, marked):
    """Cut the marked search text where the document's own words end and the names index
    begins. Returns ``{"document", "after_title", "index_lines", "matched_lines"}``:
    ``after_title`` is the marked own words after the title (which the hit shows already),
    ``index_lines`` the plain lines of the names index and ``matched_lines`` those holding a
    match. If the stored text is not the document's own (an edit not yet reindexed), none
    of it is trusted: no match in the own words, no name."""
    own_plain = document.compose_search_text([])
    if not _unmarked(marked).startswith(own_plain):
        return {"document": document, "after_title": "", "index_lines": [], "matched_lines": []}
    cut = _marked_offset(marked, len(own_plain))
    own, index = marked[:cut], marked[cut:]
    lines = index.split("\n")
    return {
        "document": document,
        "after_title": own[_marked_offset(own, len(document.title)) :],
        "index_lines": [_unmarked(line).strip() for line in lines],
        "matched_lines": list(
            dict.fromkeys(_unmarked(line).strip() for line in lines if MARK_START in line)
        ),
    }


def _name_variants(parts):
    """Set each part's ``names``: its matched index lines as MatchedName, a variant shown with
    the canonical name of its person. The index lists each person's canonical name and then
    their variants, so a variant belongs to the person whose canonical name is in the same
    document's index. One query for all ``parts``, none when there are none."""
    from .models import PersonName

    wanted = {name for part in parts for name in part["matched_lines"] if name}
    owners = {}
    if wanted:
        rows = PersonName.objects.filter(name__in=wanted).values_list("name", "person__name")
        for name, person in rows:
            owners.setdefault(name, set()).add(person)
    for part in parts:
        in_document = set(part["index_lines"])
        names = []
        for name in part["matched_lines"]:
            if not name:
                continue
            candidates = owners.get(name, set()) - {name}
            person = next((p for p in sorted(candidates) if p in in_document), None)
            names.append(MatchedName(name, person))
        part["names"] = tuple(names)


def _window(marked, around_match=True):
    """About SNIPPET_WORDS words of ``marked`` text: from a little before its first match, or
    from its start; an ellipsis where words were left out."""
    words = marked.split()
    start = 0
    if around_match:
        first = next((i for i, word in enumerate(words) if MARK_START in word), 0)
        start = max(0, first - WORDS_BEFORE_MATCH)
    end = start + SNIPPET_WORDS
    chosen = " ".join(words[start:end])
    if start > 0:
        chosen = f"{ELLIPSIS} {chosen}"
    if end < len(words):
        chosen = f"{chosen} {ELLIPSIS}"
    return chosen


def mark_matches(raw):
    """Escape a snippet and turn the match markers into <mark> tags.

    Markers are read as a toggle, so a stray marker can never leave a tag open or nested.
    """
    parts = re.split(f"([{MARK_START}{MARK_END}])", " ".join(raw.split()))
    html, inside, marked = [], False, []
    for part in parts:
        if part == MARK_START:
            inside = True
        elif part == MARK_END:
            if marked:
                html.append(format_html("<mark>{}</mark>", "".join(marked)))
            inside, marked = False, []
        elif inside:
            marked.append(part)
        else:
            html.append(format_html("{}", part))
    if marked:
        html.append(format_html("<mark>{}</mark>", "".join(marked)))
    return SafeString("".join(html))


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
