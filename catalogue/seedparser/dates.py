"""Dates and times as the translations write them, read into ISO partial dates.

"17.VII.51", "July 17, 1951", "17th July", "7/17/51", "17.7" in a header; a date without a year
takes the document's year and says so.  Also the date-only line and the document's year.
"""

from __future__ import annotations

import datetime
import itertools
import re
from dataclasses import dataclass

from .text import _QUOTE_CLOSE, _QUOTE_OPEN, _REFNO_RE, _is_city, _may_fold_to_ascii
from .vocabulary import MONTH_NAMES, ROMAN_MONTHS

_MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, 1)}


_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})


_MONTHS["sept"] = 9


# The lookahead on the first letter makes the engine skip most positions cheaply.
_MONTH_RE = (
    r"(?=[JFMASONDjfmasond])(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
    r"june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)


# Patterns over whole texts begin with a character class (see people._AFTER_TITLE_RE):
# "(\d(?<![\d./]\d)\d?)" is "(?<![\d./])(\d{1,2})" with the digit first.
_P_DMY_NUM = re.compile(
    r"(\d(?<![\d./]\d)\d?)\.\s?(\d{1,2}|[IVX]{1,4})\.\s?(\d{4}|\d{2})(?![\d/]|\.\d)"
)


_P_DMONY = re.compile(
    r"(\d(?<![\d.,]\d)\d?)(?:st|nd|rd|th)?(?:\s+|\.\s?)(?:of\s+)?("
    + _MONTH_RE
    + r")\b(?:\.?,?\s*(\d{4})|\.\s?(\d{2}))?(?![\d:.]\d)"
)


# "(?<![\w])(month)" with the month's first letter first.
_MONTH_AT_WORD_RE = (
    r"([JFMASONDjfmasond](?<!\w[JFMASONDjfmasond])(?i:(?<=j)an(?:uary)?|(?<=f)eb(?:ruary)?|"
    r"(?<=m)ar(?:ch)?|(?<=a)pr(?:il)?|(?<=m)ay|(?<=j)une?|(?<=j)uly?|(?<=a)ug(?:ust)?|"
    r"(?<=s)ep(?:t(?:ember)?)?|(?<=o)ct(?:ober)?|(?<=n)ov(?:ember)?|(?<=d)ec(?:ember)?))"
)


_P_MONDY = re.compile(
    _MONTH_AT_WORD_RE + r"\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?![\d:.]\d)"
    r"(?:,?\s+(\d{4})(?!\d))?"
)


_P_MONY = re.compile(_MONTH_AT_WORD_RE + r"\.?,?\s+(\d{4})(?!\d)")


_P_SLASH = re.compile(r"(\d(?<![\d/]\d)\d?)/(\d{1,2})/(\d{4}|\d{2})(?![\d/])")


# "2/June 1954": a day and a month written as a word, divided by a slash, as writers
# date letters by hand.
_P_D_SLASH_MONTH = re.compile(
    r"(\d(?<![\d./]\d)\d?)\s?/\s?(" + _MONTH_RE + r")\b\.?,?(?:\s*(\d{4})(?!\d))?"
)


_P_DM_NUM = re.compile(r"(\d(?<![\d./:]\d)\d?)\.(\d{1,2}|[IVX]{1,4})(?![\d:]|\.\d|\.[IVX])")


_DIGIT_RE = re.compile(r"\d")


_MONTH_PREFIXES = tuple(m[:3] for m in MONTH_NAMES)


@dataclass
class _DateHit:
    start: int
    end: int
    iso: str | None
    inferred: bool
    raw: str


def _year(s: str | None) -> int | None:
    if not s:
        return None
    y = int(s)
    if len(s) == 2:
        return 1900 + y  # the corpus is 1945-1955: two-digit years are 19xx
    return y if 1800 <= y <= 2099 else None


def _month(s: str) -> int | None:
    if s.isdigit():
        m = int(s)
        return m if 1 <= m <= 12 else None
    if s.upper() in ROMAN_MONTHS and s.isupper():
        return ROMAN_MONTHS[s.upper()]
    return _MONTHS.get(s.lower().rstrip("."))


def _iso(year: int | None, month: int | None, day: int | None) -> str | None:
    if month is None or year is None:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _valid_day_month(month: int | None, day: int) -> bool:
    if month is None:
        return False
    try:
        datetime.date(2000, month, day)  # a leap year accepts 29 February
    except ValueError:
        return False
    return True


def find_dates(s: str, context_year: int | None = None, *, partial: bool = False) -> list[_DateHit]:
    """All dates in ``s``, left to right, longest match first at a position.

    ``partial`` also accepts numeric day.month without a year ("17.7"), which
    is only safe in header lines: in running text it may be a decimal.
    Dates without a year take ``context_year`` and are flagged ``inferred``.
    """
    hits: list[_DateHit] = []
    if not _DIGIT_RE.search(s):
        return hits  # every date form has a digit
    # Each pattern runs only where its literal can occur: a dot, a slash, a month's
    # first three letters (ASCII under IGNORECASE, see text._FOLDS_TO_ASCII).
    has_dot = "." in s
    has_month = _may_fold_to_ascii(s) or any(p in s.lower() for p in _MONTH_PREFIXES)

    def add(m: re.Match, y, mo, d) -> None:
        inferred = False
        if (
            y is None
            and context_year is not None
            and mo is not None
            and (d is None or _valid_day_month(mo, d))
        ):
            y, inferred = context_year, True
        iso = _iso(y, mo, d)
        if iso is None and y is None and mo is not None and d is not None:
            if not _valid_day_month(mo, d):
                return
        elif iso is None:
            return
        hits.append(_DateHit(m.start(), m.end(), iso, inferred, m.group(0)))

    if has_dot:
        for m in _P_DMY_NUM.finditer(s):
            add(m, _year(m.group(3)), _month(m.group(2)), int(m.group(1)))
    if has_month:
        for m in _P_DMONY.finditer(s):
            add(m, _year(m.group(3) or m.group(4)), _month(m.group(2)), int(m.group(1)))
        for m in _P_MONDY.finditer(s):
            add(m, _year(m.group(3)), _month(m.group(1)), int(m.group(2)))
        for m in _P_MONY.finditer(s):
            add(m, _year(m.group(2)), _month(m.group(1)), None)
    if "/" in s:
        for m in _P_SLASH.finditer(s):
            a, b = int(m.group(1)), int(m.group(2))
            # "/" dates in these translations follow US order unless impossible.
            mo, d = (b, a) if a > 12 else (a, b)
            add(m, _year(m.group(3)), mo if 1 <= mo <= 12 else None, d)
        if has_month:
            for m in _P_D_SLASH_MONTH.finditer(s):
                add(m, _year(m.group(3)), _month(m.group(2)), int(m.group(1)))
    if partial and has_dot:
        for m in _P_DM_NUM.finditer(s):
            add(m, None, _month(m.group(2)), int(m.group(1)))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    chosen: list[_DateHit] = []
    last_end = -1
    for h in hits:
        if h.start >= last_end:
            chosen.append(h)
            last_end = h.end
    return chosen


def parse_date(s: str, context_year: int | None = None) -> tuple[str | None, bool]:
    """First date in ``s`` as (ISO partial or None, year_inferred)."""
    for h in find_dates(s, context_year, partial=True):
        if h.iso:
            return h.iso, h.inferred
    return None, False


_T_RANGE = re.compile(
    r"(?<![\d:.])([01]?\d|2[0-3])[:.]([0-5]\d)\s*[-–]\s*([01]?\d|2[0-3])[:.]([0-5]\d)(?!\d)"
)


_T_AMPM = re.compile(r"(?<![\d:.])(1[0-2]|0?[1-9])(?:[:.]([0-5]\d))?\s*([apAP])\.?\s?[mM]\b\.?")


_T_COLON = re.compile(r"(?<![\d:.])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])")


_T_DOT = re.compile(r"(?<![\d:./])([01]?\d|2[0-3])\.([0-5]\d)(?![\d.])")


_T_COMPACT = re.compile(r"(?<![\d:./])([01]\d|2[0-3])([0-5]\d)(?![\d:./])")


def parse_time(s: str, *, loose: bool = True) -> tuple[str | None, str]:
    """First time in ``s`` as ("HH:MM" or None, note).

    A range gives its start time, and the range as written in the note.
    ``loose`` also reads "20.50" and "0243", which is only safe once dates
    have been taken out of the string.
    """
    m = _T_RANGE.search(s)
    if m:
        return f"{int(m.group(1)):02d}:{m.group(2)}", m.group(0).strip()
    m = _T_AMPM.search(s)
    if m:
        h = int(m.group(1)) % 12
        if m.group(3).lower() == "p":
            h += 12
        return f"{h:02d}:{m.group(2) or '00'}", ""
    m = _T_COLON.search(s)
    if m:
        return f"{int(m.group(1)):02d}:{m.group(2)}", ""
    if loose:
        for rx in (_T_DOT, _T_COMPACT):
            m = rx.search(s)
            if m:
                return f"{int(m.group(1)):02d}:{m.group(2)}", ""
    return None, ""


def _time_span(s: str, loose: bool = True) -> tuple[int, int] | None:
    for rx in (_T_RANGE, _T_AMPM, _T_COLON) + ((_T_DOT, _T_COMPACT) if loose else ()):
        m = rx.search(s)
        if m:
            return m.span()
    return None


def _human_date(iso: str | None) -> str:
    if not iso:
        return ""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MONTH_NAMES[int(parts[1]) - 1].capitalize()} {parts[0]}"
        if len(parts) == 2:
            return f"{MONTH_NAMES[int(parts[1]) - 1].capitalize()} {parts[0]}"
    except (ValueError, IndexError):
        return iso
    return iso


