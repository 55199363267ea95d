"""Small readings of raw text the other modules share.

Lines with their original endings, quotation marks, editorial brackets, the "No. 123" of a
reference number, marks such as "Strictly secret", city names, and the cheap pre-tests that let
a whole-text pattern be skipped where it cannot match.
"""

from __future__ import annotations

import re

from .vocabulary import CITIES

_SPACES_RE = re.compile(r"\s+")


# The only characters that match an ASCII letter under re.IGNORECASE without being
# one: dotted and dotless i, long s, Kelvin sign.  Where none occurs, a regex with
# IGNORECASE over ASCII words can only match where the lower-cased text holds them,
# so a cheap `in` test on ``s.lower()`` may decide that a pattern cannot match.
_FOLDS_TO_ASCII = "\u0130\u0131\u017f\u212a"


def _may_fold_to_ascii(s: str) -> bool:
    """``s`` holds a character that IGNORECASE matches to a different ASCII letter."""
    return any(c in s for c in _FOLDS_TO_ASCII)


def _may_hold(s: str, *words: str) -> bool:
    """Whether an IGNORECASE pattern that needs one of ``words`` (lower case) can match."""
    if _may_fold_to_ascii(s):
        return True
    low = s.lower()
    return any(w in low for w in words)


_EDITORIAL_RE = re.compile(r"\[([^\[\]]{0,200})\]")


_MARK_RE = re.compile(
    r"^(?:strictly secret|top secret|secret|copying (?:is )?prohibited|"
    r"series\s+\w{1,3}|special (?:file|folder)|of special importance|personal(?:ly)?|"
    r"only for (?:you|comrade .{1,40})|copy no\.?\s*\d+|draft|not for publication|"
    r"declassified\b.{0,60}|top priority|for your eyes only)$",
    re.IGNORECASE,
)


_URGENCY_RE = re.compile(
    r"^(?:extremely urgent|most urgent|very urgent|urgent|immediate(?:ly)?|priority|"
    r"flash|highest priority|out of turn)$",
    re.IGNORECASE,
)


_REFNO_RE = re.compile(r"(?:\bNo\.?|\bNr\.?|#|№)\s*([A-Za-z]{0,3}\d[\w\-]*(?:/[\w\-]+)*)")


_QUOTE_OPEN = '"“«„'


_QUOTE_CLOSE = '"”»'


def _lines_with_ends(text: str) -> tuple[list[str], list[str]]:
    if "\r" not in text:
        clean = text.split("\n")
        raw = [line + "\n" for line in clean]
        raw[-1] = clean[-1]
        if raw[-1] == "":
            raw.pop()
            clean.pop()
        return clean, raw
    parts = re.split(r"(\r\n|\r|\n)", text)
    raw: list[str] = []
    clean: list[str] = []
    for i in range(0, len(parts), 2):
        sep = parts[i + 1] if i + 1 < len(parts) else ""
        raw.append(parts[i] + sep)
        clean.append(parts[i])
    if raw and raw[-1] == "":
        raw.pop()
        clean.pop()
    return clean, raw


def _is_city(s: str) -> bool:
    return s.strip(" .,:;").lower() in CITIES


def _city(s: str) -> str:
    s = s.strip(" .,:;")
    return " ".join(w.capitalize() for w in s.lower().split())


def _split_marks(line: str) -> list[str] | None:
    """The marks on a line made only of marks, else None."""
    s = line.strip()
    if not s:
        return None
    parts = [
        p.strip() for p in re.split(r"(?<!\bNo)[.;,]\s+|\s{2,}|\.$", s, flags=re.I) if p.strip()
    ]
    if parts and all(_MARK_RE.match(p) or _URGENCY_RE.match(p) for p in parts):
        return parts
    return None


def _add_ref(lst: list[str], ref: str) -> None:
    ref = ref.strip().rstrip(".,;")
    if ref and ref not in lst:
        lst.append(ref)


def _split_names(s: str) -> list[str]:
    parts = re.split(r"\s*[,;]\s*|\s+and\s+|\s*&\s*", s)
    return [p for p in (x.strip() for x in parts) if p.strip(".")]


# NUL and the C0 controls other than tab, newline, vertical tab, form feed, CR.
_CONTROL_CHARS = (
    "\x00" + "".join(map(chr, range(0x01, 0x09))) + "".join(map(chr, range(0x0E, 0x20)))
)
