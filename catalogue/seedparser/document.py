"""The reading of one document, as a series of named steps over a :class:`ParseState`.

``parse`` reads the header (header.py), then the body: the document's type when no heading
names it, a relayed document inside a telegram, the foot of the document's own text, its
signature, the parties, the enclosure, the requests, the date, the recipients and the people
named; it ends with the title and warnings for what it could not find.
"""

from __future__ import annotations

import re

from .address import addressees_by_form, writer_by_form
from .copies import _COPIES_HEAD_RE, _is_headless_column, _read_copies, read_copy_lines
from .dates import (
    _context_year,
    _is_date_line,
    closing_date,
    find_dates,
    handwritten_top_date,
    opening_date,
    registry_head_date,
    signature_block_date,
    yearless_closing_date,
)
from .doctype import type_of_document
from .enclosure import (
    _INTRO_RE,
    _SALUTATION_RE,
    _VIA_RE,
    _closing_place_date,
    _marked_region,
    _paragraph_break_region,
    _patronymics,
    _quoted_region,
    _read_enclosure,
    _signed_quotation,
)
from .header import (
    _OWN_NO_LINE_RE,
    _heading_parties,
    _scan_header,
    _take_marks,
    writer_address_block,
)
from .names import clean_name
from .numbers import numbers_by_form
from .people import _merge_people, _names_in, clerks_in
from .records import Enclosure, Event, Name, ParsedDocument, Recipient, Request
from .requests import _POINT_RE, _blocks, _requests
from .signatures import (
    _find_signature,
    _signature_last,
    co_signed,
    pair_signers,
    signature_name,
)
from .state import ParseState
from .text import _CONTROL_CHARS, _add_ref, _city, _is_city, _lines_with_ends, _split_marks
from .title import compose_title
from .transmission import origin_by_form

# A number the document cites in running text: "in reply to your telegram No. 4/ss".
_REFERENCE_RE = re.compile(
    r"(?i:\b(?:to|your|our|re:?|reference|ref\.|in reply to|in answer to|on|per|"
    r"according to)\s+(?:(?:the|my|your|our)\s+)?(?:ciphered\s+)?"
    r"(?:telegram|cable|letter|note|tel\.)?\s*)(?:No\.?|Nr\.?|#|№)\s*"
    r"([A-Za-z]{0,3}\d[\w\-]*(?:/[\w\-]+)*)"
)
_TELEGRAMS = ("ciphered_telegram", "telegram")


