"""The document's type when no heading line at the top names it.

Real documents of the period rarely open with a clean type heading: a cipher office's name
comes first, the type line sits under it or lower down ("CABLE Nº N" after a handwritten
note), a Politburo extract opens with the party's name and its number line, and many texts
carry no type word at all. Two kinds of evidence are kept apart:

* the TEXT names the type: a type line in the first lines, a decipher note, "by cipher", a
  protocol extract, a "Notes of X on a conversation" heading; the type is stored as read;
* only the FORM supports it: an address line "Name:" over a signature and a bare date (the
  Chinese editions' telegrams), an instruction to "visit X and pass him the following", a body
  addressed to a Central Committee and signed "[signature] (Name)" ... the type is stored with
  a warning "document type from its form (...)" that an archivist can confirm.
"""

from __future__ import annotations

import re

from .state import ParseState

# How many non-empty lines at the top may hold a type line below other header lines.
_TOP_LINES = 12

_TYPE_LINE_RES = (
    (
        re.compile(
            r"(?i)^(?:ciphered|cipher|coded|encoded)\s+(?:telegram|cable)\b"
            r"|^(?:deciphered|encoded)\s+telegram\b"
        ),
        "ciphered_telegram",
    ),
    (re.compile(r"(?i)^(?:cable|telegram|radiogram)(?:\s+(?:No\.?|Nº|#|№)\s*\S+)?\b"), "telegram"),
    (re.compile(r"(?i)^(?:telephone message|telephonogram)\b"), "telephone_message"),
    (
        re.compile(
            r"^(?i:(?:excerpt|extract)\s+from\s+(?:the\s+)?(?:protocol|minutes))\b"
            r"|^(?:[\w()]+\s+){0,3}DECREE\b|^(?i:decree\s+of)\b|^(?i:decision\s+of)\s+\d"
        ),
        "decision",
    ),
    (
        re.compile(
            r"(?i)^(?:\[[^\]]*\]\s*)?notes?\s+of\s+.{2,60}?\s+on\s+(?:a|the|his)\s+"
            r"(?:tele)?(?:phone\s+call|phone\s+conversation|conversation|talk|meeting)\b"
        ),
        "record_of_conversation",
    ),
    (re.compile(r"(?i)^directive\b"), "directive"),
)

# A cipher note anywhere in the text: the cable went by cipher.
_CIPHER_MARK_RE = re.compile(
    r"(?i)\bdeciph\w*|\bfor\s+decipher\w*|\bby\s+cipher\b|\bciphered\b"
    r"|(?:No\.?|Nº|№|#)\s*\d[\w\-]*/sh\b"
)

# "Spets. Nº 327": the number of the special (cipher) communications service.
_SPETS_RE = re.compile(r"(?i)^spets\.?\s*(?:No\.?|Nº|№|#)\s*\d")

# The General Staff's cipher offices, whose headings stand over ciphered telegrams.
_CIPHER_OFFICE_RE = re.compile(
    r"(?i)^(?:(?:8th|eighth)\s+(?:department|directorate|administration)"
    r"|second\s+(?:main\s+)?(?:directorate|administration))\b.*\bgeneral\s+staff\b"
)

# A channel heading followed by a line naming the document it carries: "Telephone message
# via VCh" / "Corrected text of a telegram to X".
_CARRIED_KIND_RE = re.compile(r"(?i)\btext of (?:a|the)\s+(telegram|letter|cable)\b")

# An editor's title over a minute on a paper: "[X's] Comments on the Report ...".
_MINUTE_TITLE_RE = re.compile(
    r"(?i)^(?:\[[^\]]+\]\s*)?(?:comments?|instructions?|remarks?|minutes?)\s+"
    r"(?:written\s+)?on\s+(?:a|the)\b"
)

# A cover note: "I attach a draft", "Attached is a draft reply".
_COVER_NOTE_RE = re.compile(
    r"(?i)^(?:I\s+(?:attach|enclose|submit)|attached\s+(?:is|are|herewith)|"
    r"enclosed\s+(?:is|are))\b.{0,40}\bdraft\b"
    r"|^please\s+approve\s+the\s+(?:following|attached|enclosed)\s+(?:text|draft)\b"
)

# The operative formula of a decision: "Approve/Adopt the (attached) draft ...".
_OPERATIVE_RE = re.compile(r"(?i)^(?:to\s+)?(?:approve|adopt)\s+the\s+(?:attached\s+)?draft\b")

