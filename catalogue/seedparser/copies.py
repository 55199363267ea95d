"""Copies and distribution lists: "Copies: Stalin, Molotov", "Distribution - 5 copies",
a bare numbered column ("1 - Stalin" / "2 - Molotov"), with the number of copies of each entry.
"""

from __future__ import annotations

import re

from .dates import _is_date_line
from .names import clean_name
from .state import ParseState
from .text import _split_marks
from .vocabulary import EAST_ASIAN_FAMILY, KNOWN_NAMES, NON_PARTY

_COPIES_HEAD_RE = re.compile(
    r"^(?P<head>copies|copy to|copies to|cc|distribution(?: list)?|sent to the following|"
    r"to be sent to|dispatched to the following)\b(?P<mid>[^:]{0,40}?)\s*:\s*(?P<rest>.*)$"
    r"|^(?P<head2>distribution(?: list)?|copies)(?P<mid2>\s*[-–—]\s*\d+\s+cop(?:y|ies))?\s*$"
    # "Three copies printed": the typist's count, then the copies one to a line.
    r"|^(?P<count>\w+)\s+(?P<head3>cop(?:y|ies)\s+(?:typed|printed|made))\b(?P<tail>.*)$",
    re.IGNORECASE,
)


_ENTRY_RE = re.compile(r"^[A-Z\[][\w.\-'’\[\] ]{0,60}?(?:\s*\(\d{1,2}\)|\s*[-–—]\s*\d{1,2})?\.?$")


_NUMBERED_ENTRY_RE = re.compile(r"^(\d{1,2})\s*(?:[.)]|[-–—])\s*(\S.{0,60})$")
# "1st - to the addressee", "2nd and 3rd to file": copies numbered by ordinals.
_ORDINAL_ENTRY_RE = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)((?:\s*(?:,|and)\s*\d{1,2}(?:st|nd|rd|th))*)\s*[-–—]?\s*"
    r"(?:to\s+)?(\S.{0,60})$"
)
_WORD_NUMBERS = {
    w: k
    for k, w in enumerate(
        (
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ),
        start=1,
    )
}
# "Chief of the General Staff" after a name in a list is that person's title, not an entry.
_TITLE_ITEM_RE = re.compile(
    r"(?i)^(?:first |deputy |acting )?(?:chief|chairman|head|minister|secretary|commander|"
    r"director|member)\s+of\b"
)
_TO_RE = re.compile(r"(?i)^to\s+")


def _parse_entry(item: str) -> tuple[str, int]:
    item = item.strip().rstrip(".;,").strip()
    m = _NUMBERED_ENTRY_RE.match(item)
    if m and not re.match(r"^\d{1,2}\s*[-–—]\s*\d", item):
        item = _TO_RE.sub("", m.group(2).strip())
    om = _ORDINAL_ENTRY_RE.match(item)
    if om:
        return om.group(3).strip().rstrip(".;,"), 1 + len(re.findall(r"\d+", om.group(2)))
    item = _TO_RE.sub("", item)
    copies = 1
    for rx in (
        r"^(.*?)\s*\((\d{1,2})\)$",
        r"^(.*?)\s*[-–—:]\s*(\d{1,2})(?:\s+cop(?:y|ies))?$",
        r"^(.*?)\s*,?\s+(\d{1,2})\s+cop(?:y|ies)$",
    ):
        m = re.match(rx, item)
        if m and m.group(1).strip():
            item, copies = m.group(1).strip(), int(m.group(2))
            break
    return item, copies


def _looks_like_entries(line: str) -> bool:
    s = line.strip().rstrip(".")
    if not s or _is_date_line(s, None) or _split_marks(s):
        return False
    if _ORDINAL_ENTRY_RE.match(s):
        s = "1 - to " + _ORDINAL_ENTRY_RE.match(s).group(3)
    if _NUMBERED_ENTRY_RE.match(s):
        rest = _NUMBERED_ENTRY_RE.match(s).group(2).strip().rstrip(".")
        if _TO_RE.match(rest):
            # "1 - to the addressee": "to" makes it a distribution entry in any case.
            rest = _TO_RE.sub("", rest)
            if len(rest.split()) <= 4 and re.match(r"^[\w\[]", rest):
                return True
        if rest.lower() in NON_PARTY:
            return True  # "3 - to file"
        return len(rest.split()) <= 6 and bool(_ENTRY_RE.match(rest))
    parts = [p.strip() for p in re.split(r"[,;]", s) if p.strip()]
    return bool(parts) and all(
        _ENTRY_RE.match(p) and len(p.split()) <= 6 and not re.search(r"\b[a-z]{4,}\b", p)
        for p in parts
    )


