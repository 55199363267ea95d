"""Signatures: a name in capitals, letter-spaced or after "Yours", or a name in ordinary case
standing alone after a sign-off or at the very end.
"""

from __future__ import annotations

import dataclasses
import re

from .dates import _is_date_line
from .names import clean_name
from .records import Name
from .text import _EDITORIAL_RE, _QUOTE_CLOSE, _QUOTE_OPEN, _is_city
from .vocabulary import CAPS_STOP, COVER_NAMES, EAST_ASIAN_FAMILY, KNOWN_NAMES, MONTH_NAMES

_SIG_CAPS_RE = re.compile(
    r"^(?:(?:[A-Z][a-z]?\.)+\s*)*[A-Z][A-Z'’\-]+(?:\s+[A-Z][A-Z'’\-]+){0,3}"
    r"(?:\s+(?:[A-Z][a-z]?\.)+)?(?:\s*\[[^\[\]]{1,60}\])?\.?$"
)


_SIG_SPACED_RE = re.compile(r"^(?:(?:[A-Z]\.)+\s+)?(?:[A-Z] ){2,}[A-Z]\.?$")


_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"})


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
        # A Roman numeral is a stop word alone or first ("II", "XI. ..."), but the second
        # syllable of a Chinese name may be spelt like one ("FENG XI").
        if (
            words
            and words[0] not in CAPS_STOP
            and all(w not in CAPS_STOP or (k and w in _ROMAN) for k, w in enumerate(words))
            and (len(words) > 1 or len(words[0]) >= 4)
        ):
            return clean_name(s)
    return None


# "Mao Zedong", "A. Gromyko", "George F. Kennan", "Douglas MacArthur".
_SOFT_SIG_RE = re.compile(
    r"^(?:[A-Z][a-z]?\.\s?)*(?:Ma?c)?[A-Z][a-z'’\-]+"
    r"(?:\s+(?:[A-Z][a-z]?\.\s?)*(?:Ma?c)?[A-Z][a-z'’\-]+){0,4}\.?$"
)


_SIGN_OFF_RE = re.compile(
    r"(?i)^(?:with (?:deep |great |communist )?(?:respect|greetings)|respectfully|yours|"
    r"sincerely|with comradely greetings)\b.{0,40}$"
)


def _soft_signature(line: str) -> Name | None:
    """A name in ordinary case standing alone on a line ("Mao Zedong", "A. Gromyko")."""
    s = line.strip().strip(_QUOTE_OPEN + _QUOTE_CLOSE).strip()
    if not _SOFT_SIG_RE.match(s) or len(s) > 50:
        return None
    toks = s.rstrip(".").split()
    if len(toks) == 1 and toks[0] not in KNOWN_NAMES:
        return None  # "Text." or "Agreed." are not signatures
    return clean_name(s)


_BRACKETED_LINE_RE = re.compile(r"^\s*\[[^\[\]]*\]\s*$")


# "[signature] (V. Petrov)": the typed name under a signature, in brackets.
_SIGNED_MARK_RE = re.compile(r"(?i)^\[(?:signature|signed)\]\s*\(([^()]{2,60})\)\.?$")
# "Nº 274 KOVALEV": the telegram's number before its signer.
_NUMBER_FIRST_RE = re.compile(r"^(?:N[oº°]?\.?|#|№)\s*\d[\w/\-]*\s+(?=\S)")
_MONTHS_ALT = "|".join(sorted((m for m in MONTH_NAMES if len(m) > 2), key=len, reverse=True))
# A date before or after the signer on one line: "20 October 1949 PETROV", "PETROV, 11 May".
_DATE_FIRST_RE = re.compile(
    rf"(?i)^\d{{1,2}}\s+(?:{_MONTHS_ALT})\.?(?:\s+\d{{4}})?\s*[,.]?\s+(?=[A-Z])"
)
_DATE_LAST_RE = re.compile(rf"(?i)\s*,?\s+\d{{1,2}}\s+(?:{_MONTHS_ALT})\.?(?:\s+\d{{4}})?\.?$")


