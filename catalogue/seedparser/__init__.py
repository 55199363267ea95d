"""Parse the plain-text seeds of the catalogue into plain data.

Pure module: standard library only, no Django.  ``parse`` takes any ``str``
and never raises; whatever it cannot read is reported in ``warnings``
instead of being guessed.

Conventions the importer can rely on:

* Names stay as written in ``Name.as_written``; ``Name.name`` is a display
  form (titles stripped, letter-spacing closed, capitals normalised,
  "STALIN I.V." shown as "I.V. Stalin").  Cover names are never replaced:
  ``COVER_NAMES`` is offered for resolution.  Square-bracketed editorial
  insertions go to ``Name.editorial``; a bracket standing alone
  ("[Pak Hon Yong]") gives a ``Name`` whose ``name`` and ``editorial`` are the
  editor's text, while ``as_written`` keeps the brackets.
* A "Copies:" list gives role ``copy``; a "Distribution (list)" or a bare
  numbered column ("1 - Stalin") gives role ``distribution``.  Entries such as
  "File" or "to file" have ``is_person`` False.  Bodies named by "Sent to" /
  "Forwarded to" are ``forwarded`` events and also recipients with role
  ``forwarded_to``, placed after the addressees and copies.
* ``people_mentioned`` merges mentions by surname only when initials agree.
* A header "From <designation>" that is not the signer ("Correspondent 20")
  is kept as ``by`` of the ``sent`` event.  Dates without a year take the
  year of the document and say so in the event's ``note``.
* ``requests`` holds numbered points (for decisions, the points decided) and
  unnumbered asks; quantities are read only from the request's own text.
* Three fields were added to the agreed API, all with defaults:
  ``Request.dates_cited`` (ISO dates of the notes a request cites),
  ``Enclosure.addressed_as`` (salutations and name-and-patronymic forms) and
  ``ParsedDocument.subject`` (a "Subject:" line).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from .copies import _COPIES_HEAD_RE as _COPIES_HEAD_RE
from .copies import _is_headless_column as _is_headless_column
from .copies import _read_copies as _read_copies
from .dates import _context_year as _context_year
from .dates import _human_date as _human_date
from .dates import _is_date_line as _is_date_line
from .dates import find_dates, parse_date, parse_time
from .header import _OWN_NO_LINE_RE as _OWN_NO_LINE_RE
from .header import _scan_header as _scan_header
from .header import _take_marks as _take_marks
from .names import _LETTER_SPACED_RE as _LETTER_SPACED_RE
from .names import _is_initials as _is_initials
from .names import clean_name, surname
from .records import (
    CATEGORIES,
    DOC_TYPES,
    EVENTS,
    ROLES,
    Enclosure,
    Event,
    Name,
    ParsedDocument,
    Quantity,
    Recipient,
    Request,
    to_dict,
)
from .state import ParseState
from .text import _CONTROL_CHARS as _CONTROL_CHARS
from .text import _EDITORIAL_RE as _EDITORIAL_RE
from .text import _QUOTE_CLOSE as _QUOTE_CLOSE
from .text import _QUOTE_OPEN as _QUOTE_OPEN
from .text import _REFNO_RE as _REFNO_RE
from .text import _SPACES_RE as _SPACES_RE
from .text import _add_ref as _add_ref
from .text import _city as _city
from .text import _is_city as _is_city
from .text import _lines_with_ends as _lines_with_ends
from .text import _may_fold_to_ascii as _may_fold_to_ascii
from .text import _may_hold as _may_hold
from .text import _split_marks as _split_marks
from .text import _split_names as _split_names
from .vocabulary import (
    ABBREVIATIONS,
    CAPS_STOP,
    CATEGORY_KEYWORDS,
    CHINESE_NAMES,
    COVER_NAMES,
    KNOWN_NAMES,
    NOT_AFTER_TITLE,
    NUMBER_WORDS,
    OF_PHRASE_STOP,
    ORDINALS,
    ORG_WORDS,
    SOVIET_NAMES,
    STOP_MODIFIERS,
    TYPE_LABELS,
    UNITS,
)

__all__ = [
    "CATEGORIES",
    "COVER_NAMES",
    "DOC_TYPES",
    "EVENTS",
    "ROLES",
    "Enclosure",
    "Event",
    "Name",
    "ParsedDocument",
    "Quantity",
    "Recipient",
    "Request",
    "clean_name",
    "find_dates",
    "parse",
    "parse_date",
    "parse_time",
    "surname",
    "to_dict",
]


# ---------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


def _key(name: Name) -> str:
    return surname(name).lower()


# ---------------------------------------------------------------------------
# Vocabulary of the genre
# ---------------------------------------------------------------------------

# "(?=[A-Z])(?<![\w.])((?:[A-Z][a-z]?\.\s?){0,3})(Name|...)" written to begin with a
# character class: one to three initials, then the name, or the name alone.
_KNOWN_ALTS = sorted(KNOWN_NAMES, key=len, reverse=True)
_KNOWN_RE = re.compile(
    r"[A-Z](?<![\w.][A-Z])(?:[a-z]?\.\s?(?:[A-Z][a-z]?\.\s?){0,2}(?:"
    + "|".join(re.escape(n) for n in _KNOWN_ALTS)
    + ")|"
    + "|".join(f"(?<={n[0]}){re.escape(n[1:])}" for n in _KNOWN_ALTS)
    + r")(?![\w])(\s*\[[^\[\]]{1,80}\])?"
)
_REFERENCE_RE = re.compile(
    r"(?i:\b(?:to|your|our|re:?|reference|ref\.|in reply to|in answer to|on|per|"
    r"according to)\s+(?:(?:the|my|your|our)\s+)?(?:ciphered\s+)?"
    r"(?:telegram|cable|letter|note|tel\.)?\s*)(?:No\.?|Nr\.?|#|№)\s*"
    r"([A-Za-z]{0,3}\d[\w\-]*(?:/[\w\-]+)*)"
)
_POINT_RE = re.compile(
    r"^\s*(?:\((\d{1,2}|[a-z])\)|(\d{1,2})[.)]|([a-z])\)|"
    r"(First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth)(?:ly)?,)(?!\d)\s+(?=\S)"
)
_SIG_CAPS_RE = re.compile(
    r"^(?:(?:[A-Z][a-z]?\.)+\s*)*[A-Z][A-Z'’\-]+(?:\s+[A-Z][A-Z'’\-]+){0,3}"
    r"(?:\s+(?:[A-Z][a-z]?\.)+)?(?:\s*\[[^\[\]]{1,60}\])?\.?$"
)
_SIG_SPACED_RE = re.compile(r"^(?:(?:[A-Z]\.)+\s+)?(?:[A-Z] ){2,}[A-Z]\.?$")
_SIG_YOUR_RE = re.compile(
    r"^(?:your|yours|yours faithfully|respectfully(?: yours)?|with respect|signed)[,:]?\s+"
    r"((?:[A-Z][\w.\-'’]*\s?){1,5}(?:\[[^\[\]]{1,60}\])?)\.?$",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Body: signatures, foot, enclosure
# ---------------------------------------------------------------------------


def _signature(line: str) -> Name | None:
    s = line.strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE).strip()
    if not s or len(s) > 70:
        return None
    m = _SIG_YOUR_RE.match(s)
    if m:
        return Name(**{**dataclasses.asdict(clean_name(m.group(1))), "as_written": s})
    if _SIG_SPACED_RE.match(s):
        return clean_name(s)
    if _SIG_CAPS_RE.match(s):
        words = re.findall(r"[A-Z][A-Z'’\-]+", _EDITORIAL_RE.sub("", s))
        if (
            words
            and all(w not in CAPS_STOP for w in words)
            and (len(words) > 1 or len(words[0]) >= 4)
        ):
            return clean_name(s)
    return None


# "Mao Zedong", "A. Gromyko", "George F. Kennan", "Douglas MacArthur".
_SOFT_SIG_RE = re.compile(
    r"^(?:[A-Z][a-z]?\.\s?)*(?:Ma?c)?[A-Z][a-z'’\-]+"
    r"(?:\s+(?:[A-Z][a-z]?\.\s?)*(?:Ma?c)?[A-Z][a-z'’\-]+){0,3}\.?$"
)
_SIGN_OFF_RE = re.compile(
    r"(?i)^(?:with (?:deep |great |communist )?(?:respect|greetings)|respectfully|yours|"
    r"sincerely|with comradely greetings)\b.{0,40}$"
)


def _soft_signature(line: str) -> Name | None:
    """A name in ordinary case standing alone on a line ("Mao Zedong", "A. Gromyko")."""
    s = line.strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE).strip()
    if not _SOFT_SIG_RE.match(s) or len(s) > 40:
        return None
    toks = s.rstrip(".").split()
    if len(toks) == 1 and toks[0] not in KNOWN_NAMES:
        return None  # "Text." or "Agreed." are not signatures
    return clean_name(s)


_BRACKETED_LINE_RE = re.compile(r"^\s*\[[^\[\]]*\]\s*$")


def _find_signature(lines: list[str], idx: list[int], consumed: set[int]) -> int | None:
    """The index of the signature among the lines ``idx`` (the last one that signs)."""
    live = [k for k in idx if k not in consumed and lines[k].strip()]
    # An editor's or archive's note in square brackets after the text ("[Source: ...]") is
    # no part of the document: the line before it is the document's last.
    last = len(live) - 1
    while last > 0 and _BRACKETED_LINE_RE.match(lines[live[last]]):
        last -= 1
    for pos in range(len(live) - 1, -1, -1):
        k = live[pos]
        if _signature(lines[k]):
            return k
        # A name in ordinary case signs only after a sign-off or at the very end.
        if _soft_signature(lines[k]) and (
            pos == last
            or (pos > 0 and _SIGN_OFF_RE.match(lines[live[pos - 1]].strip().lstrip(_QUOTE_OPEN)))
        ):
            return k
    return None


def _quoted_region(lines: list[str], start: int) -> tuple[int, int] | None:
    """The lines of a relayed document quoted inside the telegram, if any."""
    first_text = None
    for i in range(start, len(lines)):
        s = lines[i].strip()
        if not s:
            continue
        if first_text is None:
            first_text = i
        if s[0] in _QUOTE_OPEN and i > first_text:
            end = i
            for j in range(len(lines) - 1, i - 1, -1):
                t = lines[j].strip()
                if t and t[-1] in _QUOTE_CLOSE:
                    end = j
                    break
            else:
                end = len(lines) - 1
            return i, end
    return None


_DOC_WORDS = r"(?:letter|telegram|message|note|appeal|memorandum|statement|cable|address)"
_TEXT_OF_RE = re.compile(
    r"(?i)^(?:the\s+)?(?:full\s+)?text\s+of\s+(?:the\s+|this\s+)?" + _DOC_WORDS + r"\b.{0,160}?"
    r"(?::|\bfollows\.?|\bas follows[.:]?)\s*$"
)
_TRANSMIT_TEXT_RE = re.compile(
    r"(?i)^I\s+(?:hereby\s+)?(?:transmit|report|forward|send|pass on|convey)\s+(?:to you\s+)?"
    r"(?:the\s+)?(?:full\s+)?(?:text|contents?)\s+of\b"
)
_SIGN_OFF_ANY_RE = re.compile(
    r"(?i)^[\"“«„]*(?:with (?:deep |great |communist |comradely |fraternal )?(?:respect|greetings)|"
    r"respectfully|yours|sincerely|your\s+[A-Z])"
)


def _marked_region(lines: list[str], start: int) -> tuple[int, int] | None:
    """A relayed document introduced by "Text of the letter:" or "I transmit the text of ...".

    The relayed text runs to the end, less the telegram's own foot: a copies list,
    its own number lines and, when the relayed text has its own sign-off, the last
    signature in capitals.
    """
    marker = None
    for i in range(start, min(len(lines), start + 60)):
        s = lines[i].strip()
        if not s:
            continue
        if _TEXT_OF_RE.match(s) or _TRANSMIT_TEXT_RE.match(s):
            marker = i
        elif marker is not None:
            break
    if marker is None:
        return None
    live = [k for k in range(marker + 1, len(lines)) if lines[k].strip()]
    if not live:
        return None
    lo = live[0]
    for pos, k in enumerate(live):
        if _COPIES_HEAD_RE.match(lines[k].strip()):
            live = live[:pos]
            break
    while live and (
        _OWN_NO_LINE_RE.match(lines[live[-1]].strip()) or _split_marks(lines[live[-1]])
    ):
        live.pop()
    if (
        len(live) > 2
        and _signature(lines[live[-1]])
        and not _SIG_YOUR_RE.match(lines[live[-1]].strip())
    ):
        before = live[:-1]
        if any(
            _SIGN_OFF_ANY_RE.match(lines[k].strip()) or _signature(lines[k]) for k in before[1:]
        ):
            live = before
    if not live:
        return None
    return lo, live[-1]


_INTRO_RE = re.compile(
    r"\b(letter|telegram|note|message|memorandum|appeal|cable|statement)\s+(?:of|from)\s+"
    r"(?P<author>[^,;:]{1,80}?)\s+(?:to|addressed to)\s+(?P<addr>[^,;:]{1,80}?)"
    r"(?=\s+(?:of|dated)\s|[,:;]|(?<!\b[A-Z])\.(?:\s|$)|$)",
    re.IGNORECASE,
)
_VIA_RE = re.compile(
    r"^[\"“«„]*\s*((?:deeply\s+)?(?:respected|dear|esteemed)?\s*comrade\s+ambassador)\b",
    re.IGNORECASE,
)
_SALUTATION_RE = re.compile(
    r"^[\"“«„]*\s*((?:deeply\s+|highly\s+)?(?:dear|respected|esteemed)\s+"
    r"(?:comrades?\s+)?(?P<who>[^,!:]{1,60}?))\s*[,!:]?\s*$",
    re.IGNORECASE,
)
# "(?i)(?:telegram|letter|message|note|appeal)\s+of ..." with the first letter first.
_ALSO_SENT_RE = re.compile(
    r"[TtLlMmNnAa](?i:(?:(?<=t)elegram|(?<=l)etter|(?<=m)essage|(?<=n)ote|(?<=a)ppeal)"
    r"\s+of\s+(?:analogous|similar|the same|identical|"
    r"like)\s+content\s+(?:was|has been|is being|will be)\s+(?:sent|addressed|transmitted)\s+"
    r"to\s+(?P<who>[^.;]{1,120}))"
)
_PATRONYMIC_RE = re.compile(
    r"([A-Z](?<!\w[A-Z])[a-z]+)\s+([A-Z][a-z]+(?:ovich|evich|ich|ovna|evna))\b"
)


def _patronymics(s: str) -> list[re.Match]:
    # Every ending the pattern knows contains "ich" or "vna".
    if "ich" not in s and "vna" not in s:
        return []
    return list(_PATRONYMIC_RE.finditer(s))


def _doc_type_word(s: str) -> str:
    s = s.lower()
    if s in ("telegram", "cable"):
        return "telegram"
    if s in ("memorandum",):
        return "memorandum"
    if s in ("letter", "note", "message", "appeal", "statement"):
        return "letter"
    return "other"


def _closing_place_date(
    lines: list[str], lo: int, hi: int, cy: int | None
) -> tuple[str, str | None, bool]:
    for i in range(hi, lo - 1, -1):
        s = lines[i].strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE)
        if not s:
            continue
        if _is_date_line(s, cy):
            hits = [h for h in find_dates(s, cy, partial=True) if h.iso]
            if not hits:
                continue
            words = re.sub(r"[\d.,/:]+", " ", s[: hits[0].start]).strip()
            place = _city(words) if _is_city(words) else ""
            return place, hits[0].iso, hits[0].inferred
        if i < hi - 3:
            break
    return "", None, False


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------


_CATEGORY_RES = [(cat, re.compile(rx, re.IGNORECASE)) for cat, rx in CATEGORY_KEYWORDS]
# One pass finds the earliest keyword; at one position the first category listed wins.
_CATEGORY_ANY_RE = re.compile(
    "|".join(f"(?P<{cat}>{rx})" for cat, rx in CATEGORY_KEYWORDS), re.IGNORECASE
)


def _category(summary: str, text: str) -> str:
    m = _CATEGORY_ANY_RE.search(summary)
    if m:
        return next(cat for cat, v in m.groupdict().items() if v is not None)
    counts = [(len(rx.findall(text)), cat) for cat, rx in _CATEGORY_RES]
    n, cat = max(counts, key=lambda x: x[0])
    return cat if n else "other"


def _last_word(s: str) -> str:
    """What ``re.search(r"([\\w\\-]+)$", s)`` finds, read backwards from the end."""
    if s.endswith("\n"):
        s = s[:-1]  # "$" also matches before a final newline
    i = len(s)
    while i and (s[i - 1].isalnum() or s[i - 1] in "_-"):
        i -= 1
    return s[i:]


def _first_sentence(s: str) -> str:
    for m in re.finditer(r"[.!?][\"”»]?(?:\s+|$)", s):
        word = _last_word(s[: m.start()])
        if len(word) <= 2 and word[:1].isupper():
            continue  # an initial, as in "A. Vasilevsky"
        if word.lower() in ABBREVIATIONS:
            continue
        return s[: m.end()].strip()
    return s.strip()


def _summary(text: str) -> str:
    s = _POINT_RE.sub("", text, count=1)
    s = _EDITORIAL_RE.sub("", s)
    s = _SPACES_RE.sub(" ", s).strip()
    s = _first_sentence(s)
    s = re.sub(
        r"(?i)^(?:aside|apart) from (?:all )?(?:of )?(?:this|that)[,:]?\s*|"
        r"^(?:besides|in addition|moreover|furthermore)(?: to this| to that)?[,:]?\s*",
        "",
        s,
    )
    m = re.search(
        r"\b(?:it is (?:extremely |very |also )?(?:necessary|desirable|important)"
        r"(?: for us)?|[Ww]e (?:would )?(?:need|ask you|request you)(?: \w+ly)?|"
        r"we would like)\s+to\s+(?=[a-z])",
        s,
    )
    if m:
        s = s[m.end() :]
    s = re.sub(r"^[Tt]o\s+(?=[a-z])", "", s)
    s = re.sub(r"\s+([,.;:])", r"\1", s)
    s = s.rstrip(" ,;:")
    if len(s) > 160:
        s = s[:157].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    elif s and s[-1] not in ".!?…":
        s += "."
    return s[:1].upper() + s[1:]


_NUM_RE = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d{1,6}|(?i:(?:(?:twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)[- ])?(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety)(?:\s+(?i:hundred|thousand))?)"
)
_QTY_RE = re.compile(
    r"(?=[\dotfsenOTFSEN])(?<![\w,.#/\-])"
    + _NUM_RE
    + r"\s+(?P<mods>(?:[A-Za-z][\w\-]*\s+){0,3}?)(?P<unit>"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + r")\b"
)
_CALIBER_RE = re.compile(r"(?i)\b(small|middle|medium|large|heavy|light)[\s-]+calib(?:er|re)\b")


def _of_phrase(after: str) -> str:
    """What an "of" after a quantity says it is made of: "of KPA TU-2 pilots will" -> ..."""
    m = re.match(r"\s+of\s+([^.,;:()\n]{1,60})", after)
    if not m:
        return ""
    words = []
    for w in m.group(1).split():
        if w.lower() in OF_PHRASE_STOP or len(words) == 4:
            break
        words.append(w)
    return " ".join(words)


def _number(s: str) -> int | None:
    s = s.lower().replace(",", "").strip()
    if s.isdigit():
        return int(s)
    total = 0
    for w in re.split(r"[\s-]+", s):
        if w == "hundred":
            total = max(total, 1) * 100
        elif w == "thousand":
            total = max(total, 1) * 1000
        elif w in NUMBER_WORDS:
            total += NUMBER_WORDS[w]
        else:
            return None
    return total or None


def _from_you(asked_of: Name | None) -> str:
    if asked_of is None:
        return ""
    nm = asked_of.name.lower()
    key = surname(asked_of).lower()
    if key in SOVIET_NAMES or nm in SOVIET_NAMES or asked_of.editorial.lower() == "stalin":
        return "the USSR"
    if key in CHINESE_NAMES or nm in CHINESE_NAMES:
        return "China"
    return ""


_NUM_WORD_PREFIXES = tuple(sorted({w[:3] for w in NUMBER_WORDS}))
_DIGITS_RE = re.compile(r"\d+")


def _quantity_matches(text: str) -> list[re.Match]:
    """``_QTY_RE.finditer(text)``, trying the pattern only where a number begins.

    A quantity starts with a digit or a number word; the lower-cased text shows
    where number words can begin (see _FOLDS_TO_ASCII), and matching from those
    positions in order, past each match, gives the matches finditer gives.
    """
    if _may_fold_to_ascii(text):
        return list(_QTY_RE.finditer(text))
    low = text.lower()
    starts = {m.start() for m in _DIGITS_RE.finditer(text)}
    for w in _NUM_WORD_PREFIXES:
        i = low.find(w)
        while i >= 0:
            starts.add(i)
            i = low.find(w, i + 1)
    out = []
    pos = 0
    for i in sorted(starts):
        if i < pos:
            continue
        m = _QTY_RE.match(text, i)
        if m:
            out.append(m)
            pos = m.end()
    return out


def _quantities(text: str, asked_of: Name | None) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _quantity_matches(text):
        amount = _number(m.group("num"))
        if amount is None:
            continue
        if re.search(r"(?i)(?:No\.?|#)\s*$", text[max(0, m.start() - 5) : m.start()]):
            continue
        mods = m.group("mods").split()
        if any(w.lower() in STOP_MODIFIERS for w in mods):
            continue
        note_parts = []
        mods_s = " ".join(mods)
        cm = _CALIBER_RE.search(mods_s + " ")
        if cm:
            note_parts.append(f"{cm.group(1).lower()}-caliber")
            mods_s = _CALIBER_RE.sub("", mods_s).strip()
        unit = (mods_s + " " + m.group("unit")).strip()
        if not mods_s:
            # "three middle caliber regiments" after "ten antiaircraft regiments"
            for prev in reversed(out):
                if prev.unit.endswith(" " + m.group("unit")):
                    unit = prev.unit
                    break
        after = text[m.end() : m.end() + 80]
        of_phrase = _of_phrase(after)
        if of_phrase:
            note_parts.append(of_phrase)
        fm = re.match(
            r"\s+(?:\w+\s+){0,2}?((?:directly\s+)?from\s+(you|the USSR|the Soviet Union"
            r"|China|the Chinese(?: comrades)?))\b",
            after,
        )
        if fm:
            src = fm.group(1)
            if fm.group(2) == "you" and _from_you(asked_of):
                src = src.replace("you", _from_you(asked_of))
            note_parts.append(src)
        out.append(Quantity(amount=amount, unit=unit, note=", ".join(note_parts)))
    # "that the Chinese comrades put out half": half of the quantity just named.
    hm = _may_hold(text, "half") and re.search(
        r"(?i)\b(?:the\s+)?(Chinese|Soviet|Korean)\s+(?:comrades\s+|friends\s+|side\s+)?"
        r"(?:\w+\s+){0,2}?half\b",
        text,
    )
    if hm and out and out[0].amount % 2 == 0:
        who = hm.group(1).capitalize()
        out.append(Quantity(out[0].amount // 2, out[0].unit, f"half, from the {who}"))
    return out


_CONT_RE = re.compile(
    r"^(?:it is (?:also )?(?:desirable|necessary|important)|in connection with this|"
    r"along with this|for this|at the same time|also|in particular|including|that is|"
    r"these\b|this\b)",
    re.IGNORECASE,
)
_EXTRA_RE = re.compile(
    r"^(?:aside from|apart from|besides|in addition|furthermore|moreover|we also ask|"
    r"i also ask)\b",
    re.IGNORECASE,
)
_NEED_RE = re.compile(r"(?i)\b(?:necessary|need|ask|request|desirable|send|receive|provide)")
_CLOSING_RE = re.compile(
    r"^(?:a (?:telegram|letter|message) of|we await|i await|we wish|i wish|with (?:deep |great )?"
    r"respect|the (?:korean|chinese|soviet) people|please accept|respectfully|yours?\b|"
    r"i ask you to (?:inform|bring)|we ask you to (?:inform|bring)|greetings|long live)",
    re.IGNORECASE,
)


_ASK_RE = re.compile(
    r"(?i)\b(?:I|we)\s+(?:would\s+)?(?:also\s+)?(?:ask|request|beg)\s+"
    r"(?:you\s+)?(?:to\s+)?(?:send|provide|supply|give|grant|receive|allow)\b|"
    r"\band\s+(?:ask|request)\s+you\s+to\s+(?:send|provide|supply|give|grant)\b|"
    r"\b(?:asks|requests)\s+(?:you\s+)?(?:for\s+(?=\d|\w+\s)|to\s+(?:send|provide|supply|grant)\b)"
)
_ASK_NOT_RE = re.compile(r"(?i)\b(?:bring to (?:the|your) attention|inform|transmit|pass on)\b")


def _blocks(lines: list[str], lo: int, hi: int, skip: set[int]) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    for i in range(lo, hi + 1):
        if i in skip:
            if cur:
                out.append("\n".join(cur))
                cur = []
            continue
        s = lines[i].strip()
        if not s:
            if cur:
                out.append("\n".join(cur))
                cur = []
            continue
        if _POINT_RE.match(s) and cur:
            out.append("\n".join(cur))
            cur = []
        cur.append(s)
    if cur:
        out.append("\n".join(cur))
    return out


def _point_id(block: str) -> tuple[str, str] | None:
    m = _POINT_RE.match(block)
    if not m:
        return None
    if m.group(1):
        return "paren", m.group(1)
    if m.group(2):
        return "digit", m.group(2)
    if m.group(4):
        # "First, ...", "Second, ...": numbered as the words say.
        return "ordinal", str(ORDINALS.index(m.group(4).lower()) + 1)
    return "letter", m.group(3)


def _is_name_only(block: str) -> bool:
    rest = _POINT_RE.sub("", block, count=1).strip().rstrip(".")
    return len(rest.split()) <= 4 and not re.search(r"\b[a-z]{3,}\b", rest)


_CITES_RE = re.compile(r"(?i)\b(?:note|application|letter|telegram)s?\b")


def _requests(blocks: list[str], asked_by: Name | None, asked_of: Name | None) -> list[Request]:
    style = None
    ordinal_points = sum(1 for b in blocks if (p := _point_id(b)) and p[0] == "ordinal")
    for b in blocks:
        pid = _point_id(b)
        if pid and not _is_name_only(b) and (pid[0] != "ordinal" or ordinal_points >= 2):
            style = pid[0]
            break
    out: list[tuple[str | None, list[str]]] = []
    cur: tuple[str | None, list[str]] | None = None
    remaining_points = [
        k
        for k, b in enumerate(blocks)
        if (p := _point_id(b)) and p[0] == style and not _is_name_only(b)
    ]
    for k, b in enumerate(blocks):
        pid = _point_id(b)
        if style and pid and pid[0] == style and not _is_name_only(b):
            cur = (pid[1], [b])
            out.append(cur)
            continue
        if cur is None:
            continue
        first = b.lstrip(_QUOTE_OPEN)
        if _EXTRA_RE.match(first) and _NEED_RE.search(first):
            cur = (None, [b])
            out.append(cur)
            continue
        more_points = any(p > k for p in remaining_points)
        if _CLOSING_RE.match(first) or _signature(first) or _is_date_line(first, None):
            cur = None
            continue
        if more_points or _CONT_RE.match(first) or (pid and pid[0] != style):
            cur[1].append(b)
        else:
            cur = None
    if style is None:
        # No numbered points: a paragraph that asks for something is one request.
        for b in blocks:
            first = b.lstrip(_QUOTE_OPEN)
            if (
                _ASK_RE.search(first)
                and not _ASK_NOT_RE.search(first)
                and not _CLOSING_RE.match(first)
            ):
                out.append((None, [b]))
    reqs = []
    for number, parts in out:
        text = "\n\n".join(parts)
        head = parts[0]
        if number is None:
            # Summarise from the sentence that asks, not the news before it.
            am = _ASK_RE.search(head)
            if am:
                cut = max(head.rfind(". ", 0, am.start()), head.rfind("\n", 0, am.start()))
                head = head[cut + 1 :] if cut >= 0 else head
        summary = _summary(head)
        cited = []
        cites = _may_hold(text, "note", "application", "letter", "telegram")
        for h in find_dates(text) if cites and _CITES_RE.search(text) else ():
            if (
                h.iso
                and len(h.iso) == 10
                and re.search(
                    r"(?i)\b(?:note|application|letter|telegram)s?\b[^.]{0,80}$",
                    text[max(0, h.start - 120) : h.start],
                )
            ):
                cited.append(h.iso)
        reqs.append(
            Request(
                number=number,
                summary=summary,
                text=text,
                category=_category(summary, text),
                quantities=_quantities(text, asked_of),
                asked_by=asked_by,
                asked_of=asked_of,
                dates_cited=cited,
            )
        )
    return reqs


# ---------------------------------------------------------------------------
# People named in running text
# ---------------------------------------------------------------------------

# "\b(?:[Cc]omrades?|Marshal|...)" written to begin with a character class: the engine
# then skips to the few positions holding one of those letters instead of trying every
# position.  The lookbehind after the first letter is the "\b" before it.
_AFTER_TITLE_RE = re.compile(
    r"[CcMGPA](?<!\w[CcMGPA])(?:(?<=[Cc])omrades?|(?<=M)arshal|(?<=G)eneral|(?<=C)hairman|"
    r"(?<=P)remier|(?<=G)eneralissimo|(?<=A)mbassador|(?<=M)inister)"
    r"[ \t]+((?:(?:[A-Z][a-z]?\.)+[ \t]?|[A-Z][\w'’\-]*(?:[ \t]+|(?=[\s,.;:)\]\"”]|$))){1,4})"
    r"(\s*\[[^\[\]]{1,80}\])?"
)
_CAPS_RUN_RE = re.compile(
    r"[A-Z](?<![\w\-][A-Z])[A-Z'’\-]*[A-Z](?:[ \t]+[A-Z][A-Z'’\-]*[A-Z])*"
    r"(?:[ \t]+(?:[A-Z][a-z]?\.){1,3})?(?![\w\-])([ \t]*\[[^\[\]]{1,80}\])?"
)


def _names_in(text: str) -> list[Name]:
    found: list[tuple[int, Name]] = []
    for m in _AFTER_TITLE_RE.finditer(text):
        raw = (m.group(1) + (m.group(2) or "")).strip()
        toks = raw.split()
        if toks and toks[0].lower().strip(".,") in NOT_AFTER_TITLE:
            continue
        if all(t.strip(".") in CAPS_STOP for t in toks if not _is_initials(t)):
            continue
        found.append((m.start(1), clean_name(raw)))
    for m in _CAPS_RUN_RE.finditer(text):
        raw = m.group(0).strip()
        words = re.findall(r"[A-Z][A-Z'’\-]*[A-Z]", _EDITORIAL_RE.sub("", raw))
        if not words or any(w in CAPS_STOP for w in words):
            continue
        if len(words) == 1 and len(words[0]) < 4:
            continue
        found.append((m.start(), clean_name(raw)))
    for m in _LETTER_SPACED_RE.finditer(text):
        found.append((m.start(), clean_name(m.group(0))))
    for m in _KNOWN_RE.finditer(text):
        found.append((m.start(), clean_name(m.group(0).strip())))
    spans = [m.span() for m in _EDITORIAL_RE.finditer(text)]
    found = [(p, n) for p, n in found if not any(a < p < b for a, b in spans)]
    # "[Pak Hon Yong]" standing alone: the editor names someone the text leaves
    # unnamed; the editor's text is both `name` and `editorial`, `as_written` keeps
    # the brackets so the importer can tell it from the original's words.
    for m in _BRACKET_PERSON_RE.finditer(text):
        words = m.group(1).split()
        if any(w.lower().strip("'’s") in ORG_WORDS for w in words):
            continue
        prev = re.search(r"(\S+)[ \t]*$", text[: m.start()])
        if prev and prev.group(1)[:1].isupper() and prev.group(1)[-1:].isalpha():
            continue  # a gloss on the name just before it: "FENG XI [STALIN]"
        ed = " ".join(words)
        found.append((m.start(), Name(as_written=m.group(0), name=ed, editorial=ed)))
    found.sort(key=lambda x: x[0])
    return [n for _, n in found if (n.name or n.editorial) and n.is_person]


_BRACKET_PERSON_RE = re.compile(
    r"\[(?<![A-Za-z]\[)([A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+){0,3})\]"
)


_SAME_INITIAL = str.maketrans("JY", "II")  # Iosif/Josef, Ia./Ya.


def _initial(name: Name) -> str:
    """First letter of the given names or initials before the surname, if any."""
    sur = surname(name)
    rest = name.name[: len(name.name) - len(sur)] if name.name.endswith(sur) else ""
    m = re.search(r"[A-Za-z]", rest)
    return m.group(0).upper().translate(_SAME_INITIAL) if m else ""


def _merge_people(names: list[Name | None]) -> list[Name]:
    """One entry per person, in order of first mention, keeping the fullest form.

    People who share a surname are merged only when their initials agree:
    "Stalin" and "I.V. Stalin" are one, "A.I. Ivanov" and "P.S. Ivanov" are two.
    A bare surname that could be either of two such people adds no one.
    """
    out: list[Name] = []
    index: dict[str, list[int]] = {}
    for n in names:
        if n is None or not n.is_person or not (n.name.strip() or n.editorial):
            continue
        k = _key(n) if n.name.strip() else "[" + n.editorial.lower() + "]"
        cands = index.get(k, [])
        ini = _initial(n) if cands else ""
        same = [j for j in cands if not ini or _initial(out[j]) in ("", ini)]
        if len(same) > 1 and not ini:
            continue
        if same:
            j = same[0]
            old = out[j]
            # Keep the fullest form seen ("I.V. Stalin" over "Stalin").
            if len(n.name) > len(old.name) and not old.editorial:
                out[j] = Name(n.as_written, n.name, n.editorial or old.editorial, n.is_person)
            elif n.editorial and not old.editorial:
                out[j] = Name(old.as_written, old.name, n.editorial, old.is_person)
            continue
        index.setdefault(k, []).append(len(out))
        out.append(n)
    return out


# ---------------------------------------------------------------------------
# Title
# ---------------------------------------------------------------------------


def _join(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def compose_title(doc: ParsedDocument, short_name: Callable[[Name], str] | None = None) -> str:
    """The title archivists give a document, from its parsed parts: "Ciphered Telegram No.
    502597, Razuvaev to Vasilevsky and Vyshinsky, transmitting a letter from Kim Il Sung to
    Stalin".  SHORT_NAME gives the form of each party's name in the title; by default
    :func:`surname`, which knows only the text.  A caller that has resolved the names (the
    importer, through the authority file) passes its own."""
    short = short_name or surname
    participants = doc.participants
    heading_body = doc.heading_body
    label = TYPE_LABELS.get(doc.doc_type, "Document")
    ref = doc.reference_numbers[0] if doc.reference_numbers else ""
    ref = re.sub(r"(?i)/(?:sh|ss|s)$", "", ref)
    addressees = [short(r.name) for r in doc.recipients if r.role == "addressee"]
    who = doc.sender or doc.author
    if doc.doc_type in ("ciphered_telegram", "telegram"):
        t = label + (f" No. {ref}" if ref else "")
        if who and addressees:
            t += f", {short(who)} to {_join(addressees)}"
        elif who:
            t += f", from {short(who)}"
        elif doc.place and addressees:
            t += f", from {doc.place} to {_join(addressees)}"
        elif addressees:
            t += f", to {_join(addressees)}"
        elif doc.place:
            t += f", from {doc.place}"
        enc = doc.enclosure
        if enc:
            t += f", transmitting a {enc.doc_type if enc.doc_type != 'other' else 'document'}"
            if enc.author:
                t += f" from {short(enc.author)}"
            if enc.addressee:
                t += f" to {short(enc.addressee)}"
        distinguished = bool(ref)
    elif doc.doc_type == "conversation":
        t = label
        if participants:
            t += " between " + _join([short(p) for p in participants])
        distinguished = False
    elif doc.doc_type == "decision":
        t = label + (f" No. {ref}" if ref else "")
        if heading_body:
            if short_name and doc.author is not None and doc.author.name == heading_body:
                heading_body = short(doc.author)
            t += (
                f" of the {heading_body}"
                if not heading_body.lower().startswith("the ")
                else f" of {heading_body}"
            )
        distinguished = bool(ref)
    else:
        t = label + (f" No. {ref}" if ref else "")
        if doc.author:
            t += f" from {short(doc.author)}"
        if addressees:
            t += f" to {_join(addressees)}"
        distinguished = bool(ref)
    if not distinguished and doc.date:
        t += f", {_human_date(doc.date)}"
    elif t == label:
        t += ", undated"
    return t


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def parse(text: str, *, source_name: str = "") -> ParsedDocument:
    """Parse one document.  Never raises: failures become warnings."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _parse(text, source_name)
    except Exception as exc:  # noqa: BLE001 - the importer must always get a document
        return ParsedDocument(
            doc_type="other",
            title=source_name or "Document",
            reference_numbers=[],
            date=None,
            date_inferred=False,
            transmission=[],
            urgency="",
            marks=[],
            place="",
            author=None,
            sender=None,
            recipients=[],
            copies_stated=None,
            enclosure=None,
            requests=[],
            people_mentioned=[],
            references=[],
            text=text,
            body=text,
            warnings=[f"parser error: {type(exc).__name__}: {exc}"],
        )


