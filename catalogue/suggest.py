"""Suggestions ("did you mean") for misspelt names and places, computed in Python.

Standard library only.  On PostgreSQL the search asks ``pg_trgm`` for the closest names; on
SQLite it has no trigram index, so this module does the same sum by hand over the authority
files.  It follows ``pg_trgm``'s rules so that both backends suggest alike:

* a string is split into words at every character that is not a letter or a digit;
* each word, lower-cased, is padded with two spaces in front and one behind, and its trigrams
  are every run of three characters ("cat" gives "  c", " ca", "cat", "at ");
* ``similarity`` is the number of trigrams two strings share over the number in either
  (the Jaccard index of the two sets), and 0.3 is the threshold ``pg_trgm`` starts with.

One deliberate difference: diacritics are folded first, so "Lüshun" and "Lushun" are one word
here; on PostgreSQL the same needs ``unaccent`` applied before ``pg_trgm``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# pg_trgm's default for similarity() and the % operator (pg_trgm.similarity_threshold).
DEFAULT_THRESHOLD = 0.3

_NON_ALNUM = re.compile(r"[\W_]+")
_EXTRA_FOLD = str.maketrans({"ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d"})


def _fold(text: str) -> str:
    if text.isascii():
        # Nothing to decompose or translate: most names, and the suggester folds every one
        # of the catalogue's names when a process builds it.
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_EXTRA_FOLD).lower()


def _words(text: str) -> list[str]:
    """The folded words of ``text``, split as ``pg_trgm`` splits them."""
    return _NON_ALNUM.sub(" ", _fold(text)).split()


def _trigrams_of(words: list[str]) -> frozenset[str]:
    return frozenset(
        padded[i : i + 3]
        for padded in (f"  {word} " for word in words)
        for i in range(len(padded) - 2)
    )


def trigrams(text: str) -> frozenset[str]:
    """The set of trigrams ``pg_trgm``'s ``show_trgm`` gives, after folding diacritics."""
    return _trigrams_of(_words(text))


def similarity(a: str, b: str) -> float:
    """``pg_trgm``'s ``similarity(a, b)``: shared trigrams over all trigrams, 0 to 1."""
    first, second = trigrams(a), trigrams(b)
    if not first or not second:
        return 0.0
    shared = len(first & second)
    return shared / (len(first) + len(second) - shared)


@dataclass(frozen=True)
class Suggestion:
    """A known entry close to what was typed: ``label`` to show, ``form`` that matched."""

    label: str
    form: str
    score: float


class Suggester:
    """Closest known names to a misspelt term.

    Built from (written form, label) pairs: every form of every person or place, labelled
    with the canonical name to suggest, so "Kaesung" matched against the variant "Kaesong"
    still suggests the place's canonical name.  Each label is suggested once, with the best
    score any of its forms reached.
    """

    def __init__(self, forms: Iterable[tuple[str, str]]):
        self._forms: list[tuple[str, str, frozenset[str]]] = []
        self._known: set[str] = set()
        # Inverted index from trigram to the forms holding it, so a term is compared only
        # with forms it shares a trigram with, not with every form.
        self._by_trigram: dict[str, list[int]] = {}
        by_trigram = self._by_trigram
        for form, label in forms:
            # Each form folded once, for its trigrams and its known spelling alike.
            words = _words(form)
            grams = _trigrams_of(words)
            if not grams:
                continue
            position = len(self._forms)
            self._forms.append((form, label, grams))
            self._known.add(" ".join(words))
            for gram in grams:
                holding = by_trigram.get(gram)
                if holding is None:
                    by_trigram[gram] = [position]
                else:
                    holding.append(position)

    @classmethod
    def from_authorities(cls, *authorities) -> Suggester:
        """From ``names.Authority`` and ``places.PlaceAuthority`` objects alike."""
        return cls(
            (form, entry.canonical_name)
            for authority in authorities
            for entry in authority.entries.values()
            for form in entry.written_forms()
        )

    def is_known(self, term: str) -> bool:
        """Whether ``term`` is already one of the forms (ignoring case and diacritics)."""
        return " ".join(_words(term)) in self._known

    def suggest(
        self, term: str, limit: int = 3, threshold: float = DEFAULT_THRESHOLD
    ) -> list[Suggestion]:
        """Up to ``limit`` labels whose forms are most similar to ``term``, best first.

        Nothing is suggested for a term that is itself a known form: it is not misspelt.
        Ties are broken by label, so the answer never depends on the order of the files.
        """
        grams = trigrams(term)
        if not grams or self.is_known(term):
            return []
        candidates = {p for gram in grams for p in self._by_trigram.get(gram, ())}
        best: dict[str, Suggestion] = {}
        for position in candidates:
            form, label, form_grams = self._forms[position]
            shared = len(grams & form_grams)
            score = shared / (len(grams) + len(form_grams) - shared)
            if score < threshold:
                continue
            if label not in best or score > best[label].score:
                best[label] = Suggestion(label, form, score)
        ranked = sorted(best.values(), key=lambda s: (-s.score, s.label))
        return ranked[:limit]
