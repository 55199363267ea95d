"""Ways to cite a document: a Chicago-style reference, BibTeX, RIS, CSL-JSON, the Highwire
`citation_*` meta tags that Zotero and Google Scholar read, and schema.org JSON-LD.

Every function takes a document loaded with `Document.objects.for_detail()` and its absolute
permalink (and, where the format has one, the date the reader accessed it, today by default),
and returns plain text or plain data: escaping for HTML is the template's job, so nothing here
is marked safe.

Every format names what a historian checks first: where the original is held (the archival
source an archivist recorded, read into repository, fond, opis, delo and folios by
`catalogue.archival`) and who translated it.
"""

import datetime
import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from django.utils import timezone

from .archival import format_holding, parse_citation
from .models import DatePrecision, Role

SITE_NAME = "Cold War Documents Catalogue"


def _people(document):
    """Who the citation names as author: the writer, else the sender, as (name, person)."""
    person = document.author or document.sender
    as_written = document.author_as_written or document.sender_as_written
    if person is not None:
        return [(person.sort_name or person.name, person)]
    if as_written:
        return [(as_written, None)]
    return []


def _number(document):
    """The number a citation gives: the document's first reference number, the one in its
    heading ("CIPHERED TELEGRAM No. 502597/sh"); later ones are other offices' numbers
    ("No. 2250" at the foot), which the page and JSON-LD list in full."""
    return document.reference_numbers[0] if document.reference_numbers else ""


def _date_parts(document):
    """[year], [year, month] or [year, month, day] as far as the date is known."""
    if document.date is None:
        return []
    date = document.date
    if document.date_precision == DatePrecision.YEAR:
        return [date.year]
    if document.date_precision == DatePrecision.MONTH:
        return [date.year, date.month]
    return [date.year, date.month, date.day]


def _one_line(value):
    return " ".join(str(value).split())


@dataclass(frozen=True)
class Source:
    """Where the original is held and who translated it, as the formats need them."""

    as_written: str  # the archivist's source citation, whole
    repository: str  # "AVPRF"; several holdings: the first one's
    location: str  # "f. 059a, op. 5a, p. 11, d. 4, ll. 121–122"
    archive_line: str  # every holding: "AVPRF, f. 059a, ...; APRF, f. 45, ..."
    translator: str


def source(document):
    """The document's archival source and translator. The translator is the archivist's
    field, else the one the source citation credits ("Translated for CWIHP by ...")."""
    # A Document reads its citation once for all the formats; other records are read here.
    cited = getattr(document, "archival_citation", None) or parse_citation(
        document.source_citation or ""
    )
    holdings = cited.holdings
    translator = _one_line(document.translator)
    if not translator:
        names = [n for c in cited.credits if c.role == "translated" for n in c.names]
        translator = " and ".join(names)
    first = holdings[0] if holdings else None
    location = ""
    if first is not None:
        location = format_holding(first).removeprefix(first.repository).lstrip(", ")
    return Source(
        as_written=_one_line(document.source_citation or ""),
        repository=first.repository if first else "",
        location=location,
        archive_line="; ".join(format_holding(h) for h in holdings),
        translator=translator,
    )


def _accessed(accessed):
    return accessed or timezone.localdate()


def _long_date(day: datetime.date):
    return f"{day:%B} {day.day}, {day.year}"


def _sentence(value):
    """A citation part ending in exactly one full stop."""
    value = _one_line(value)
    return value if value.endswith((".", "?", "!")) else f"{value}."


CHICAGO_LABEL = "Chicago (17th ed., bibliography)"


def chicago(document, permalink, accessed=None):
    """A Chicago notes-and-bibliography entry for an archival document: author, title, date,
    the archival source as the archivist recorded it, the translator, the catalogue, the
    access date and the permalink."""
    parts = []
    authors = _people(document)
    if authors:
        parts.append(_sentence(authors[0][0]))
    title = _one_line(document.title).rstrip(".")
    parts.append(f"\u201c{title}.\u201d")
    parts.append(_sentence(document.date_display))
    where = source(document)
    if where.as_written:
        parts.append(_sentence(where.as_written))
    if where.translator and where.translator not in where.as_written:
        parts.append(_sentence(f"Translated by {where.translator}"))
    parts.append(f"{SITE_NAME}.")
    parts.append(f"Accessed {_long_date(_accessed(accessed))}.")
    parts.append(permalink)
    return " ".join(parts)