def parse(text: str, *, source_name: str = "") -> ParsedDocument:
    """Parse one document.  Never raises: failures become warnings."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _parse(text)
    except Exception as exc:  # noqa: BLE001 - the importer must always get a document
        return ParsedDocument(
            doc_type="other",
            title=source_name or "Document",
            reference_numbers=[],
            date=None,
            date_inferred=False,
            transmission=[],
            urgency="",
            marks=[],
            place="",
            author=None,
            sender=None,
            recipients=[],
            copies_stated=None,
            enclosure=None,
            requests=[],
            people_mentioned=[],
            references=[],
            text=text,
            body=text,
            warnings=[f"parser error: {type(exc).__name__}: {exc}"],
        )


def _parse(text: str) -> ParsedDocument:
    lines, raw_lines = _lines_with_ends(text)
    st = ParseState(lines=lines, context_year=_context_year(lines))
    _check_text(text, st.warnings)
    body_start = _scan_header(st)
    body = "".join(raw_lines[body_start:])
    n = len(lines)
    first_body = next((lines[i].strip() for i in range(body_start, n) if lines[i].strip()), "")
    doc_type = type_of_document(st, body_start, text) or _type_without_heading(
        st, body_start, first_body, text
    )
    region = _relayed_region(lines, body_start, doc_type)
    own_idx = [k for k in range(body_start, n) if not (region and region[0] <= k <= region[1])]
    read_copy_lines(st)
    foot_dates = _read_foot(st, own_idx)
    # Address lines read from the forms are header: no signature is looked for in them.
    addressees_by_form(st, doc_type)
    sig_idx, signature = _own_signature(st, own_idx)
    if sig_idx is not None and _continues_address_block(st.lines, sig_idx):
        st.consumed.discard(sig_idx)
        sig_idx, signature = None, None
    numbers_by_form(st, doc_type)
    own_text = "\n".join(lines[i] for i in own_idx if i not in st.consumed)
    for m in _REFERENCE_RE.finditer(own_text):
        _add_ref(st.cited_numbers, m.group(1))
    _addressee_from_salutation(st, first_body)
    writer_by_form(st)
    writer_address_block(st)
    participants, heading_body, author = _heading_parties(st, doc_type)
    author = _recorded_by(st, body_start, author)
    author, sender = _author_and_sender(st, doc_type, author, signature)
    enclosure = None
    asked = (author, st.addressees[0] if st.addressees else None)
    req_lo, req_hi = body_start, n - 1
    if region:
        enclosure = _read_enclosure(st, region, own_text, doc_type)
        asked = (enclosure.author, enclosure.addressee)
        req_lo, req_hi = region
        if (
            signature is None
            and author is None
            and sender is None
            and not _INTRO_RE.search(own_text)
        ):
            # "Convey to Comrade X the following: '...' PETROV.": nobody signs the cover
            # text, the message's signer sends it.
            author, sender = _author_and_sender(st, doc_type, None, enclosure.author)
    requests = _read_requests(st, req_lo, req_hi, sig_idx, asked)
    date, inferred = _document_date(st, foot_dates, region is None, body_start)
    place = origin_by_form(st, next((p for _, _, p in reversed(foot_dates) if p), ""))
    doc = ParsedDocument(
        doc_type=doc_type,
        title="",
        reference_numbers=st.own_numbers,
        date=date,
        date_inferred=inferred,
        transmission=st.events,
        urgency=st.urgency,
        marks=st.marks,
        place=place,
        author=author,
        sender=sender,
        recipients=_recipients(st),
        copies_stated=st.copies_stated,
        enclosure=enclosure,
        requests=requests,
        people_mentioned=[],
        references=[r for r in st.cited_numbers if r not in st.own_numbers],
        text=text,
        body=body,
        warnings=st.warnings,
        subject=st.subject,
        participants=participants,
        heading_body=heading_body,
    )
    doc.people_mentioned = _people(st, doc, body_start, sig_idx)
    doc.title = compose_title(doc)
    _warn_of_gaps(doc)
    return doc


def _check_text(text: str, warnings: list[str]) -> None:
    """Warn of an empty text and of control characters in it."""
    if not text.strip():
        warnings.append("empty text")
    if any(c in text for c in _CONTROL_CHARS):
        warnings.append("text contains control characters")


def _type_without_heading(st: ParseState, body_start: int, first_body: str, text: str) -> str:
    """The type of a document no heading names: a letter if it opens with a salutation or
    has addressees and a signature but no transmission, a telegram if it has transmission
    lines, else "other" (with a warning)."""
    lines = st.lines
    if _SALUTATION_RE.match(first_body):
        return "letter"
    if st.addressees and not st.events and _signature_last(lines, body_start, len(lines)):
        # An addressee and a signature, no salutation: a note or a telegram's draft may take
        # this form too.
        st.warnings.append("document type letter read from the form of the text, to confirm")
        return "letter"
    if st.events:
        return "telegram"
    if text.strip():
        st.warnings.append("document type not recognised")
    return "other"


def _relayed_region(lines: list[str], body_start: int, doc_type: str) -> tuple[int, int] | None:
    """Regions: the lines of a document relayed in a telegram, apart from its own text; in
    other documents (a decision, a cover note) a quotation signed or introduced by name."""
    if doc_type not in _TELEGRAMS:
        region = _quoted_region(lines, body_start)
        own = "\n".join(lines[body_start : region[0]]) if region else ""
        if _signed_quotation(lines, region, own):
            return region
        # "NEW PARAGRAPH." is a cable's own mark, whatever the heading says.
        return _paragraph_break_region(lines, body_start)
    return (
        _quoted_region(lines, body_start)
        or _marked_region(lines, body_start)
        or _paragraph_break_region(lines, body_start)
    )


def _read_foot(st: ParseState, own_idx: list[int]) -> list[tuple[str, bool, str]]:
    """Foot of the document's own text: copies lists, numbers, dates, marks.

    Returns the dates found there as (ISO date, year inferred, place written before it).
    """
    lines = st.lines
    foot_dates: list[tuple[str, bool, str]] = []
    k = 0
    while k < len(own_idx):
        i = own_idx[k]
        s = lines[i].strip()
        k += 1
        if not s or i in st.consumed:
            continue
        headless = _is_headless_column(lines, i)
        if _COPIES_HEAD_RE.match(s) or headless:
            nxt = _read_copies(st, i, headless=headless)
            while k < len(own_idx) and own_idx[k] < nxt:
                k += 1
            continue
        marks = _split_marks(s)
        if marks:
            _take_marks(marks, st)
            st.consumed.add(i)
            continue
        m = _OWN_NO_LINE_RE.match(s)
        if (
            m
            and (not m.group(2).strip() or _is_date_line(m.group(2), st.context_year))
            and not _POINT_RE.match(s)
        ):
            _add_ref(st.own_numbers, m.group(1))
            hits = [h for h in find_dates(m.group(2), st.context_year, partial=True) if h.iso]
            if hits:
                foot_dates.append((hits[0].iso, hits[0].inferred, ""))
            st.consumed.add(i)
        elif _is_date_line(s, st.context_year) and not _POINT_RE.match(s):
            hits = [h for h in find_dates(s, st.context_year, partial=True) if h.iso]
            if hits and not re.search(r"(?i)declassif", s):
                words = re.sub(r"[\d.,/:]+", " ", s[: hits[0].start]).strip()
                foot_dates.append(
                    (hits[0].iso, hits[0].inferred, _city(words) if _is_city(words) else "")
                )
            st.consumed.add(i)
    return foot_dates


def _own_signature(st: ParseState, own_idx: list[int]) -> tuple[int | None, Name | None]:
    """Signature of the document's own text: the last one outside the enclosure."""
    sig_idx = _find_signature(st.lines, own_idx, st.consumed)
    if sig_idx is None:
        return None, None
    line = st.lines[sig_idx]
    st.consumed.add(sig_idx)
    return sig_idx, co_signed(st.lines, sig_idx, signature_name(line))


