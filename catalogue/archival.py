"""Archival source citations read as data: which archive, fond, opis, delo, papka and folios
hold a document, which published edition printed it, and who translated or supplied it.

Pure: text in, plain data out, no Django, so that the importer, the admin and the tests can
all use it, and so that it can be tested alone like the seed parser beside it.

A citation as an archivist enters it may name several holdings ("APRF, f. 45, op. 1, d. 346,
l. 104; AVP RF, f. 059a, op. 5a, d. 3, p. 11, l. 107; and RGASPI, ..."), a published edition
("Reprinted in ..., Vol. 5, Book 1 (Moscow: ..., 2005), p. 378"), and credits ("Translated
for CWIHP by ..."). Every sentence is either read as one of these or kept verbatim in
`unparsed` with a warning, so nothing an archivist wrote is silently lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Repositories
# ---------------------------------------------------------------------------

# Code -> the spellings met in citations (matched case-insensitively, spaces optional where a
# space is written). Older names of the same archive map to today's code, because a researcher
# browsing "RGASPI f. 558" wants the documents cited under RTsKhIDNI too; `as_written` keeps
# the spelling of the citation.
REPOSITORIES: dict[str, tuple[str, ...]] = {
    "APRF": (
        "APRF",
        "AP RF",
        "Archive of the President of the Russian Federation",
        "Presidential Archive",
    ),
    "AVPRF": (
        "AVPRF",
        "AVP RF",
        "AVP SSSR",
        "Archive of Foreign Policy of the Russian Federation",
        "Foreign Policy Archive of the Russian Federation",
    ),
    "RGASPI": ("RGASPI", "RTsKhIDNI"),
    "RGANI": ("RGANI", "TsKhSD"),
    "GARF": ("GARF",),
    "TsAMO": ("TsAMO RF", "TsAMO"),
    "RGAE": ("RGAE",),
    "RGVA": ("RGVA",),
    "RGAVMF": ("RGAVMF",),
    "GAPPOD": ("GAPPOD",),
    "CDA": ("CDA", "TsDA"),
    "PRC FMA": ("PRC FMA", "PRCFMA", "Chinese Foreign Ministry Archive"),
}

# Longest spelling first, so "TsAMO RF" wins over "TsAMO" and "AVP RF" is not read as "AVP".
_REPO_SPELLINGS = sorted(
    ((spelling, code) for code, spellings in REPOSITORIES.items() for spelling in spellings),
    key=lambda pair: -len(pair[0]),
)
_REPO_CODE = {re.sub(r"\s+", "", s).upper(): code for s, code in _REPO_SPELLINGS}
_REPO_RE = re.compile(
    r"(?<![\w/])(?:"
    + "|".join(r"\s*".join(map(re.escape, s.split())) for s, _ in _REPO_SPELLINGS)
    + r")(?![\w])",
    re.IGNORECASE,
)


def repository_code(as_written: str) -> str:
    """The one code for a repository however it is spelled ("AVP RF" -> "AVPRF"); an unknown
    name comes back as written, stripped."""
    return _REPO_CODE.get(re.sub(r"\s+", "", as_written).upper(), as_written.strip())


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """One archival file (or part of one) that holds the document.

    Values are kept as written apart from spaces ("f. 146 B" -> "146B"): leading zeros are part
    of the shelf mark in these archives (AVPRF "f. 07" is not "f. 7"; RGASPI folio "0104").
    `delo_label` says what the file unit was called, since AVPRF writes "por." and Bulgarian
    archives "a.e." for what Russian archives call "delo". `folios` are (first, last) pairs,
    equal for a single folio; `folio_unit` is "l" for folios (list/listy) and "p" for pages.
    """

    repository: str
    repository_as_written: str = ""
    fond: str = ""
    opis: str = ""
    papka: str = ""
    delo: str = ""
    delo_label: str = "d"
    folios: tuple[tuple[str, str], ...] = ()
    folio_unit: str = "l"
    microfilm_reel: str = ""
    description: str = ""
    as_written: str = ""


@dataclass(frozen=True)
class Edition:
    """A published edition that prints the document (or a translation of it).

    `role`: "source" when the citation names the edition as where the text comes from,
    "reprinted" for "Reprinted in ...", "translation" for "translation from ...".
    """

    role: str
    title: str
    editors: tuple[str, ...] = ()
    volume: str = ""
    book: str = ""
    volume_note: str = ""
    place: str = ""
    publisher: str = ""
    year: str = ""
    page: str = ""
    as_written: str = ""


@dataclass(frozen=True)
class Credit:
    """Who translated, contributed, obtained or provided the document, or allowed its use.

    `role` is one of "translated", "contributed", "obtained", "provided", "permission",
    "published"; `on_behalf_of` is the project named with "for" ("for CWIHP").
    """

    role: str
    names: tuple[str, ...] = ()
    on_behalf_of: str = ""
    detail: str = ""
    as_written: str = ""


@dataclass
class ArchivalCitation:
    """Everything read from one source citation, in the order written."""

    text: str
    holdings: list[Holding] = field(default_factory=list)
    editions: list[Edition] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------
# Splitting a citation into sentences and parts
# ---------------------------------------------------------------------------

# Words whose full stop is an abbreviation, not the end of a sentence.
_ABBREVIATIONS = {
    "f",
    "op",
    "d",
    "l",
    "ll",
    "p",
    "pp",
    "pap",
    "por",
    "ae",
    "e",
    "ob",
    "vol",
    "vols",
    "eds",
    "ed",
    "no",
    "nos",
    "cf",
    "comp",
    "trans",
    "mr",
    "dr",
    "st",
    "fol",
    "ff",
}


def _top_level(text: str) -> list[bool]:
    """For each character, whether it lies outside (), [] and quotation marks: a ";" or ". "
    inside "(Beijing: A; B, 2010)" separates nothing."""
    depth = 0
    flags = []
    for ch in text:
        if ch in "([":
            depth += 1
        flags.append(depth == 0)
        if ch in ")]" and depth:
            depth -= 1
    return flags


def _sentences(text: str) -> list[str]:
    """Split at full stops that end a sentence: followed by a space and a capital letter, not
    after an abbreviation ("f.", "eds.") or an initial ("James F. Person")."""
    flags = _top_level(text)
    out, start = [], 0
    for m in re.finditer(r"\.\s+(?=[A-Z\u0410-\u042f])", text):
        if not flags[m.start()]:
            continue
        word = re.search(r"([\w.]+)$", text[start : m.start()])
        last = word.group(1).lower().strip(".") if word else ""
        if last.replace(".", "") in _ABBREVIATIONS or re.fullmatch(r"[a-z]", last):
            continue
        out.append(text[start : m.start() + 1])
        start = m.end()
    out.append(text[start:])
    return [s.strip() for s in out if s.strip(" .;,")]


def _split_top(text: str, sep: str) -> list[str]:
    flags = _top_level(text)
    parts, start = [], 0
    for i, ch in enumerate(text):
        if ch == sep and flags[i]:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


# ---------------------------------------------------------------------------
# Holdings
# ---------------------------------------------------------------------------

# A shelf-mark value: "45", "059a", "23a", "146 B", "R-9401". The letter after a space must not
# be the next unit's label ("op. 1 d. 335"), hence the look-ahead for a full stop.
_VALUE = r"(?:[A-Z\u0410-\u042f]{1,2}-)?\d+(?:\s?[A-Za-z\u0410-\u044f](?![\w.]))?"
_FOLIO = r"\d+(?:\s?ob\.?|v\b)?"
_FOLIO_RANGE = rf"{_FOLIO}(?:\s?[-\u2013]\s?{_FOLIO})?"
_FOLIOS = rf"{_FOLIO_RANGE}(?:\s?,\s?{_FOLIO_RANGE})*"
_LABEL_RE = re.compile(
    r"(?<![\w.])(?P<label>fond|opis|delo|papka|listy|list|folios?|pages|"
    r"a\.\s?e|ae|por|pap|fol|op|pp|ll|ff|f|d|p|l)(?:\.\s*|\s+)(?=\w)",
    re.IGNORECASE,
)
_VALUE_RE = re.compile(_VALUE)
_FOLIOS_RE = re.compile(_FOLIOS)
_UNIT_FIELD = {
    "fond": "fond",
    "f": "fond",
    "opis": "opis",
    "op": "opis",
    "papka": "papka",
    "pap": "papka",
    "p": "papka",
    "delo": "delo",
    "d": "delo",
    "por": "delo",
    "ae": "delo",
    "a.e": "delo",
}
# Hierarchy in which a canonical shelf mark names the units (AVPRF files sit in a papka).
_RANK = {"fond": 0, "opis": 1, "papka": 2, "delo": 3, "folios": 4}
_MICROFILM_RE = re.compile(r"^(?P<desc>.*?)[,;]?\s*microfilm,?\s*reel\s+(?P<reel>\w+)\.?$", re.I)
# PRC Foreign Ministry Archive files are numbered "109-00004-03", optionally followed by a page.
_FMA_FILE_RE = re.compile(r"^\s*(?P<file>\d+(?:-\d+)+)(?:\s*,\s*(?:pp?\.\s*)?(?P<page>[\d\-]+))?")


def _folios(value: str) -> tuple[tuple[str, str], ...]:
    out = []
    for part in re.split(r"\s?,\s?", value):
        bounds = [b.replace(" ", "") for b in re.split(r"\s?[-\u2013]\s?", part)]
        out.append((bounds[0], bounds[-1]))
    return tuple(out)


def _holdings_in(span: str, repo_as_written: str) -> tuple[list[Holding], str]:
    """The holdings of one repository in `span` (the text after its name), and what is left
    over once units and separators are taken out."""
    code = repository_code(repo_as_written)
    holdings: list[Holding] = []
    current: dict[str, object] = {}
    last_rank = -1
    leftover: list[str] = []
    pos = 0

    def close() -> None:
        if current:
            holdings.append(
                Holding(repository=code, repository_as_written=repo_as_written, **current)
            )

    if code == "PRC FMA":
        m = _FMA_FILE_RE.match(span)
        if m:
            current = {"delo": m.group("file"), "delo_label": "file"}
            if m.group("page"):
                current.update(folios=_folios(m.group("page")), folio_unit="p")
            pos = m.end()

    while (m := _LABEL_RE.search(span, pos)) is not None:
        label = m.group("label").lower().replace(" ", "")
        name = _UNIT_FIELD.get(label, "folios")
        # Folios and pages take ranges and lists; a papka written with a range is pages.
        v = _FOLIOS_RE.match(span, m.end())
        many = v is not None and bool(re.search(r"[-\u2013,]", v.group(0)))
        if name != "folios" and not (label == "p" and many):
            v = _VALUE_RE.match(span, m.end())
        if v is None:
            leftover.append(span[pos : m.end()])
            pos = m.end()
            continue
        leftover.append(span[pos : m.start()])
        pos = v.end()
        value = v.group(0)
        if label == "p" and many:
            name, label = "folios", "pp"
        if name == "folios":
            current["folios"] = _folios(value)
            current["folio_unit"] = "p" if label in ("pp", "pages") else "l"
            last_rank = _RANK["folios"]
            continue
        # A fond named again starts the next holding of the same archive
        # ("RGASPI, f. 558, op. 11, d. 346, and f. 17, op. 162, d. 44").
        if _RANK[name] <= last_rank and name in current:
            close()
            current = {}
        current[name] = value.replace(" ", "")
        if name == "delo":
            current["delo_label"] = {"ae": "a.e.", "a.e": "a.e."}.get(label, label)
        last_rank = _RANK[name]
    leftover.append(span[pos:])
    close()
    rest = re.sub(r"(?i)\band\b|[\s,;:.]", "", "".join(leftover))
    return holdings, rest


def _holdings_part(sentence: str) -> tuple[list[Holding], list[str]] | None:
    """Holdings named in a part of a citation that starts with a repository's name, else None.

    Each holding runs from one repository's name to the next: "APRF, ... l. 140, and RGASPI,
    ..." is two holdings, whatever joins them (", and", " and").
    """
    starts = list(_REPO_RE.finditer(sentence))
    if not starts or sentence[: starts[0].start()].strip(" ,;:"):
        return None
    holdings: list[Holding] = []
    leftovers: list[str] = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(sentence)
        span = sentence[m.end() : end]
        found, rest = _holdings_in(span, m.group(0))
        if not found:
            found = [
                Holding(
                    repository=repository_code(m.group(0)),
                    repository_as_written=m.group(0),
                )
            ]
        text = (m.group(0) + span).strip(" ,;.")
        text = re.sub(r"(?:[,;]?\s*\band)$", "", text).strip(" ,;")
        found = [_with(h, as_written=text) for h in found]
        holdings.extend(found)
        if rest:
            leftovers.append(span.strip())
    return holdings, leftovers


def _with(holding: Holding, **changes) -> Holding:
    return Holding(**{**holding.__dict__, **changes})


# ---------------------------------------------------------------------------
# Editions
# ---------------------------------------------------------------------------

_EDITION_LEAD_RE = re.compile(
    r"^(?P<lead>reprinted in|published in|translation from|translated from|from|in|source:)\s+",
    re.IGNORECASE,
)
_IMPRINT_RE = re.compile(r"\((?P<place>[^():]+):\s*(?P<publisher>[^()]*?),\s*(?P<year>\d{4})\)")
_VOL_RE = re.compile(r"(?i)\bvol\.\s*(?P<vol>[\w\-]+)")
_BOOK_RE = re.compile(r"(?i)\b(?:book|kn\.|part|pt\.)\s*(?P<book>[\w\-]+)")
_PAGE_RE = re.compile(r"(?i),\s*(?:pp?\.\s*)?(?P<page>\d+(?:\s?[-\u2013]\s?\d+)?)\s*\.?$")
_EDS_RE = re.compile(r",\s*(?:eds?\.|comps?\.|editors?)\s*,", re.IGNORECASE)


def _names(text: str) -> tuple[str, ...]:
    parts = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*", text.strip())
    return tuple(p.strip() for p in parts if p.strip())


def _edition(part: str) -> Edition | None:
    """A published edition, when the part carries an edition's marks: a volume, an imprint
    "(Place: Publisher, Year)", or "eds.", with a title before them."""
    text = part.strip().rstrip(".")
    lead = _EDITION_LEAD_RE.match(text)
    role = "source"
    if lead:
        word = lead.group("lead").lower()
        role = {
            "reprinted in": "reprinted",
            "published in": "reprinted",
            "translation from": "translation",
            "translated from": "translation",
        }.get(word, "source")
        text = text[lead.end() :]
    imprint = _IMPRINT_RE.search(text)
    vol = _VOL_RE.search(text)
    eds = _EDS_RE.search(text)
    if not (imprint or vol or eds):
        return None

    editors: tuple[str, ...] = ()
    body = text
    if eds:
        editors = _names(_without_glosses(text[: eds.start()]))
        body = text[eds.end() :].strip()
    page = ""
    pm = _PAGE_RE.search(body)
    if pm:
        page = pm.group("page").replace(" ", "")
        body = body[: pm.start()]
    place = publisher = year = ""
    im = _IMPRINT_RE.search(body)
    if im:
        place, publisher, year = (im.group(k).strip() for k in ("place", "publisher", "year"))
        body = (body[: im.start()] + body[im.end() :]).strip()
    # The title runs to the first volume/book mark; what follows them up to the imprint is the
    # volume's own title ("1946-February 1950").
    marks = [m for m in (_VOL_RE.search(body), _BOOK_RE.search(body)) if m]
    title_end = min((m.start() for m in marks), default=len(body))
    title = body[:title_end].strip(" ,;")
    tail = body[title_end:]
    volume = book = ""
    if (vm := _VOL_RE.search(tail)) is not None:
        volume = vm.group("vol")
    if (bm := _BOOK_RE.search(tail)) is not None:
        book = bm.group("book")
    volume_note = _BOOK_RE.sub("", _VOL_RE.sub("", tail)).strip(" ,;")
    if not editors and not eds:
        # "Andrei A, Raisa B and Vladimir C, Title": the comma-separated names ending in the
        # one that holds "and" are the authors, when a title remains after them.
        pieces = _split_top(title, ",")
        for i, piece in enumerate(pieces[:-1]):
            if re.search(r"\s(?:and|&)\s", piece) and all(
                _looks_like_name(p) for p in pieces[: i + 1]
            ):
                editors = _names(", ".join(pieces[: i + 1]))
                title = ", ".join(pieces[i + 1 :])
                break
    if not title:
        return None
    return Edition(
        role=role,
        title=title,
        editors=editors,
        volume=volume,
        book=book,
        volume_note=volume_note,
        place=place,
        publisher=publisher,
        year=year,
        page=page,
        as_written=part.strip(),
    )


def _without_glosses(text: str) -> str:
    """Editors' names without the English glosses in brackets: "Zhongyang dang'anguan
    (Central Archives)" is one editor, not two."""
    return re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", text)


