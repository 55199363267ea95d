"""The header of a document: heading, marks, numbers, "Date:" and "Subject:" fields, the
address block and the lines of its transmission ("Sent ... Received ..."), up to the body.

The line classifiers here decide which lines are header; transmission.py reads what the
transmission lines say and copies.py a copies list met in the header.
"""

from __future__ import annotations

import re

from .copies import _COPIES_HEAD_RE, _read_copies
from .dates import _YEAR_ALONE_RE, _is_date_line, find_dates
from .names import clean_name
from .records import Name
from .state import ParseState
from .text import (
    _QUOTE_OPEN,
    _REFNO_RE,
    _URGENCY_RE,
    _add_ref,
    _city,
    _is_city,
    _split_marks,
    _split_names,
)
from .transmission import _header_loose_text, _read_transmission

_TYPE_HEADINGS = (
    (
        re.compile(r"^(?:ciphered|cipher|coded|encoded|encrypted)\s+telegram\b", re.IGNORECASE),
        "ciphered_telegram",
    ),
    (re.compile(r"^(?:telegram|cable|radiogram)\b", re.IGNORECASE), "telegram"),
    (
        re.compile(
            r"^(?:record|memorandum|minutes|notes?) of (?:a |the )?conversation\b|"
            r"^from the (?:journal|diary) of\b",
            re.IGNORECASE,
        ),
        "record_of_conversation",
    ),
    (re.compile(r"^(?:memorandum|memo|aide[- ]m[eé]moire|spravka)\b", re.IGNORECASE), "memorandum"),
    (
        re.compile(
            r"^(?:decision|resolution|decree|protocol|extract from (?:the )?"
            r"(?:protocol|minutes)|directive|order)\b",
            re.IGNORECASE,
        ),
        "decision",
    ),
    (re.compile(r"^(?:report|information|dokladnaia)\b", re.IGNORECASE), "report"),
    (re.compile(r"^letter\b", re.IGNORECASE), "letter"),
)


def _doc_type_of(line: str) -> str | None:
    s = line.strip().lstrip(_QUOTE_OPEN)
    if len(s.split()) > 20:
        return None
    for rx, dt in _TYPE_HEADINGS:
        if rx.match(s):
            if dt in ("telegram", "ciphered_telegram") and not _heading_like(s):
                return None  # "Telegram received from X says ...": a sentence
            return dt
    return None


def _heading_like(s: str) -> bool:
    """A type heading, not a sentence that opens with the type word: short, in capitals,
    numbered, or followed by a heading's own words ("Telegram of X to Y")."""
    return (
        len(s.split()) <= 6
        or s.isupper()
        or bool(re.search(r"(?:No\.?|Nº|№|#)\s*\d", s))
        or bool(re.match(r"(?i)^\S+(?:\s+telegram)?\s+(?:of|from|to|by)\b", s))
    )


_EVENT_LINE_RE = re.compile(
    r"^(?:sent|received|arrived|deciphered|typed|dispatched|forwarded)\b", re.IGNORECASE
)


_FROM_LINE_RE = re.compile(r"^from\b:?\s*[A-Z\[\d]", re.IGNORECASE)


_TO_LINE_RE = re.compile(r"^(?i:to)\b:?\s*(?:(?i:comrades?)\s+|the\s+)?[A-Z\[]")


_TIME_LINE_RE = re.compile(r"^(?:\d{1,2}[:.]\d{2}|\d{4})\b")


_REF_LINE_RE = re.compile(
    r"^(?:to|re:?|in reply to|in answer to|reference|ref\.)\s+(?:your\s+|our\s+)?"
    r"(?:telegram\s+|cable\s+)?(?:No\.?|#|№)",
    re.IGNORECASE,
)


_OWN_NO_LINE_RE = re.compile(
    r"^(?:(?:outgoing|incoming|out\.|inc\.|ref\.?)\s*)?(?:No\.?|#|№)\s*"
    r"([A-Za-z]{0,3}\d[\w\-]*(?:/[\w\-]+)*)\.?\s*(?:[/,]\s*|\s+(?:of\s+)?)?(.*)$",
    re.IGNORECASE,
)


_HEADING_CONT_RE = re.compile(
    r"^(?:of|on|between|with|from|concerning|regarding|about|held|at|in)\s+\S"
)


_FIELD_RE = re.compile(r"(?i)^(date|dated|subject|concerning)\s*:\s*(\S.*)$")


_TO_CONT_RE = re.compile(r"^(?:of|of the|for)\s+\S")


_BARE_COMRADE_RE = re.compile(r"^(?:Comrades?|Cde\.?|Tov\.?)\s+[A-Z\[]")


_NOS_RE = re.compile(
    r"\bNos\.?\s*(\d[\w]*(?:/[\w\-]+)?(?:\s*(?:,|-|–|—|and|&)\s*\d[\w]*(?:/[\w\-]+)?)+)"
)