# "to Cdes. LEBEDEV" / "SOROKIN": an address block naming several people, one a line.
_TO_COMRADES_RE = re.compile(r"(?i)^to\s+(?:cdes?\.?|comrades?)\s+\S")
_BARE_NAME_LINE_RE = re.compile(r"^(?:[A-Z]\.\s?){0,3}[A-Z][A-Za-z'’\-]+,?$")


def _continues_address_block(lines: list[str], k: int) -> bool:
    """Whether line ``k``, a name alone, is the last of the names under "to Cdes. X" with the
    text going on below it: an addressee, not a signer."""
    above = k - 1
    while above >= 0 and (
        not lines[above].strip() or _BARE_NAME_LINE_RE.match(lines[above].strip())
    ):
        above -= 1
    if above < 0 or not _TO_COMRADES_RE.match(lines[above].strip()):
        return False
    if not _BARE_NAME_LINE_RE.match(lines[k].strip()):
        return False
    below = next((ln.strip() for ln in lines[k + 1 :] if ln.strip()), "")
    return len(below.split()) > 8


def _addressee_from_salutation(st: ParseState, first_body: str) -> None:
    """Addressees of letters and memoranda written without a "To" line."""
    salutation = _SALUTATION_RE.match(first_body) if first_body else None
    if not st.addressees and salutation and not _VIA_RE.match(first_body):
        st.addressees.append(clean_name(salutation.group("who")))