def _looks_like_name(text: str) -> bool:
    words = re.split(r"\s+(?:and|&)\s+|\s+", text.strip())
    return 1 <= len(words) <= 8 and all(w[:1].isupper() for w in words if w)


# ---------------------------------------------------------------------------
# Credits
# ---------------------------------------------------------------------------

_CREDIT_RE = re.compile(
    r"^(?P<verb>translated|contributed|obtained|provided|donated|transcribed)"
    r"(?P<mid>(?:\s+(?:for|from|to|into)\s+[^,]+?)*)\s+by\s+(?P<names>.+?)\.?$",
    re.IGNORECASE,
)
_PERMISSION_RE = re.compile(r"^with (?:the )?permission (?:of|from) (?P<who>.+?)\.?$", re.I)
_PUBLISHED_RE = re.compile(r"^(?:first )?published in (?P<where>.+?)\.?$", re.I)
_CREDIT_SPLIT_RE = re.compile(
    r"[,;]?\s+and\s+(?=(?:translated|contributed|obtained|provided|donated|transcribed)\b)",
    re.IGNORECASE,
)


def _credits(part: str) -> list[Credit] | None:
    """Credits in a part ("Contributed by A and translated by B" is two), else None."""
    out = []
    for piece in _CREDIT_SPLIT_RE.split(part.strip()):
        piece = piece.strip().rstrip(".")
        if m := _CREDIT_RE.match(piece):
            names = m.group("names")
            on_behalf = ""
            gloss = re.search(r"\s*\(([^()]+)\)$", names)
            if gloss:  # "Benjamin Aldrich-Moodie (CWIHP)" = translated for CWIHP
                on_behalf = gloss.group(1)
                names = names[: gloss.start()]
            detail = []
            for prep, what in re.findall(
                r"(for|from|to|into)\s+(.+?)(?=\s+(?:for|from|to|into)\s+|$)",
                m.group("mid").strip(),
                re.I,
            ):
                if prep.lower() == "for":
                    on_behalf = what.strip()
                else:
                    detail.append(f"{prep.lower()} {what.strip()}")
            out.append(
                Credit(
                    role=m.group("verb").lower(),
                    names=_names(names),
                    on_behalf_of=on_behalf,
                    detail="; ".join(detail),
                    as_written=piece,
                )
            )
        elif m := _PERMISSION_RE.match(piece):
            out.append(Credit(role="permission", names=(m.group("who"),), as_written=piece))
        elif m := _PUBLISHED_RE.match(piece):
            if _edition(piece) is not None:
                return None  # a full edition ("Published in Eds., Title, vol. 2 (...)")
            out.append(Credit(role="published", detail=m.group("where"), as_written=piece))
        else:
            return None
    return out


