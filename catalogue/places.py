"""Places authority file and place-name matching for the catalogue.

Standard library only, like ``catalogue.names``: the importer, management commands and plain
pytest all use it without Django being configured.

The documents spell one place many ways: Peking, Peiping, Beiping and Beijing; Port Arthur,
Port-Arthur, Lüshun and Ryojun; Kaesong and Kaeseong; headers write "from URUMCHI".  The
authority file (``seeds/places.csv``) lists each place once with every spelling met, so that

* ``PlaceAuthority.resolve`` answers "which place is this?" for a string known to be a place
  (a place of origin read from a header, a filter value, a search term);
* ``PlaceAuthority.find_mentions`` finds the places a free text names, matching only whole
  words and only the forms the file lists;
* ``PlaceAuthority.expand`` gives every written form of the place a search term names, so a
  search for "Kaesong" also finds "Kaeseong".

Free text is the hard case.  A form two places share is evidence of neither and is never
read in text.  A form that is also an ordinary English word ("canton", "china", "hue") is read
only where the text does not write it all in lower case; an acronym ("USSR", "DPRK") only where
the text writes it in capitals, and "US" not on a line written all in capitals, where it is
the pronoun.  A word after a form of address ("Comrade", "Marshal") begins a person's name,
and forms given as ``not_places`` (the people's names) are never read as places.
"""

from __future__ import annotations

import functools
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

# Both authority files share their row checks; names.py is pure too.
from .names import _APOSTROPHES, _EXTRA_FOLD, authority_rows, fold

COLUMNS = (
    "key",
    "kind",
    "canonical_name",
    "variants",
    "country_then",
    "country_now",
    "latitude",
    "longitude",
    "note",
)
KINDS = (
    "city",
    "town",
    "village",
    "region",
    "country",
    "island",
    "river",
    "lake",
    "sea",
    "parallel",
)

# Folded single-word forms that are everyday English words in lower case: "fine canton
# china", "a hue", "manila paper".  Read in text only when capitalised or in capitals.
LOWER_CASE_WORDS = frozenset({"canton", "china", "hue", "manila", "pekin", "turkey"})
# Folded forms never read in free text at all, because even capitalised they mostly begin a
# sentence as an ordinary word ("Chosen delegates ...").  resolve and expand still know them.
NOT_IN_TEXT = frozenset({"chosen"})
# Acronyms that spell an English word: "US" is the pronoun on a line typed in capitals.
WORD_ACRONYMS = frozenset({"us"})

# A word after one of these begins a person's name ("Marshal Tito", "Comrade Kim"), so the
# word is not read as a place.
PERSON_TITLES = frozenset(
    {
        "comrade",
        "comrades",
        "cde",
        "cdes",
        "tov",
        "mr",
        "mrs",
        "ms",
        "messrs",
        "mme",
        "madame",
        "dr",
        "herr",
        "frau",
        "monsieur",
        "marshal",
        "generalissimo",
        "general",
        "admiral",
        "colonel",
        "lieutenant",
        "captain",
    }
)

# Words that precede a place in headers and filter input ("from URUMCHI", "to Moscow", "in
# the Kremlin"), stripped from the front of a string being resolved.
_LEADING_WORDS = frozenset({"from", "to", "in", "at", "via", "near", "the", "of"})

# Letters NFKD leaves alone because they are not a base letter plus a mark.
_APOSTROPHE_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
_NON_WORD = re.compile(r"[\W_]+")
# A word with any apostrophes inside it, so "Yan'an" and "P'yŏngyang" are one word.
_WORD = re.compile(rf"[^\W_]+(?:[{re.escape(_APOSTROPHES)}][^\W_]+)*")
# What may stand between two words of one place name: spaces, a line break, hyphens and
# dashes ("Port-Arthur", "Alma-Ata").  A comma or full stop ends the name.
_JOIN = re.compile(r"[\s\-\u2010-\u2015]*")
# After a word of one or two letters a full stop may come too: "U.S.A.", "St. Petersburg".
_JOIN_AFTER_SHORT = re.compile(r"\.?[\s\-\u2010-\u2015]*")
# A lower-case letter followed by a capital inside a word: words run together by a lost
# line break ("BeijingReceived").
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_NUMBER = re.compile(r"^-?\d{1,3}(?:\.\d{1,6})?$")