def _parse(text: str, source_name: str) -> ParsedDocument:
    lines, raw_lines = _lines_with_ends(text)
    st = ParseState(lines=lines, context_year=_context_year(lines))
    warnings = st.warnings
    if not text.strip():
        warnings.append("empty text")
    if any(c in text for c in _CONTROL_CHARS):
        warnings.append("text contains control characters")

    body_start = _scan_header(st)
    body = "".join(raw_lines[body_start:])
    n = len(lines)

    doc_type = st.doc_type
    first_body = next((lines[i].strip() for i in range(body_start, n) if lines[i].strip()), "")
    if not doc_type:
        if _SALUTATION_RE.match(first_body) or (
            st.addressees and not st.events and _signature_last(lines, body_start, n)
        ):
            doc_type = "letter"
        elif st.events:
            doc_type = "telegram"
        else:
            doc_type = "other"
            if text.strip():
                warnings.append("document type not recognised")

    # Regions: the telegram's own text, and a relayed document quoted in it.
    region = None
    if doc_type in ("ciphered_telegram", "telegram"):
        region = _quoted_region(lines, body_start) or _marked_region(lines, body_start)
    own_idx = [k for k in range(body_start, n) if not (region and region[0] <= k <= region[1])]

    # Foot of the document's own text: copies lists, numbers, dates, marks.
    foot_dates: list[tuple[str, bool, str]] = []
    k = 0
    while k < len(own_idx):
        i = own_idx[k]
        s = lines[i].strip()
        k += 1
        if not s or i in st.consumed:
            continue
        headless = _is_headless_column(lines, i)
        if _COPIES_HEAD_RE.match(s) or headless:
            nxt = _read_copies(st, i, headless=headless)
            while k < len(own_idx) and own_idx[k] < nxt:
                k += 1
            continue
        marks = _split_marks(s)
        if marks:
            _take_marks(marks, st)
            st.consumed.add(i)
            continue
        m = _OWN_NO_LINE_RE.match(s)
        if (
            m
            and (not m.group(2).strip() or _is_date_line(m.group(2), st.context_year))
            and not _POINT_RE.match(s)
        ):
            _add_ref(st.own_numbers, m.group(1))
            hits = [h for h in find_dates(m.group(2), st.context_year, partial=True) if h.iso]
            if hits:
                foot_dates.append((hits[0].iso, hits[0].inferred, ""))
            st.consumed.add(i)
        elif _is_date_line(s, st.context_year) and not _POINT_RE.match(s):
            hits = [h for h in find_dates(s, st.context_year, partial=True) if h.iso]
            if hits and not re.search(r"(?i)declassif", s):
                words = re.sub(r"[\d.,/:]+", " ", s[: hits[0].start]).strip()
                foot_dates.append(
                    (hits[0].iso, hits[0].inferred, _city(words) if _is_city(words) else "")
                )
            st.consumed.add(i)

    # Signature of the document's own text: the last one outside the enclosure.
    sig_idx = _find_signature(lines, own_idx, st.consumed)
    signature = (
        _signature(lines[sig_idx]) or _soft_signature(lines[sig_idx])
        if sig_idx is not None
        else None
    )
    if sig_idx is not None:
        st.consumed.add(sig_idx)

    own_text = "\n".join(lines[i] for i in own_idx if i not in st.consumed)
    for m in _REFERENCE_RE.finditer(own_text):
        _add_ref(st.cited_numbers, m.group(1))

    # Addressees of letters and memoranda written without a "To" line.
    salutation = _SALUTATION_RE.match(first_body) if first_body else None
    if not st.addressees and salutation and not _VIA_RE.match(first_body):
        st.addressees.append(clean_name(salutation.group("who")))

    # Heading of conversations and decisions.
    participants: list[Name] = []
    heading_body = ""
    author = None
    heading_text = st.heading
    if doc_type == "conversation" and st.heading:
        # "of Comrade X with Y" names both sides; "between X and Y" / "with Y" as written.
        om = re.search(r"(?i)\bconversation\s+(?:of|by)\s+(.+?)\s+with\s+(.+)$", heading_text)
        hm = re.search(r"(?i)\b(?:between|with)\s+(.+)$", heading_text)
        if om or hm:
            both = f"{om.group(1)} and {om.group(2)}" if om else hm.group(1)
            tail = re.split(r"(?i)\s+(?:on|of|dated)\s+(?=\d|[A-Z][a-z]+ \d)", both)[0]
            tail = _REFNO_RE.sub("", tail).strip(" ,.")
            participants = [clean_name(p) for p in _split_names(tail)]
            participants = [p for p in participants if p.name]
    if doc_type == "decision" and st.heading:
        hm = re.match(
            r"(?i)^(?:decision|resolution|decree|protocol|directive|order)\s+"
            r"(?:No\.?\s*\S+\s+)?of\s+(?:the\s+)?(.+?)(?:\s+(?:No\.?|#)\s*\S+.*|"
            r"\s+of\s+\d.*|\s+dated.*)?$",
            heading_text,
        )
        if not hm:
            # "Extract from protocol No. 87 of the session of the Politburo of the CC"
            hm = re.search(
                r"(?i)\bof\s+(?:the\s+)?(?:session|sitting|meeting)\s+of\s+(?:the\s+)?"
                r"(.+?)(?:\s+(?:of|on|dated)\s+\d.*)?$",
                heading_text,
            )
        if hm:
            heading_body = hm.group(1).strip(" .,")
            author = Name(as_written=heading_body, name=heading_body)
    if doc_type in ("letter", "memorandum", "report") and st.heading:
        hm = re.match(r"(?i)^\w+\s+(?:of|from)\s+(.+?)\s+to\s+(.+?)\.?$", heading_text)
        if hm:
            author = clean_name(hm.group(1))
            if not st.addressees:
                st.addressees.append(clean_name(hm.group(2)))

    for k in range(body_start, n):
        rm = re.match(
            r"(?i)^\s*(?:recorded|written down|compiled|prepared) by:?\s+"
            r"(.{2,60}?)\.?\s*$",
            lines[k],
        )
        if rm and author is None:
            author = clean_name(rm.group(1))
            st.consumed.add(k)
    sender = None
    if doc_type in ("ciphered_telegram", "telegram"):
        sender = signature or st.from_name
        author = author or sender
    else:
        author = author or signature or st.from_name
    # "From Correspondent 20": the designation stays with the sent event.
    # A memorandum's "From:" names its author, not a transmission.
    if (
        st.from_name
        and doc_type in ("ciphered_telegram", "telegram")
        and st.from_name is not sender
        and st.from_name is not author
    ):
        sent = next((e for e in st.events if e.event == "sent"), None)
        if sent and sent.by is None:
            sent.by = st.from_name
        elif sent is None:
            st.events.insert(0, Event("sent", None, None, by=st.from_name))

    # Enclosure.
    enclosure = None
    enc_requests_from = (author, st.addressees[0] if st.addressees else None)
    if region:
        lo, hi = region
        intro = _INTRO_RE.search(own_text)
        enc_type = _doc_type_word(intro.group(1)) if intro else "letter"
        enc_author = clean_name(intro.group("author")) if intro else None
        enc_addr = clean_name(intro.group("addr")) if intro else None
        enc_date = None
        if intro:
            after = own_text[intro.end() : intro.end() + 40]
            dm = re.match(r"\s+(?:of|dated)\s+(.{4,30})", after)
            if dm:
                enc_date, _ = parse_date(dm.group(1), st.context_year)
        via = None
        addressed_as: list[str] = []
        for k in range(lo, hi + 1):
            s = lines[k].strip()
            if not s:
                continue
            vm = _VIA_RE.match(s)
            if vm and via is None:
                label = "Soviet ambassador" if doc_type == "ciphered_telegram" else "ambassador"
                via = Name(as_written=vm.group(1).strip(), name=label)
                continue
            sm = _SALUTATION_RE.match(s)
            if sm and not _VIA_RE.match(s):
                addressed_as.append(sm.group(1).strip())
                if enc_addr is None:
                    enc_addr = clean_name(sm.group("who"))
        enc_text = "\n".join(lines[lo : hi + 1])
        for m in _patronymics(enc_text):
            if m.group(0) not in addressed_as:
                addressed_as.append(m.group(0))
        enc_sig = None
        enc_sig_idx = _find_signature(lines, list(range(lo, hi + 1)), st.consumed)
        if enc_sig_idx is not None:
            enc_sig = _signature(lines[enc_sig_idx]) or _soft_signature(lines[enc_sig_idx])
            st.consumed.add(enc_sig_idx)
        if enc_author is None:
            enc_author = enc_sig
        place, cdate, _inf = _closing_place_date(lines, lo, hi, st.context_year)
        enc_date = enc_date or cdate
        also = []
        am = _ALSO_SENT_RE.search(enc_text) if _may_hold(enc_text, "content") else None
        if am:
            also = [clean_name(p) for p in _split_names(am.group("who"))]
        enclosure = Enclosure(
            doc_type=enc_type,
            author=enc_author,
            addressee=enc_addr,
            date=enc_date,
            place=place,
            via=via,
            also_sent_to=[a for a in also if a.name],
            addressed_as=addressed_as,
        )
        enc_requests_from = (enc_author, enc_addr)
        req_lo, req_hi = lo, hi
    else:
        req_lo, req_hi = body_start, n - 1

    # Requests.
    skip = set(st.consumed)
    if sig_idx is not None:
        skip.add(sig_idx)
    requests = _requests(_blocks(lines, req_lo, req_hi, skip), *enc_requests_from)

    # Date of the document itself.
    date, inferred = None, False
    if foot_dates:
        date, inferred = foot_dates[-1][0], foot_dates[-1][1]
    elif st.header_dates:
        best = min(st.header_dates, key=lambda c: c[0])
        date, inferred = best[1], best[2]
    else:
        for kind in ("sent", "received", "deciphered", "dispatched", "forwarded", "typed"):
            ev = next((e for e in st.events if e.event == kind and e.date), None)
            if ev:
                date, inferred = ev.date, "year inferred" in ev.note
                break
    if date is None and region is None:
        _, cdate, cinf = _closing_place_date(lines, body_start, n - 1, st.context_year)
        if cdate:
            date, inferred = cdate, cinf
    place = st.origin_place
    if not place:
        place = next((p for _, _, p in reversed(foot_dates) if p), "")

    # Recipients in document order.
    recipients: list[Recipient] = []
    for nm in st.addressees:
        recipients.append(Recipient(nm, "addressee", 1, len(recipients)))
    for nm, role, copies in st.copy_entries:
        recipients.append(Recipient(nm, role, copies, len(recipients)))
    # Bodies a telegram was forwarded to are recipients too (after the others, so
    # the positions of addressees and copies do not depend on the header's order).
    for ev in st.events:
        if (
            ev.event == "forwarded"
            and ev.by
            and ev.by.name
            and not any(r.role == "forwarded_to" and r.name.name == ev.by.name for r in recipients)
        ):
            recipients.append(Recipient(ev.by, "forwarded_to", 1, len(recipients)))

    # People.
    body_names = _names_in(
        "\n".join(lines[i] for i in range(body_start, n) if i not in st.consumed and i != sig_idx)
    )
    header_names = _names_in(st.heading) if st.heading else []
    enc_people: list[Name | None] = []
    patronymic_owner = None
    if enclosure:
        enc_people = [enclosure.author, enclosure.addressee, *enclosure.also_sent_to]
        patronymic_owner = enclosure.addressee
    elif st.addressees:
        patronymic_owner = st.addressees[0]
    pat_forms = {m.group(0) for m in _patronymics(body)}
    people = _merge_people(
        [
            sender,
            author,
            *participants,
            *header_names,
            *st.addressees,
            *[c[0] for c in st.copy_entries],
            *[e.by for e in st.events],
            *enc_people,
            *[nm for nm in body_names if nm.name not in pat_forms],
        ]
    )
    if pat_forms and patronymic_owner is None:
        people = _merge_people([*people, *[clean_name(p) for p in sorted(pat_forms)]])

    ordered_refs = st.own_numbers
    references = [r for r in st.cited_numbers if r not in ordered_refs]

    doc = ParsedDocument(
        doc_type=doc_type,
        title="",
        reference_numbers=ordered_refs,
        date=date,
        date_inferred=inferred,
        transmission=st.events,
        urgency=st.urgency,
        marks=st.marks,
        place=place,
        author=author,
        sender=sender,
        recipients=recipients,
        copies_stated=st.copies_stated,
        enclosure=enclosure,
        requests=requests,
        people_mentioned=people,
        references=references,
        text=text,
        body=body,
        warnings=warnings,
        subject=st.subject,
        participants=participants,
        heading_body=heading_body,
    )
    doc.title = compose_title(doc)

    if text.strip():
        if date is None:
            warnings.append("no date found")
        if doc_type in ("ciphered_telegram", "telegram") and sender is None:
            warnings.append("no sender found")
        if author is None and doc_type not in ("conversation",):
            warnings.append("no author found")
        if not recipients and doc_type not in ("conversation", "decision"):
            warnings.append("no addressee found")
        if not place:
            warnings.append("no place of origin found")
        if not body.strip():
            warnings.append("no text after the header")
        if doc_type in ("ciphered_telegram", "telegram") and not ordered_refs:
            warnings.append("no reference number found")
    return doc


def _signature_last(lines: list[str], lo: int, n: int) -> Name | None:
    for k in range(n - 1, lo - 1, -1):
        if lines[k].strip():
            sig = _signature(lines[k])
            if sig:
                return sig
    return None
