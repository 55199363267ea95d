"""People authority file and name matching for the catalogue.

Standard library only: the importer, management commands and plain pytest all use it
without Django being configured.

Two kinds of lookup are deliberately kept apart:

* ``Authority.resolve`` answers "who is this?" for a string that is known to be a name
  (a sender, a recipient, an index term typed by an archivist).  It may use surnames and
  editorial brackets, but never picks between two candidates.
* ``Authority.find_mentions`` scans free text.  There nothing is known to be a name, so it
  matches only the forms the authority file lists, and drops any form two entries share or
  that is a single ordinary English word.  A bare surname is found in text only if the
  archivists listed it as a variant: "Molotov" is listed, "Kuznetsov" deliberately is not,
  because an admiral and a diplomat of the period share it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

COLUMNS = (
    "key",
    "kind",
    "canonical_name",
    "sort_name",
    "variants",
    "pseudonyms",
    "description",
    "birth_year",
    "death_year",
    "authority_id",
)
KINDS = ("person", "organisation")

# Forms of address that precede or follow a name in salutations and headers.  Only stripped
# from the ends of a name, so bodies such as "8th Administration of the General Staff" keep
# their inner words.
TITLES = frozenset(
    {
        "comrade",
        "comrades",
        "cde",
        "tov",
        "tovarishch",
        "mr",
        "mrs",
        "ms",
        "messrs",
        "mister",
        "sir",
        "dr",
        "herr",
        "monsieur",
        "marshal",
        "generalissimo",
        "general",
        "gen",
        "lieutenant",
        "lt",
        "colonel",
        "col",
        "major",
        "maj",
        "admiral",
        "adm",
        "captain",
        "capt",
        "commander",
        "ambassador",
        "chairman",
        "premier",
        "minister",
        "president",
        "secretary",
        "deputy",
        "vice",
        "first",
        "foreign",
        "prime",
        "chief",
        "dear",
        "respected",
        "esteemed",
        "honourable",
        "honorable",
        "excellency",
        "his",
        "her",
    }
)

# Surnames that are also everyday words.  Listed as a one-word variant they would fire on
# ordinary prose ("a lie", "marshall the forces"), so find_mentions ignores them and needs a
# fuller form; resolve still accepts them, as it is only given strings known to be names.
COMMON_WORDS = frozenset(
    {
        "lie",
        "may",
        "long",
        "little",
        "young",
        "bell",
        "black",
        "brown",
        "white",
        "green",
        "gray",
        "grey",
        "hope",
        "rich",
        "king",
        "price",
        "church",
        "hill",
        "wood",
        "stone",
        "marsh",
        "marshall",
        "bush",
        "ford",
        "rice",
        "west",
        "north",
        "south",
        "east",
        "short",
        "strong",
        "love",
        "bull",
        "cook",
        "page",
        "park",
        "field",
        "rose",
        "chase",
        "case",
        "major",
        "general",
    }
)

# Letters NFKD leaves alone because they are not a base letter plus a mark.
_EXTRA_FOLD = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
    }
)
_APOSTROPHES = "'\u2018\u2019\u02b9\u02bb\u02bc\u0060\u00b4\u2032"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"

# The content excludes "[" so that a run of unclosed brackets is scanned once, not once per
# bracket.
_BRACKETED = re.compile(r"\[[^\[\]]*\]")
_BRACKET_CONTENT = re.compile(r"\[([^\[\]]*)\]")
_APOSTROPHE_RE = re.compile(f"[{re.escape(_APOSTROPHES)}]")
_NON_WORD = re.compile(r"[\W_]+")
# Three or more single letters separated by single spaces: typewriter emphasis such as
# "S H T Y K O V".  Two are left alone because "T F Shtykov" is a pair of initials.
_LETTER_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
# Dotted initials, including the two-letter ones Russian transliteration produces
# ("A.Ia.", "Yu.", "Kh.").  A hyphen or apostrophe before the letter means it is a syllable
# of a name ("Pak Il-u."), not an initial.
_DOTTED_INITIAL = re.compile(r"(?<![\w\-'])(?:shch|[a-z]h|ts|[iy][aeou]|[^\W\d_])\.")
_BARE_INITIAL = re.compile(r"(?<![\w\-'])[^\W\d_](?![\w\-'])")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YEAR = re.compile(r"^\d{3,4}$")


def fold(text: str) -> str:
    """Case and diacritics folded: "Lüshun" -> "lushun", "Łódź" -> "lodz"."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(_EXTRA_FOLD).casefold()


