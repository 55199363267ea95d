"""Copies and distribution lists: "Copies: Stalin, Molotov", "Distribution - 5 copies",
a bare numbered column ("1 - Stalin" / "2 - Molotov"), with the number of copies of each entry.
"""

from __future__ import annotations

import re

from .dates import _is_date_line
from .names import clean_name
from .state import ParseState
from .text import _split_marks
from .vocabulary import NON_PARTY

_COPIES_HEAD_RE = re.compile(
    r"^(?P<head>copies|copy to|copies to|cc|distribution(?: list)?|sent to the following|"
    r"to be sent to|dispatched to the following)\b(?P<mid>[^:]{0,40}?)\s*:\s*(?P<rest>.*)$"
    r"|^(?P<head2>distribution(?: list)?|copies)(?P<mid2>\s*[-–—]\s*\d+\s+cop(?:y|ies))?\s*$",
    re.IGNORECASE,
)


_ENTRY_RE = re.compile(r"^[A-Z\[][\w.\-'’\[\] ]{0,60}?(?:\s*\(\d{1,2}\)|\s*[-–—]\s*\d{1,2})?\.?$")


_NUMBERED_ENTRY_RE = re.compile(r"^(\d{1,2})\s*(?:[.)]|[-–—])\s*(\S.{0,60})$")


def _parse_entry(item: str) -> tuple[str, int]:
    item = item.strip().rstrip(".;,").strip()
    m = _NUMBERED_ENTRY_RE.match(item)
    if m and not re.match(r"^\d{1,2}\s*[-–—]\s*\d", item):
        item = m.group(2).strip()
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
    if _NUMBERED_ENTRY_RE.match(s):
        rest = _NUMBERED_ENTRY_RE.match(s).group(2).strip().rstrip(".")
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
        head = (m.group("head") or m.group("head2") or "").lower()
        mid = m.group("mid") or m.group("mid2") or ""
        rest = m.group("rest") or ""
    role = (
        "distribution"
        if head.startswith(("distribution", "sent", "to be", "dispatched"))
        else "copy"
    )
    sm = re.search(r"(\d{1,3})\s+cop(?:y|ies)", mid)
    if sm:
        st.copies_stated = int(sm.group(1))
    chunks = [rest] if rest.strip() else []
    st.consumed.add(i)
    j = i + 1
    last = rest.strip()
    while j < len(lines):
        s = lines[j].strip()
        if not s:
            # Only a dangling comma or an empty heading carries the list over a blank line.
            if last.endswith((",", ";", ":")) or not chunks:
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
    items: list[str] = []
    for c in chunks:
        if _NUMBERED_ENTRY_RE.match(c.strip()) and "," not in c:
            items.append(c)
        else:
            items.extend(p for p in re.split(r"[,;]", c) if p.strip())
    total = 0
    for it in items:
        nm, n = _parse_entry(it)
        if not nm or not re.search(r"[A-Za-z]", nm):
            continue
        st.copy_entries.append((clean_name(nm), role, n))
        total += n
    if st.copies_stated is not None and items and total != st.copies_stated:
        st.warnings.append(
            f"copies list states {st.copies_stated} copies but its entries add up to {total}"
        )
    return j
