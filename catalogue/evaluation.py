"""Extraction fidelity: how closely the importer's reading of documents matches a careful human
reading of the same documents.

Standard library only (no Django), so it can score any export file on its own. The human reading
is an ``expected.json`` file: a list of entries, one per text, in the form the README describes
("Measuring the importer on a hand-catalogued sample"). The importer's reading is the list of
documents ``export_catalogue --format json`` writes.

Each field is scored from 0 to 1 per document, only where the human reading gives something to
compare (a document without a stated date does not count for or against the date field):

* ``doc_type``: the type, ignoring spaces and underscores ("ciphered telegram" is
  ``ciphered_telegram``).
* ``reference_numbers``: own numbers found, divided by the own numbers expected plus the numbers
  read that are neither own nor cited ("To No. 483/sh" read as the document's own number costs).
* ``date``: the ISO date of the document itself.
* ``sender``: the sender, or failing that the author, is the expected sender.
* ``addressees``, ``copy_names``, ``people``: F1 of the names expected against the names read
  (recipients with the role addressee or via; copy or distribution; people mentioned).
* ``copy_counts``: for each copy recipient whose count the text states, the count read.
* ``place``: the expected place of origin is within the place read.
* ``requests``: the number of numbered requests read equals the number expected.
* ``enclosure_author``: the author of a relayed (enclosed) letter or message.

A document listed in the expected file but not imported scores nothing; the overall score is the
share imported times the mean of the field means.

Names match the way an archivist would accept them: titles ("Comrade", "Cde.") and editorial
brackets are ignored, letter-spaced names are joined ("S H T Y K O V"), and an expected name
matches a name read when its last word of three letters or more (in practice the surname), or the
whole name, appears in the name read, its form as written or its slug. A cover name the scorer
knows (KNOWN_PSEUDONYMS: "Filippov" for Stalin) also matches its bearer's family name.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

FIELDS = (
    "doc_type",
    "reference_numbers",
    "date",
    "sender",
    "addressees",
    "copy_names",
    "copy_counts",
    "place",
    "requests",
    "people",
    "enclosure_author",
)

# The vocabulary of expected.json's doc_type, as an archivist writes it.
DOC_TYPES = (
    "ciphered telegram",
    "telegram",
    "letter",
    "memorandum",
    "report",
    "record of conversation",
    "decision",
    "note",
    "directive",
    "other",
)

_BRACKETS = re.compile(r"\[[^\]]*\]")
_TITLES = re.compile(r"\b(comrade|cde|cmrd|comr|cdes)\b\.?")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LETTER_SPACED = re.compile(r"\b(\w) (?=\w\b)")
_DIGITS = re.compile(r"\d[\d/]*")
_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


# Cover names an expected name may stand for, normalised, with the bearer's family name. This
# is the scorer's own fixed table, the same as the development corpus's scorer uses, so that the
# figures here equal the ones that scorer gives (on the corpus and on any other set it measures).
# It is deliberately not the catalogue's authority file: a scorer that learnt whatever the
# importer is taught would move with the thing it measures.
KNOWN_PSEUDONYMS = {
    "filippov": "stalin",
    "filipov": "stalin",
    "feng xi": "stalin",
    "fyn si": "stalin",
    "druzhkov": "stalin",
    "chanfu": "bulganin",
    "matveyev": "razuvaev",
    "matveev": "razuvaev",
}


class ExpectedFileError(ValueError):
    """The expected-readings file cannot be used; the message names the file and the entry."""


# ------------------------------------------------------------------ comparing names and numbers


def normalise(text) -> str:
    """Lower-case ASCII words: accents folded, editorial brackets and titles dropped."""
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    text = _TITLES.sub(" ", _BRACKETS.sub(" ", text.lower()))
    return _NON_ALNUM.sub(" ", text).strip()


def despace(text: str) -> str:
    """Join a letter-spaced name: "S H T Y K O V" becomes "SHTYKOV"."""
    return _LETTER_SPACED.sub(r"\1", text)


def name_keys(name: str, pseudonyms: Mapping[str, str]) -> set[str]:
    """The forms under which an expected name may be found in a name read."""
    whole = normalise(despace(name))
    keys = {whole}
    words = [word for word in whole.split() if len(word) > 2]
    if words:
        keys.add(words[-1])
    # A pseudonym anywhere in the name ("Feng Xi" in "FENG XI [Stalin]") also stands for its
    # bearer.
    keys.update(bearer for pseudonym, bearer in pseudonyms.items() if pseudonym in whole)
    return keys


def read_text(read) -> str:
    """Everything a name read offers to match against: a plain string, or the name, the form
    as written and the slug of a person reference of the export."""
    if not read:
        return ""
    if isinstance(read, str):
        return normalise(despace(read))
    return " ".join(
        normalise(despace(str(read.get(key) or ""))) for key in ("name", "as_written", "slug")
    )


def names_match(expected: str, read, pseudonyms: Mapping[str, str]) -> bool:
    text = f" {read_text(read).replace('-', ' ')} "
    return any(f" {key} " in text for key in name_keys(expected, pseudonyms))


def f1(expected: list[str], read: list, pseudonyms: Mapping[str, str]) -> float | None:
    """F1 of expected names against names read; None when both are empty (nothing to score)."""
    if not expected and not read:
        return None
    found = sum(1 for name in expected if any(names_match(name, r, pseudonyms) for r in read))
    right = sum(1 for r in read if any(names_match(name, r, pseudonyms) for name in expected))
    recall = found / len(expected) if expected else 1.0
    precision = right / len(read) if read else 0.0
    if recall + precision == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def number_key(number: str) -> str:
    """The comparable core of a reference number: its first run of digits and slashes, a
    cipher office's "sh" counting as a slash ("34691/sh." and "No. 34691 sh" agree, "34691"
    does not: the suffix tells two series apart)."""
    text = normalise(number).replace(" sh", "/sh")
    runs = _DIGITS.findall(text)
    return runs[0] if runs else text


# ------------------------------------------------------------------ the expected-readings file


def _where(label: str, index: int, entry) -> str:
    name = entry.get("file") if isinstance(entry, dict) else None
    return f"{label}: entry {index + 1}" + (f" ({name})" if isinstance(name, str) else "")


def _check_entry(entry, where: str) -> None:
    def fail(message):
        raise ExpectedFileError(f"{where}: {message}")

    def optional(key, kinds, description):
        value = entry.get(key)
        if value is not None and not isinstance(value, kinds):
            fail(f"{key!r} must be {description}, not {type(value).__name__}")
        return value

    def names(key):
        value = optional(key, list, "a list of names")
        for name in value or []:
            if not isinstance(name, str) or not normalise(despace(name)):
                fail(f"{key!r} holds {name!r}, which is not a name")

    if not isinstance(entry, dict):
        fail("each entry must be an object")
    if not isinstance(entry.get("file"), str) or not entry["file"].strip():
        fail("'file' (the text's path, relative to the folder of texts) is missing")
    if not isinstance(entry.get("doc_type"), str):
        fail("'doc_type' is missing")
    if normalise(entry["doc_type"]) not in DOC_TYPES:
        fail(f"'doc_type' {entry['doc_type']!r} is not one of: {', '.join(DOC_TYPES)}")
    for key in ("reference_numbers", "referenced_numbers"):
        value = optional(key, list, "a list of numbers as written")
        if any(not isinstance(number, str) for number in value or []):
            fail(f"{key!r} must hold strings (numbers as written)")
    date = optional("date_sent", str, "an ISO date or null")
    if date is not None and not _ISO_DATE.fullmatch(date):
        fail(f"'date_sent' {date!r} is not an ISO date: YYYY-MM-DD, YYYY-MM or YYYY")
    for key in ("sender", "place"):
        optional(key, str, "a string or null")
    for key in ("addressees", "people_mentioned"):
        names(key)
    copies = optional("copy_recipients", list, 'a list of {"name": ..., "copies": ...}')
    for copy in copies or []:
        if not isinstance(copy, dict) or not isinstance(copy.get("name"), str):
            fail(f"'copy_recipients' holds {copy!r}, which has no 'name'")
        count = copy.get("copies")
        if count is not None and (not isinstance(count, int) or isinstance(count, bool)):
            fail(f"'copies' of {copy['name']!r} must be a whole number or null, not {count!r}")
    requests = entry.get("numbered_requests", 0)
    if not isinstance(requests, int) or isinstance(requests, bool) or requests < 0:
        fail(f"'numbered_requests' must be a whole number, not {requests!r}")
    embedded = optional("embedded", dict, "an object or null")
    if embedded and embedded.get("author") is not None and not isinstance(embedded["author"], str):
        fail("'embedded' 'author' must be a name or null")


def parse_expected(text: str, label: str = "expected.json") -> list[dict]:
    """Read and check an expected-readings file; ExpectedFileError names the file and entry."""
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as error:
        raise ExpectedFileError(
            f"{label}, line {error.lineno}: not valid JSON ({error.msg})"
        ) from None
    if not isinstance(entries, list):
        raise ExpectedFileError(f"{label}: must be a JSON list of entries, one per text")
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        where = _where(label, index, entry)
        _check_entry(entry, where)
        if entry["file"] in seen:
            raise ExpectedFileError(
                f"{where}: 'file' {entry['file']!r} is already read by entry {seen[entry['file']]}"
            )
        seen[entry["file"]] = index + 1
    if not entries:
        raise ExpectedFileError(f"{label}: holds no entries")
    return entries


# ------------------------------------------------------------------ scoring


@dataclass
class FieldResult:
    score: float
    expected: object
    read: object


@dataclass
class DocumentResult:
    file: str
    imported: bool
    fields: dict[str, FieldResult] = field(default_factory=dict)
    published: bool = False

    def misses(self) -> dict[str, FieldResult]:
        return {name: result for name, result in self.fields.items() if result.score < 1}


@dataclass
class Evaluation:
    documents: list[DocumentResult]

    @property
    def imported(self) -> float:
        return sum(d.imported for d in self.documents) / len(self.documents)

    def scores(self, name: str) -> list[float]:
        return [d.fields[name].score for d in self.documents if name in d.fields]

    def field_means(self) -> dict[str, float | None]:
        means = {}
        for name in FIELDS:
            scores = self.scores(name)
            means[name] = sum(scores) / len(scores) if scores else None
        return means

    @property
    def overall(self) -> float:
        means = [mean for mean in self.field_means().values() if mean is not None]
        return self.imported * (sum(means) / len(means) if means else 0.0)

    def published(self) -> list[DocumentResult]:
        return [d for d in self.documents if d.published]

    def published_wrongly(self) -> list[DocumentResult]:
        """Published documents whose type, date or sender the importer read wrong: facts a
        visitor would take as catalogued."""
        return [
            d
            for d in self.published()
            if any(
                name in d.fields and d.fields[name].score < 1
                for name in ("doc_type", "date", "sender")
            )
        ]


def _names(people) -> list[str]:
    return [
        (person.get("as_written") or person.get("name") or "") if isinstance(person, dict) else ""
        for person in people
    ]


def score_document(expected: dict, read: dict, pseudonyms: Mapping[str, str]) -> dict:
    """Field name -> FieldResult for one document, for the fields its expected reading scores."""
    results: dict[str, FieldResult] = {}

    def put(name, score, expected_value, read_value):
        if score is not None:
            results[name] = FieldResult(score, expected_value, read_value)

    put(
        "doc_type",
        float(
            normalise(expected["doc_type"]).replace(" ", "")
            == normalise(read.get("doc_type")).replace(" ", "")
        ),
        expected["doc_type"],
        read.get("doc_type"),
    )

    own = {number_key(n) for n in expected.get("reference_numbers") or []}
    cited = {number_key(n) for n in expected.get("referenced_numbers") or []}
    got = {number_key(n) for n in read.get("reference_numbers") or []}
    if own or got - cited:
        wrong = got - own - cited
        put(
            "reference_numbers",
            len(own & got) / max(len(own) + len(wrong), 1),
            expected.get("reference_numbers") or [],
            read.get("reference_numbers") or [],
        )

    if expected.get("date_sent"):
        date = str(read.get("date") or "")[:10]
        put("date", float(date == expected["date_sent"]), expected["date_sent"], read.get("date"))

    if expected.get("sender"):
        sender, author = read.get("sender"), read.get("author")
        put(
            "sender",
            float(
                names_match(expected["sender"], sender, pseudonyms)
                or names_match(expected["sender"], author, pseudonyms)
            ),
            expected["sender"],
            _names([p for p in (sender, author) if p]),
        )

    recipients = read.get("recipients") or []
    addressees = [
        r
        for r in recipients
        if "addressee" in normalise(r.get("role")) or "via" in normalise(r.get("role"))
    ]
    put(
        "addressees",
        f1(expected.get("addressees") or [], addressees, pseudonyms),
        expected.get("addressees") or [],
        _names(addressees),
    )

    copies = [
        r
        for r in recipients
        if "cop" in normalise(r.get("role")) or "distribution" in normalise(r.get("role"))
    ]
    expected_copies = expected.get("copy_recipients") or []
    put(
        "copy_names",
        f1([c["name"] for c in expected_copies], copies, pseudonyms),
        [c["name"] for c in expected_copies],
        _names(copies),
    )
    counted = [c for c in expected_copies if isinstance(c.get("copies"), int)]
    if counted:
        right = 0
        read_counts = []
        for copy in counted:
            matches = [r for r in copies if names_match(copy["name"], r, pseudonyms)]
            count = (matches[0].get("copies") or 1) if matches else None
            read_counts.append(f"{copy['name']}: {count}")
            right += count == copy["copies"]
        put(
            "copy_counts",
            right / len(counted),
            [f"{c['name']}: {c['copies']}" for c in counted],
            read_counts,
        )

    if expected.get("place"):
        put(
            "place",
            float(normalise(expected["place"]) in normalise(read.get("place"))),
            expected["place"],
            read.get("place"),
        )

    numbered = sum(1 for r in read.get("requests") or [] if r.get("number") not in (None, ""))
    put(
        "requests",
        float(numbered == expected.get("numbered_requests", 0)),
        expected.get("numbered_requests", 0),
        numbered,
    )

    mentioned = read.get("people_mentioned") or []
    put(
        "people",
        f1(expected.get("people_mentioned") or [], mentioned, pseudonyms),
        expected.get("people_mentioned") or [],
        _names(mentioned),
    )

    embedded = expected.get("embedded") or {}
    if embedded.get("author"):
        author = (read.get("enclosure") or {}).get("author")
        put(
            "enclosure_author",
            float(names_match(embedded["author"], author, pseudonyms)),
            embedded["author"],
            _names([author]) if author else [],
        )
    return results


def _source_file(document: dict) -> str:
    source = document.get("source") or {}
    return str(source.get("file") or "") if isinstance(source, dict) else ""


def match_documents(expected: list[dict], documents: list[dict]) -> dict[str, dict]:
    """Expected file -> exported document: by path relative to the folder imported, else by
    file name when only one document has it."""
    by_path = {_source_file(d): d for d in documents if _source_file(d)}
    by_name: dict[str, list[dict]] = {}
    for path, document in by_path.items():
        by_name.setdefault(PurePosixPath(path).name, []).append(document)
    matched = {}
    for entry in expected:
        path = PurePosixPath(entry["file"]).as_posix()
        if path in by_path:
            matched[entry["file"]] = by_path[path]
        elif len(by_name.get(PurePosixPath(path).name, [])) == 1:
            matched[entry["file"]] = by_name[PurePosixPath(path).name][0]
    return matched


def evaluate(
    expected: list[dict],
    documents: list[dict],
    pseudonyms: Mapping[str, str] = KNOWN_PSEUDONYMS,
) -> Evaluation:
    """Score exported documents against expected readings (both as parsed from JSON)."""
    matched = match_documents(expected, documents)
    results = []
    for entry in expected:
        document = matched.get(entry["file"])
        if document is None:
            results.append(DocumentResult(entry["file"], imported=False))
            continue
        results.append(
            DocumentResult(
                entry["file"],
                imported=True,
                fields=score_document(entry, document, pseudonyms),
                published=document.get("status") == "published",
            )
        )
    return Evaluation(results)


# ------------------------------------------------------------------ report


def _show(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return "-" if value is None else str(value)


def report_lines(evaluation: Evaluation, verbose: bool = False) -> list[str]:
    """The printed report: with ``verbose``, each document's misses first; then per-field
    scores, the publication figures and the overall score."""
    lines = []
    if verbose:
        for document in evaluation.documents:
            if not document.imported:
                lines.append(f"{document.file}: not imported")
                continue
            misses = document.misses()
            if not misses:
                continue
            lines.append(f"{document.file}:")
            for name, result in misses.items():
                lines.append(
                    f"    {name} {result.score:.2f}: expected {_show(result.expected)}, "
                    f"read {_show(result.read)}"
                )
        lines.append("")
    lines.append(f"{'imported':18s} {evaluation.imported:.2f}  (n={len(evaluation.documents)})")
    for name, mean in evaluation.field_means().items():
        shown = "-" if mean is None else f"{mean:.2f}"
        lines.append(f"{name:18s} {shown}  (n={len(evaluation.scores(name))})")
    published = evaluation.published()
    lines.append(
        f"published: {len(published)} of {len(evaluation.documents)}, "
        f"{len(evaluation.published_wrongly())} of them with a wrong type, date or sender"
    )
    if verbose:
        lines.extend(f"    published wrongly: {d.file}" for d in evaluation.published_wrongly())
    scored = sum(mean is not None for mean in evaluation.field_means().values())
    lines.append(
        f"overall score: {evaluation.overall:.2f} "
        f"(imported {evaluation.imported:.2f}; mean of {scored} fields)"
    )
    return lines