def _strip_titles(tokens: list[str]) -> list[str]:
    start, end = 0, len(tokens)
    while start < end and tokens[start] in TITLES:
        start += 1
    while end > start and tokens[end - 1] in TITLES:
        end -= 1
    return tokens[start:end]


def _prepare(name: str) -> str:
    text = fold(_BRACKETED.sub(" ", name))
    return _LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text)


def _tokens(text: str) -> list[str]:
    text = _APOSTROPHE_RE.sub("", text)
    return _strip_titles(_NON_WORD.sub(" ", text).split())


def normalise(name: str) -> str:
    """Fold a name for comparison: no diacritics, case, titles, brackets or punctuation."""
    return " ".join(_tokens(_prepare(name)))


def surname_key(name: str) -> str:
    """The normalised name without its initials: "A.Ia. Vyshinsky" -> "vyshinsky"."""
    text = _DOTTED_INITIAL.sub(" ", _prepare(name))
    text = _BARE_INITIAL.sub(" ", text)
    return " ".join(_tokens(text))


def _compact(normalised: str) -> str:
    return normalised.replace(" ", "")


@dataclass
class AuthorityEntry:
    key: str
    kind: str
    canonical_name: str
    sort_name: str = ""
    variants: list[str] = field(default_factory=list)
    pseudonyms: list[str] = field(default_factory=list)
    description: str = ""
    birth_year: int | None = None
    death_year: int | None = None
    authority_id: str = ""

    def written_forms(self) -> list[str]:
        """Every form the documents may use, canonical first."""
        return [self.canonical_name, *self.variants, *self.pseudonyms]

    def family_name(self) -> str:
        """Normalised family name of a person, "" for bodies.

        "Stalin, Joseph" gives "stalin".  A sort name without a comma is in East Asian
        order, so the family name is the first word of the canonical name.
        """
        if self.kind != "person":
            return ""
        if "," in self.sort_name:
            return normalise(self.sort_name.split(",", 1)[0])
        words = normalise(self.canonical_name).split()
        return words[0] if words else ""


# Pattern units for find_mentions.  A separator matches zero or more spaces, hyphens,
# apostrophes or brackets, so "Kim Il-sung", "KIM IL SUNG" and "Korean Peoples Army" all
# match the listed forms.  A dot is only allowed where the listed form had one or after an
# initial, so "... Viet Nam. Il ..." does not become "Nam Il".
_SEP = "\x00sep"
_SEP_DOT = "\x00sepdot"
_RPAREN = "\x00rparen"
_DOT = "\x00dot"
_END = "\x00end"
_UNIT_RE = {
    _SEP: r"[\s\-'()]*",
    _SEP_DOT: r"\.?[\s\-'()]*",
    _RPAREN: r"\)?",
    _DOT: r"\.?",
}


def _units(name: str) -> list[str]:
    text = _APOSTROPHE_RE.sub("'", fold(name)).strip()
    units: list[str] = []
    pieces = re.findall(r"[^\W_]+|[\W_]+", text)
    while pieces and not pieces[0][0].isalnum():
        pieces.pop(0)
    # Keep a closing bracket ("VKP(b)") or an initial's dot ("STALIN I.V.") in as_written.
    closing = bool(pieces) and pieces[-1].endswith(")")
    final_dot = bool(pieces) and pieces[-1].startswith(".")
    while pieces and not pieces[-1][0].isalnum():
        pieces.pop()
    previous = ""
    for piece in pieces:
        if piece[0].isalnum():
            units.extend(piece)
            previous = piece
        else:
            units.append(_SEP_DOT if "." in piece or len(previous) <= 2 else _SEP)
    if closing and units:
        units.append(_RPAREN)
    elif final_dot and units:
        units.append(_DOT)
    return units


def _trie_regex(node: dict) -> str:
    alternatives = []
    for unit, child in node.items():
        if unit == _END:
            continue
        head = _UNIT_RE.get(unit) or re.escape(unit)
        alternatives.append(head + _trie_regex(child))
    # Last, so that a longer form ("Stalin I.V.", "Kim Il Sung") wins over a prefix of it.
    if _END in node:
        alternatives.append(r"(?!\w)")
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?:" + "|".join(alternatives) + ")"


