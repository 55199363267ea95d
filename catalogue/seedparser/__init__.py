"""Parse the plain-text seeds of the catalogue into plain data.

Pure package: standard library only, no Django.  ``parse`` takes any ``str``
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

The package reads a document in steps (document.py), one module for each part of it:
header.py, transmission.py, copies.py, signatures.py, enclosure.py, requests.py,
quantities.py, people.py and title.py, over the shared readings of text.py, dates.py and
names.py; records.py holds what it returns and vocabulary.py the words it knows.  This
module only gathers the public names.
"""

from __future__ import annotations

from .dates import find_dates, parse_date, parse_time
from .document import parse
from .names import clean_name, surname
from .people import _merge_people as _merge_people
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
    "compose_title",
    "find_dates",
    "parse",
    "parse_date",
    "parse_time",
    "surname",
    "to_dict",
]