_BIBTEX_SPECIAL = re.compile(r"([\\{}&%$#_~^])")
_BIBTEX_REPLACEMENTS = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bibtex_escape(value):
    return _BIBTEX_SPECIAL.sub(
        lambda m: _BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), _one_line(value)
    )


def bibtex_key(document):
    return re.sub(r"[^A-Za-z0-9]+", "_", document.slug).strip("_") or "document"


def bibtex(document, permalink, accessed=None):
    fields = [("title", "{" + _bibtex_escape(document.title) + "}")]
    authors = _people(document)
    if authors:
        name, person = authors[0]
        # A body's name must not be split into given and family names: brace it whole.
        escaped = _bibtex_escape(name)
        if person is not None and person.kind == "organisation":
            escaped = "{" + escaped + "}"
        fields.append(("author", escaped))
    parts = _date_parts(document)
    if parts:
        fields.append(("year", str(parts[0])))
    if len(parts) > 1:
        fields.append(("month", str(parts[1])))
    if len(parts) > 2:
        fields.append(("day", str(parts[2])))
    fields.append(("type", _bibtex_escape(document.get_doc_type_display())))
    if _number(document):
        fields.append(("number", _bibtex_escape(_number(document))))
    where = source(document)
    if where.translator:
        fields.append(("translator", _bibtex_escape(where.translator)))
    if where.as_written:
        # BibTeX has no field for an archive's shelf mark: the note, which every style
        # prints, carries the source as the archivist recorded it.
        fields.append(("note", _bibtex_escape(where.as_written)))
    fields.append(("publisher", _bibtex_escape(SITE_NAME)))
    fields.append(("url", permalink))
    fields.append(("urldate", _accessed(accessed).isoformat()))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(document)},\n{body}\n}}\n"


def _ris_date(document):
    parts = _date_parts(document)
    if not parts:
        return ""
    year, month, day = (parts + [None, None])[:3]
    return f"{year:04d}/{month or 0:02d}/{day or 0:02d}/".replace("/00", "/")


def ris(document, permalink, accessed=None):
    where = source(document)
    lines = [("TY", "MANSCPT"), ("TI", document.title)]
    lines += [("AU", name) for name, _ in _people(document)]
    if where.translator:
        # A4, the "tertiary author", is the translator of RIS's manuscript type.
        lines.append(("A4", where.translator))
    parts = _date_parts(document)
    if parts:
        lines.append(("PY", str(parts[0])))
        lines.append(("DA", _ris_date(document)))
    lines.append(("M3", document.get_doc_type_display()))
    if _number(document):
        # M1, not CN: CN is a call number, the shelf mark of the archive holding the original
        # (that is in the source citation); M1 is the "Number" of EndNote's reference types,
        # which is what a telegram's own number ("502597/sh") is.
        lines.append(("M1", _number(document)))
    if document.place:
        lines.append(("CY", document.place))
    if document.summary:
        lines.append(("AB", document.summary))
    if where.archive_line:
        # AV: "location in archives", the shelf mark of the original.
        lines.append(("AV", where.archive_line))
    if where.as_written:
        lines.append(("N1", where.as_written))
    lines.append(("PB", SITE_NAME))
    lines.append(("LA", document.language))
    lines.append(("UR", permalink))
    lines.append(("Y2", _accessed(accessed).strftime("%Y/%m/%d")))
    lines.append(("ER", ""))
    # Every line is "XX  - value": the spec's six-character tag keeps its trailing space even
    # when the value is empty (the end tag is "ER  - "). RIS is line-based: a value with a
    # newline in it would start a bogus tag.
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def _csl_name(name, person):
    if person is not None and person.kind == "person" and ", " in name:
        family, given = name.split(", ", 1)
        return {"family": family, "given": given}
    return {"literal": name}


