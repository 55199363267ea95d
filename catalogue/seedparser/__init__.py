"""Parse the plain-text seeds of the catalogue into plain data.

Pure module: standard library only, no Django.  ``parse`` takes any ``str``
and never raises; whatever it cannot read is reported in ``warnings``
instead of being guessed.

Conventions the importer can rely on:

* Names stay as written in ``Name.as_written``; ``Name.name`` is a display
  form (titles stripped, letter-spacing closed, capitals normalised,
  "STALIN I.V." shown as "I.V. Stalin").  Cover names are never replaced:
  ``COVER_NAMES`` is offered for resolution.  Square-bracketed editorial
  insertions go to ``Name.editorial``; a bracket standing alone
  ("[Pak Hon Yong]") gives a ``Name`` whose ``name`` and ``editorial`` are the
  editor's text, while ``as_written`` keeps the brackets.
* A "Copies:" list gives role ``copy``; a "Distribution (list)" or a bare
  numbered column ("1 - Stalin") gives role ``distribution``.  Entries such as
  "File" or "to file" have ``is_person`` False.  Bodies named by "Sent to" /
  "Forwarded to" are ``forwarded`` events and also recipients with role
  ``forwarded_to``, placed after the addressees and copies.
* ``people_mentioned`` merges mentions by surname only when initials agree.
* A header "From <designation>" that is not the signer ("Correspondent 20")
  is kept as ``by`` of the ``sent`` event.  Dates without a year take the
  year of the document and say so in the event's ``note``.
* ``requests`` holds numbered points (for decisions, the points decided) and
  unnumbered asks; quantities are read only from the request's own text.
* Three fields were added to the agreed API, all with defaults:
  ``Request.dates_cited`` (ISO dates of the notes a request cites),
  ``Enclosure.addressed_as`` (salutations and name-and-patronymic forms) and
  ``ParsedDocument.subject`` (a "Subject:" line).
"""

from __future__ import annotations

import re

from .copies import _COPIES_HEAD_RE as _COPIES_HEAD_RE
from .copies import _is_headless_column as _is_headless_column
from .copies import _read_copies as _read_copies
from .dates import _context_year as _context_year
from .dates import _is_date_line as _is_date_line
from .dates import find_dates, parse_date, parse_time
from .enclosure import _ALSO_SENT_RE as _ALSO_SENT_RE
from .enclosure import _INTRO_RE as _INTRO_RE
from .enclosure import _SALUTATION_RE as _SALUTATION_RE
from .enclosure import _VIA_RE as _VIA_RE
from .enclosure import _closing_place_date as _closing_place_date
from .enclosure import _doc_type_word as _doc_type_word
from .enclosure import _marked_region as _marked_region
from .enclosure import _patronymics as _patronymics
from .enclosure import _quoted_region as _quoted_region
from .header import _OWN_NO_LINE_RE as _OWN_NO_LINE_RE
from .header import _scan_header as _scan_header
from .header import _take_marks as _take_marks
from .names import clean_name, surname
from .people import _merge_people as _merge_people
from .people import _names_in as _names_in
from .records import (
    CATEGORIES,
    DOC_TYPES,
    EVENTS,
    ROLES,
    Enclosure,
    Event,
    Name,
    ParsedDocument,
    Quantity,
    Recipient,
    Request,
    to_dict,
)
from .requests import _POINT_RE as _POINT_RE
from .requests import _blocks as _blocks
from .requests import _requests as _requests
from .signatures import _find_signature as _find_signature
from .signatures import _signature as _signature
from .signatures import _signature_last as _signature_last
from .signatures import _soft_signature as _soft_signature
from .state import ParseState
from .text import _CONTROL_CHARS as _CONTROL_CHARS
from .text import _REFNO_RE as _REFNO_RE
from .text import _add_ref as _add_ref
from .text import _city as _city
from .text import _is_city as _is_city
from .text import _lines_with_ends as _lines_with_ends
from .text import _may_hold as _may_hold
from .text import _split_marks as _split_marks
from .text import _split_names as _split_names
from .title import compose_title
from .vocabulary import COVER_NAMES

