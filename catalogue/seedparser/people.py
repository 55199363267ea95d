"""People named in running text (after a title, in capitals, letter-spaced, known figures,
an editor's bracket) and the merging of their mentions into one entry per person.
"""

from __future__ import annotations

import re

from .names import _LETTER_SPACED_RE, _is_initials, clean_name, surname
from .records import Name
from .text import _EDITORIAL_RE
from .vocabulary import CAPS_STOP, KNOWN_NAMES, NOT_AFTER_TITLE, ORG_WORDS, PINYIN_FAMILY


def _key(name: Name) -> str:
    return surname(name).lower()


# "\b(?:[Cc]omrades?|Marshal|...)" written to begin with a character class: the engine
# then skips to the few positions holding one of those letters instead of trying every
# position.  The lookbehind after the first letter is the "\b" before it.
_AFTER_TITLE_RE = re.compile(
    r"[CcMGPA](?<!\w[CcMGPA])(?:(?<=[Cc])omrades?|(?<=[Cc])des?\.|(?<=M)arshal|(?<=G)eneral|(?<=C)hairman|"
    r"(?<=P)remier|(?<=G)eneralissimo|(?<=A)mbassador|(?<=M)inister)"
    r"[ \t]+((?:(?:[A-Z][a-z]?\.)+[ \t]?|[A-Z][\w'’\-]*(?:[ \t]+|(?=[\s,.;:!?)\]\"”]|$))){1,4})"
    r"(\s*\[[^\[\]]{1,80}\])?"
)


_CAPS_RUN_RE = re.compile(
    r"[A-Z](?<![\w\-][A-Z])[A-Z'’\-]*[A-Z](?:[ \t]+[A-Z][A-Z'’\-]*[A-Z])*"
    r"(?:[ \t]+(?:[A-Z][a-z]?\.){1,3})?(?![\w\-])([ \t]*\[[^\[\]]{1,80}\])?"
)


def _names_in(text: str) -> list[Name]:
    found: list[tuple[int, Name]] = []
    for m in _AFTER_TITLE_RE.finditer(text):
        raw = (m.group(1) + (m.group(2) or "")).strip()
        raw = re.sub(r"['’]s$", "", raw)  # "Cde. Petrov's family": Petrov
        toks = raw.split()
        if toks and toks[0].lower().strip(".,") in NOT_AFTER_TITLE:
            continue
        if all(t.strip(".") in CAPS_STOP for t in toks if not _is_initials(t)):
            continue
        found.append((m.start(1), clean_name(raw)))
    for m in _CAPS_RUN_RE.finditer(text):
        raw = m.group(0).strip()
        words = re.findall(r"[A-Z][A-Z'’\-]*[A-Z]", _EDITORIAL_RE.sub("", raw))
        if not words or any(w in CAPS_STOP for w in words):
            continue
        if len(words) == 1 and len(words[0]) < 4:
            continue
        found.append((m.start(), clean_name(raw)))
    for m in _LETTER_SPACED_RE.finditer(text):
        found.append((m.start(), clean_name(m.group(0))))
    for m in _KNOWN_RE.finditer(text):
        found.append((m.start(), clean_name(m.group(0).strip())))
    for m in _TITLED_LIST_RE.finditer(text):
        # The first name is the title's own (read above); the others share the title.
        for part in re.split(r",?[ \t]+and[ \t]+|,[ \t]*", m.group(1))[1:]:
            if part.strip(".").upper() not in CAPS_STOP:
                found.append((m.start(1) + m.group(1).find(part), clean_name(part)))
    for m in _INITIALS_NAME_RE.finditer(text):
        if m.group(1).upper() not in CAPS_STOP and m.group(1).lower() not in ORG_WORDS:
            found.append((m.start(), clean_name(re.sub(r"['’]s$", "", m.group(0)))))
    for m in _SIGNED_LINE_RE.finditer(text):
        found.append((m.start(), clean_name(m.group(1))))
    for m in _PINYIN_NAME_RE.finditer(text):
        if m.group(0).lower() in PINYIN_FAMILY and _PINYIN_GIVEN_RE.fullmatch(m.group(1).lower()):
            found.append((m.start(), clean_name(f"{m.group(0)} {m.group(1)}")))
    spans = [m.span() for m in _EDITORIAL_RE.finditer(text)]
    found = [(p, n) for p, n in found if not any(a < p < b for a, b in spans)]
    # "[Pak Hon Yong]" standing alone: the editor names someone the text leaves
    # unnamed; the editor's text is both `name` and `editorial`, `as_written` keeps
    # the brackets so the importer can tell it from the original's words.
    for m in _BRACKET_PERSON_RE.finditer(text):
        words = m.group(1).split()
        if any(w.lower().strip("'’s") in ORG_WORDS for w in words):
            continue
        prev = re.search(r"(\S+)[ \t]*$", text[: m.start()])
        if prev and prev.group(1)[:1].isupper() and prev.group(1)[-1:].isalpha():
            # "Song [Shilun]'s army": the editor completes a family name written alone.
            joined = clean_name(f"{prev.group(1)} [{' '.join(words)}]")
            if not joined.editorial and joined.name != prev.group(1):
                found.append((prev.start(1), joined))
            continue  # a gloss on the name just before it: "FENG XI [STALIN]"
        ed = " ".join(words)
        found.append((m.start(), Name(as_written=m.group(0), name=ed, editorial=ed)))
    found.sort(key=lambda x: x[0])
    return [n for _, n in found if (n.name or n.editorial) and n.is_person]