def _heading_numbers(s: str, st: ParseState) -> None:
    nos = _NOS_RE.search(s)
    if nos:
        for part in re.split(r"\s*(?:,|-|–|—|and|&)\s*", nos.group(1)):
            _add_ref(st.own_numbers, part)
        s_refs = s[: nos.start()] + s[nos.end() :]
    else:
        s_refs = s
    for m in _REFNO_RE.finditer(s_refs):
        _add_ref(st.own_numbers, m.group(1))
    hits = [h for h in find_dates(s, st.context_year) if h.iso]
    for h in hits:
        st.header_dates.append((1, h.iso, h.inferred))
    if not hits:
        # A year alone in a heading ("REPORT on ..., 1951"): year precision.
        rest = _REFNO_RE.sub(" ", s_refs)
        ym = _YEAR_ALONE_RE.search(rest)
        if ym:
            st.header_dates.append((1, ym.group(1), False))


def _take_marks(marks: list[str], st: ParseState) -> None:
    for mk in marks:
        if _URGENCY_RE.match(mk) and not st.urgency:
            st.urgency = mk
        elif mk not in st.marks:
            st.marks.append(mk)


def _scan_header(st: ParseState) -> int:
    """Read the header lines into ``st``; return the index of the body's first line.

    The header ends at the first line that none of the readers below claims.  Transmission
    lines are gathered into one stream, read at the end (a "To" line may run over several).
    """
    lines = st.lines
    i = 0
    nonblank = 0
    stream: list[str] = []
    last_to = False
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        nonblank += 1
        dt = _doc_type_of(s)
        if dt and not st.doc_type and nonblank <= 8:
            i = _read_heading(st, i, dt)
            last_to = False
            continue
        fm = _FIELD_RE.match(s)
        if fm:
            _read_field(st, fm.group(1).lower(), fm.group(2).strip())
            st.consumed.add(i)
            i += 1
            last_to = False
            continue
        if last_to and stream:
            still_address = _read_address_line(st, i, s, stream)
            if still_address is not None:
                i += 1
                last_to = still_address
                continue
        nxt = _read_number_or_mark_line(st, i, s)
        if nxt is not None:
            i = nxt
            continue
        if _is_transmission_line(s):
            stream.append(s)
            st.consumed.add(i)
            i += 1
            last_to = bool(_TO_LINE_RE.match(s)) and not re.search(r"(?i)\bfrom\b", s)
            continue
        last_to = False
        if _is_date_line(s, st.context_year):
            _header_loose_text(s, st)
            st.consumed.add(i)
            i += 1
            continue
        break
    _read_transmission(st, stream)
    return i


def _read_heading(st: ParseState, i: int, doc_type: str) -> int:
    """The heading that names the document's type, at line ``i``; return the next index.

    A heading may continue on the next lines: "RECORD OF CONVERSATION" / "of Comrade X with
    Y", "REPORT" / "on the work of ..., 1951".
    """
    lines = st.lines
    s = lines[i].strip()
    st.doc_type = doc_type
    st.consumed.add(i)
    i += 1
    while i < len(lines) and _HEADING_CONT_RE.match(lines[i].strip()) and len(s) < 300:
        s += " " + lines[i].strip()
        st.consumed.add(i)
        i += 1
    st.heading = s
    _heading_numbers(s, st)
    return i


def _read_field(st: ParseState, label: str, value: str) -> None:
    """A "Date:" or "Subject:" field of a memorandum or letter."""
    if label.startswith("date"):
        hits = [h for h in find_dates(value, st.context_year, partial=True) if h.iso]
        if hits:
            st.header_dates.append((0, hits[0].iso, hits[0].inferred))
        else:
            ym = _YEAR_ALONE_RE.search(value)
            if ym:
                st.header_dates.append((0, ym.group(1), False))
            else:
                st.warnings.append(f"date field not understood: {value[:60]}")
    else:
        st.subject = st.subject or value


def _read_address_line(st: ParseState, i: int, s: str, stream: list[str]) -> bool | None:
    """A line continuing the address block after a "To" line, or None if it does not.

    "To the Central Committee" / "of the ... Party" / "Comrade Filippov" / "Moscow,
    Kremlin".  Returns whether the block may go on (not after its city).
    """
    if _TO_CONT_RE.match(s):
        stream[-1] += " " + s
        st.consumed.add(i)
        return True
    if _BARE_COMRADE_RE.match(s) and len(s.split()) <= 6:
        stream.append("To " + s)
        st.consumed.add(i)
        return True
    if _is_city(s.split(",")[0]) and len(s.split()) <= 4:
        st.consumed.add(i)
        return False
    return None


def _read_number_or_mark_line(st: ParseState, i: int, s: str) -> int | None:
    """Marks, a copies list, a cited number or the document's own number line at line ``i``.

    Returns the index after what was read, or None when the line is none of these.
    """
    marks = _split_marks(s)
    if marks:
        _take_marks(marks, st)
        st.consumed.add(i)
        return i + 1
    if _COPIES_HEAD_RE.match(s):
        return _read_copies(st, i)
    if _REF_LINE_RE.match(s) and len(s) < 80:
        for m in _REFNO_RE.finditer(s):
            _add_ref(st.cited_numbers, m.group(1))
        st.consumed.add(i)
        return i + 1
    m = _OWN_NO_LINE_RE.match(s)
    if m and (not m.group(2).strip() or _is_date_line(m.group(2), st.context_year)):
        _add_ref(st.own_numbers, m.group(1))
        _header_loose_text(m.group(2), st)
        st.consumed.add(i)
        return i + 1
    return None