_TRAILING_SIGN_OFF_RE = re.compile(
    r"(?i:[.!;]\s+(?:with\s+(?:\w+\s+){0,2}(?:greetings|respect|regards)|"
    r"(?:best|kind|warm|warmest)\s+(?:wishes|regards)|respectfully|yours))"
    r"[,.]?\s+([A-Z][\w.'’\- ]{1,40}(?:\s*\[[^\[\]]{1,40}\])?)\.?$"
)
_LEADING_BRACKET_RE = re.compile(r"^\[([A-Z][^\[\]]{1,40})\]\s*(?=[A-Z])")
_SURNAME_ALONE_RE = re.compile(r"^[A-Z][a-z'’\-]{3,20}\.$")


def _signature_core(line: str) -> tuple[str, bool]:
    """The name part of a signature line, and whether the line's form marks it a signature
    (the "[signature] (Name)" of a typed copy) whatever case the name is in."""
    s = line.strip()
    m = _SIGNED_MARK_RE.match(s)
    if m:
        return m.group(1).strip(), True
    m = _TRAILING_SIGN_OFF_RE.search(s) if len(s) > 70 else None
    if m:
        # A whole letter on one line, its sign-off and signer at the end.
        return m.group(1).strip(), True
    s = _NUMBER_FIRST_RE.sub("", s)
    s = _DATE_FIRST_RE.sub("", s)
    s = _DATE_LAST_RE.sub("", s)
    # "[Chinese Communist Party] Central Committee": the editor completes a body's name.
    s = _LEADING_BRACKET_RE.sub(r"\1 ", s)
    return s, False


def signature_name(line: str) -> Name | None:
    """The signer a line names: a signature line itself ("PETROV", "A. Petrov", "Yours, X")
    or one with the telegram's number or the date beside the name, or "[signature] (Name)"."""
    sig = _signature(line)
    if sig:
        return sig
    core, marked = _signature_core(line)
    if not core:
        return None
    if core == line.strip() and not marked:
        sig = _soft_signature(line)
    else:
        sig = _signature(core) or _soft_signature(core)
    # A surname alone ("Petrov." or "Petrov"), where the signature search found it signing.
    if sig is None and _SURNAME_ALONE_RE.match(core.rstrip(".") + "."):
        sig = clean_name(core.rstrip("."))
    return sig


_CAPS_PAIR_RE = re.compile(r"^([A-Z][A-Z'’\-]{3,})\s+([A-Z][A-Z'’\-]{3,})\.?$")


def pair_signers(line: str) -> list[Name]:
    """Two surnames in capitals side by side sign together ("PETROV SIDOROV"): a Chinese or
    Korean name ("MAO ZEDONG") or a cover name is one person, not two."""
    m = _CAPS_PAIR_RE.match(line.strip())
    if not m:
        return []
    first, second = m.group(1), m.group(2)
    if (
        first.lower() in EAST_ASIAN_FAMILY
        or f"{first} {second}".lower() in COVER_NAMES
        or first in CAPS_STOP
        or second in CAPS_STOP
    ):
        return []
    return [clean_name(first), clean_name(second)]


def co_signed(lines: list[str], k: int, sig: Name | None) -> Name | None:
    """The signature at line ``k`` with the signatures typed under it ("[signature] (A)" /
    title / "[signature] (B)"), or two surnames on its line: the first signer, written as the
    block names them all."""
    pair = pair_signers(lines[k])
    if sig is not None and pair:
        return dataclasses.replace(pair[0], as_written=lines[k].strip())
    if sig is None or not _SIGNED_MARK_RE.match(lines[k].strip()):
        return sig
    names = [sig.as_written or sig.name]
    for j in range(k + 1, min(k + 8, len(lines))):
        m = _SIGNED_MARK_RE.match(lines[j].strip())
        if m:
            names.append(m.group(1).strip())
    if len(names) == 1:
        return sig
    return dataclasses.replace(sig, as_written=", ".join(names))