# ---------------------------------------------------------------------------
# The parser
# ---------------------------------------------------------------------------


def parse_citation(text: str) -> ArchivalCitation:
    """Read a source citation into holdings, editions and credits.

    Never raises on odd input: whatever cannot be read is kept verbatim in `unparsed`, with a
    warning that quotes it, for an archivist to look at.
    """
    result = ArchivalCitation(text=text or "")
    clean = " ".join((text or "").split())
    after_holding = False
    for sentence in _sentences(clean):
        # ";" separates holdings ("...l. 104; AVP RF, ...; and RGASPI, ...") as well as a
        # holding from a credit ("...delo 8; translated for CWIHP by ..."), so each part is
        # read on its own; ";" inside an imprint's brackets does not split.
        for part in _split_top(sentence, ";"):
            part = re.sub(r"(?i)^and\s+", "", part)
            if (read := _holdings_part(part)) is not None:
                holdings, leftovers = read
                result.holdings.extend(holdings)
                for rest in leftovers:
                    result.unparsed.append(rest)
                    result.warnings.append(
                        f"part of an archival reference not understood: {rest!r}"
                    )
                after_holding = True
                continue
            if (credits := _credits(part)) is not None:
                result.credits.extend(credits)
            elif (edition := _edition(part)) is not None:
                result.editions.append(edition)
            elif after_holding and (m := _MICROFILM_RE.match(part)):
                # "RGANI, f. 5, op. 28, d. 347. Department for ..., microfilm, reel 83." —
                # the sentence after a holding describes its fond and where it is filmed.
                h = result.holdings[-1]
                result.holdings[-1] = _with(
                    h, description=m.group("desc").strip(" ,;."), microfilm_reel=m.group("reel")
                )
            else:
                result.unparsed.append(part)
                result.warnings.append(f"citation text not understood: {part!r}")
            after_holding = False
    return result


