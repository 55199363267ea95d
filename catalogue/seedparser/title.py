"""The title archivists give a document, composed from its parsed parts."""

from __future__ import annotations

import re
from collections.abc import Callable

from .dates import _human_date
from .names import surname
from .records import Name, ParsedDocument
from .vocabulary import TYPE_LABELS


def _join(names: list[str]) -> str:
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def compose_title(doc: ParsedDocument, short_name: Callable[[Name], str] | None = None) -> str:
    """The title archivists give a document, from its parsed parts: "Ciphered Telegram No.
    502597, Razuvaev to Vasilevsky and Vyshinsky, transmitting a letter from Kim Il Sung to
    Stalin".  SHORT_NAME gives the form of each party's name in the title; by default
    :func:`surname`, which knows only the text.  A caller that has resolved the names (the
    importer, through the authority file) passes its own."""
    short = short_name or surname
    participants = doc.participants
    heading_body = doc.heading_body
    label = TYPE_LABELS.get(doc.doc_type, "Document")
    ref = doc.reference_numbers[0] if doc.reference_numbers else ""
    ref = re.sub(r"(?i)/(?:sh|ss|s)$", "", ref)
    addressees = [short(r.name) for r in doc.recipients if r.role == "addressee"]
    who = doc.sender or doc.author
    if doc.doc_type in ("ciphered_telegram", "telegram"):
        t = label + (f" No. {ref}" if ref else "")
        if who and addressees:
            t += f", {short(who)} to {_join(addressees)}"
        elif who:
            t += f", from {short(who)}"
        elif doc.place and addressees:
            t += f", from {doc.place} to {_join(addressees)}"
        elif addressees:
            t += f", to {_join(addressees)}"
        elif doc.place:
            t += f", from {doc.place}"
        enc = doc.enclosure
        if enc:
            t += f", transmitting a {enc.doc_type if enc.doc_type != 'other' else 'document'}"
            if enc.author:
                t += f" from {short(enc.author)}"
            if enc.addressee:
                t += f" to {short(enc.addressee)}"
        distinguished = bool(ref)
    elif doc.doc_type == "record_of_conversation":
        t = label
        if participants:
            t += " between " + _join([short(p) for p in participants])
        distinguished = False
    elif doc.doc_type == "decision":
        t = label + (f" No. {ref}" if ref else "")
        if heading_body:
            if short_name and doc.author is not None and doc.author.name == heading_body:
                heading_body = short(doc.author)
            t += (
                f" of the {heading_body}"
                if not heading_body.lower().startswith("the ")
                else f" of {heading_body}"
            )
        distinguished = bool(ref)
    else:
        t = label + (f" No. {ref}" if ref else "")
        if doc.author:
            t += f" from {short(doc.author)}"
        if addressees:
            t += f" to {_join(addressees)}"
        distinguished = bool(ref)
    if not distinguished and doc.date:
        t += f", {_human_date(doc.date)}"
    elif t == label:
        t += ", undated"
    return t
