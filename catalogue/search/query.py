"""What a visitor types into the search box, parsed once into a small tree and rendered for
each backend from that tree (see the package's docstring). No database, no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word is a run of letters and digits, as both backends' tokenisers see it.
_WORD = re.compile(r"[^\W_]+")
# Long pasted paragraphs are cut here rather than handed to the database whole.
MAX_TERMS = 32
# A typed word this long or longer also finds the words it begins ("negotiat").
PREFIX_MIN = 4
PREFIX_SHORTEST = 5


class SearchQueryError(ValueError):
    """A query that cannot be searched for; the message is meant for the visitor."""


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several words in order), possibly excluded with a leading ``-``."""

    words: tuple[str, ...]
    excluded: bool = False
    quoted: bool = False

    @property
    def prefixes(self):
        """The forms a word typed as the start of others matches as prefixes, or () when the
        term matches only whole words (a phrase, a quoted or excluded word, a number, a
        short word).

        Both backends stem what they index ("negotiations" is indexed as "negoti") and
        stem the query's words too, but a stemmed prefix is not a prefix of the stemmed
        word: "negotiat" stays "negotiat". The word is therefore also tried shortened by one
        and two letters (never below five), which reaches the stems of its endings
        ("negoti"): "negotiat" finds "negotiations", and "Kaes" finds "Kaeseong".
        """
        if self.quoted or self.excluded or len(self.words) != 1:
            return ()
        word = self.words[0]
        if len(word) < PREFIX_MIN or not any(c.isalpha() for c in word):
            return ()
        return (word, *(word[:-cut] for cut in (1, 2) if len(word) - cut >= PREFIX_SHORTEST))


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

    def as_tsquery(self):
        """The query as a PostgreSQL tsquery (``to_tsquery``), prefixes included."""

        def term(t):
            if t.prefixes:
                return "(" + " | ".join(f"'{form}':*" for form in t.prefixes) + ")"
            phrase = " <-> ".join(f"'{word}'" for word in t.words)
            return f"!({phrase})" if t.excluded else f"({phrase})"

        return " | ".join(
            "(" + " & ".join(term(t) for t in terms) + ")" for terms in self.alternatives
        )

    def as_fts5(self):
        """The query as an FTS5 MATCH expression, every term a quoted string."""
        groups = []
        for terms in self.alternatives:
            wanted = " AND ".join(_fts5_term(t) for t in terms if not t.excluded)
            unwanted = "".join(f" NOT {_quote(t.words)}" for t in terms if t.excluded)
            groups.append(f"(({wanted}){unwanted})")
        return " OR ".join(groups)


def _fts5_term(term):
    if term.prefixes:
        return "(" + " OR ".join(f'"{form}"*' for form in term.prefixes) + ")"
    return _quote(term.words)


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
            yield Term(words, excluded, quoted)


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