def _is_headless_column(lines: list[str], i: int) -> bool:
    """Line ``i`` starts a column such as "1 - Stalin" / "2 - Molotov" with no heading."""
    if not _DASH_ENTRY_RE.match(lines[i].strip()) or not _looks_like_entries(lines[i]):
        return False
    nxt = next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")
    return bool(_DASH_ENTRY_RE.match(nxt)) and _looks_like_entries(nxt)


_DASH_ENTRY_RE = re.compile(r"^\d{1,2}\s*[-–—]\s*[A-Za-z\[]")


def _read_copies(st: ParseState, i: int, headless: bool = False) -> int:
    """Read a copies/distribution block starting at line ``i``; return the next index.

    ``headless``: the block is a bare numbered column with no "Copies:" line.
    """
    lines = st.lines
    if headless:
        head, mid, rest = "distribution", "", lines[i].strip()
    else:
        m = _COPIES_HEAD_RE.match(lines[i].strip())
        if not m:
            return i
        head = (m.group("head") or m.group("head2") or m.group("head3") or "").lower()
        mid = m.group("mid") or m.group("mid2") or ""
        rest = m.group("rest") or ""
        if m.group("head3"):
            count = m.group("count").lower()
            if count.isdigit() or count in _WORD_NUMBERS:
                st.copies_stated = int(count) if count.isdigit() else _WORD_NUMBERS[count]
            elif not _NUMBERED_ENTRY_RE.match(_next_line(lines, i)):
                return i
            nxt = _next_line(lines, i)
            if not (_NUMBERED_ENTRY_RE.match(nxt) or _ORDINAL_ENTRY_RE.match(nxt)):
                # "Eight copies printed. No. 8 to file": a print count, no list under it.
                st.consumed.add(i)
                return i + 1
            head, rest = "copies", ""
    role = (
        "distribution"
        if head.startswith(("distribution", "sent", "to be", "dispatched"))
        else "copy"
    )
    sm = re.search(r"(\d{1,3})\s+cop(?:y|ies)", mid)
    if sm and st.copies_stated is None:
        st.copies_stated = int(sm.group(1))
    chunks = [rest] if rest.strip() else []
    st.consumed.add(i)
    j = i + 1
    last = rest.strip()
    while j < len(lines):
        s = lines[j].strip()
        if not s:
            # Only a dangling comma or an empty heading carries the list over a blank line.
            # So does a numbered column printed with blank lines between its entries.
            numbered = _NUMBERED_ENTRY_RE.match(last) or _ORDINAL_ENTRY_RE.match(last)
            nxt = _next_line(lines, j)
            if (
                last.endswith((",", ";", ":"))
                or not chunks
                or (numbered and (_NUMBERED_ENTRY_RE.match(nxt) or _ORDINAL_ENTRY_RE.match(nxt)))
            ):
                j += 1
                continue
            break
        if (
            last.endswith((",", ";"))
            or _looks_like_entries(s)
            or (not chunks and _NUMBERED_ENTRY_RE.match(s))
        ):
            if not (last.endswith((",", ";")) or _looks_like_entries(s)):
                break
            chunks.append(s)
            st.consumed.add(j)
            last = s
            j += 1
            continue
        break
    total, items = _add_entries(st, chunks, role)
    if st.copies_stated is not None and items and total != st.copies_stated:
        st.warnings.append(
            f"copies list states {st.copies_stated} copies but its entries add up to {total}"
        )
    return j


def _next_line(lines: list[str], i: int) -> str:
    return next((lines[j].strip() for j in range(i + 1, len(lines)) if lines[j].strip()), "")


