"""Signatures: a name in capitals, letter-spaced or after "Yours", or a name in ordinary case
standing alone after a sign-off or at the very end.
"""

from __future__ import annotations

import dataclasses
import re

from .names import clean_name
from .records import Name
from .text import _EDITORIAL_RE, _QUOTE_CLOSE, _QUOTE_OPEN
from .vocabulary import CAPS_STOP, KNOWN_NAMES

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


_SIGN_OFF_ANY_RE = re.compile(
    r"(?i)^[\"“«„]*(?:with (?:deep |great |communist |comradely |fraternal )?(?:respect|greetings)|"
    r"respectfully|yours|sincerely|your\s+[A-Z])"
)


def _signature_last(lines: list[str], lo: int, n: int) -> Name | None:
    for k in range(n - 1, lo - 1, -1):
        if lines[k].strip():
            sig = _signature(lines[k])
            if sig:
                return sig
    return None
