"""The transmission of a telegram: who sent it from where, when it was sent, received,
deciphered, typed, forwarded and to whom, read from the header's "Sent ... Received ..." lines.
"""

from __future__ import annotations

import dataclasses
import re

from .dates import _time_span, find_dates, parse_time
from .names import clean_name
from .records import Event
from .state import ParseState
from .text import _SPACES_RE, _city, _is_city, _split_names

_EVENT_KW_RE = re.compile(
    r"(?P<kw>\bsent\s+by\s+wire\b|\bsent\s+to\b|\bforwarded\s+to\b|\bforwarded\b|\bsent\b|"
    r"\breceived\b|\barrived\b|\bdeciphered\b|\btyped\b|\bdispatched\b|"
    r"^[ \t]*from\b:?|^[ \t]*to\b:?|\bfrom:|\bto:)",
    re.IGNORECASE | re.MULTILINE,
)


def _parse_event(kind: str, seg: str, st: ParseState) -> Event | None:
    kwl = _SPACES_RE.sub(" ", kind.lower())
    event = {
        "sent by wire": "sent",
        "sent to": "forwarded",
        "forwarded to": "forwarded",
        "forwarded": "forwarded",
        "sent": "sent",
        "received": "received",
        "arrived": "received",
        "deciphered": "deciphered",
        "typed": "typed",
        "dispatched": "dispatched",
    }.get(kwl)
    if event is None:
        return None
    notes = []
    if kwl == "sent by wire":
        notes.append("by wire")
    if kwl == "arrived":
        notes.append("arrived")
    hits = [h for h in find_dates(seg, st.context_year, partial=True) if h.iso]
    date = None
    rest = seg
    if hits:
        h = hits[0]
        date = h.iso
        if h.inferred:
            notes.append(f"year inferred from context ({h.raw.strip()})")
        rest = seg[: h.start] + " " * (h.end - h.start) + seg[h.end :]
    else:
        bare = find_dates(seg, None, partial=True)
        if bare:
            notes.append(f"date without year: {bare[0].raw.strip()}")
            rest = seg[: bare[0].start] + " " * (bare[0].end - bare[0].start) + seg[bare[0].end :]
    time, tnote = parse_time(rest, loose=True)
    if tnote:
        notes.append(tnote)
    sp = _time_span(rest, loose=True)
    if sp:
        after = re.sub(r"(?i)^\s*(?:hours|hrs\.?|hr\.?|h\.|o'clock)(?=\W|$)", "", rest[sp[1] :])
        rest = rest[: sp[0]] + " " + after
    rest = _SPACES_RE.sub(" ", rest)
    # Strip the prepositions left around the removed date and time ("by X on  at ").
    while True:
        t = re.sub(r"(?i)(?:^|\s)(?:by wire|on|at|in|by|to|of)$", "", rest.strip(" .,:;"))
        t = re.sub(r"(?i)^(?:by|to|in|at|on)\b\s*", "", t.strip(" .,:;"))
        if t == rest:
            break
        rest = t
    rest = re.sub(r"\s+(?=,)", "", rest)
    by = None
    place = ""
    if rest:
        head, _, tail = rest.partition(",")
        head = head.strip()
        if _is_city(head):
            place = _city(head)
            if event == "forwarded" and kwl == "sent to":
                event = "sent"
                notes.append(f"to {place}")
                place = ""
        elif re.search(r"[A-Za-z]", head):
            by = clean_name(head)
        if tail.strip():
            notes.append(tail.strip())
    return Event(event=event, date=date, time=time, by=by, place=place, note="; ".join(notes))


_FORWARD_NAME_RE = re.compile(
    r"^(?:(?:Comrades?|Cde\.?|Marshal|General)\s+)?(?:[A-Z][a-z]?\.\s?)*[A-Z0-9][\w\-'’]*"
    r"(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w\-'’]*){0,5}$"
)