def csl_json(document, permalink, accessed=None):
    """One CSL-JSON item (the form Zotero, Mendeley and citeproc read), as a Python dict."""
    item = {
        "id": document.slug,
        "type": "manuscript",
        "title": document.title,
        "genre": document.get_doc_type_display(),
        "publisher": SITE_NAME,
        "URL": permalink,
        "language": document.language,
    }
    authors = [_csl_name(name, person) for name, person in _people(document)]
    if authors:
        item["author"] = authors
    parts = _date_parts(document)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    if document.place:
        item["publisher-place"] = document.place
    where = source(document)
    if where.as_written:
        item["note"] = where.as_written
    if where.repository:
        item["archive"] = where.repository
        item["archive_location"] = where.location
    if where.translator:
        item["translator"] = [{"literal": where.translator}]
    day = _accessed(accessed)
    item["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    if document.summary:
        item["abstract"] = document.summary
    if _number(document):
        item["number"] = _number(document)
    return item


def csl_json_text(document, permalink, accessed=None):
    item = csl_json(document, permalink, accessed)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def highwire_tags(document, permalink):
    """(name, content) pairs for Highwire Press `citation_*` meta tags, as Zotero's "Embedded
    Metadata" translator reads them: title, authors, date, publisher and the permalink as the
    item's URL. Zotero guesses a journal article from citation_title alone; the Dublin Core
    type "manuscript" (a Zotero item type, as in the RIS download) makes it save an archival
    document as what it is."""
    tags = [("citation_title", document.title)]
    tags += [("citation_author", name) for name, _ in _people(document)]
    parts = _date_parts(document)
    if parts:
        date = "/".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts))
        tags.append(("citation_date", date))
        tags.append(("citation_publication_date", date))
    tags.append(("citation_publisher", SITE_NAME))
    tags.append(("citation_language", "en"))
    tags.append(("citation_public_url", permalink))
    tags.append(("citation_abstract_html_url", permalink))
    if document.summary:
        tags.append(("citation_abstract", document.summary))
    # No citation_technical_report_number for the document's own number: Zotero takes that
    # tag for a report and files the document as one.
    tags.append(("DC.type", "manuscript"))
    # Highwire has no tags for an archive or a translator; the Dublin Core ones that
    # Zotero's embedded-metadata reader also reads carry them: the original the translation
    # derives from (DC.source) and who translated it (DC.contributor).
    where = source(document)
    if where.as_written:
        tags.append(("DC.source", where.as_written))
    if where.translator:
        tags.append(("DC.contributor", where.translator))
    return [(name, _one_line(content)) for name, content in tags]


def _person_ld(person, permalink):
    """A person as schema.org, with their page's absolute address (built from the document's
    permalink, whose host it shares)."""
    return {
        "@type": "Person" if person.kind == "person" else "Organization",
        "name": person.name,
        "url": urljoin(permalink, person.get_absolute_url()),
    }


def _distinct_people(people):
    """Each person once, in order of first appearance (Vyshinsky as addressee and copy)."""
    seen = {}
    for person in people:
        seen.setdefault(person.pk, person)
    return list(seen.values())


def json_ld(document, permalink):
    """schema.org description of the document as a dict (the template escapes it)."""
    data = {
        "@context": "https://schema.org",
        "@type": ["CreativeWork", "ArchiveComponent"],
        "@id": permalink,
        "url": permalink,
        "name": document.title,
        "genre": document.get_doc_type_display(),
        "inLanguage": "en",
        "isPartOf": {"@type": "ArchiveOrganization", "name": SITE_NAME},
    }
    if document.date_iso:
        data["dateCreated"] = document.date_iso
    person = document.author or document.sender
    if person is not None:
        data["author"] = _person_ld(person, permalink)
    elif document.author_as_written or document.sender_as_written:
        data["author"] = {
            "@type": "Person",
            "name": document.author_as_written or document.sender_as_written,
        }
    # The telegram's own recipients: not those an enclosed letter was also sent to.
    recipients = _distinct_people(
        row.person
        for row in document.recipients.all()
        if row.person_id and row.role != Role.ALSO_SENT_TO
    )
    if recipients:
        data["recipient"] = [_person_ld(p, permalink) for p in recipients]
    mentioned = list(document.people_mentioned.all())
    if mentioned:
        data["mentions"] = [_person_ld(p, permalink) for p in mentioned]
    if document.place:
        data["locationCreated"] = {"@type": "Place", "name": document.place}
    if document.reference_numbers:
        data["identifier"] = list(document.reference_numbers)
    if document.summary:
        data["description"] = document.summary
    where = source(document)
    if where.as_written:
        data["citation"] = where.as_written
    if where.translator:
        data["translator"] = {"@type": "Person", "name": where.translator}
    return data
