"""What a new document's text names, read beside the parser: the people and places the
authority files find in it and the citations it makes. These readings need the authorities but
no database, so a first import makes them in its parsing processes, and the writing process,
which every file waits on, only looks their keys up.

The reading is the one the writer made before (`people_mentioned`, `PlaceIndex.link`,
`threads.read_citations`), from the same values: the parsed text, the place of origin as
stored and the date as stored."""

import contextlib
from dataclasses import dataclass

from ..dates import parse_partial_date, stored_partial_date
from ..models import Document
from ..threads import citations_in
from .files import ParsedFile, parse_seed
from .values import after_office_heading, clip


@dataclass
class TextReading:
    """The authority keys a text names and its citations, as `TextReader` reads them."""

    # People-authority keys named after the office heading, first occurrence order.
    people: list[str]
    # (place of origin, [places mentioned]) as places-authority keys (catalogue ids).
    places: tuple
    # `threads.citations_in` of the text at the document's stored date.
    citations: dict


class TextReader:
    """Reads texts against the people authority file and the places the catalogue knows."""

    def __init__(self, people_authority, place_authority):
        self.people = people_authority
        self.places = place_authority
        # The match indexes are built at first use: build them now, so that processes forked
        # from here share them rather than each building its own.
        self.people.find_mentions("")
        self.places.find_mentions("")

    def read(self, item: ParsedFile) -> TextReading:
        parsed = item.parsed
        text = parsed.text or ""
        place = clip(parsed.place, Document, "place")
        origin = self.places.resolve(place) if place else None
        mentioned = {int(key) for key, _as_written in self.places.find_mentions(text)}
        return TextReading(
            people=[key for key, _ in self.people.find_mentions(after_office_heading(parsed))],
            places=((int(origin) if origin else None), sorted(mentioned)),
            citations=citations_in(parsed.text, stored_date(parsed.date)),
        )


def stored_date(value):
    """The date a new document stores for the parsed date VALUE: none when it is not a date
    the catalogue can store (`DocumentValues.partial_date` warns of that)."""
    try:
        parse_partial_date(value)
    except ValueError:
        return None
    return stored_partial_date(value or None)[0]


# The reader of the parsing processes, set only while they are forked (`reader_for_workers`):
# a reader is too large to send with every file, and a process forked at another time must
# not inherit one of another run.
_worker_reader = None


@contextlib.contextmanager
def reader_for_workers(reader):
    """Processes forked inside this block read texts with READER in `parse_and_read`."""
    global _worker_reader
    _worker_reader = reader
    try:
        yield
    finally:
        _worker_reader = None


def parse_and_read(item: ParsedFile) -> ParsedFile:
    """`parse_seed`, then, in a parsing process forked with a reader, the reading of the text
    (without one, the writer reads it when it needs it)."""
    item = parse_seed(item)
    if _worker_reader is not None and item.parsed is not None and not item.error:
        item.reading = _worker_reader.read(item)
    return item
