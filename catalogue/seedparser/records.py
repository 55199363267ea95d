"""What the parser hands back: plain dataclasses and the closed sets of values they use.

``parse`` returns a :class:`ParsedDocument`; ``to_dict`` turns it into plain dicts and lists
(the form the snapshots and the importer's provenance keep).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

DOC_TYPES = (
    "ciphered_telegram",
    "telegram",
    "letter",
    "memorandum",
    "report",
    "record_of_conversation",
    "decision",
    "note",
    "directive",
    "telephone_message",
    "other",
)


EVENTS = ("sent", "received", "forwarded", "deciphered", "typed", "dispatched")


ROLES = ("addressee", "copy", "forwarded_to", "via", "distribution")


CATEGORIES = (
    "air_defence",
    "air_operations",
    "ground_operations",
    "armistice",
    "materiel",
    "military_advisers",
    "economic_aid",
    "personnel",
    "diplomatic",
    "other",
)


@dataclass
class Name:
    as_written: str
    name: str
    editorial: str = ""
    is_person: bool = True


@dataclass
class Event:
    event: str
    date: str | None
    time: str | None
    by: Name | None = None
    place: str = ""
    note: str = ""


@dataclass
class Recipient:
    name: Name
    role: str
    copies: int = 1
    position: int = 0


@dataclass
class Quantity:
    amount: int
    unit: str
    note: str = ""


@dataclass
class Request:
    number: str | None
    summary: str
    text: str
    category: str
    quantities: list[Quantity] = field(default_factory=list)
    asked_by: Name | None = None
    asked_of: Name | None = None
    # Additive: ISO dates of earlier notes/applications the request cites.
    dates_cited: list[str] = field(default_factory=list)


@dataclass
class Enclosure:
    doc_type: str
    author: Name | None
    addressee: Name | None
    date: str | None
    place: str
    via: Name | None = None
    also_sent_to: list[Name] = field(default_factory=list)
    # Additive: the forms in which the enclosure addresses its addressee
    # ("Dear Comrade STALIN I.V.", "Josef Visarrionovich").
    addressed_as: list[str] = field(default_factory=list)


@dataclass
class ParsedDocument:
    doc_type: str
    title: str
    reference_numbers: list[str]
    date: str | None
    date_inferred: bool
    transmission: list[Event]
    urgency: str
    marks: list[str]
    place: str
    author: Name | None
    sender: Name | None
    recipients: list[Recipient]
    copies_stated: int | None
    enclosure: Enclosure | None
    requests: list[Request]
    people_mentioned: list[Name]
    references: list[str]
    text: str
    body: str
    warnings: list[str]
    # Additive: a "Subject:" line of a memorandum or letter.
    subject: str = ""
    # Additive: the sides of a record of conversation, and the body a decision's heading names
    # ("Decision of the Politburo of the CC"), as compose_title uses them.
    participants: list[Name] = field(default_factory=list)
    heading_body: str = ""


def to_dict(doc: ParsedDocument) -> dict:
    return dataclasses.asdict(doc)