# Instructions to an ambassador or representative: sent by telegraph in this genre.
_INSTRUCTION_RE = re.compile(
    r"(?i)^(?:\d+\w?\.\s*)?(?:transmit|convey|pass|hand|visit|call on|meet)\b.{0,60}?"
    r"(?:\bthe\s+following\b|\band\s+(?:inform|tell|pass|hand|advise)\b)"
)
# "Telegraph the results / the fulfillment / your assessment": answer by telegraph.
_TELEGRAPH_RE = re.compile(
    r"(?i)(?:^|[.:]\s+|\b(?:immediately|at once|urgently|and)\s+)telegraph\s+"
    r"(?:(?:the|your|us|back)\b|\w+ion\b|fulfil)"
    r"|^(?:report|reply|answer|inform us|confirm)\b[^.\n]{0,60}\bby telegraph\b",
    re.MULTILINE,
)

# A salutation naming the addressee and ending in a colon: "Comrade Filippov:",
# "Ambassador Ni [Zhiliang]:", "Chairman [Mao], Comrade [Liu] Shaoqi and the Central
# Committee:[1]".
# A comma closes such a line only with an editor's bracket ("Comrade Filippov [Stalin],"): an
# English letter's "Respected Comrade X," is a letter's salutation.
_COLON_SALUTATION_RE = re.compile(
    r"^[^.!?]{2,120}:\s*(?:\[\d+\])?\s*$|^[^.!?,:\[]{2,60}\[[^\]]+\],\s*$"
)
# A letter's salutation: "Comrade Stalin!", "[to] Cde. X!", "Dear ...".
_LETTER_SALUTATION_RE = re.compile(r"^\D[^?]{1,80}!\s*$|(?i:^dear\b)")

# Addressed to a party or state body: "CC CPSU", "TO THE CPSU CENTRAL Committee".
_BODY_ADDRESS_RE = re.compile(
    r"(?i)^(?:to\s+(?:the\s+)?)?(?:CC\s+\w+|\w+\s+CC|(?:the\s+)?(?:\w+\s+)?central\s+committee"
    r"(?:\s+of\s+the\s+\w+)?)\s*$"
)
_SIGNATURE_BRACKET_RE = re.compile(r"(?i)^\[signature\]\s*\(")
_PROPOSES_RE = re.compile(
    r"(?i)\bdraft\b.{0,60}\b(?:is|are)\s+(?:attached|enclosed)\b|\bplease\s+examine\b"
    r"|\bwe\s+consider\s+it\s+(?:possible|necessary|advisable)\b"
)
_REPORTING_RE = re.compile(r"(?i)^I\s+(?:am\s+reporting|report)\b")
_OFFICE_HEADING_RE = re.compile(
    r"(?i)\b(?:division|administration|directorate|department|general\s+staff)\b"
)
_TELEGRAPHIC_DATE_RE = re.compile(r"^\d{1,2}\.\s?[IVX]{1,4}\.\s?\d{2,4}\.?$")
_HEADER_LINE_RE = re.compile(
    r"^(?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+\s+to\s+(?:[A-Z][a-z]?\.\s?){1,3}[A-Z][A-Z'’\-]+\b"
)


_DATED_ADDRESS_RE = re.compile(r"^\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}\s+To\s+(?:Comrade|Cde\.?)\s")


def type_of_document(st: ParseState, body_start: int, text: str) -> str:
    """The type of a document whose first line names none; warns when only the form says."""
    lines = st.lines
    nonblank = [s for s in (ln.strip() for ln in lines) if s]
    top = nonblank[:_TOP_LINES]
    # Cipher notes stand in the header and the closing lines, not in the running text (which
    # may tell of a telegram "deciphered" elsewhere).
    marks_text = "\n".join(top + nonblank[_TOP_LINES:][-_TOP_LINES:])
    found = st.doc_type or _type_line(top) or _editorial_intro_type(top)
    if found:
        kind = found
        if kind == "telephone_message":
            carried = _CARRIED_KIND_RE.search(" ".join(top[:4]))
            if carried:
                kind = "telegram"
        if kind == "telegram" and _CIPHER_MARK_RE.search(marks_text):
            kind = "ciphered_telegram"
        elif kind == "telegram" and any(_SPETS_RE.match(s) for s in nonblank):
            # A long copies list can push the Spets line far below the type line; the line
            # is never running text, so it counts wherever it stands.
            st.warnings.append("document type from its form (a special communications number)")
            kind = "ciphered_telegram"
        return kind
    if any(re.match(r"(?i)^by\s+cipher\b", s) for s in top):
        return "ciphered_telegram"
    if any(_CIPHER_OFFICE_RE.match(s) for s in top[:3]):
        st.warnings.append("document type from its form (a cipher office's heading)")
        return "ciphered_telegram"
    if any(_OPERATIVE_RE.match(s) for s in top):
        return "decision"
    first = _first_body_lines(lines, body_start)
    if any(_MINUTE_TITLE_RE.match(s) for s in top[:2]):
        return "note"
    if any(_COVER_NOTE_RE.match(s) for s in first[:3]):
        # No word of the text names it a note: a covering message asking approval of a
        # draft is a note by its form, and may as well have gone as a telegram.
        st.warnings.append("document type from its form (a covering note submitting a draft)")
        return "note"
    kind = _type_by_form(st, top, first, text)
    if kind in ("", "telegram") and st.events and _CIPHER_MARK_RE.search(marks_text):
        # Sent and received lines with a decipher note: a ciphered telegram the text names.
        return "ciphered_telegram"
    return kind


