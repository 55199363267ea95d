"""A document relayed inside a telegram: where it stands (quoted, or introduced by "Text of the
letter:"), who wrote it to whom, how it addresses them, where and when it was signed.
"""

from __future__ import annotations

import re

from .copies import _COPIES_HEAD_RE
from .dates import _is_date_line, find_dates
from .header import _OWN_NO_LINE_RE
from .signatures import _SIG_YOUR_RE, _SIGN_OFF_ANY_RE, _signature
from .text import _QUOTE_CLOSE, _QUOTE_OPEN, _city, _is_city, _split_marks


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