def _text_table() -> dict[int, str]:
    # One character in, one character out, so match offsets in the folded text are offsets
    # in the original and as_written can be sliced from it.
    table: dict[int, str] = {}
    ranges = (range(0x80, 0x250), range(0x1E00, 0x1F00), range(0x2000, 0x2070))
    for block in ranges:
        for code in block:
            folded = fold(chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    for ch in _APOSTROPHES:
        table[ord(ch)] = "'"
    for ch in _DASHES:
        table[ord(ch)] = "-"
    return table


_TEXT_TABLE = _text_table()


def _fold_text(text: str) -> str:
    if text.isascii():
        return text.lower()
    folded = text.translate(_TEXT_TABLE)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # A few letters (e.g. U+0130) grow when lowercased; keep those as they are.
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in folded)


class Authority:
    """An in-memory authority file with lookup indexes."""

    def __init__(self, entries: Iterable[AuthorityEntry] = ()):
        self.entries: dict[str, AuthorityEntry] = {}
        for entry in entries:
            if entry.key in self.entries:
                raise ValueError(f"duplicate key {entry.key!r}")
            self.entries[entry.key] = entry
        self._exact: dict[str, set[str]] = {}
        self._compact: dict[str, set[str]] = {}
        self._surnames: dict[str, set[str]] = {}
        for entry in self.entries.values():
            forms = entry.written_forms()
            if entry.sort_name:
                forms.append(entry.sort_name)
            for form in forms:
                normal = normalise(form)
                if normal:
                    self._exact.setdefault(normal, set()).add(entry.key)
                    self._compact.setdefault(_compact(normal), set()).add(entry.key)
                if entry.kind == "person":
                    surname = surname_key(form)
                    if surname:
                        self._surnames.setdefault(surname, set()).add(entry.key)
            family = entry.family_name()
            if family:
                self._surnames.setdefault(family, set()).add(entry.key)
        self._mention_re: re.Pattern[str] | None = None
        self._mention_keys: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.entries)

    # ----------------------------------------------------------------- loading

    @classmethod
    def from_csv(cls, path_or_text_lines) -> Authority:
        """Load an authority file.

        Accepts a path, CSV text containing a newline, or an iterable of lines.  Raises
        ValueError naming the line of the first bad row.
        """
        source = path_or_text_lines
        if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
            with open(source, encoding="utf-8-sig", newline="") as handle:
                return cls(_parse_rows(handle, label=str(source)))
        if isinstance(source, str):
            source = io.StringIO(source)
        return cls(_parse_rows(source, label="authority file"))

    # ----------------------------------------------------------------- resolving

    def resolve(self, name: str) -> str | None:
        """Key of the entry ``name`` refers to, or None if unknown or ambiguous."""
        found = {self._resolve_plain(name)}
        contents = _BRACKET_CONTENT.findall(name)
        if contents:
            # An editor's "[Stalin]" after a cover name, or "[Il Sung]" completing a
            # truncated one: try the insertion alone and the name read with it.
            found.update(self._resolve_plain(inner) for inner in contents)
            found.add(self._resolve_plain(name.replace("[", " ").replace("]", " ")))
        found.discard(None)
        return found.pop() if len(found) == 1 else None

    def _resolve_plain(self, name: str) -> str | None:
        normal = normalise(name)
        if not normal:
            return None
        for index, probe in ((self._exact, normal), (self._compact, _compact(normal))):
            keys = index.get(probe)
            if keys:
                return _only(keys)
        surname = surname_key(name)
        if not surname:
            return None
        keys = self._exact.get(surname, set()) | self._surnames.get(surname, set())
        return _only(keys)

    # ----------------------------------------------------------------- free text

    def find_mentions(self, text: str) -> list[tuple[str, str]]:
        """(key, as_written) for each entry named in ``text``, first occurrence order.

        as_written is sliced from the NFC form of the text, which is the text itself
        unless it carried decomposed accents.
        """
        if self._mention_re is None:
            self._build_mention_regex()
        assert self._mention_re is not None
        text = unicodedata.normalize("NFC", text)
        folded = _fold_text(text)
        seen: dict[str, str] = {}
        for match in self._mention_re.finditer(folded):
            key = self._mention_keys.get(_NON_WORD.sub("", match.group()))
            if key is not None and key not in seen:
                seen[key] = text[match.start() : match.end()]
        return list(seen.items())

    def _mention_forms(self) -> Iterable[tuple[str, str]]:
        for entry in self.entries.values():
            for form in entry.written_forms():
                yield entry.key, form

    def _build_mention_regex(self) -> None:
        owners: dict[str, set[str]] = {}
        units_of: dict[str, list[str]] = {}
        for key, form in self._mention_forms():
            units = _units(form)
            compact = "".join(u for u in units if not u.startswith("\x00"))
            if not compact:
                continue
            single_word = not any(u in (_SEP, _SEP_DOT) for u in units)
            if single_word and (len(compact) < 3 or compact in COMMON_WORDS):
                continue
            owners.setdefault(compact, set()).add(key)
            units_of[form + "\x00" + key] = units
        trie: dict = {}
        for label, units in units_of.items():
            compact = "".join(u for u in units if not u.startswith("\x00"))
            # A form two entries share is evidence of neither.
            if len(owners[compact]) != 1:
                continue
            node = trie
            for unit in units:
                node = node.setdefault(unit, {})
            node[_END] = {}
            self._mention_keys[_NON_WORD.sub("", compact)] = label.split("\x00", 1)[1]
        if not trie:
            self._mention_re = re.compile(r"(?!x)x")
            return
        self._mention_re = re.compile(r"(?<!\w)" + _trie_regex(trie))


