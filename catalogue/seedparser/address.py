"""Addressees named by the forms of real documents, when no "To" line of the header named one.

The forms, each general to the genre:

* a destination line "City. To Comrade X." / "City. Soviet Ambassador." or a block "CITY" /
  "SOVIET AMBASSADOR": the city is where the message goes (never its origin), the rest names
  the addressee, an office kept as written;
* "for Comrade X" opening a message to be handed over; "Transmit/Convey/Pass to Comrade X the
  following", "Visit Cde. X and ...": X is the final addressee;
* a salutation that names the addressee: "Comrade Filippov:", "Ambassador Ni [Zhiliang]:",
  "Chairman [Mao Zedong]:", "Wu [Xiuquan] [and] Qiao [Guanhua]:", "Comrade Stalin!";
* address lines "to Cde. X", "to Generalissimo X,", "CC CPSU", "TO THE CPSU CENTRAL
  Committee";
* an editor's header "A.B. SENDER to C.D. ADDRESSEE ...".

An editor's bracket after a name either completes it ("Ni [Zhiliang]": a short surname whose
given name the editor adds; "Chairman [Mao Zedong]": a title whose holder the editor names) and
is joined into the name, or identifies a cover name ("Filippov [Stalin]") and stays editorial.
"""

from __future__ import annotations

import re

from .names import clean_name
from .records import Name
from .state import ParseState
from .text import _is_city

_TOP_LINES = 10
_TITLES = (
    r"comrades?|com\.?|cdes?\.?|chairman|premier|ambassador|marshal|generalissimo|general|"
    r"president|minister|mr\.?|mister"
)
_TITLE_ONLY_RE = re.compile(rf"(?i)^(?:the\s+)?(?:{_TITLES})$")
# "Com[rade]", "c[omrade]": an editor's completion inside a word.
_INWORD_BRACKET_RE = re.compile(r"(?<=[A-Za-z])\[([a-z]+)\]|\[([a-z]+)\](?=[a-z])")
_FOOTNOTE_RE = re.compile(r"\[\d+\]")

_DESTINATION_RE = re.compile(r"^([A-Z][A-Za-z\-]+)[.,]?\s+(?:-\s+)?(?:(?i:to)\s+)?(.{3,60}?)\.?$")
_OFFICE_RE = re.compile(r"(?i)^(?:the\s+)?(?:soviet|ussr|our)\s+(?:ambassador|representative)\b")
_FOR_RE = re.compile(r"(?i)^for\s+((?:comrade|cde\.?)\s+.{2,60}?)\.?$")
_RELAY_RE = re.compile(
    r"(?i)^(?:\d+\w?\.\s*)?(?:transmit|convey|pass|hand)\s+to\s+(.{2,50}?)\s+the\s+following\b"
    # "Visit X and pass him the following reply": the message handed over is addressed to X.
    # "Visit X and inform him of the contents of our talks" briefs the envoy, who is the
    # telegram's addressee; X is only mentioned.
    r"|^(?:\d+\w?\.\s*)?(?:visit|call on|meet(?: with)?)\s+(.{2,50}?)\s+and\s+"
    r"(?:inform|tell|pass|hand|advise|give)\s+(?:(?:him|her|them)\s+)?(?:of\s+|with\s+)?"
    r"the\s+following\b"
)
_COURTESY_RE = re.compile(r"(?i)^[\"“«„]*\s*(?:deeply\s+|highly\s+)?(?:dear|respected|esteemed)\b")
_SENT_TO_RE = re.compile(r"(?i)^sent\s+to:?\s+(.{3,200}?)\.?$")
_UNIT_RE = re.compile(r"(?i)\b(?:unit|department|section|sector)\b")
_SALUTATION_RE = re.compile(r"^(?:\[to\]\s*)?(.{2,140}?)\s*[:!,]\s*(?:\[\d+\])?\s*$")
_TO_PERSON_RE = re.compile(
    r"^(?:\[to\]\s*)?(?i:to)\s+((?:(?i:cde\.?|comrade|generalissimo|mr\.?|marshal)\s+)?"
    r"(?:[A-Z]\.\s?)*[A-Z][\w’'\-]+(?:\s+[A-Z][\w’'\-]+){0,3}(?:,\s*(?:[A-Z]\.){1,3})?)[,.]?\s*$"
)
_BODY_RE = re.compile(
    r"^(?i:to\s+(?:the\s+)?)?((?:CC\s+[A-Z(][\w()]+)|(?:(?:CPSU|VKP\(b\)|CPC|CCP)\s+CC)|"
    r"(?:(?:[A-Z][\w()]*\s+)?(?i:central\s+committee)(?:\s+(?i:of\s+the)\s+[A-Z]\w+)?))\s*$"
)
_HEADER_LINE_RE = re.compile(
    r"^(?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+\s+to\s+((?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+)"
)


