"""The document's own numbers written where real headers and closing blocks put them.

A number sign ("No.", "Nº", "N°", "№", "#", "N") followed by a number token is the document's
own number on a line of the header or the closing block ("CABLE Nº 59976 TOP SECRET", "from
CITY  Nº 32616  Received at ...", "Nº 274 NAME, 11 November", "Four copies typed NAME Nº 6696",
"Incoming Nº 3462/shs ...", "Nº 15-G-1952"); so is a registry number in an editor's header
("(50/III)", "(No. 0833)" after "A.B. NAME to C.D. NAME"), a protocol mark "Pr. 962-vi" on its
own line, the first bare number of a registration stamp, and registry numbers on the first
lines before the date.  It is a CITED number when the words before it cite another document
("To No.", "your", "In reply to your", "telegram of ... (No. N)", "by telephone from X #N"),
and it is no number of a document at all after "Copy" (a copy's number) or "for" ("for No 1
printing paper").
"""

from __future__ import annotations

import re

from .state import ParseState
from .text import _add_ref

_SIGN = r"(?:No\.?|Nº|N°|№|#|N(?=\s+\d))"
_NUMBER_RE = re.compile(
    rf"(?<![\w])({_SIGN})\s*([A-Za-z]{{0,3}}\d[\w\-]*(?:/[\w\-]+)*)(?:\s*\.(?=\s|$))?"
)
# The words just before a number that make it another document's.
_CITED_BEFORE_RE = re.compile(
    r"(?i)(?:\bto|\byour|\breply to(?: your)?|\bof|\bon|\bre:?|\breference|\bper|\(|"
    r"\b(?:your|my|our|the|his|this|that|of)\s+(?:ciphered\s+)?(?:telegram|letter|cable))"
    r"\s*(?:the\s+)?$"
)
# The words just before a number that make it no document's number.
# ... and those that make it no document's number: a copy's number, an amount, an archival
# citation ("inventory [opis'] Nº 31").
_NOT_A_DOCUMENT_RE = re.compile(
    r"(?i)(?:\bcopy|\bcopies|\bfor|\bitem|\bpoint|\bpr\.?\s*pb|\binventory|\bopis\W*|"
    r"\bfond|\bdelo|\bfile|\bfolder)\s*(?:\[[^\]]*\]\s*)?$"
)
_HEADER_PAREN_RE = re.compile(
    r"^(?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+\s+to\s+(?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+"
    r".*\((?:No\.?\s*)?(\d[\w\-]*(?:/[\w\-]+)*)\)\s*$"
)
_PROTOCOL_MARK_RE = re.compile(r"^Pr\.\s*(\d[\w\-]*)\s*$")
_STAMP_RE = re.compile(r"(?i)^\[[^\]]*\bstamp:?\s*$")
_BARE_NUMBER_RE = re.compile(r"^(\d{4,7})(?:\s+d\.\s*\d+)?\]?\s*$")
_WORDS_ON_A_SHORT_LINE = 14


def numbers_by_form(st: ParseState, doc_type: str) -> None:
    """Add the own numbers written in the forms above; move numbers that cite to cited."""
    lines = [ln.strip() for ln in st.lines]
    nonblank = [k for k, s in enumerate(lines) if s]
    head = set(nonblank[:14])
    tail = set(nonblank[-16:])
    own: list[str] = []
    cited: list[str] = []
    for k in nonblank:
        s = lines[k]
        if k in head and _STAMP_RE.match(s):
            nxt = next((lines[j] for j in nonblank if j > k), "")
            bm = _BARE_NUMBER_RE.match(nxt)
            if bm:
                _add_ref(own, bm.group(1))
            continue
        m = _HEADER_PAREN_RE.match(s)
        if m and k in head:
            _add_ref(own, m.group(1))
            continue
        m = _PROTOCOL_MARK_RE.match(s)
        if m and k in tail:
            _add_ref(own, m.group(1))
            continue
        if k in nonblank[:3] and _BARE_NUMBER_RE.match(s) and not st.own_numbers:
            # Registry numbers alone on the first lines, above the date ("40117" / "530208").
            _add_ref(own, _BARE_NUMBER_RE.match(s).group(1))
            continue
        short = len(s.split()) <= _WORDS_ON_A_SHORT_LINE
        for m in _NUMBER_RE.finditer(s):
            before = s[: m.start()]
            if _NOT_A_DOCUMENT_RE.search(before) or re.match(r"\s+to\s", s[m.end() :]):
                continue
            if _CITED_BEFORE_RE.search(before):
                _add_ref(cited, m.group(2))
                continue
            at_start = not before.strip(" ([")
            cipher_office = re.search(r"/shs?$", m.group(2))
            if (k in head or k in tail) and (short or at_start or cipher_office):
                _add_ref(own, m.group(2))
    if doc_type == "decision":
        # A protocol extract's own number is the protocol's ("P83/280"); the numbers of the
        # agenda item's papers ("Telegram of Comrade X ... No. 1352.") are cited.
        protocol = [n for n in own + st.own_numbers if re.match(r"^P\d+/\d+$", n)]
        if protocol:
            for n in own + st.own_numbers:
                if n not in protocol:
                    _add_ref(cited, n)
            st.own_numbers[:] = list(dict.fromkeys(protocol))
            own = []
    for n in own:
        if n not in cited:
            _add_ref(st.own_numbers, n)
    for n in cited:
        _add_ref(st.cited_numbers, n)