def _add_entries(st: ParseState, chunks: list[str], role: str) -> tuple[int, list[str]]:
    """Record the entries of a list's lines; the same name twice ("1 - to X" / "2 - to X")
    is one recipient with the copies added.  Returns (copies counted, items)."""
    items: list[str] = []
    for c in chunks:
        c = c.strip()
        if (_NUMBERED_ENTRY_RE.match(c) or _ORDINAL_ENTRY_RE.match(c)) and "," not in c:
            items.append(c)
        else:
            for part in re.split(r"[,;]", c):
                # "to A and B": each a recipient.
                items.extend(p for p in re.split(r"\s+and\s+", part) if p.strip())
    items = _split_pairs(items)
    total = 0
    for it in items:
        nm, n = _parse_entry(it)
        if not nm or not re.search(r"[A-Za-z]", nm) or _TITLE_ITEM_RE.match(nm):
            continue
        _add_entry(st, clean_name(nm), role, n)
        total += n
    return total, items


def _add_entry(st: ParseState, name, role: str, copies: int) -> None:
    for k, (other, other_role, had) in enumerate(st.copy_entries):
        if other_role == role and other.name.lower() == name.name.lower():
            st.copy_entries[k] = (other, role, had + copies)
            return
    st.copy_entries.append((name, role, copies))


# "Copy No. 2 to Cde. X": one copy's line, several to a line where columns were flattened
# ("Copy No. 1 to X | Copy No. 7 to Y |").
_COPY_N_RE = re.compile(
    r"(?i)\bcopy\s+(?:N[oº°]?\.?|#|№)\s*(\d{1,3})\b\s*([^|]*?)(?=\s*(?:\||\bcopy\s+(?:N[oº°]?\.?|#|№)\s*\d|$))"
)
# "Copies:" after a number or a date on the same line.
_COPIES_MID_RE = re.compile(r"^(.{1,40}?)\s+(copies(?: to)?|copy to)\s*:\s*(\S.*)$", re.IGNORECASE)


def read_copy_lines(st: ParseState) -> None:
    """Copies lists written other than under a heading of their own: "Copy No. k to X" lines
    (read where there are two or more; one "Copy No. 1" is the copy's own mark) and
    "Copies:" on the line of the document's number or date."""
    lines = st.lines
    found: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if "op" not in line and "OP" not in line:
            continue
        for m in _COPY_N_RE.finditer(line):
            found.append((i, m.group(2).strip()))
        mid = _COPIES_MID_RE.match(line.strip())
        if mid and not _COPIES_HEAD_RE.match(line.strip()):
            _add_entries(st, [mid.group(3)], "copy")
    named = [(i, who) for i, who in found if who]
    if len(found) < 2 or not named:
        return
    for _i, who in named:
        who = _TO_RE.sub("", who).strip()
        if not who or who.lower().startswith("distribution"):
            continue
        _add_entry(st, clean_name(who), "copy", 1)
    for i in {i for i, _ in found}:
        if not re.sub(r"(?i)\bcopy\s+(?:N[oº°]?\.?|#|№)\s*\d{1,3}\b[^|]*|\|", "", lines[i]).strip():
            st.consumed.add(i)


_PAIR_RE = re.compile(r"^([A-Z][a-z'’\-]{2,})\s+([A-Z][a-z'’\-]{2,})\.?$")


def _split_pairs(items: list[str]) -> list[str]:
    """A list printed in two columns gives two surnames to a line ("Molotov Malenkov"): where
    one line pairs two figures the genre knows, every line of two plain surnames is two
    entries (a Chinese or Korean name, family name first, stays whole)."""
    pairs = [_PAIR_RE.match(it.strip()) for it in items]
    if not any(m and m.group(1) in KNOWN_NAMES and m.group(2) in KNOWN_NAMES for m in pairs):
        return items
    out: list[str] = []
    for it, m in zip(items, pairs, strict=True):
        if m and m.group(1).lower() not in EAST_ASIAN_FAMILY:
            out.extend((m.group(1), m.group(2)))
        else:
            out.append(it)
    return out
