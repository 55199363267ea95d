"""The state one reading of a document shares between its steps."""

from __future__ import annotations

from dataclasses import dataclass, field

from .records import Event, Name


@dataclass
class ParseState:
    """What the reading of one document has found so far, shared by its steps.

    Two kinds of number are kept apart: ``own_numbers`` are the document's own reference
    numbers ("No. 502597" in its heading or foot), ``cited_numbers`` those of other documents it
    refers to ("to your No. 4/ss").  ``consumed`` holds the indexes of lines that a step has
    read as header or foot, so that later steps do not read them again as running text.
    """

    lines: list[str]
    context_year: int | None
    warnings: list[str] = field(default_factory=list)
    doc_type: str = ""
    heading: str = ""
    own_numbers: list[str] = field(default_factory=list)
    cited_numbers: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    urgency: str = ""
    events: list[Event] = field(default_factory=list)
    # The name on a "From" line, before it is known whether it is author, sender or neither.
    from_name: Name | None = None
    origin_place: str = ""
    # A city on a "To" line: where the telegram was received.
    destination_place: str = ""
    addressees: list[Name] = field(default_factory=list)
    # (name, role, number of copies) of each entry of a copies or distribution list.
    copy_entries: list[tuple[Name, str, int]] = field(default_factory=list)
    copies_stated: int | None = None
    # (rank, ISO date, year inferred) read in the header; the lowest rank wins:
    # 0 a "Date:" field, 1 the heading, 2 a date line or number line.
    header_dates: list[tuple[int, str, bool]] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)
    subject: str = ""