def _recorded_by(st: ParseState, body_start: int, author: Name | None) -> Name | None:
    """The author of a record named by "Recorded by ...", when nothing else named one."""
    for k in range(body_start, len(st.lines)):
        rm = re.match(
            r"(?i)^\s*(?:recorded|written down|compiled|prepared) by:?\s+(.{2,60}?)\.?\s*$",
            st.lines[k],
        )
        if rm and author is None:
            author = clean_name(rm.group(1))
            st.consumed.add(k)
    return author


def _author_and_sender(
    st: ParseState, doc_type: str, author: Name | None, signature: Name | None
) -> tuple[Name | None, Name | None]:
    """(author, sender): a telegram's signer sends it; other documents' signers author them.

    "From Correspondent 20": a designation that neither signs nor authors a telegram stays
    with its sent event.  A memorandum's "From:" names its author, not a transmission.
    """
    sender = None
    if doc_type in _TELEGRAMS:
        sender = signature or st.from_name
        author = author or sender
    else:
        author = author or signature or st.from_name
    if (
        st.from_name
        and doc_type in _TELEGRAMS
        and st.from_name is not sender
        and st.from_name is not author
    ):
        sent = next((e for e in st.events if e.event == "sent"), None)
        if sent and sent.by is None:
            sent.by = st.from_name
        elif sent is None:
            st.events.insert(0, Event("sent", None, None, by=st.from_name))
    return author, sender


def _read_requests(
    st: ParseState,
    lo: int,
    hi: int,
    sig_idx: int | None,
    asked: tuple[Name | None, Name | None],
) -> list[Request]:
    """Requests in lines ``lo``..``hi`` (the enclosure's, if any), skipping read lines."""
    skip = set(st.consumed)
    if sig_idx is not None:
        skip.add(sig_idx)
    return _requests(_blocks(st.lines, lo, hi, skip), *asked)


def _document_date(
    st: ParseState,
    foot_dates: list[tuple[str, bool, str]],
    may_use_closing: bool,
    body_start: int,
) -> tuple[str | None, bool]:
    """Date of the document itself, and whether its year was inferred.

    The last date of the foot, else the best header date, else the first dated event in the
    order sent, received, ...; else, when no relayed document could lend its own, a place
    and date closing the text.
    """
    signed = signature_block_date(st.lines, st.context_year)
    if signed:
        return signed
    date, inferred = None, False
    if foot_dates:
        date, inferred = foot_dates[-1][0], foot_dates[-1][1]
    elif st.header_dates:
        best = min(st.header_dates, key=lambda c: c[0])
        date, inferred = best[1], best[2]
    else:
        for kind in ("sent", "received", "deciphered", "dispatched", "forwarded", "typed"):
            ev = next((e for e in st.events if e.event == kind and e.date), None)
            if ev:
                date, inferred = ev.date, "year inferred" in ev.note
                break
    writer = _writer_date_over_registry(st, date, body_start)
    if writer:
        return writer
    if date is None and may_use_closing:
        lines = st.lines
        _, cdate, cinf = _closing_place_date(lines, body_start, len(lines) - 1, st.context_year)
        if cdate:
            date, inferred = cdate, cinf
    if date is None:
        found = closing_date(st.lines, body_start, st.context_year) or opening_date(
            st.lines, st.context_year
        )
        if found:
            date, inferred = found
    if date is None:
        found = handwritten_top_date(st.lines, st.context_year)
        if found:
            date, inferred = found, False
            st.warnings.append(f"date from a handwritten note at the head of the copy: {date}")
    if date is None:
        yearless = yearless_closing_date(st.lines, body_start)
        if yearless:
            st.warnings.append(f"the closing date gives no year: {yearless!r}; date left empty")
    return date, inferred


