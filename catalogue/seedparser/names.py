"""A name as written brought to its display form, and the surname a title uses.

Titles of address are stripped, letter-spacing closed, capitals brought to ordinary case and
"STALIN I.V." shown as "I.V. Stalin"; editorial brackets go to ``Name.editorial``.
"""

from __future__ import annotations

import re

from .records import Name
from .text import _EDITORIAL_RE, _SPACES_RE
from .vocabulary import (
    ACRONYMS,
    COVER_NAMES,
    EAST_ASIAN_FAMILY,
    MIXED_CASE,
    NAME_PARTICLES,
    NON_PARTY,
    NOT_AFTER_TITLE,
    TITLE_WORDS,
)

_TITLE_RE = re.compile(
    r"^(?:" + "|".join(re.escape(t) for t in TITLE_WORDS) + r")(?:\s+|$)", re.IGNORECASE
)


_INITIALS_RE = re.compile(r"^(?:[A-Za-z][a-z]?\.)+(?:[A-Z][a-z]?)?$")


def _is_initials(tok: str) -> bool:
    """ "I.V." or "A.Ia.": every form has a dot, and most tokens have none."""
    return "." in tok and _INITIALS_RE.match(tok) is not None


# Patterns scanned over whole texts begin with a character class and test the
# character before it afterwards: a leading lookbehind stops the regex engine
# from skipping ahead to candidate positions.
_LETTER_SPACED_RE = re.compile(r"[A-Z](?<![A-Za-z][A-Z]) (?:[A-Z] )+[A-Z](?![A-Za-z])")


def _cap_token(tok: str) -> str:
    if _is_initials(tok):
        return ".".join(p[:1].upper() + p[1:].lower() for p in tok.split(".") if p) + "."
    if tok.isupper() and len(tok) > 1:
        core = tok.strip("().,;:")
        if core in ACRONYMS or core.split("(")[0] in ACRONYMS:
            return tok  # "USSR", "VKP(b)"
        known = MIXED_CASE.get(core.lower())
        if known:
            return tok.replace(core, known)
        if core.startswith("MC") and len(core) > 3:
            return tok.replace(core, "Mc" + core[2] + core[3:].lower())
        return "-".join(p[:1] + p[1:].lower() for p in tok.split("-"))
    return tok


def _cap_tokens(toks: list[str]) -> list[str]:
    """The tokens of a name brought to ordinary case, as the authority file writes names:
    particles of a body in lower case ("Council of Ministers of the USSR") and the later
    syllables of a hyphenated Korean or Chinese given name too ("KIM TU-BONG" -> "Kim Tu-bong",
    "CHIANG KAI-SHEK" -> "Chiang Kai-shek")."""
    out = [_cap_token(t) for t in toks]
    east_asian = len(out) > 1 and out[0].lower() in EAST_ASIAN_FAMILY
    for k in range(1, len(out)):
        if not toks[k].isupper():
            continue
        if toks[k].lower() in NAME_PARTICLES and len(out) > 2:
            out[k] = toks[k].lower()
        elif east_asian and "-" in out[k]:
            first, _sep, rest = out[k].partition("-")
            out[k] = f"{first}-{rest.lower()}"
    return out


def _close_letter_spacing(s: str) -> str:
    return _LETTER_SPACED_RE.sub(lambda m: m.group(0).replace(" ", ""), s)


# The editor's completion of a word the original cut short, glued to it: "Com[rade]",
# "Sadov[in]". It is no identification of anyone (see `clean_name`).
_IN_WORD_RE = re.compile(r"(?<=[A-Za-z])\[([a-z'’\-]{1,12})\]")
_TITLE_SET = frozenset(t.rstrip(".") for t in TITLE_WORDS if " " not in t)