def _is_transmission_line(s: str) -> bool:
    """A line of the transmission stream: "Sent ...", "From ...", "To ...", a time."""
    return bool(
        _EVENT_LINE_RE.match(s)
        or _FROM_LINE_RE.match(s)
        or _TIME_LINE_RE.match(s)
        or (_TO_LINE_RE.match(s) and len(s.split()) <= 14)
    )


def _heading_parties(st: ParseState, doc_type: str) -> tuple[list[Name], str, Name | None]:
    """What the heading says of the parties: (sides of a conversation, the body a decision's
    heading names, the author).  A letter's "Letter of X to Y" heading also gives the
    addressee when no "To" line did."""
    if not st.heading:
        return [], "", None
    if doc_type == "record_of_conversation":
        return _conversation_sides(st.heading), "", None
    if doc_type == "decision":
        body = _deciding_body(st.heading)
        if body is None:
            return [], "", None
        if any(mark.strip(" .").lower() == "draft" for mark in st.marks):
            # A draft is not adopted yet: the body its heading names has decided nothing.
            return [], body, None
        return [], body, Name(as_written=body, name=body)
    if doc_type in ("letter", "memorandum", "report"):
        hm = re.match(r"(?i)^\w+\s+(?:of|from)\s+(.+?)\s+to\s+(.+?)\.?$", st.heading)
        if hm:
            if not st.addressees:
                st.addressees.append(clean_name(hm.group(2)))
            return [], "", clean_name(hm.group(1))
    return [], "", None


def _conversation_sides(heading: str) -> list[Name]:
    """The sides of a record of conversation: "of Comrade X with Y" names both, "between X
    and Y" / "with Y" as written."""
    om = re.search(r"(?i)\bconversation\s+(?:of|by)\s+(.+?)\s+with\s+(.+)$", heading)
    hm = re.search(r"(?i)\b(?:between|with)\s+(.+)$", heading)
    if not (om or hm):
        return []
    both = f"{om.group(1)} and {om.group(2)}" if om else hm.group(1)
    tail = re.split(r"(?i)\s+(?:on|of|dated)\s+(?=\d|[A-Z][a-z]+ \d)", both)[0]
    tail = _REFNO_RE.sub("", tail).strip(" ,.")
    participants = [clean_name(p) for p in _split_names(tail)]
    return [p for p in participants if p.name]


def _deciding_body(heading: str) -> str | None:
    """The body a decision's heading names ("Decision of the Politburo of the CC"), if any."""
    hm = re.match(
        r"(?i)^(?:decision|resolution|decree|protocol|directive|order)\s+"
        r"(?:No\.?\s*\S+\s+)?of\s+(?:the\s+)?(.+?)(?:\s+(?:No\.?|#)\s*\S+.*|"
        r"\s+of\s+\d.*|\s+dated.*)?$",
        heading,
    )
    if not hm:
        # "Extract from protocol No. 87 of the session of the Politburo of the CC"
        hm = re.search(
            r"(?i)\bof\s+(?:the\s+)?(?:session|sitting|meeting)\s+of\s+(?:the\s+)?"
            r"(.+?)(?:\s+(?:of|on|dated)\s+\d.*)?$",
            heading,
        )
    return hm.group(1).strip(" .,") if hm else None


# A private letter's opening block, as the registry copies it: the writer's name on a line
# of its own, then "Address: CITY, street ...".
_WRITER_NAME_RE = re.compile(r"^(?:[A-Z][a-z]?\.\s?){1,3}[A-Z][a-z][\w'’\-]+$")
_ADDRESS_LINE_RE = re.compile(r"(?i)^(?:home\s+|return\s+)?address\s*:\s*(\S.*)$")


def writer_address_block(st: ParseState) -> None:
    """The writer and the place of a letter that opens with the writer's name over an
    "Address:" line: the writer wrote from the city of that address (said in a warning, as the
    place is read from the address, not from a place line)."""
    seen = 0
    for i, line in enumerate(st.lines[:-1]):
        s = line.strip()
        if not s:
            continue
        seen += 1
        if seen > 8:
            return
        if not _WRITER_NAME_RE.match(s):
            continue
        nxt = next((k for k in range(i + 1, len(st.lines)) if st.lines[k].strip()), None)
        m = _ADDRESS_LINE_RE.match(st.lines[nxt].strip()) if nxt is not None else None
        if not m:
            continue
        if st.from_name is None:
            st.from_name = clean_name(s)
        city = next((p for p in m.group(1).split(",") if _is_city(p)), "")
        if city and not st.origin_place:
            st.origin_place = _city(city)
            st.warnings.append(f"place of origin from the writer's address: {st.origin_place}")
        st.consumed.update((i, nxt))
        return