def addressees_by_form(st: ParseState, doc_type: str) -> None:
    """Fill ``st.addressees`` from the forms above when the header named nobody."""
    if doc_type in ("decision", "record_of_conversation"):
        return
    if st.addressees:
        _split_via(st)
        return
    # Copies lines flattened from columns ("Copy Nº 1 to X |") are no address.
    top = [
        s
        for s in (ln.strip() for ln in st.lines)
        if s and "|" not in s and not re.match(r"(?i)^copy\b", s)
    ][:_TOP_LINES]
    for k, s in enumerate(top):
        if _COURTESY_RE.match(s):
            return  # "Dear Comrade X!": the letter's own salutation, read by its own step
        if _SENT_TO_RE.match(s) and _distribution_before_address(st, s, top[k + 1 :]):
            continue
        found = _read_line(s, top[k + 1] if k + 1 < len(top) else "")
        if found:
            _consume(st, top[k : k + 2] if _is_city(s) else top[k : k + 1])
            via = None
            if isinstance(found, tuple):
                via, found = found
                st.copy_entries.append((via, "via", 1))
            st.addressees.extend(n for n in found if n.name)
            if via is None and len(st.addressees) == 1:
                _split_via(st)
                if (
                    len(st.addressees) != 1
                    or st.copy_entries[:1]
                    and (st.copy_entries[0][1] == "via")
                ):
                    return
            if via is not None:
                # "To X for Y" / "or Z" on the next line: another possible final addressee.
                for more in top[k + 1 : k + 3]:
                    om = re.match(r"(?i)^(?:or|for)\s+(.{2,60}?)\.?$", more)
                    if not om:
                        break
                    st.addressees.append(_name(om.group(1)))
                return
            # A second address line naming a person after a body ("to the CPSU CC" / "to
            # Cde. X") belongs to the same address.
            if k + 1 < len(top):
                nxt = _TO_PERSON_RE.match(top[k + 1]) or _BODY_RE.match(top[k + 1])
                if nxt and not any(_same(a, nxt.group(1)) for a in st.addressees):
                    st.addressees.append(clean_name(nxt.group(1)))
            return


_ADDRESS_LINE_MAX = 120


def _distribution_before_address(st: ParseState, line: str, after: list[str]) -> bool:
    """ "sent to: Cdes. A, B and the 3rd unit" over a cable that has its own address line
    ("MOSCOW, VKP(b) CC, to Cdes. A, B"): the office's list of who received copies, units
    included, not the address. Alone, the same line names the addressees (see _read_line).
    True when the line was read as copies."""
    if not any(
        not _SENT_TO_RE.match(other) and isinstance(_read_line(other, ""), list) for other in after
    ):
        return False
    m = _SENT_TO_RE.match(line)
    for part in _split(m.group(1)):
        if _UNIT_RE.search(part):
            st.copy_entries.append((Name(as_written=part, name=part, is_person=False), "copy", 1))
        else:
            st.copy_entries.append((_name(part), "copy", 1))
    _consume(st, [line])
    return True


def _consume(st: ParseState, read: list[str]) -> None:
    """Mark the first lines equal to ``read`` as header, so that no later step reads an
    address line as a signature or as running text."""
    wanted = list(read)
    for i, line in enumerate(st.lines):
        if not wanted:
            return
        if line.strip() == wanted[0]:
            # A line that runs on into the text (a whole letter written on one line) is the
            # document itself: its signer is still to be read from its end.
            if len(wanted[0]) <= _ADDRESS_LINE_MAX:
                st.consumed.add(i)
            wanted.pop(0)


def _same(a: Name, written: str) -> bool:
    """The same addressee written twice ("A.I. MIKOYAN" in a header, "To Mikoyan." below)."""
    last = re.sub(r"[^\w\s]", " ", written).split()[-1:] or [""]
    return a.as_written == written or a.name.split()[-1:] == [last[0].capitalize()]


