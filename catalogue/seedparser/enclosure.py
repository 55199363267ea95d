"""A document relayed inside a telegram: where it stands (quoted, or introduced by "Text of the
letter:"), who wrote it to whom, how it addresses them, where and when it was signed.
"""

from __future__ import annotations

import re

from .copies import _COPIES_HEAD_RE
from .dates import _is_date_line, find_dates, parse_date
from .header import _OWN_NO_LINE_RE
from .names import clean_name
from .records import Enclosure, Name
from .signatures import (
    _SIG_YOUR_RE,
    _SIGN_OFF_ANY_RE,
    _find_signature,
    _signature,
    signature_name,
)
from .state import ParseState
from .text import _QUOTE_CLOSE, _QUOTE_OPEN, _city, _is_city, _may_hold, _split_marks, _split_names


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
    r"\b(letter|telegram|note|message|memorandum|appeal|cable|statement|reply|answer)"
    r"[ \t]+(?:of|from)[ \t]+"
    r"(?P<author>[^,;:\n]{1,80}?)[ \t]+(?:to|addressed to)[ \t]+(?P<addr>[^,;:\n]{1,80}?)"
    r"(?=[ \t]+(?:of|dated|in)[ \t]|[,:;]|(?<!\b[A-Z])\.(?:\s|$)|$)",
    re.IGNORECASE | re.MULTILINE,
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
    if s in ("telegram", "cable", "reply", "answer"):
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


def _read_enclosure(
    st: ParseState, region: tuple[int, int], own_text: str, doc_type: str
) -> Enclosure:
    """The relayed document in lines ``region`` of a telegram whose own text is ``own_text``.

    The telegram's words that introduce it ("a letter of Kim Il Sung to Stalin of 8 July")
    name its type, author, addressee and date; its salutation, signature and closing place
    and date fill in what they leave out.  Its signature line is marked consumed.
    """
    lines = st.lines
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
    via, addressed_as, enc_addr = _forms_of_address(lines, lo, hi, doc_type, enc_addr)
    enc_text = "\n".join(lines[lo : hi + 1])
    for m in _patronymics(enc_text):
        if m.group(0) not in addressed_as:
            addressed_as.append(m.group(0))
    enc_sig = None
    enc_sig_idx = _find_signature(lines, list(range(lo, hi + 1)), st.consumed)
    if enc_sig_idx is not None:
        enc_sig = signature_name(lines[enc_sig_idx])
        st.consumed.add(enc_sig_idx)
    if enc_author is None:
        enc_author = enc_sig
    place, cdate, _inf = _closing_place_date(lines, lo, hi, st.context_year)
    enc_date = enc_date or cdate
    also = []
    am = _ALSO_SENT_RE.search(enc_text) if _may_hold(enc_text, "content") else None
    if am:
        also = [clean_name(p) for p in _split_names(am.group("who"))]
    return Enclosure(
        doc_type=enc_type,
        author=enc_author,
        addressee=enc_addr,
        date=enc_date,
        place=place,
        via=via,
        also_sent_to=[a for a in also if a.name],
        addressed_as=addressed_as,
    )


def _forms_of_address(
    lines: list[str], lo: int, hi: int, doc_type: str, addressee: Name | None
) -> tuple[Name | None, list[str], Name | None]:
    """How the relayed document addresses people: (the ambassador it goes through, the
    salutations it uses, its addressee, taken from the first salutation if not yet known)."""
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
            if addressee is None:
                addressee = clean_name(sm.group("who"))
    return via, addressed_as, addressee


# "NEW PARAGRAPH." in a transmitting telegram: the relayed message, signed, ends above it
# and the transmitter's own report begins under it.
_NEW_PARAGRAPH_RE = re.compile(r"(?i)^new paragraph\.?$")


_MESSAGE_OPENING_RE = re.compile(
    r"(?i)^(?:dear\s+|respected\s+|esteemed\s+)?comrades?\b[^.]{0,60}[:!,]$"
)


def _paragraph_break_region(lines: list[str], start: int) -> tuple[int, int] | None:
    """The relayed message above a "NEW PARAGRAPH." line when a signature closes it."""
    live = [k for k in range(start, len(lines)) if lines[k].strip()]
    for pos, k in enumerate(live):
        if _NEW_PARAGRAPH_RE.match(lines[k].strip()):
            above = live[max(0, pos - 3) : pos]
            signed = [j for j in above if signature_name(lines[j])]
            # The message begins at its salutation ("Comrade PETROV:"), under the cable's
            # own heading and copies list.
            # (The header's reading may have taken the salutation: look from the top.)
            opening = next(
                (j for j in range(k) if _MESSAGE_OPENING_RE.match(lines[j].strip())), None
            )
            if signed and opening is not None and opening < signed[0]:
                return opening, live[pos - 1]
            return None
    return None


def _signed_quotation(lines: list[str], region: tuple[int, int] | None, own: str) -> bool:
    """A quotation is a relayed document when it ends with its author's signature
    ('FILIPPOV."') or the text before it names its author ("the following reply of X to Y")."""
    if region is None:
        return False
    lo, hi = region
    last = next((lines[k] for k in range(hi, lo - 1, -1) if lines[k].strip()), "")
    return signature_name(last.strip().rstrip(_QUOTE_CLOSE)) is not None or bool(
        _INTRO_RE.search(own)
    )