def _is_date_line(line: str, context_year: int | None) -> bool:
    """A line that is only a date (optionally with place, ref number, time)."""
    s = line.strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE)
    if not s or len(s) > 80:
        return False
    hits = find_dates(s, context_year, partial=True)
    if not hits:
        return False
    rest = s
    for h in reversed(hits):
        rest = rest[: h.start] + " " + rest[h.end :]
    rest = _REFNO_RE.sub(" ", rest)
    sp = _time_span(rest, loose=False)
    if sp:
        rest = rest[: sp[0]] + rest[sp[1] :]
    rest = re.sub(r"(?i)\b(?:of|on|at|dated|date|year)\b", " ", rest)
    rest = rest.strip(" .,;:/-–\t")
    return not rest or _is_city(rest)


_YEAR_ALONE_RE = re.compile(r"(?<![\w./#№-])(19[0-9]{2})(?![\w/-]|\.\d)")


def _context_year(lines: list[str]) -> int | None:
    for line in lines:
        if re.search(r"(?i)declassif", line):
            continue
        for h in find_dates(line):
            if h.iso and not h.inferred:
                y = int(h.iso[:4])
                if 1900 <= y <= 1999:
                    return y
    return None


# Editors' marks around a date: a bracketed year "[1952]" or month "[October]" the editor
# supplies, a footnote mark "[2]", "[date not filled in]", parentheses around a date line.
_EDITOR_YEAR_RE = re.compile(r"\[((?:19)\d{2})\]")
_EDITOR_WORD_RE = re.compile(r"\[([A-Z][a-z]+)\]")
_EDITOR_NOTE_RE = re.compile(r"\[[^\]]*\]")
_PART_OF_DAY_RE = re.compile(r"(?i)^(?:the\s+)?(?:night|morning|evening|afternoon)\s+of\s+")
# Lines after a document's end that are not its date: filing notes, footnotes, stamps.
_NOT_OWN_DATE_RE = re.compile(
    r"(?i)^\[\d+\]|declassif|\bstamp\b|to the archives?\b|\bbriefed\b|\bsector chief\b|^memo:"
    r"|^(?:typed|distributed|issued|deciphered|received|sent|printed|transmitted|arrived|"
    r"dispatched|forwarded)\b"
)
# A transmission line of a cipher header: "from CITY sent at 0140 18 October 1945",
# "Received at 0105 14 October".
_SENT_AT_RE = re.compile(r"(?i)\b(sent|received)\b(?:\s+at)?\s+(?:\d{1,2}[:.]?\d{2}\s+)?(.+)$")