def _split_via(st: ParseState) -> None:
    """ "To X for Y" read by the header as one addressee, or with "for Y" / "or Z" on the next
    lines: X is the intermediary who hands the message over, Y (and Z) the addressees."""
    if len(st.addressees) != 1:
        return
    first = st.addressees[0]
    m = re.match(r"^(.+?)\s+for\s+(.+)$", first.as_written)
    if m:
        via, targets = _name(m.group(1)), [_name(m.group(2))]
    else:
        via, targets = first, []
    top = [s for s in (ln.strip() for ln in st.lines) if s][:_TOP_LINES]
    k = next((i for i, s in enumerate(top) if first.as_written.split(" for ")[0] in s), None)
    if k is not None:
        for more in top[k + 1 : k + 3]:
            om = re.match(r"(?i)^(?:or|for)\s+(.{2,60}?)\.?$", more)
            if not om:
                break
            targets.append(_name(om.group(1)))
    if targets:
        st.addressees[:] = targets
        st.copy_entries.insert(0, (via, "via", 1))


# A text that opens with its date and addressee on one line, the body following on it:
# "12 May 1951 To Comrade X We agree ...". The name ends where the sentence begins.
_DATED_ADDRESS_RE = re.compile(
    r"^\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}\s+To\s+(?:Comrade|Cde\.?)\s+"
    r"((?:[A-Z][\w’'\-]+\s+){0,3}?[A-Z][\w’'\-]+)(?=\s+(?:Your|We|I|The|Our|In|On|This|It|"
    r"Having|According|As)\b)"
)


def _read_line(s: str, nxt: str) -> list[Name] | tuple[Name, list[Name]] | None:
    s = _INWORD_BRACKET_RE.sub(lambda m: m.group(1) or m.group(2), s)
    m = _DATED_ADDRESS_RE.match(s)
    if m:
        return [_name(m.group(1))]
    m = _SENT_TO_RE.match(s)
    if m:
        return [_name(p) for p in _split(m.group(1)) if not _UNIT_RE.search(p)]
    m = _DESTINATION_RE.match(s)
    # A known city, or any place word when "To" follows it: "Minsk. To Comrade X.".
    to_follows = bool(re.match(r"^[A-Z][A-Za-z\-]+[.,]?\s+(?:-\s+)?To\s", s))
    if (
        m
        and (_is_city(m.group(1)) or to_follows)
        and not _TITLE_ONLY_RE.match(m.group(1))
        and not _is_city(m.group(2))
    ):
        rest = re.sub(r"^(?:[A-Z][\w()]*\s+CC,\s*)", "", m.group(2))
        vm = re.match(r"^(?i:to\s+)?(.+?)\s+for\s+(.+)$", rest)
        if vm:
            return _name(vm.group(1)), [_name(vm.group(2))]
        rest = re.sub(r"(?i)^to\s+", "", rest)
        return [_name(p) for p in _split(rest)]
    if _OFFICE_RE.match(s) and len(s.split()) <= 4:
        return [Name(as_written=s, name=s.title(), is_person=False)]
    m = re.match(r"^(?i:to)\s+(.+?)\s+for\s+(.+)$", s)
    if m and len(s.split()) <= 10:
        return _name(m.group(1)), [_name(m.group(2))]
    m = _FOR_RE.match(s) or _RELAY_RE.match(s)
    if m:
        return [_name(m.group(m.lastindex or 1))]
    m = _HEADER_LINE_RE.match(s)
    if m:
        return [_name(m.group(1))]
    m = _TO_PERSON_RE.match(s)
    if m and not re.match(r"(?i)^to\s+(?:the|be)\b", s):
        return [_name(m.group(1))]
    m = _BODY_RE.match(s)
    if m:
        return [Name(as_written=m.group(1), name=m.group(1), is_person=False)]
    m = _SALUTATION_RE.match(s)
    if (
        m
        and _names_only(m.group(1))
        and not _UNIT_RE.search(s)
        and not re.search(r"(?i)\b(?:division|administration|directorate|staff|copies)\b", s)
        and (not s.endswith(",") or re.search(rf"(?i)\[|\b(?:{_TITLES})\b", s))
        and (len(m.group(1).split()) >= 2 or "[" in s)
    ):
        return [_name(p) for p in _split(m.group(1))]
    return None