# An editor's bracket introducing an excerpt names the kind of document it comes from.
_INTRO_RE = re.compile(
    r"(?i)^\[(?:the following is\s+)?(?:an?\s+)?(?:excerpt|extract)\s+(?:of|from)\s+"
    r"(?:an?|the)\s+(telephonogram|telephone message|ciphered telegram|telegram|cable|letter|"
    r"report|memorandum|note)\b"
)
_INTRO_KINDS = {
    "telephonogram": "telephone_message",
    "telephone message": "telephone_message",
    "ciphered telegram": "ciphered_telegram",
    "cable": "telegram",
}


def _editorial_intro_type(top: list[str]) -> str | None:
    m = _INTRO_RE.match(top[0]) if top else None
    if not m:
        return None
    kind = m.group(1).lower()
    return _INTRO_KINDS.get(kind, kind)


def _is_name_salutation(s: str) -> bool:
    """A colon line made of names and titles only, not a sentence that ends in a colon."""
    if s.startswith("[") and not s.lower().startswith("[to]"):
        return False
    words = re.sub(r"\[[^\]]*\]", " ", s).replace(",", " ").replace(":", " ").split()
    small = {"and", "the", "of", "to"}
    return 0 < len(words) <= 12 and all(w[0].isupper() or w in small for w in words)


def _type_line(top: list[str]) -> str | None:
    for s in top:
        for rx, kind in _TYPE_LINE_RES:
            if not rx.match(s) or len(s.split()) > 25:
                continue
            if kind in ("decision", "record_of_conversation") or _looks_like_a_type_line(s):
                return kind
    return None


def _looks_like_a_type_line(s: str) -> bool:
    """A heading line, not a sentence that opens with the word ("Telegram received from X
    says ..."): short, in capitals, or carrying the document's number."""
    return len(s.split()) <= 6 or s.isupper() or bool(re.search(r"(?:No\.?|Nº|№|#)\s*\d", s))


def _first_body_lines(lines: list[str], body_start: int) -> list[str]:
    return [s for s in (ln.strip() for ln in lines[body_start:]) if s][:6]


