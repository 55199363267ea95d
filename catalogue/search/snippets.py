"""The extracts a result page shows under each hit, with the matches marked; see the
package's docstring."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline
from django.db import connections
from django.db.models import F, Func, Value
from django.db.models.expressions import RawSQL
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Document, PersonName
from .backends import CONFIG, FTS_TABLE, PG_LOOKALIKES, PG_PLAIN, pg_query, search_documents
from .query import parse_query

_FROM_LOOKALIKES = str.maketrans(PG_LOOKALIKES, PG_PLAIN)

# Markers placed around matches by ts_headline and snippet(); characters from Unicode's
# private use area, which no translation contains. The text is escaped first and the markers
# become <mark> tags afterwards, so no character of a document reaches the page unescaped.
MARK_START = "\ue000"
MARK_END = "\ue001"
ELLIPSIS = "\u2026"


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
            pg_query(parsed),
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