def _only(keys: set[str]) -> str | None:
    return next(iter(keys)) if len(keys) == 1 else None


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def _parse_year(cell: str, column: str, where: str) -> int | None:
    if not cell:
        return None
    if not _YEAR.match(cell):
        raise ValueError(f"{where}: {column} {cell!r} is not a year")
    year = int(cell)
    if not 1000 <= year <= 2100:
        raise ValueError(f"{where}: {column} {year} is out of range")
    return year


def authority_rows(
    lines: Iterable[str], label: str, columns: Iterable[str], kinds: Iterable[str]
) -> Iterator[tuple[str, dict[str, str]]]:
    """The rows of an authority file (people, places) as (where, cells), after the checks
    every such file shares: a header with every column, no extra cells, a unique lowercase
    slug as key, a known kind and a canonical name. Errors name the file and line."""
    columns = tuple(columns)
    kinds = tuple(kinds)
    reader = csv.DictReader(lines)
    header = reader.fieldnames
    if not header:
        raise ValueError(f"{label}, line 1: empty file, expected a header row")
    # A spreadsheet may save a byte-order mark that open() did not remove.
    header = reader.fieldnames = [h.lstrip("\ufeff").strip() for h in header]
    missing = [column for column in columns if column not in header]
    if missing:
        raise ValueError(f"{label}, line 1: missing column(s): {', '.join(missing)}")
    first_seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        where = f"{label}, line {line}"
        if row.get(None):
            raise ValueError(f"{where}: more cells than header columns")
        cells = {column: (row.get(column) or "").strip() for column in columns}
        key = cells["key"]
        if not key:
            raise ValueError(f"{where}: missing key")
        if not _SLUG.match(key):
            raise ValueError(f"{where}: key {key!r} is not a lowercase slug")
        if key in first_seen:
            raise ValueError(f"{where}: duplicate key {key!r} (first on line {first_seen[key]})")
        first_seen[key] = line
        if cells["kind"] not in kinds:
            raise ValueError(f"{where}: kind {cells['kind']!r} is not one of {', '.join(kinds)}")
        if not cells["canonical_name"]:
            raise ValueError(f"{where}: missing canonical_name")
        yield where, cells