def _names_only(s: str) -> bool:
    words = re.sub(r"\[[^\]]*\]", " ", s).replace(",", " ").split()
    small = {"and", "the", "of"}
    return 0 < len(words) <= 12 and all(w[0].isupper() or w in small for w in words)


def _split(s: str) -> list[str]:
    s = re.sub(r"^(?i:to\s+)", "", s)
    s = re.sub(r"(?i)^(?:cdes?\.?|comrades)\s+", "", s)
    s = re.sub(r"\[[^\]]*:\]\s*", "", s)  # "[entered by hand:]"
    parts = re.split(r"\s*,\s*(?:and\s+)?|\s+(?:\[and\]|and)\s+", s)
    return [p for p in parts if p.strip()]


def _name(part: str) -> Name:
    """A name with an editor's completing bracket joined into it."""
    part = _FOOTNOTE_RE.sub("", part).strip(" .,:;!")
    part = re.sub(r"(?i)^the\s+", "", part)
    m = re.match(r"^(.*?)\s*\[([^\]]+)\]\s*(.*)$", part)
    if m:
        before, inside, after = m.group(1).strip(), m.group(2).strip(), m.group(3).strip()
        # "Ambassador Li [Wenming]": the title goes, the short surname stays.
        words = [w for w in before.split() if not _TITLE_ONLY_RE.match(w)]
        if words and len(words) < len(before.split()):
            before = " ".join(words)
        if not words or _TITLE_ONLY_RE.match(before) or (len(words) == 1 and len(words[0]) <= 4):
            # "Chairman [Mao Zedong]", "[Liu] Shaoqi", "Ni [Zhiliang]": the bracket completes.
            tail = before if not _TITLE_ONLY_RE.match(before) else ""
            joined = " ".join(w for w in (tail, inside, after) if w)
            name = clean_name(joined)
            # Written as the convention records it, the editor's brackets dropped.
            written = " ".join(part.replace("[", " ").replace("]", " ").split())
            return Name(as_written=written, name=name.name, editorial="", is_person=name.is_person)
    if re.search(r"(?i)\bcentral committee\b", part):
        return Name(as_written=part, name=part, is_person=False)
    return clean_name(part)


# An editor's header naming both sides: "I.V. STALIN to A.I. MIKOYAN 6 February 1949 (50/III)".
_SIDES_LINE_RE = re.compile(
    r"^((?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+)\s+to\s+((?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+)"
)
# A heading naming the writer of notes: "Notes of G. Dimitrov on a Phone Call from Stalin".
_NOTES_OF_RE = re.compile(r"(?i)^(?:\[[^\]]*\]\s*)?notes?\s+of\s+(.{2,40}?)\s+on\s+(?:a|the)\b")
# An editor's introduction to an excerpt: "[... by A and B in CITY to C and D, sent on ...]".
_INTRO_SIDES_RE = re.compile(
    r"(?i)^\[.*?\b(?:excerpt|extract)\b.*?\bby\s+(.+?)(?:\s+(?:in|from)\s+[A-Z][a-z]+)?"
    r"\s+to\s+(.+?)(?:,|\s+(?:sent|on|dated|at)\b|\])"
)


def writer_by_form(st: ParseState) -> None:
    """The writer an editor's header names, kept as a "From" name for the steps that decide
    between author and sender; the addressee such a header names when nothing else did."""
    if st.from_name is not None:
        return
    top = [s for s in (ln.strip() for ln in st.lines) if s][:4]
    for s in top:
        m = _SIDES_LINE_RE.match(s)
        if m:
            st.from_name = clean_name(m.group(1))
            return
        m = _NOTES_OF_RE.match(s)
        if m:
            st.from_name = clean_name(m.group(1))
            return
    m = _INTRO_SIDES_RE.match(top[0]) if top else None
    if m:
        writers = [clean_name(p) for p in _split(m.group(1))]
        if writers:
            # Two writers: the pair as written, the first one's name.
            st.from_name = Name(
                as_written=m.group(1).strip(),
                name=writers[0].name,
                editorial=writers[0].editorial,
                is_person=writers[0].is_person,
            )
        if not st.addressees:
            st.addressees.extend(clean_name(p) for p in _split(m.group(2)))