# ---------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------


def _folio_text(holding: Holding) -> str:
    if not holding.folios:
        return ""
    parts = [a if a == b else f"{a}\u2013{b}" for a, b in holding.folios]
    many = len(parts) > 1 or any(a != b for a, b in holding.folios)
    label = {"l": "ll." if many else "l.", "p": "pp." if many else "p."}[holding.folio_unit]
    return f"{label} {', '.join(parts)}"


def _units(holding: Holding) -> list[str]:
    delo_label = {"d": "d.", "delo": "d.", "por": "por.", "file": ""}.get(
        holding.delo_label, holding.delo_label
    )
    units = [
        ("f.", holding.fond),
        ("op.", holding.opis),
        ("p.", holding.papka),
        (delo_label, holding.delo),
    ]
    return [f"{label} {value}".strip() for label, value in units if value]


def browse_key(holding: Holding) -> str:
    """The file a visitor browses by, in hierarchical order whatever the order written:
    "APRF f. 45 op. 1 d. 335"; "AVPRF f. 07 op. 23a p. 235 d. 18". Folios are left out: every
    document in the file shares the key."""
    return " ".join([holding.repository, *_units(holding)])


def format_holding(holding: Holding) -> str:
    """A holding as a reader expects to see it cited: "APRF, f. 45, op. 1, d. 335, l. 3"."""
    parts = [holding.repository, *_units(holding)]
    if folios := _folio_text(holding):
        parts.append(folios)
    return ", ".join(parts)


def format_edition(edition: Edition) -> str:
    """An edition in a plain bibliographic form: "Eds, Title, vol. 5, book 1 (Place:
    Publisher, 2005), p. 378"."""
    head = ", ".join(p for p in (_join_names(edition.editors), edition.title) if p)
    parts = [head]
    if edition.volume:
        parts.append(f"vol. {edition.volume}")
    if edition.book:
        parts.append(f"book {edition.book}")
    if edition.volume_note:
        parts.append(edition.volume_note)
    text = ", ".join(parts)
    imprint = ", ".join(p for p in (edition.publisher, edition.year) if p)
    if edition.place and imprint:
        text += f" ({edition.place}: {imprint})"
    elif imprint:
        text += f" ({imprint})"
    if edition.page:
        text += f", p. {edition.page}"
    return text


def _join_names(names: tuple[str, ...]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]