# "Cdes. Petrov, Sidorov and Orlov": a plural title before a list gives each name the title.
_LIST_NAME = r"(?:[A-Z][a-z]?\.[ \t]?)*[A-Z][a-z'’\-]+|[A-Z][A-Z'’\-]{2,}"
_TITLED_LIST_RE = re.compile(
    r"[CcT](?<!\w[CcT])(?:(?<=[Cc])omrades|(?<=[Cc])des\.?|(?<=T)ovarishchi)[ \t]+"
    rf"((?:{_LIST_NAME})(?:(?:,[ \t]*|,?[ \t]+and[ \t]+)(?:{_LIST_NAME}))+)(?![\w\[])"
)


# "A. F. Petrov", "Sh. A. Aliyev": two or three initials before a capitalised word are a
# person's, wherever they stand.
_INITIALS_NAME_RE = re.compile(
    r"[A-Z](?<![\w.’'][A-Z])[a-z]?\.[ \t]?(?:[A-Z][a-z]?\.[ \t]?){1,2}"
    r"([A-Z][a-z'’\-]{2,}|[A-Z][A-Z'’\-]{2,})(?![\w\[])"
)


# A line that is a signature and nothing else: "[signature] V. Petrov", "(I. Sidorov)",
# "[V. Orlov]", "V. Petrov 28 April 1955" -- one initial is enough there.
_SIGNED_LINE_RE = re.compile(
    r"^[ \t]*(?:\[[^\[\]\n]{0,30}\][ \t]*)?[(\[]?"
    r"((?:[A-Z][a-z]?\.[ \t]?){1,3}[A-Z][a-z'’\-]{2,})[)\]]?"
    r"(?:[ \t]+\d{1,2}[ \t]+[A-Z][a-z]+[ \t]+\d{4})?[ \t]*$",
    re.MULTILINE,
)


# A Chinese name in pinyin: a family name and a given name of two syllables ("Wang Shimin",
# "Ma Hongbin"), which no English word after a capitalised one is shaped like.
_PINYIN_NAME_RE = re.compile(
    r"[A-Z](?<![\w\-][A-Z])[a-z]{0,5}(?=[ \t]+([A-Z][a-z]{3,9})(?![\w\-’'\[]))"
)
_SYLLABLE = (
    r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|uai|uan|ian|iao|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ue|ui|er|a|o|e|i|u)"
)
_PINYIN_GIVEN_RE = re.compile(_SYLLABLE + _SYLLABLE)


_BRACKET_PERSON_RE = re.compile(
    r"\[(?<![A-Za-z]\[)([A-Z][a-z'’\-]+(?:[ \t]+[A-Z][a-z'’\-]+){0,3})\]"
)


_SAME_INITIAL = str.maketrans("JY", "II")  # Iosif/Josef, Ia./Ya.


def _initial(name: Name) -> str:
    """First letter of the given names or initials before the surname, if any."""
    sur = surname(name)
    rest = name.name[: len(name.name) - len(sur)] if name.name.endswith(sur) else ""
    m = re.search(r"[A-Za-z]", rest)
    return m.group(0).upper().translate(_SAME_INITIAL) if m else ""