def _parse_stream(stream: str, st: ParseState) -> None:
    """The "From", "To" and event segments of the header's transmission lines, in order."""
    matches = list(_EVENT_KW_RE.finditer(stream))
    pre = stream[: matches[0].start()] if matches else stream
    if pre.strip():
        _header_loose_text(pre, st)
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(stream)
        seg = stream[m.end() : end]
        kw = m.group("kw").strip().rstrip(":").strip()
        low = kw.lower()
        if low == "from":
            target = _SPACES_RE.sub(" ", seg).strip(" .,:;")
            if not target:
                continue
            if _is_city(target):
                st.origin_place = _city(target)
            else:
                st.from_name = clean_name(target)
        elif low == "to":
            target = _SPACES_RE.sub(" ", seg).strip(" .,:;")
            for part in _split_names(target):
                if _is_city(part):
                    st.destination_place = st.destination_place or _city(part)
                    continue
                nm = clean_name(part)
                if nm.name:
                    st.addressees.append(nm)
        else:
            ev = _parse_event(kw, seg, st)
            if ev:
                st.events.append(ev)
                # "Forwarded to: Comrade Bulganin, Comrade Vasilevsky, General Staff":
                # one forwarding event for each body named, at the same time.
                if ev.event == "forwarded" and ev.by and ev.note:
                    parts = [p.strip() for p in ev.note.split(";")]
                    names = _split_names(parts[0])
                    if names and all(_FORWARD_NAME_RE.match(x) for x in names):
                        ev.note = "; ".join(parts[1:])
                        for x in names:
                            st.events.append(dataclasses.replace(ev, by=clean_name(x)))


def _header_loose_text(s: str, st: ParseState) -> None:
    """Dates and a place in header text that names no event ("Pyongyang, 17.7.51")."""
    hits = find_dates(s, st.context_year, partial=True)
    st.header_dates.extend((2, h.iso, h.inferred) for h in hits if h.iso)
    rest = s
    for h in reversed(hits):
        rest = rest[: h.start] + " " + rest[h.end :]
    words = re.sub(r"[\d.,/:]+", " ", rest).strip()
    if _is_city(words):
        st.origin_place = st.origin_place or _city(words)


def _read_transmission(st: ParseState, stream: list[str]) -> None:
    """Read the transmission lines gathered from the header.

    A city on the "To" line is where the telegram was received, when it was received after
    it was sent.
    """
    if stream:
        _parse_stream("\n".join(stream), st)
    if st.destination_place:
        kinds = [e.event for e in st.events]
        if (
            "sent" in kinds
            and "received" in kinds
            and kinds.index("sent") < kinds.index("received")
        ):
            rec = st.events[kinds.index("received")]
            rec.place = rec.place or st.destination_place


# "from SOCHI sent at ...", "from URUMCHI  Nº 32616  Received at ...", "From BeijingReceived
# 06 hours" (two words run together in the copy: split at a capital after a small letter).
_FROM_CITY_RE = re.compile(r"^(?i:from)\s+([A-Z][A-Za-z]+?)(?=[A-Z][a-z]|\s|[,.]|$)")
# An editor's bracket introducing an excerpt: "[... by A and B in CITY to C ...]".
_INTRO_PLACE_RE = re.compile(r"(?i)^\[.*?\b(?:in|from)\s+([A-Z][a-z]+)\b")
_CLOSING_LINES = 8


def origin_by_form(st: ParseState, foot_place: str) -> str:
    """The place of origin written in the forms of real headers and closing blocks, when the
    header's own reading found none: a "from CITY" line of a cipher header (whatever follows
    on the line), an editor's introduction "by X in CITY", a city alone on a line beside the
    closing date.  A destination ("CITY. To Comrade X.") is never the origin."""
    if st.origin_place or foot_place:
        return st.origin_place or foot_place
    lines = [ln.strip() for ln in st.lines if ln.strip()]
    for s in lines[:24]:
        m = _FROM_CITY_RE.match(s)
        if m and (_is_city(m.group(1)) or m.group(1).isupper()) and len(m.group(1)) > 2:
            return _city(m.group(1))
    if lines and lines[0].startswith("[") and re.search(r"(?i)\b(?:excerpt|extract)\b", lines[0]):
        m = _INTRO_PLACE_RE.match(lines[0])
        if m and _is_city(m.group(1)):
            return _city(m.group(1))
    tail = lines[-_CLOSING_LINES:]
    for k, s in enumerate(tail):
        if _is_city(s) and len(s.split()) <= 3:
            near = tail[max(k - 1, 0) : k] + tail[k + 1 : k + 2]
            if any(find_dates(n) for n in near):
                return _city(s)
    return ""
