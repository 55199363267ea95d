"""Quantities a request names ("ten antiaircraft regiments", "1,000 trucks"), with what the
text says they are made of and where they are to come from.
"""

from __future__ import annotations

import re

from .names import surname
from .records import Name, Quantity
from .text import _may_fold_to_ascii, _may_hold
from .vocabulary import (
    CHINESE_NAMES,
    NUMBER_WORDS,
    OF_PHRASE_STOP,
    SOVIET_NAMES,
    STOP_MODIFIERS,
    UNITS,
)

_NUM_RE = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d{1,6}|(?i:(?:(?:twenty|thirty|forty|fifty|sixty|seventy|"
    r"eighty|ninety)[- ])?(?:one|two|three|four|five|six|seven|eight|nine)|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety)(?:\s+(?i:hundred|thousand))?)"
)


_QTY_RE = re.compile(
    r"(?=[\dotfsenOTFSEN])(?<![\w,.#/\-])"
    + _NUM_RE
    + r"\s+(?P<mods>(?:[A-Za-z][\w\-]*\s+){0,3}?)(?P<unit>"
    + "|".join(sorted(UNITS, key=len, reverse=True))
    + r")\b"
)


_CALIBER_RE = re.compile(r"(?i)\b(small|middle|medium|large|heavy|light)[\s-]+calib(?:er|re)\b")


def _of_phrase(after: str) -> str:
    """What an "of" after a quantity says it is made of: "of KPA TU-2 pilots will" -> ..."""
    m = re.match(r"\s+of\s+([^.,;:()\n]{1,60})", after)
    if not m:
        return ""
    words = []
    for w in m.group(1).split():
        if w.lower() in OF_PHRASE_STOP or len(words) == 4:
            break
        words.append(w)
    return " ".join(words)


def _number(s: str) -> int | None:
    s = s.lower().replace(",", "").strip()
    if s.isdigit():
        return int(s)
    total = 0
    for w in re.split(r"[\s-]+", s):
        if w == "hundred":
            total = max(total, 1) * 100
        elif w == "thousand":
            total = max(total, 1) * 1000
        elif w in NUMBER_WORDS:
            total += NUMBER_WORDS[w]
        else:
            return None
    return total or None


def _from_you(asked_of: Name | None) -> str:
    if asked_of is None:
        return ""
    nm = asked_of.name.lower()
    key = surname(asked_of).lower()
    if key in SOVIET_NAMES or nm in SOVIET_NAMES or asked_of.editorial.lower() == "stalin":
        return "the USSR"
    if key in CHINESE_NAMES or nm in CHINESE_NAMES:
        return "China"
    return ""


_NUM_WORD_PREFIXES = tuple(sorted({w[:3] for w in NUMBER_WORDS}))


_DIGITS_RE = re.compile(r"\d+")


def _quantity_matches(text: str) -> list[re.Match]:
    """``_QTY_RE.finditer(text)``, trying the pattern only where a number begins.

    A quantity starts with a digit or a number word; the lower-cased text shows
    where number words can begin (see text._FOLDS_TO_ASCII), and matching from those
    positions in order, past each match, gives the matches finditer gives.
    """
    if _may_fold_to_ascii(text):
        return list(_QTY_RE.finditer(text))
    low = text.lower()
    starts = {m.start() for m in _DIGITS_RE.finditer(text)}
    for w in _NUM_WORD_PREFIXES:
        i = low.find(w)
        while i >= 0:
            starts.add(i)
            i = low.find(w, i + 1)
    out = []
    pos = 0
    for i in sorted(starts):
        if i < pos:
            continue
        m = _QTY_RE.match(text, i)
        if m:
            out.append(m)
            pos = m.end()
    return out


def _quantities(text: str, asked_of: Name | None) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _quantity_matches(text):
        amount = _number(m.group("num"))
        if amount is None:
            continue
        if re.search(r"(?i)(?:No\.?|#)\s*$", text[max(0, m.start() - 5) : m.start()]):
            continue
        mods = m.group("mods").split()
        if any(w.lower() in STOP_MODIFIERS for w in mods):
            continue
        note_parts = []
        mods_s = " ".join(mods)
        cm = _CALIBER_RE.search(mods_s + " ")
        if cm:
            note_parts.append(f"{cm.group(1).lower()}-caliber")
            mods_s = _CALIBER_RE.sub("", mods_s).strip()
        unit = (mods_s + " " + m.group("unit")).strip()
        if not mods_s:
            # "three middle caliber regiments" after "ten antiaircraft regiments"
            for prev in reversed(out):
                if prev.unit.endswith(" " + m.group("unit")):
                    unit = prev.unit
                    break
        after = text[m.end() : m.end() + 80]
        of_phrase = _of_phrase(after)
        if of_phrase:
            note_parts.append(of_phrase)
        fm = re.match(
            r"\s+(?:\w+\s+){0,2}?((?:directly\s+)?from\s+(you|the USSR|the Soviet Union"
            r"|China|the Chinese(?: comrades)?))\b",
            after,
        )
        if fm:
            src = fm.group(1)
            if fm.group(2) == "you" and _from_you(asked_of):
                src = src.replace("you", _from_you(asked_of))
            note_parts.append(src)
        out.append(Quantity(amount=amount, unit=unit, note=", ".join(note_parts)))
    # "that the Chinese comrades put out half": half of the quantity just named.
    hm = _may_hold(text, "half") and re.search(
        r"(?i)\b(?:the\s+)?(Chinese|Soviet|Korean)\s+(?:comrades\s+|friends\s+|side\s+)?"
        r"(?:\w+\s+){0,2}?half\b",
        text,
    )
    if hm and out and out[0].amount % 2 == 0:
        who = hm.group(1).capitalize()
        out.append(Quantity(out[0].amount // 2, out[0].unit, f"half, from the {who}"))
    return out