__all__ = [
    "CATEGORIES",
    "COVER_NAMES",
    "DOC_TYPES",
    "EVENTS",
    "ROLES",
    "Enclosure",
    "Event",
    "Name",
    "ParsedDocument",
    "Quantity",
    "Recipient",
    "Request",
    "clean_name",
    "find_dates",
    "parse",
    "parse_date",
    "parse_time",
    "surname",
    "to_dict",
]


# ---------------------------------------------------------------------------
# Dates and times
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Vocabulary of the genre
# ---------------------------------------------------------------------------

_REFERENCE_RE = re.compile(
    r"(?i:\b(?:to|your|our|re:?|reference|ref\.|in reply to|in answer to|on|per|"
    r"according to)\s+(?:(?:the|my|your|our)\s+)?(?:ciphered\s+)?"
    r"(?:telegram|cable|letter|note|tel\.)?\s*)(?:No\.?|Nr\.?|#|№)\s*"
    r"([A-Za-z]{0,3}\d[\w\-]*(?:/[\w\-]+)*)"
)


# ---------------------------------------------------------------------------
# Header
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Body: signatures, foot, enclosure
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# People named in running text
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Title
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def parse(text: str, *, source_name: str = "") -> ParsedDocument:
    """Parse one document.  Never raises: failures become warnings."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    try:
        return _parse(text, source_name)
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


def _parse(text: str, source_name: str) -> ParsedDocument:
    lines, raw_lines = _lines_with_ends(text)
    st = ParseState(lines=lines, context_year=_context_year(lines))
    warnings = st.warnings
    if not text.strip():
        warnings.append("empty text")
    if any(c in text for c in _CONTROL_CHARS):
        warnings.append("text contains control characters")

    body_start = _scan_header(st)
    body = "".join(raw_lines[body_start:])
    n = len(lines)

    doc_type = st.doc_type
    first_body = next((lines[i].strip() for i in range(body_start, n) if lines[i].strip()), "")
    if not doc_type:
        if _SALUTATION_RE.match(first_body) or (
            st.addressees and not st.events and _signature_last(lines, body_start, n)
        ):
            doc_type = "letter"
        elif st.events:
            doc_type = "telegram"
        else:
            doc_type = "other"
            if text.strip():
                warnings.append("document type not recognised")

    # Regions: the telegram's own text, and a relayed document quoted in it.
    region = None
    if doc_type in ("ciphered_telegram", "telegram"):
        region = _quoted_region(lines, body_start) or _marked_region(lines, body_start)
    own_idx = [k for k in range(body_start, n) if not (region and region[0] <= k <= region[1])]

    # Foot of the document's own text: copies lists, numbers, dates, marks.
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

    # Signature of the document's own text: the last one outside the enclosure.
    sig_idx = _find_signature(lines, own_idx, st.consumed)
    signature = (
        _signature(lines[sig_idx]) or _soft_signature(lines[sig_idx])
        if sig_idx is not None
        else None
    )
    if sig_idx is not None:
        st.consumed.add(sig_idx)

    own_text = "\n".join(lines[i] for i in own_idx if i not in st.consumed)
    for m in _REFERENCE_RE.finditer(own_text):
        _add_ref(st.cited_numbers, m.group(1))

    # Addressees of letters and memoranda written without a "To" line.
    salutation = _SALUTATION_RE.match(first_body) if first_body else None
    if not st.addressees and salutation and not _VIA_RE.match(first_body):
        st.addressees.append(clean_name(salutation.group("who")))

    # Heading of conversations and decisions.
    participants: list[Name] = []
    heading_body = ""
    author = None
    heading_text = st.heading
    if doc_type == "conversation" and st.heading:
        # "of Comrade X with Y" names both sides; "between X and Y" / "with Y" as written.
        om = re.search(r"(?i)\bconversation\s+(?:of|by)\s+(.+?)\s+with\s+(.+)$", heading_text)
        hm = re.search(r"(?i)\b(?:between|with)\s+(.+)$", heading_text)
        if om or hm:
            both = f"{om.group(1)} and {om.group(2)}" if om else hm.group(1)
            tail = re.split(r"(?i)\s+(?:on|of|dated)\s+(?=\d|[A-Z][a-z]+ \d)", both)[0]
            tail = _REFNO_RE.sub("", tail).strip(" ,.")
            participants = [clean_name(p) for p in _split_names(tail)]
            participants = [p for p in participants if p.name]
    if doc_type == "decision" and st.heading:
        hm = re.match(
            r"(?i)^(?:decision|resolution|decree|protocol|directive|order)\s+"
            r"(?:No\.?\s*\S+\s+)?of\s+(?:the\s+)?(.+?)(?:\s+(?:No\.?|#)\s*\S+.*|"
            r"\s+of\s+\d.*|\s+dated.*)?$",
            heading_text,
        )
        if not hm:
            # "Extract from protocol No. 87 of the session of the Politburo of the CC"
            hm = re.search(
                r"(?i)\bof\s+(?:the\s+)?(?:session|sitting|meeting)\s+of\s+(?:the\s+)?"
                r"(.+?)(?:\s+(?:of|on|dated)\s+\d.*)?$",
                heading_text,
            )
        if hm:
            heading_body = hm.group(1).strip(" .,")
            author = Name(as_written=heading_body, name=heading_body)
    if doc_type in ("letter", "memorandum", "report") and st.heading:
        hm = re.match(r"(?i)^\w+\s+(?:of|from)\s+(.+?)\s+to\s+(.+?)\.?$", heading_text)
        if hm:
            author = clean_name(hm.group(1))
            if not st.addressees:
                st.addressees.append(clean_name(hm.group(2)))

    for k in range(body_start, n):
        rm = re.match(
            r"(?i)^\s*(?:recorded|written down|compiled|prepared) by:?\s+"
            r"(.{2,60}?)\.?\s*$",
            lines[k],
        )
        if rm and author is None:
            author = clean_name(rm.group(1))
            st.consumed.add(k)
    sender = None
    if doc_type in ("ciphered_telegram", "telegram"):
        sender = signature or st.from_name
        author = author or sender
    else:
        author = author or signature or st.from_name
    # "From Correspondent 20": the designation stays with the sent event.
    # A memorandum's "From:" names its author, not a transmission.
    if (
        st.from_name
        and doc_type in ("ciphered_telegram", "telegram")
        and st.from_name is not sender
        and st.from_name is not author
    ):
        sent = next((e for e in st.events if e.event == "sent"), None)
        if sent and sent.by is None:
            sent.by = st.from_name
        elif sent is None:
            st.events.insert(0, Event("sent", None, None, by=st.from_name))

    # Enclosure.
    enclosure = None
    enc_requests_from = (author, st.addressees[0] if st.addressees else None)
    if region:
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
                if enc_addr is None:
                    enc_addr = clean_name(sm.group("who"))
        enc_text = "\n".join(lines[lo : hi + 1])
        for m in _patronymics(enc_text):
            if m.group(0) not in addressed_as:
                addressed_as.append(m.group(0))
        enc_sig = None
        enc_sig_idx = _find_signature(lines, list(range(lo, hi + 1)), st.consumed)
        if enc_sig_idx is not None:
            enc_sig = _signature(lines[enc_sig_idx]) or _soft_signature(lines[enc_sig_idx])
            st.consumed.add(enc_sig_idx)
        if enc_author is None:
            enc_author = enc_sig
        place, cdate, _inf = _closing_place_date(lines, lo, hi, st.context_year)
        enc_date = enc_date or cdate
        also = []
        am = _ALSO_SENT_RE.search(enc_text) if _may_hold(enc_text, "content") else None
        if am:
            also = [clean_name(p) for p in _split_names(am.group("who"))]
        enclosure = Enclosure(
            doc_type=enc_type,
            author=enc_author,
            addressee=enc_addr,
            date=enc_date,
            place=place,
            via=via,
            also_sent_to=[a for a in also if a.name],
            addressed_as=addressed_as,
        )
        enc_requests_from = (enc_author, enc_addr)
        req_lo, req_hi = lo, hi
    else:
        req_lo, req_hi = body_start, n - 1

    # Requests.
    skip = set(st.consumed)
    if sig_idx is not None:
        skip.add(sig_idx)
    requests = _requests(_blocks(lines, req_lo, req_hi, skip), *enc_requests_from)

    # Date of the document itself.
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
    if date is None and region is None:
        _, cdate, cinf = _closing_place_date(lines, body_start, n - 1, st.context_year)
        if cdate:
            date, inferred = cdate, cinf
    place = st.origin_place
    if not place:
        place = next((p for _, _, p in reversed(foot_dates) if p), "")

    # Recipients in document order.
    recipients: list[Recipient] = []
    for nm in st.addressees:
        recipients.append(Recipient(nm, "addressee", 1, len(recipients)))
    for nm, role, copies in st.copy_entries:
        recipients.append(Recipient(nm, role, copies, len(recipients)))
    # Bodies a telegram was forwarded to are recipients too (after the others, so
    # the positions of addressees and copies do not depend on the header's order).
    for ev in st.events:
        if (
            ev.event == "forwarded"
            and ev.by
            and ev.by.name
            and not any(r.role == "forwarded_to" and r.name.name == ev.by.name for r in recipients)
        ):
            recipients.append(Recipient(ev.by, "forwarded_to", 1, len(recipients)))

    # People.
    body_names = _names_in(
        "\n".join(lines[i] for i in range(body_start, n) if i not in st.consumed and i != sig_idx)
    )
    header_names = _names_in(st.heading) if st.heading else []
    enc_people: list[Name | None] = []
    patronymic_owner = None
    if enclosure:
        enc_people = [enclosure.author, enclosure.addressee, *enclosure.also_sent_to]
        patronymic_owner = enclosure.addressee
    elif st.addressees:
        patronymic_owner = st.addressees[0]
    pat_forms = {m.group(0) for m in _patronymics(body)}
    people = _merge_people(
        [
            sender,
            author,
            *participants,
            *header_names,
            *st.addressees,
            *[c[0] for c in st.copy_entries],
            *[e.by for e in st.events],
            *enc_people,
            *[nm for nm in body_names if nm.name not in pat_forms],
        ]
    )
    if pat_forms and patronymic_owner is None:
        people = _merge_people([*people, *[clean_name(p) for p in sorted(pat_forms)]])

    ordered_refs = st.own_numbers
    references = [r for r in st.cited_numbers if r not in ordered_refs]

    doc = ParsedDocument(
        doc_type=doc_type,
        title="",
        reference_numbers=ordered_refs,
        date=date,
        date_inferred=inferred,
        transmission=st.events,
        urgency=st.urgency,
        marks=st.marks,
        place=place,
        author=author,
        sender=sender,
        recipients=recipients,
        copies_stated=st.copies_stated,
        enclosure=enclosure,
        requests=requests,
        people_mentioned=people,
        references=references,
        text=text,
        body=body,
        warnings=warnings,
        subject=st.subject,
        participants=participants,
        heading_body=heading_body,
    )
    doc.title = compose_title(doc)

    if text.strip():
        if date is None:
            warnings.append("no date found")
        if doc_type in ("ciphered_telegram", "telegram") and sender is None:
            warnings.append("no sender found")
        if author is None and doc_type not in ("conversation",):
            warnings.append("no author found")
        if not recipients and doc_type not in ("conversation", "decision"):
            warnings.append("no addressee found")
        if not place:
            warnings.append("no place of origin found")
        if not body.strip():
            warnings.append("no text after the header")
        if doc_type in ("ciphered_telegram", "telegram") and not ordered_refs:
            warnings.append("no reference number found")
    return doc