def loosen_date_line(line: str) -> str:
    """A date line with the editors' marks taken off: "Night of December 9 [1950]" ->
    "December 9 1950", "(11 March 1952)" -> "11 March 1952", "[date not filled in] August
    1949" -> "August 1949".  The editor's bracketed year is the editor's statement of the
    year, not an inference from elsewhere, so it is read as the year."""
    s = line.strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE + " ")
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    s = _EDITOR_YEAR_RE.sub(r"\1", s)
    s = _EDITOR_WORD_RE.sub(r"\1", s)
    s = _EDITOR_NOTE_RE.sub(" ", s)
    s = _PART_OF_DAY_RE.sub("", s.strip())
    # "2:30 p.m.53": a footnote number glued to the time.
    s = re.sub(r"(?i)([ap]\.m\.)\d+$", r"\1", s)
    return s.strip(_QUOTE_OPEN + _QUOTE_CLOSE + " ")


def _dated_line(line: str, context_year: int | None, *, words: int = 2) -> _DateHit | None:
    """The date of a line that is a date with at most ``words`` other words (a name, a
    place, a time): "20 October 1949 NAME", "18 June 1953, 2:30 p.m."."""
    s = loosen_date_line(line)
    if not s or len(s) > 80:
        return None
    hits = [h for h in find_dates(s, context_year, partial=True) if h.iso]
    if not hits:
        return None
    h = hits[0]
    rest = s[: h.start] + " " + s[h.end :]
    rest = _REFNO_RE.sub(" ", rest)
    sp = _time_span(rest, loose=True)
    if sp:
        rest = rest[: sp[0]] + rest[sp[1] :]
    rest = re.sub(r"(?i)\b(?:of|on|at|dated|date|year|[ap]\.?m\.?|pm|am)\b", " ", rest)
    if len(rest.replace(",", " ").split()) > words:
        return None
    return h