def _merge_people(names: list[Name | None]) -> list[Name]:
    """One entry per person, in order of first mention, keeping the fullest form.

    People who share a surname are merged only when their initials agree:
    "Stalin" and "I.V. Stalin" are one, "A.I. Ivanov" and "P.S. Ivanov" are two.
    A bare surname that could be either of two such people adds no one.
    """
    out: list[Name] = []
    index: dict[str, list[int]] = {}
    for n in names:
        if n is None or not n.is_person or not (n.name.strip() or n.editorial):
            continue
        k = _key(n) if n.name.strip() else "[" + n.editorial.lower() + "]"
        cands = index.get(k, [])
        ini = _initial(n) if cands else ""
        same = [j for j in cands if not ini or _initial(out[j]) in ("", ini)]
        if len(same) > 1 and not ini:
            continue
        if same:
            j = same[0]
            old = out[j]
            # Keep the fullest form seen ("I.V. Stalin" over "Stalin").
            if len(n.name) > len(old.name) and not old.editorial:
                out[j] = Name(n.as_written, n.name, n.editorial or old.editorial, n.is_person)
            elif n.editorial and not old.editorial:
                out[j] = Name(old.as_written, old.name, n.editorial, old.is_person)
            continue
        index.setdefault(k, []).append(len(out))
        out.append(n)
    return out


# "(?=[A-Z])(?<![\w.])((?:[A-Z][a-z]?\.\s?){0,3})(Name|...)" written to begin with a
# character class: one to three initials, then the name, or the name alone.
_KNOWN_ALTS = sorted(KNOWN_NAMES, key=len, reverse=True)


_KNOWN_RE = re.compile(
    r"[A-Z](?<![\w.][A-Z])(?:[a-z]?\.\s?(?:[A-Z][a-z]?\.\s?){0,2}(?:"
    + "|".join(re.escape(n) for n in _KNOWN_ALTS)
    + ")|"
    + "|".join(f"(?<={n[0]}){re.escape(n[1:])}" for n in _KNOWN_ALTS)
    + r")(?![\w])(\s*\[[^\[\]]{1,80}\])?"
)


# The cipher office's clerks, named in its notes: "Deciphered by Petrova", "Typed by Ivanova at
# 1445", "Issued by Orlov", "Authenticated: (Sidorov)", "Verified: shift chief Kozlov", "Four
# copies printed Petrova" -- people of the document like any other.
_CLERK_RE = re.compile(
    r"(?i:\b(?:deciphered|decoded|typed|issued|verified|authenticated|checked|copied|"
    r"distributed|translated)(?:\s+(?:\[?by\]?\.?|on\b[^.:]{0,40}?\bby))?\s*:?|"
    r"\bcop(?:y|ies)\s+(?:typed|printed|made)\.?)"
    r"\s*(?:(?i:shift\s+chief|clerk|typist|cipher\s+clerk)\s+)?\(?"
    r"((?:[A-Z][a-z]?\.\s?)*[A-Z][a-z'’\-]{2,}(?:\[[a-z]{1,6}\])?"
    r"(?:,\s*[A-Z][a-z'’\-]{2,}(?!\s+[a-z]))*)"
)


# The telephone or telegraph clerks' own line under a message: "sent by Petrova", "received
# by Orlov" (in running text "sent by" names anyone, so only a line of its own counts).
_SENT_LINE_RE = re.compile(
    r"^[ \t]*(?i:sent|received|transmitted|accepted|passed)[ \t]+(?i:by)[ \t]+"
    r"((?:[A-Z][a-z]?\.[ \t]?)*[A-Z][a-z'’\-]{2,})[ \t.]*$",
    re.MULTILINE,
)


def clerks_in(text: str) -> list[Name]:
    """The clerks the cipher office's notes name."""
    found: list[Name] = []
    if not text:
        return found
    found += [clean_name(m.group(1)) for m in _SENT_LINE_RE.finditer(text)]
    for m in _CLERK_RE.finditer(text):
        for part in m.group(1).split(","):
            word = part.strip()
            if (
                word
                and word.split()[-1].rstrip(".") not in CAPS_STOP
                and word.lower()
                not in (
                    "at",
                    "on",
                )
            ):
                found.append(clean_name(word))
    return found