# Lines that may follow the signature: dates, numbers, copies, the cipher office's notes,
# stamps, footnotes, a place.  A name in ordinary case followed only by such lines signs.
_AFTER_SIGNATURE_RE = re.compile(
    r"(?i)^(?:\[\d{1,2}\]|\[|[(]?(?:N[oº°]?\.?|#|№)\s*\d|"
    r"(?:deciphered|typed|printed|issued|verified|authenticated|distributed|sent|received|"
    r"dispatched|checked|translated|copied|decoded|taken)\b|"
    r"(?:\w+\s+)?cop(?:y|ies)\b|to\s+(?:N[oº°]?\.?\s*|#\s*)?\d|at\s+\d|"
    r"[\d\s./:,\-]+(?:[ap]\.?m\.?)?$|\d{1,2}\.[IVX]{1,4}\.\d{2,4}\.?$|"
    rf"(?:(?:night|morning|evening) of\s+)?(?:\d{{1,2}}\s+)?(?:{_MONTHS_ALT})\b[\d\s\[\],.]*$)"
)
_TITLE_LINE_RE = re.compile(
    r"(?i)^(?:(?:first |deputy |acting )?(?:chairman|secretary|minister|head|chief|"
    r"director|ambassador|commander|member|representative|chargé|charge)\b)"
)


def _closes(line: str, inside_bracket: bool) -> bool:
    s = line.strip()
    return (
        inside_bracket
        or bool(_AFTER_SIGNATURE_RE.match(s))
        or _is_date_line(s, None)
        or (len(s) < 30 and _is_city(s.rstrip(".")))
        or bool(_BRACKETED_LINE_RE.match(s))
    )


def _bracket_depths(lines: list[str], live: list[int]) -> list[bool]:
    """For each live line, whether it lies inside a square bracket opened on an earlier
    line (a stamp or an editor's note running over several lines)."""
    out, depth = [], 0
    for k in live:
        out.append(depth > 0)
        s = lines[k]
        depth = max(0, depth + s.count("[") - s.count("]"))
    return out


def _find_signature(lines: list[str], idx: list[int], consumed: set[int]) -> int | None:
    """The index of the signature among the lines ``idx`` (the last one that signs)."""
    live = [k for k in idx if k not in consumed and lines[k].strip()]
    inside = _bracket_depths(lines, live)
    # An editor's or archive's note in square brackets after the text ("[Source: ...]") is
    # no part of the document: the line before it is the document's last.  So are the
    # closing lines (dates, numbers, cipher office's notes, footnotes) after a signer.
    closing_from = len(live)
    while closing_from > 0 and _closes(lines[live[closing_from - 1]], inside[closing_from - 1]):
        closing_from -= 1
    last = len(live) - 1
    while last > 0 and _BRACKETED_LINE_RE.match(lines[live[last]]):
        last -= 1
    # "[signature] (Name)" marks the signature itself: filing notes and later hands under
    # it ("to the archives / V. Petrov / 5 May 1955") do not sign the document.
    marked = next((k for k in live if _SIGNED_MARK_RE.match(lines[k].strip())), None)
    if marked is not None:
        return marked
    for pos in range(len(live) - 1, -1, -1):
        k = live[pos]
        if _signature(lines[k]):
            return k
        core, marked = _signature_core(lines[k])
        if core != lines[k].strip() and (
            (core and _signature(core))
            or ((marked or pos >= closing_from - 1) and _soft_signature(core))
        ):
            return k
        # A name in ordinary case signs only after a sign-off, under a title, or at the end
        # of the text (only dates, numbers and notes after it); a surname alone only with a
        # date under it ("Petrov." / "17.XII.1947").
        at_end = pos in (last, closing_from - 1)
        below = next((lines[j] for j in range(k + 1, len(lines)) if lines[j].strip()), "")
        if at_end and _SURNAME_ALONE_RE.match(lines[k].strip()) and _is_date_line(below, None):
            return k
        # A surname alone on the last line that the text names elsewhere ("Petrov handed
        # ..." / "Petrov"): the writer signs with it.
        word = lines[k].strip().rstrip(".")
        if (
            pos == last
            and _SURNAME_ALONE_RE.match(word + ".")
            and any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lines[j]) for j in live[:pos])
        ):
            return k
        if _soft_signature(lines[k]) and (
            at_end
            or (
                pos > 0
                and (
                    _SIGN_OFF_RE.match(lines[live[pos - 1]].strip().lstrip(_QUOTE_OPEN))
                    or _TITLE_LINE_RE.match(lines[live[pos - 1]].strip())
                )
            )
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