def signature_block_date(lines: list[str], context_year: int | None) -> tuple[str, bool] | None:
    """The date under the last "[signature] (Name)" line: the document's own date, before
    the filing notes, registry dates and other hands that may follow it."""
    last = None
    for k, line in enumerate(lines):
        if re.match(r"(?i)^\s*\[signature\]\s*\(", line):
            last = k
    if last is None:
        return None
    for line in [ln for ln in lines[last + 1 :] if ln.strip()][:3]:
        h = _dated_line(line, context_year, words=0)
        if h:
            return h.iso, h.inferred
    return None


def closing_date(lines: list[str], start: int, context_year: int | None) -> tuple[str, bool] | None:
    """A date in the last lines of the text, read as the editors write it (bracketed year,
    footnote marks, "Night of", a name or time beside it); footnotes, stamps and filing
    notes below the text are passed over."""
    seen = 0
    for k in range(len(lines) - 1, start - 1, -1):
        s = lines[k].strip()
        if not s:
            continue
        seen += 1
        if seen > 8:
            break
        if _NOT_OWN_DATE_RE.search(s):
            continue
        h = _dated_line(s, context_year)
        if h:
            return h.iso, h.inferred
    return None


def opening_date(lines: list[str], context_year: int | None) -> tuple[str, bool] | None:
    """A full date in the first lines: "(11 March 1952)" under a title, "8 October 1950
    11.20" under a number, a date opening a one-line text, a date written on the first page
    by hand.  Only a date with its year: a day alone at the top may be anything."""
    top = [ln.strip() for ln in lines if ln.strip()][:8]
    intro = (
        re.match(r"(?i)^\[[^\]]*\b(?:excerpt|extract)\b[^\]]*?\b(?:sent\s+)?on\s+(.+)", top[0])
        if top
        else None
    )
    if intro:
        # The editor's introduction dates the excerpt: "[... sent on 19 June 1953 at ...]".
        hits = [h for h in find_dates(intro.group(1), context_year) if h.iso]
        if hits and hits[0].start == 0 and len(hits[0].iso) == 10:
            return hits[0].iso, hits[0].inferred
    for kind in ("sent", "received"):
        for s in top:
            m = _SENT_AT_RE.search(s)
            if m and m.group(1).lower() == kind:
                hits = [h for h in find_dates(m.group(2), context_year) if h.iso]
                if hits and hits[0].start <= 12 and len(hits[0].iso) == 10:
                    return hits[0].iso, hits[0].inferred
    for s in top:
        if _NOT_OWN_DATE_RE.search(s):
            continue
        loose = loosen_date_line(s)
        hits = [h for h in find_dates(loose[:60], context_year) if h.iso and not h.inferred]
        if hits and len(hits[0].iso) == 10 and hits[0].start <= 12:
            return hits[0].iso, False
    return None