def _parse_rows(lines: Iterable[str], label: str) -> list[AuthorityEntry]:
    entries: list[AuthorityEntry] = []
    for where, cells in authority_rows(lines, label, COLUMNS, KINDS):
        key = cells["key"]
        birth = _parse_year(cells["birth_year"], "birth_year", where)
        death = _parse_year(cells["death_year"], "death_year", where)
        if birth is not None and death is not None and death < birth:
            raise ValueError(f"{where}: death_year {death} is before birth_year {birth}")
        entries.append(
            AuthorityEntry(
                key=key,
                kind=cells["kind"],
                canonical_name=cells["canonical_name"],
                sort_name=cells["sort_name"],
                variants=_split_list(cells["variants"]),
                pseudonyms=_split_list(cells["pseudonyms"]),
                description=cells["description"],
                birth_year=birth,
                death_year=death,
                authority_id=cells["authority_id"],
            )
        )
    return entries


# ------------------------------------------------------------------ the shape of a name

# Words no person's name is made of: pronouns, months and days, the points of the compass and
# the genre's own words for documents, their parts and their handling ("New Paragraph",
# "Cable", "Unit", "Molniya" -- the flash mark), and words of nationality that make a post
# of a title ("Soviet Foreign Minister").  A name the authority file does not know and that
# holds one of them is a misreading, not a new person.
NOT_NAME_WORDS = frozenset(
    {
        *("i", "me", "he", "she", "we", "they", "you", "it", "him", "us", "them"),
        *("my", "your", "his", "her", "our", "their", "its", "this", "that", "these", "those"),
        *("january", "february", "march", "april", "june", "july", "august", "september"),
        *("october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug"),
        *("sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday"),
        *("friday", "saturday", "sunday", "north", "south", "east", "west", "northern"),
        *("southern", "eastern", "western", "new", "paragraph", "cable", "telegram", "letter"),
        *("memorandum", "note", "report", "copy", "copies", "file", "unit", "section", "item"),
        *("addressee", "sender", "text", "page", "stamp", "signature", "molniya", "flash"),
        *("urgent", "secret", "incoming", "outgoing", "soviet", "chinese", "korean"),
        *("american", "interior", "foreign", "minister", "ambassador", "the", "and", "of"),
        *("for", "to", "from", "in", "on", "at", "by", "with", "not", "no", "yes"),
    }
)
# Lower-case words that do belong inside a name ("Ashraf ogly", "van der", "ibn").
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "du", "van", "von", "der", "den", "la", "le", "ibn", "bin", "al", "el"}
    | {"ogly", "oglu", "y", "dos", "das", "del", "zu", "ter"}
)
_ACRONYM_SHAPE = re.compile(r"^[A-Z]{2,4}$")


def has_name_shape(display: str, as_written: str = "") -> bool:
    """Whether a name the authority file does not know can be a person's or a body's name
    by its shape alone: capitalised words (particles aside), no digits, none of the words no
    name is made of, not a bare acronym such as "NATO" written in capitals."""
    # "Sadov[in]": the editor completes a cut name; the word is whole, not "Sadov" and "in".
    display = re.sub(r"(?<=[A-Za-z])\[([a-z'’\-]{1,12})\]", r"\1", display or "")
    words = [w for w in re.split(r"\s+", _BRACKETED.sub(" ", display).strip()) if w]
    if not words:
        return False
    written = (as_written or display or "").strip().strip(".,;:")
    if len(words) == 1 and (_ACRONYM_SHAPE.match(written) or len(words[0].strip(".")) < 3):
        return False
    for word in words:
        core = word.strip(".,;:()'’\"“”")
        if re.fullmatch(r"(?:[A-Z][a-z]?\.)+", word):
            continue  # initials: "I." is no pronoun
        if not core or any(ch.isdigit() for ch in core):
            return False
        if fold(core) in NOT_NAME_WORDS:
            return False
        if core[0].islower() and fold(core) not in NAME_PARTICLES:
            return False
    return True


def trimmed_forms(display: str) -> list[str]:
    """Shorter forms of a name read with a word too many at either end: "Cdes. Molotov",
    "Com F. Kuznetsov" (a cut "Com[rade]"), "Molotov Your" (a sentence's next word)."""
    words = (display or "").split()
    start, end = 0, len(words)
    while start < end and (
        fold(words[start].strip(".,")) in TITLES | {"com", "cdes", "tov"}
        or fold(words[start].strip(".,")) in NOT_NAME_WORDS
    ):
        start += 1
    while end > start and fold(words[end - 1].strip(".,")) in NOT_NAME_WORDS:
        end -= 1
    if (start, end) == (0, len(words)) or start >= end:
        return []
    return [" ".join(words[start:end])]