def _type_by_form(st: ParseState, top: list[str], first: list[str], text: str) -> str:
    """Types that only the form of the text supports, each with a warning."""
    lines = [s for s in (ln.strip() for ln in st.lines) if s]

    def by_form(kind: str, why: str) -> str:
        st.warnings.append(f"document type from its form ({why})")
        return kind

    if any(_REPORTING_RE.match(s) for s in top) and any(
        _OFFICE_HEADING_RE.search(s) for s in top[:3]
    ):
        return by_form("report", "a report under an office's heading")
    body_addressed = any(_BODY_ADDRESS_RE.match(s) for s in top[:8])
    signed_brackets = any(_SIGNATURE_BRACKET_RE.match(s) for s in lines)
    person_addressed = any(
        re.match(
            r"^(?i:to)\s+(?:(?i:cde\.?|comrade|generalissimo|mr\.?|marshal)\s+)?"
            r"(?:[A-Z]\.\s?)*[A-Z][A-Za-z]",
            s,
        )
        and not re.match(r"(?i)^to\s+(?:the|be)\b", s)
        and not _BODY_ADDRESS_RE.match(s)
        for s in top[:8]
    )
    if signed_brackets and not person_addressed and (body_addressed or _PROPOSES_RE.search(text)):
        return by_form("memorandum", "addressed to a body, signed by officials")
    if body_addressed and _PROPOSES_RE.search(text) and not person_addressed:
        return by_form("memorandum", "addressed to a body, proposing a decision")
    if any(_HEADER_LINE_RE.match(s) for s in top[:4]):
        return by_form("telegram", "an editor's header 'X to Y'")
    if any(_INSTRUCTION_RE.match(s) for s in top) or _TELEGRAPH_RE.search(text):
        return by_form("telegram", "instructions to be carried out and reported by telegraph")
    if any(
        re.match(r"(?i)^[\"“«„]*\s*(?:deeply\s+|highly\s+)?(?:dear|respected|esteemed)\b", s)
        for s in first[:2]
    ):
        return ""  # a letter's own salutation: the reading without a heading names it
    if re.match(r"(?i)^for\s+(?:comrade|cde\.?)\s+\S", top[0] if top else ""):
        if _unquoted_for_message(top):
            return by_form("letter", "a signed message 'for Comrade X', not quoted for relay")
        return by_form("telegram", "a message 'for Comrade X' to be handed over")
    salutation = next(
        (
            s
            for s in top[:4]
            if _COLON_SALUTATION_RE.match(s)
            and _is_name_salutation(s)
            and not re.match(r"(?i)^(?:to\s+\S+.*,|\S+:\s*\S)", s)
        ),
        None,
    )
    if salutation and _CHAIRMAN_ALONE_RE.match(salutation):
        return by_form("letter", "an address 'Chairman:' to the leader alone, by title")
    if salutation:
        return by_form("telegram", "an address line 'Name:' over a signature and a date")
    if any(_LETTER_SALUTATION_RE.match(s) for s in top[:4]):
        return by_form("letter", "a salutation and a signature")
    if any(_TELEGRAPHIC_DATE_RE.match(s) for s in lines[-4:]) and re.match(
        r"(?i)^(?:to|from)\b", top[0] if top else ""
    ):
        return by_form("telegram", "a 'To/From X' line over a signature and a dated day")
    if top and _DATED_ADDRESS_RE.match(top[0]):
        return by_form("telegram", "a date and 'To Comrade X' opening the message")
    if (
        len(top) >= 2
        and re.match(r"^(?:No\.?|Nº|№|#)\s*\d+\s*$", top[0])
        and re.search(r"\b\d{1,2}[.:]\d{2}\s*$", top[1])
    ):
        return by_form("telegram", "a numbered message with its time of dispatch")
    if person_addressed and any(_TELEGRAPHIC_TITLE_RE.search(s) for s in top[:3]):
        return by_form("telegram", "an address line with the title cut short, 'Com[rade]'")
    if person_addressed and _CIPHER_NUMBER_RE.search(text):
        return by_form("telegram", "a number of the cipher service, '/sh'")
    if top and _FIRST_POINT_RE.match(top[0]):
        return by_form("telegram", "numbered points '(1)' with no heading, an excerpt")
    if person_addressed and (signed_brackets or _signed(lines) or _signed(top[:6])):
        return by_form("letter", "an address line and a signature")
    if person_addressed:
        return by_form("letter", "addressed to a person, with no telegraphic mark")
    return ""


# "Chairman:", "Chairman [X]:": the leadership's own letters address the leader alone and
# by title; its telegrams add the Central Committee ("Chairman, Comrade X and the Central
# Committee:") or go to a subordinate by name.
_CHAIRMAN_ALONE_RE = re.compile(r"(?i)^chairman\s*(?:\[[^\]]+\]\s*)?:\s*(?:\[\d+\])?\s*$")

# "To Com[rade] X": the title cut short on the wire and completed by the editor.
_TELEGRAPHIC_TITLE_RE = re.compile(r"(?i)\bc(?:om)?\[(?:rade|omrade)\]")

# "Nº 4417/sh": a number given by the cipher service to a cable it handled.
_CIPHER_NUMBER_RE = re.compile(r"(?:No\.?|Nº|№|#)\s*\d[\w\-]*/sh\b")

# "(1) The barges wait ...": an excerpt printed from its first numbered point, with no
# heading, salutation or signature, as Chinese editions print excerpts of telegrams.
_FIRST_POINT_RE = re.compile(r"^\(1\)\s+\S.{80,}")


def _unquoted_for_message(top: list[str]) -> bool:
    """Under "for Comrade X", a message that is not in quotation marks is the document
    itself, handed to X as written; a quoted one is a text an intermediary is to pass on."""
    return len(top) > 1 and not re.match(r"^[\"“«„]", top[1])


def _signed(lines: list[str]) -> bool:
    tail = lines[-8:]
    return any(
        _SIGNATURE_BRACKET_RE.match(s)
        or re.match(r"^(?:[A-Z][a-z]?\.\s?){0,3}[A-Z][A-Za-z'’\-]{2,}\.?$", s)
        for s in tail
    )