def _first_lines(lines: list[str], n: int) -> list[str]:
    """The first ``n`` non-blank lines, stripped, without stripping the rest of the text."""
    return list(itertools.islice((s for s in (ln.strip() for ln in lines) if s), n))


# Bare registry numbers at the head of a copy ("30718", "Nº 3120"), each alone on its line.
_REGISTRY_NUMBER_RE = re.compile(r"^(?:(?:No\.?|Nº|№|#)\s*)?\d{3,}(?:[/-]\w+)?$")


def registry_head_date(lines: list[str], context_year: int | None) -> str | None:
    """The date under registry numbers alone on their lines at the head of a copy: the
    registry's entry of a letter it received, not the writer's own heading."""
    top = _first_lines(lines, 4)
    k = 0
    while k < len(top) and _REGISTRY_NUMBER_RE.match(top[k]):
        k += 1
    if not 0 < k < len(top) or not _is_date_line(top[k], context_year):
        return None
    hits = [h for h in find_dates(top[k], context_year, partial=True) if h.iso]
    return hits[0].iso if hits else None


# "[handwritten in the upper left corner: “14 March 1947”]", the bracket perhaps broken
# over lines (and a word over a hyphen) in the copy.
_HANDWRITTEN_DATE_RE = re.compile(
    r"(?i)^\[handwritten\b[^\]:]{0,80}:\s*["
    + _QUOTE_OPEN
    + r"]?\s*([^\]]{4,40}?)\s*["
    + _QUOTE_CLOSE
    + r"]?\s*\]"
)


def handwritten_top_date(lines: list[str], context_year: int | None) -> str | None:
    """A full date written by hand at the head of the copy, when the text gives no other."""
    top = _first_lines(lines, 3)
    if not top or not top[0].startswith("["):
        return None
    joined = re.sub(r"-\s+(?=[a-z])", "-", " ".join(top))
    m = _HANDWRITTEN_DATE_RE.match(joined)
    if not m:
        return None
    hits = [h for h in find_dates(m.group(1), context_year) if h.iso and not h.inferred]
    if hits and hits[0].start == 0 and len(hits[0].iso) == 10:
        return hits[0].iso
    return None


def yearless_closing_date(lines: list[str], start: int) -> str | None:
    """A closing date line that gives a day and a month but no year ("May 14 at 4 PM"),
    as written: the year is not guessed, the archivist is told."""
    seen = 0
    for k in range(len(lines) - 1, start - 1, -1):
        s = lines[k].strip()
        if not s:
            continue
        seen += 1
        if seen > 4:
            return None
        loose = loosen_date_line(s)
        if len(loose) > 40:
            continue
        hits = find_dates(loose, None)
        if hits and hits[0].iso is None and hits[0].start == 0:
            return s
    return None