def ascii_form(text: str) -> str:
    """The same spelling without diacritics, case kept: "Lüshun" -> "Lushun"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text.translate(_EXTRA_FOLD))


def normalise(place: str) -> str:
    """Fold a place string for comparison.

    No case, diacritics, apostrophes, hyphens or punctuation, and no leading "from", "to",
    "in", "the": "from URUMCHI." -> "urumchi", "Port-Arthur" -> "port arthur",
    "Yan'an" -> "yanan".
    """
    text = _APOSTROPHE_RE.sub("", fold(place))
    words = _NON_WORD.sub(" ", text).split()
    while len(words) > 1 and words[0] in _LEADING_WORDS:
        words.pop(0)
    return " ".join(words)


def _compact(normalised: str) -> str:
    return normalised.replace(" ", "")


@dataclass
class PlaceEntry:
    key: str
    kind: str
    canonical_name: str
    variants: list[str] = field(default_factory=list)
    country_then: str = ""
    country_now: str = ""
    latitude: float | None = None
    longitude: float | None = None
    note: str = ""

    def written_forms(self) -> list[str]:
        """Every form the documents may use, canonical first."""
        return [self.canonical_name, *self.variants]


@dataclass(frozen=True)
class PlaceMention:
    """One place named in a text: ``text[start:end] == as_written``."""

    key: str
    start: int
    end: int
    as_written: str


class _Token(NamedTuple):
    # A tuple rather than a dataclass: a text of a few pages makes thousands of tokens.
    start: int
    end: int
    folded: str
    # End of the word as written, past a possessive "'s" that ``end`` leaves out.
    word_end: int


@functools.lru_cache(maxsize=65_536)
def _fold_word(word: str) -> tuple[tuple[int, int, str, int], ...]:
    """(begin, end, folded, word end) of each piece of WORD, offsets within the word. Texts
    repeat their words, and folding one costs several Unicode passes, so each distinct word is
    folded once."""
    cuts = [0, *(m.start() for m in _CAMEL.finditer(word)), len(word)]
    pieces = []
    for begin, end in zip(cuts, cuts[1:], strict=False):
        folded = _APOSTROPHE_RE.sub("'", fold(word[begin:end]))
        stem_end = end
        if folded.endswith("'s") and len(folded) > 2:
            # A possessive ("China's") names the place without its ending.
            folded, stem_end = folded[:-2], end - 2
        pieces.append((begin, stem_end, folded, end))
    return tuple(pieces)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in _WORD.finditer(text):
        offset = match.start()
        for begin, stem_end, folded, end in _fold_word(match.group()):
            tokens.append(_Token(offset + begin, offset + stem_end, folded, offset + end))
    return tokens


def _joinable(text: str, left: _Token, right: _Token) -> bool:
    gap = text[left.word_end : right.start]
    pattern = _JOIN_AFTER_SHORT if len(left.folded) <= 2 else _JOIN
    return pattern.fullmatch(gap) is not None


# How a form must be written in the text to count (see the module docstring).
_ANY_CASE = "any case"
_NOT_LOWER = "not all lower case"
_CAPITALS = "capitals"

# Markers in the text index for spans that are not a place.
_AMBIGUOUS = "\x00ambiguous"
_NOT_A_PLACE = "\x00not a place"


def _is_acronym(form: str) -> bool:
    letters = [ch for ch in form if ch.isalpha()]
    return 2 <= len(letters) <= 6 and all(ch.isupper() for ch in letters) and " " not in form


class PlaceAuthority:
    """An in-memory places authority file with lookup indexes."""

    def __init__(self, entries: Iterable[PlaceEntry] = (), not_places: Iterable[str] = ()):
        self.entries: dict[str, PlaceEntry] = {}
        for entry in entries:
            if entry.key in self.entries:
                raise ValueError(f"duplicate key {entry.key!r}")
            self.entries[entry.key] = entry
        self._exact: dict[str, set[str]] = {}
        self._compact: dict[str, set[str]] = {}
        for entry in self.entries.values():
            for form in entry.written_forms():
                normal = normalise(form)
                if normal:
                    self._exact.setdefault(normal, set()).add(entry.key)
                    self._compact.setdefault(_compact(normal), set()).add(entry.key)
        self._not_places = list(not_places)
        self._text_index: dict[str, str] | None = None
        # Every beginning of a key of the text index, so a scan stops joining words as soon
        # as no form can begin with the words joined so far.
        self._text_prefixes: frozenset[str] = frozenset()
        self._text_rule: dict[str, str] = {}
        self._longest = 1

    def __len__(self) -> int:
        return len(self.entries)

    # ----------------------------------------------------------------- loading

    @classmethod
    def from_csv(cls, path_or_text_lines, not_places: Iterable[str] = ()) -> PlaceAuthority:
        """Load a places file.

        Accepts a path, CSV text containing a newline, or an iterable of lines.  Raises
        ValueError naming the file and line of the first bad row.  ``not_places`` are written
        forms (people's names) that free text never reads as a place.
        """
        source = path_or_text_lines
        if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
            with open(source, encoding="utf-8-sig", newline="") as handle:
                return cls(_parse_rows(handle, label=str(source)), not_places)
        if isinstance(source, str):
            source = io.StringIO(source)
        return cls(_parse_rows(source, label="places file"), not_places)

    # ----------------------------------------------------------------- resolving

    def resolve(self, place: str) -> str | None:
        """Key of the place ``place`` names, or None if unknown or ambiguous."""
        normal = normalise(place)
        if not normal:
            return None
        for index, probe in ((self._exact, normal), (self._compact, _compact(normal))):
            keys = index.get(probe)
            if keys:
                return next(iter(keys)) if len(keys) == 1 else None
        return None

    def expand(self, term: str) -> set[str]:
        """Every written form of the place ``term`` names, for searching.

        "Kaesong" gives {"Kaesong", "Kaeseong", "Kaesŏng", "Kaesong", ...}; forms with
        diacritics come with their plain spelling too ("Lüshun" and "Lushun"), because
        a text may have lost its accents.  A term that names no place gives itself alone.
        """
        term = term.strip()
        key = self.resolve(term)
        if key is None:
            return {term} if term else set()
        forms = {term}
        for form in self.entries[key].written_forms():
            forms.add(form)
            forms.add(ascii_form(form))
        return forms

    # ----------------------------------------------------------------- free text

    def mentions(self, text: str) -> list[PlaceMention]:
        """Every place named in ``text``, in order, each occurrence once."""
        return list(self._scan(unicodedata.normalize("NFC", text)))

    def find_mentions(self, text: str) -> list[tuple[str, str]]:
        """(key, as_written) for each place named in ``text``, first occurrence order."""
        seen: dict[str, str] = {}
        for mention in self.mentions(text):
            seen.setdefault(mention.key, mention.as_written)
        return list(seen.items())

    def _scan(self, text: str) -> Iterator[PlaceMention]:
        index = self._index()
        prefixes = self._text_prefixes
        tokens = _tokens(text)
        i = 0
        while i < len(tokens):
            best: tuple[int, str, str] | None = None
            joined = ""
            for j in range(i, min(i + self._longest, len(tokens))):
                if j > i and not _joinable(text, tokens[j - 1], tokens[j]):
                    break
                joined += tokens[j].folded
                if joined not in prefixes:
                    break  # no form begins so; most words of a text end here
                hit = index.get(joined)
                if hit is not None:
                    best = (j, hit, joined)
            if best is None:
                i += 1
                continue
            j, hit, joined = best
            if hit in (_AMBIGUOUS, _NOT_A_PLACE):
                i = j + 1
                continue
            start, end = tokens[i].start, tokens[j].end
            if j > i and len(tokens[j].folded) == 1 and text[end : end + 1] == ".":
                end += 1  # the last full stop of a dotted acronym: "U.S.S.R."
            if not self._written_as_required(text, start, end, joined) or (
                i > 0 and _after_title(text, tokens[i - 1], tokens[i])
            ):
                i += 1
                continue
            yield PlaceMention(hit, start, end, text[start:end])
            i = j + 1

    def _written_as_required(self, text: str, start: int, end: int, key: str) -> bool:
        rule = self._text_rule[key]
        written = text[start:end]
        if rule == _NOT_LOWER:
            return written != written.lower()
        if rule == _CAPITALS:
            if written != written.upper():
                return False
            if key in WORD_ACRONYMS:
                line_start = text.rfind("\n", 0, start) + 1
                line_end = text.find("\n", end)
                line = text[line_start : line_end if line_end != -1 else len(text)]
                return line != line.upper()
        return True

    def _index(self) -> dict[str, str]:
        if self._text_index is not None:
            return self._text_index
        owners: dict[str, set[str]] = {}
        acronym_only: dict[str, bool] = {}
        for entry in self.entries.values():
            for form in entry.written_forms():
                key = "".join(token.folded for token in _tokens(form))
                if not key or key in NOT_IN_TEXT:
                    continue
                owners.setdefault(key, set()).add(entry.key)
                acronym_only[key] = acronym_only.get(key, True) and _is_acronym(form)
                self._longest = max(self._longest, len(_tokens(form)))
        index: dict[str, str] = {}
        for key, keys in owners.items():
            index[key] = next(iter(keys)) if len(keys) == 1 else _AMBIGUOUS
            if acronym_only[key]:
                self._text_rule[key] = _CAPITALS
            elif key in LOWER_CASE_WORDS:
                self._text_rule[key] = _NOT_LOWER
            else:
                self._text_rule[key] = _ANY_CASE
        for form in self._not_places:
            tokens = _tokens(form)
            key = "".join(token.folded for token in tokens)
            if key:
                # Longest match wins, so "George Washington" given as a person hides the
                # city inside it, and a place form equal to a name is dropped outright.
                index[key] = _NOT_A_PLACE
                self._longest = max(self._longest, len(tokens))
        self._text_prefixes = frozenset(key[:end] for key in index for end in range(len(key) + 1))
        self._text_index = index
        return index


def _after_title(text: str, previous: _Token, token: _Token) -> bool:
    return previous.folded in PERSON_TITLES and _JOIN_AFTER_SHORT.fullmatch(
        text[previous.word_end : token.start]
    )


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _parse_coordinate(cell: str, column: str, limit: int, where: str) -> float | None:
    if not cell:
        return None
    if not _NUMBER.match(cell):
        raise ValueError(f"{where}: {column} {cell!r} is not a decimal number of degrees")
    value = float(cell)
    if not -limit <= value <= limit:
        raise ValueError(f"{where}: {column} {value} is outside -{limit}..{limit}")
    return value


def _parse_rows(lines: Iterable[str], label: str) -> list[PlaceEntry]:
    entries: list[PlaceEntry] = []
    for where, cells in authority_rows(lines, label, COLUMNS, KINDS):
        key = cells["key"]
        latitude = _parse_coordinate(cells["latitude"], "latitude", 90, where)
        longitude = _parse_coordinate(cells["longitude"], "longitude", 180, where)
        if (latitude is None) != (longitude is None):
            raise ValueError(f"{where}: give both latitude and longitude, or neither")
        entries.append(
            PlaceEntry(
                key=key,
                kind=cells["kind"],
                canonical_name=cells["canonical_name"],
                variants=_split_list(cells["variants"]),
                country_then=cells["country_then"],
                country_now=cells["country_now"],
                latitude=latitude,
                longitude=longitude,
                note=cells["note"],
            )
        )
    return entries