def _writer_date_over_registry(
    st: ParseState, date: str | None, body_start: int
) -> tuple[str, bool] | None:
    """The writer's own closing date of a copy that opens with registry numbers over a date:
    the head's date is the registry's entry, the closing one the writer's."""
    head = registry_head_date(st.lines, st.context_year)
    if not head or head != date:
        return None
    closing = closing_date(st.lines, body_start, st.context_year)
    if not closing or closing[1] or len(closing[0]) != 10 or closing[0] == date:
        return None
    st.warnings.append(
        f"two dates: the writer's closing date {closing[0]} read as the document's; the date "
        f"under the registry numbers at the head ({date}) is taken as the registration's"
    )
    return closing


def _recipients(st: ParseState) -> list[Recipient]:
    """Recipients in document order: addressees, then copies and distribution.

    Bodies a telegram was forwarded to are recipients too (after the others, so the
    positions of addressees and copies do not depend on the header's order).
    """
    recipients: list[Recipient] = []
    for nm in st.addressees:
        recipients.append(Recipient(nm, "addressee", 1, len(recipients)))
    for nm, role, copies in st.copy_entries:
        recipients.append(Recipient(nm, role, copies, len(recipients)))
    for ev in st.events:
        if (
            ev.event == "forwarded"
            and ev.by
            and ev.by.name
            and not any(r.role == "forwarded_to" and r.name.name == ev.by.name for r in recipients)
        ):
            recipients.append(Recipient(ev.by, "forwarded_to", 1, len(recipients)))
    return recipients


def _people(
    st: ParseState, doc: ParsedDocument, body_start: int, sig_idx: int | None
) -> list[Name]:
    """People: every party and everyone named in the body, one entry per person.

    A name with patronymic ("Iosif Vissarionovich") addresses the enclosure's or the
    letter's addressee; where there is none, it names someone of its own.
    """
    lines = st.lines
    body_names = _names_in(
        "\n".join(
            lines[i] for i in range(body_start, len(lines)) if i not in st.consumed and i != sig_idx
        )
    )
    header_names = _names_in(st.heading) if st.heading else []
    enclosure: Enclosure | None = doc.enclosure
    enc_people: list[Name | None] = []
    patronymic_owner = None
    if enclosure:
        enc_people = [enclosure.author, enclosure.addressee, *enclosure.also_sent_to]
        patronymic_owner = enclosure.addressee
    elif st.addressees:
        patronymic_owner = st.addressees[0]
    pat_forms = {m.group(0) for m in _patronymics(doc.body)}
    co_signers = pair_signers(lines[sig_idx]) if sig_idx is not None else []
    people = _merge_people(
        [
            doc.sender,
            doc.author,
            *co_signers,
            *doc.participants,
            *header_names,
            *st.addressees,
            *[c[0] for c in st.copy_entries],
            *[e.by for e in st.events],
            *clerks_in(doc.text),
            *enc_people,
            *[nm for nm in body_names if nm.name not in pat_forms],
        ]
    )
    if pat_forms and patronymic_owner is None:
        people = _merge_people([*people, *[clean_name(p) for p in sorted(pat_forms)]])
    return people


def _warn_of_gaps(doc: ParsedDocument) -> None:
    """Warn of each part a non-empty document should have and this one lacks."""
    if not doc.text.strip():
        return
    warnings = doc.warnings
    if doc.date is None:
        warnings.append("no date found")
    if doc.doc_type in _TELEGRAMS and doc.sender is None:
        warnings.append("no sender found")
    if doc.author is None and doc.doc_type not in ("record_of_conversation",):
        warnings.append("no author found")
    if not doc.recipients and doc.doc_type not in ("record_of_conversation", "decision"):
        warnings.append("no addressee found")
    if not doc.place:
        warnings.append("no place of origin found")
    if not doc.body.strip():
        warnings.append("no text after the header")
    if doc.doc_type in _TELEGRAMS and not doc.reference_numbers:
        warnings.append("no reference number found")