def _completions(raw: str) -> str:
    """A title the editor completed is the title ("Com[rade]" is "Comrade", stripped as any
    title); a name the editor completed is the name the text writes ("Sadov[in]" is "Sadov":
    the completion is the editor's reading, kept in ``as_written``, not the text's name)."""

    def one(m: re.Match) -> str:
        start = m.start()
        while start > 0 and raw[start - 1].isalpha():
            start -= 1
        if (raw[start : m.start()] + m.group(1)).lower() in _TITLE_SET:
            return m.group(1)
        return ""

    return _IN_WORD_RE.sub(one, raw)


def _completed_given_name(raw: str, editorial: str) -> str:
    """ "Chai [Junwu]", "Premier Kim [Il Sung]": an East Asian family name written alone and
    the editor's given name after it make one name, not a name and an identification.  An
    identification names someone whole and so begins with a family name of its own
    ("Ding [Ho Chi Minh]"); a completion does not.  Returns the joined name, or ""."""
    m = re.match(r"^(?:.*\s)?([A-Z][a-z]+)\s*\[([^\[\]]+)\]\s*[:,.]?$", raw)
    if not m or m.group(1).lower() not in EAST_ASIAN_FAMILY:
        return ""
    given = editorial.split()
    if not 1 <= len(given) <= 2 or given[0].lower() in EAST_ASIAN_FAMILY:
        return ""
    if not all(re.fullmatch(r"[A-Z][a-z'’\-]+", g) for g in given):
        return ""
    return raw[: m.start(1)] + m.group(1) + " " + " ".join(given)


def clean_name(as_written: str) -> Name:
    """Turn a name as it stands in the text into a :class:`Name`."""
    raw = as_written.strip()
    editorial = ""
    work = _completions(raw) if "[" in raw else raw
    m = _EDITORIAL_RE.search(work)
    if m:
        editorial = " ".join(_cap_tokens(m.group(1).split()))
        joined = _completed_given_name(work, editorial)
        if joined:
            # The reading the convention records, brackets dropped: "Chai Junwu".
            raw = work = joined
            editorial = ""
    # Editorial brackets go to `editorial`; an unpaired bracket is no part of a name.
    s = _EDITORIAL_RE.sub(" ", work).replace("[", " ").replace("]", " ")
    s = s.strip(" \t\"'“”«»„,;:")
    s = _close_letter_spacing(s)
    s = _SPACES_RE.sub(" ", s)
    if s.lower() in NON_PARTY:
        return Name(as_written=raw, name=s, editorial=editorial, is_person=False)
    for _ in range(6):
        t = _TITLE_RE.sub("", s)
        if t == s or t.split(" ", 1)[0].lower().strip(".,") in NOT_AFTER_TITLE:
            break  # "General Staff" is a body, not General Staff the man
        s = t
    s = s.rstrip(" ,;:")
    if s.endswith(".") and not _is_initials(s.split(" ")[-1]):
        s = s[:-1]
    toks = _cap_tokens(s.split())
    # "STALIN I.V." -> "I.V. Stalin": the same display order as "A.Ia. Vyshinsky".
    if len(toks) >= 2 and _is_initials(toks[-1]) and not _is_initials(toks[0]):
        k = len(toks) - 1
        while k > 0 and _is_initials(toks[k - 1]):
            k -= 1
        if k == 1:
            toks = toks[1:] + toks[:1]
    name = " ".join(toks)
    if not name and editorial:
        name = editorial  # "[Stalin]" alone: only the editor names the person
    is_person = name.lower() not in NON_PARTY and bool(name)
    return Name(as_written=raw, name=name, editorial=editorial, is_person=is_person)


def surname(name: Name | str) -> str:
    """The part of a name an archivist puts in a title ("Vyshinsky", "Kim Il Sung")."""
    s = name.name if isinstance(name, Name) else name
    toks = [t for t in s.split() if not _is_initials(t)]
    if not toks:
        return s
    if len(toks) == 1 or toks[0].lower() in EAST_ASIAN_FAMILY or s.lower() in COVER_NAMES:
        return " ".join(toks)
    if any(ch.isdigit() for ch in s) or any(t[:1].islower() for t in toks):
        return " ".join(toks)  # bodies and designations: "Correspondent 20"
    return toks[-1]
