"""The other documents a document cites, read from its text: "To No. 439/sh", "your telegram of
8 September", "the cable we sent you on February 3", "Approve the draft telegram ...".

Pure: text in, plain data out, no Django, beside the seed parser. Each `Reference` keeps what
the text says as written, the number (normalised the way the parser normalises reference
numbers, so a cited "No. 439/sh" meets the document whose own number is "439/sh"), the date
(with the citing document's year as context), and the direction the wording implies:

- ``reply_to``: the document answers the one cited ("To No. ...", "in reply to your ...",
  "your telegram No. ...", "We received your cable of 8 September"; and the convention of a
  reply's text opening with the number of the telegram it answers: "1352. From your telegram
  it is not clear ...");
- ``refers_to``: it mentions it ("the cable we sent you on February 3", "our No. ...", a
  decision's agenda item "Telegram of Comrade X of 27 August (No. 4279)");
- ``transmits``: it forwards its text or encloses it ("I am forwarding the text of ...",
  "A draft telegram ... is attached");
- ``approves``: it approves or adopts it ("Approve the draft telegram ...").

Matching a reference to a document in the catalogue is not done here: that needs the
catalogue, and ambiguous matches are an archivist's to confirm.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

DIRECTIONS = ("reply_to", "refers_to", "transmits", "approves")
# When two mentions of one document imply different directions, the more specific wins:
# "Telegram of Comrade X (No. 4279)" on a decision's agenda and "We received your telegram"
# in the attached answer are the same telegram, which the document answers.
_STRENGTH = {"reply_to": 3, "approves": 2, "transmits": 1, "refers_to": 0}


@dataclass(frozen=True)
class Reference:
    """One document cited by a text.

    `number` is "" when the text gives only a date, `date` ("YYYY-MM-DD", or "YYYY-MM") is ""
    when it gives only a number; a `transmits` or `approves` reference to an attached draft
    may have neither. `date_inferred` is true when the year came from the citing document.
    `start`/`end` locate the first mention in the text; `also_written` holds later mentions
    of the same document.
    """

    direction: str
    as_written: str
    number: str = ""
    date: str = ""
    date_inferred: bool = False
    kind: str = ""
    start: int = 0
    end: int = 0
    also_written: tuple[str, ...] = ()


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

# "No." and its spellings: "Nº" (N + masculine ordinal) and "N°" occur in translations as well
# as "№". Case-sensitive so that the word "no" is never read as a number sign.
_MARK = r"(?:(?-i:No|NO|Nr|N[º°])\.?|№|#)"
# A number as these offices wrote them: "439/sh", "P83/280", "25-3-103", "0247 -INA" (a space
# before a hyphenated suffix), "1212 487" (a number written in groups).
_NUM = (
    r"[A-Za-z]{0,3}\d[\w]*"
    r"(?:(?:/|-|\u2013|\s-(?=[A-Za-z\d]))[\w]+)*"
    r"(?:\s\d{3}\b(?![-/]))?"
)


def normalise_number(as_written: str) -> str:
    """A cited number in the form the seed parser gives a document's own number: without
    "No."/"#"/"№", without trailing punctuation, without spaces around "/" and "-"
    ("No. 439/ sh." -> "439/sh", "0247 -INA" -> "0247-INA"); digit groups keep their space."""
    s = re.sub(rf"^\s*{_MARK}\s*", "", as_written.strip())
    s = re.sub(r"\s*([/\-\u2013])\s*", r"\1", s).replace("\u2013", "-")
    return s.strip().rstrip(".,;:)")


# ---------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------

_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
_MONTH = r"(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|{_MONTH}\s+{_DAY}\b(?:,?\s+\d{{4}})?"
    r"|\d{1,2}\.\d{1,2}\.(?:\d{4}|\d{2})\b)"
)
_DATE_RE = re.compile(_DATE, re.IGNORECASE)


def _read_date(
    text: str, year: int | None, before: datetime.date | None
) -> tuple[str, bool] | None:
    """(ISO date, year inferred) of the date written in `text`, or None.

    A date without a year takes the citing document's year; if that would put it after the
    citing document, it is the year before (a December telegram answered in January).
    """
    m = _DATE_RE.search(text)
    if not m:
        return None
    s = m.group(0).lower().rstrip(".")
    numeric = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{2,4})", s)
    if numeric:
        day, month, y = int(numeric.group(1)), int(numeric.group(2)), int(numeric.group(3))
        written_year: int | None = y + 1900 if y < 100 else y
    else:
        words = re.findall(r"[a-z]+|\d+", s)
        month = next(_MONTHS[w] for w in words if w in _MONTHS)
        numbers = [int(w) for w in words if w.isdigit()]
        day = numbers[0]
        written_year = numbers[1] if len(numbers) > 1 else None
    inferred = written_year is None
    if inferred:
        if before is not None:
            written_year = before.year
            if (month, day) > (before.month, before.day):
                written_year -= 1
        else:
            written_year = year
    if written_year is None:
        return None
    try:
        return datetime.date(written_year, month, day).isoformat(), inferred
    except ValueError:
        return None


# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------

_KIND = (
    r"(?:(?:ciphered|coded|cipher|secret|special|urgent)\s+)?"
    r"(?:telegram|cable|radiogram|telephonogram|letter|note|message|memorandum|report|"
    r"dispatch|despatch|instruction|directive|resolution|decree|decision|tel\.)s?"
)
_OWNER = r"(?:your|our|my|his|her|their)"
# "of 8 September", ", dated 3.2.50", "sent on February 3".
_OF_DATE = rf"(?:\s*,?\s*(?:of|dated|from|sent\s+on|on)\s+(?:the\s+)?{_DATE})"
_NUMBERED = rf"(?:\s*{_MARK}\s*{_NUM})"

_REPLY_LINE_RE = re.compile(
    rf"^[ \t]*(?i:to|re:?|ref\.?|reference|in reply to)\s+(?i:your\s+)?(?i:{_KIND}\s+)?"
    rf"(?:{_MARK}\s*)?(?P<num>{_NUM})\.?(?i:{_OF_DATE})?[ \t.]*$",
    re.MULTILINE,
)
_REPLY_PHRASE = r"(?:in\s+(?:reply|answer|response)\s+to|replying\s+to|answering)"
_POSSESSIVE_RE = re.compile(
    rf"\b(?:(?P<reply>{_REPLY_PHRASE})\s+|(?P<lead>in\s+connection\s+with|with\s+reference\s+to|"
    rf"according\s+to|re:?)\s+)?"
    rf"(?:(?P<owner>{_OWNER})\s+|(?:the\s+)?(?P<named>(?-i:[A-Z][\w'’.-]+)(?:\s+(?-i:[A-Z][\w'’.-]+))"
    rf"{{0,3}}['’]s\s+))"
    rf"(?:(?P<kind>{_KIND})(?P<num1>{_NUMBERED})?(?P<date1>{_OF_DATE})?"
    rf"|(?P<num2>{_NUMBERED})(?P<date2>{_OF_DATE})?)",
    re.IGNORECASE,
)
_REPLY_THE_RE = re.compile(
    rf"{_REPLY_PHRASE}\s+(?:the\s+)?(?P<kind>{_KIND})(?P<num1>{_NUMBERED})?(?P<date1>{_OF_DATE})?",
    re.IGNORECASE,
)
_WE_SENT_RE = re.compile(
    rf"\b(?:the\s+)?(?P<kind>{_KIND})\s+(?:that\s+|which\s+)?(?:we|I)\s+sent\s+(?:to\s+)?you"
    rf"(?:\s+(?:on\s+)?(?P<date1>{_DATE}))?"
    rf"|\b(?:on\s+)?(?P<date2>{_DATE}),?\s+(?:we|I)\s+sent\s+(?:to\s+)?you\s+"
    rf"(?:(?:a|an|the|our|my)\s+)?(?:[\w-]+\s+){{0,3}}?(?P<kind2>{_KIND})",
    re.IGNORECASE,
)
# What every match of _WE_SENT_RE contains, searched first: one quick scan of a text that
# has none spares the long one (most texts have none).
_WE_SENT_HINT = re.compile(r"(?:we|I)\s+sent\s+(?:to\s+)?you", re.IGNORECASE)
# A decision's agenda item: "280. Telegram of Comrade Mao Zedong of 27 August (No. 4279)",
# or "422. Telegram of Comrade Razuvaev" with "No. 1352." on the next line.
_ITEM_RE = re.compile(
    r"^[ \t]*\d{1,4}\.[ \t]+(?P<kind>(?i:telegram|cable|letter|note|report|request|proposal|"
    r"memorandum|information)s?)[ \t]+(?i:of|from)\b(?P<rest>[^\n]*)"
    rf"(?:\n[ \t]*\n?[ \t]*(?P<num_line>{_MARK}\s*{_NUM})\.?[ \t]*$)?",
    re.MULTILINE,
)
_THE_ACT_RE = re.compile(
    r"\b(?:the|this|that|its|their|a)\s+(?P<kind>resolution|decree|decision|order|directive)\b"
    rf"[^.;\n]{{0,60}}?(?P<num1>{_MARK}\s*{_NUM})(?P<date1>{_OF_DATE})?",
    re.IGNORECASE,
)
# A message named by its channel mid-sentence: "(by special telephone from Hanoi #648)".
_INLINE_RE = re.compile(
    r"\b(?P<kind>(?i:telegram|cable|telephone|telephonogram|radiogram|letter|message|"
    rf"dispatch)s?)\b[^.;\n()]{{0,40}}?(?P<num1>{_MARK}\s*{_NUM})(?P<date1>(?i:{_OF_DATE}))?",
)
# The Soviet convention of opening the text of a reply with the number of the telegram it
# answers: "1352. From your telegram ...", "802-804. Bearing in mind ...". Three digits at
# least (shorter is a numbered point); the paragraph must read on as a text, not as an agenda
# heading ("280. Telegram of ...").
_LEADING_NUMBER_RE = re.compile(
    r"^[ \t]*(?P<num>\d{3,6}(?:[-\u2013]\d{1,6})?)\.[ \t]+(?P<rest>\S[^\n]{60,})$", re.MULTILINE
)
_HEADING_WORDS = re.compile(
    r"(?i)^(?:telegram|cable|letter|note|report|request|proposal|memorandum|information|"
    r"question|on|about|concerning|regarding|draft)\b"
)
# The rest of a clause: up to a full stop, except the one of "No.".
_CLAUSE = r"(?:[^.;\n]|(?<=\bNo)\.|(?<=\bNr)\.)*"
_APPROVES_RE = re.compile(
    r"\b(?:approve|adopt|confirm|endorse|accept)\s+the\s+(?:attached\s+|enclosed\s+)?"
    r"(?:text\s+of\s+the\s+)?(?P<kind>draft(?:\s+(?!to\b|of\b|for\b|on\b|by\b)[\w-]+){0,3})"
    rf"(?P<rest>{_CLAUSE})",
    re.IGNORECASE,
)
_TRANSMITS_RE = re.compile(
    r"\b(?:(?:I|we)\s+(?:am|are)\s+(?:hereby\s+)?(?:forwarding|transmitting|sending|passing\s+on)"
    r"|(?:I|we)\s+(?:hereby\s+)?(?:forward|transmit|send)\s+(?:to\s+)?(?:you\s+)?(?:herewith\s+)?"
    r"(?=the\s+text|a\s+copy|the\s+copy))"
    rf"(?P<rest>{_CLAUSE})"
    r"|\b(?:the|a)\s+(?P<kind>draft(?:\s+(?!(?:is|are|to|of|for|on|by)\b)[\w-]+){0,3})\s+"
    r"(?:[^.;\n]{0,80}?\s)?"
    r"(?:is|are)\s+(?:attached|enclosed)",
    re.IGNORECASE,
)


# ---------------------------------------------------------------------------
# Finding references
# ---------------------------------------------------------------------------


def find_references(
    text: str, *, year: int | None = None, date: str | datetime.date | None = None
) -> list[Reference]:
    """Every document `text` cites, in order of first mention, one Reference per document.

    `year` (or `date`, the citing document's own ISO date) dates a cited "of 8 September";
    with `date`, a cited day after it is taken to be in the year before.
    """
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date[:10])
        except ValueError:
            date = None
    if date is not None and year is None:
        year = date.year
    finder = _Finder(text or "", year, date)
    finder.run()
    return _merge(finder.found)


class _Finder:
    """Runs the patterns in order of specificity; a span of text read by one pattern is not
    read again by a later one."""

    def __init__(self, text: str, year: int | None, before: datetime.date | None):
        self.text = text
        self.year = year
        self.before = before
        self.taken: list[tuple[int, int]] = []
        self.found: list[Reference] = []

    def run(self) -> None:
        self.reply_lines()
        self.items()
        self.possessives()
        self.we_sent()
        self.acts()
        self.approvals()
        self.transmittals()
        self.inline()
        self.leading_numbers()

    # -- helpers ---------------------------------------------------------------

    def _free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.taken)

    def add(
        self,
        m: re.Match,
        direction: str,
        *,
        number: str = "",
        date_text: str = "",
        kind: str = "",
        span: tuple[int, int] | None = None,
        require: bool = True,
    ) -> None:
        start, end = span or m.span()
        if not self._free(start, end):
            return
        number = normalise_number(number) if number else ""
        read = _read_date(date_text, self.year, self.before) if date_text else None
        if require and not number and read is None:
            return  # "your telegram" with neither number nor date names no one document
        self.taken.append((start, end))
        self.found.append(
            Reference(
                direction=direction,
                as_written=_one_line(self.text[start:end]),
                number=number,
                date=read[0] if read else "",
                date_inferred=read[1] if read else False,
                kind=_kind(kind),
                start=start,
                end=end,
            )
        )

    # -- patterns --------------------------------------------------------------

    def reply_lines(self) -> None:
        for m in _REPLY_LINE_RE.finditer(self.text):
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            end = m.start() + len(m.group(0).rstrip(" \t."))
            self.add(
                m,
                "reply_to",
                number=m.group("num"),
                date_text=m.group(0)[m.end("num") - m.start() :],
                span=(start, end),
            )

    def items(self) -> None:
        for m in _ITEM_RE.finditer(self.text):
            rest = m.group("rest")
            num = re.search(rf"{_MARK}\s*(?P<n>{_NUM})", rest)
            number = num.group("n") if num else (m.group("num_line") or "")
            date_text = ""
            if (d := re.search(_OF_DATE, rest, re.IGNORECASE)) is not None:
                date_text = d.group(0)
            start = m.start("kind")
            end = m.end("num_line") if m.group("num_line") else m.end("rest")
            self.add(
                m,
                "refers_to",
                number=number,
                date_text=date_text,
                kind=m.group("kind"),
                span=(start, end),
            )

    def possessives(self) -> None:
        for m in _POSSESSIVE_RE.finditer(self.text):
            owner = (m.group("owner") or "").lower()
            direction = "reply_to" if m.group("reply") or owner == "your" else "refers_to"
            number = m.group("num1") or m.group("num2") or ""
            date_text = m.group("date1") or m.group("date2") or ""
            self.add(m, direction, number=number, date_text=date_text, kind=m.group("kind") or "")
        for m in _REPLY_THE_RE.finditer(self.text):
            self.add(
                m,
                "reply_to",
                number=m.group("num1") or "",
                date_text=m.group("date1") or "",
                kind=m.group("kind"),
            )

    def we_sent(self) -> None:
        if not _WE_SENT_HINT.search(self.text):
            return
        for m in _WE_SENT_RE.finditer(self.text):
            self.add(
                m,
                "refers_to",
                date_text=m.group("date1") or m.group("date2") or "",
                kind=m.group("kind") or m.group("kind2") or "",
            )

    def acts(self) -> None:
        for m in _THE_ACT_RE.finditer(self.text):
            if re.search(r"(?i)\b(?:excerpt|extract)\s+from\s*$", self.text[: m.start()]):
                continue  # "Excerpt from the protocol No. 83": the document's own protocol
            self.add(
                m,
                "refers_to",
                number=m.group("num1"),
                date_text=m.group("date1") or "",
                kind=m.group("kind"),
            )

    def approvals(self) -> None:
        for m in _APPROVES_RE.finditer(self.text):
            rest = m.group("rest")
            num = re.search(rf"{_MARK}\s*(?P<n>{_NUM})", rest)
            d = re.search(_OF_DATE, rest, re.IGNORECASE)
            self.add(
                m,
                "approves",
                number=num.group("n") if num else "",
                date_text=d.group(0) if d else "",
                kind=m.group("kind"),
                span=(m.start(), m.end("rest") if num or d else m.end("kind")),
                require=False,
            )

    def transmittals(self) -> None:
        for m in _TRANSMITS_RE.finditer(self.text):
            rest = m.group("rest") or ""
            num = re.search(rf"{_MARK}\s*(?P<n>{_NUM})", rest)
            d = re.search(_OF_DATE, rest, re.IGNORECASE)
            kind = m.group("kind") or ""
            if not kind and (k := re.search(_KIND, rest, re.IGNORECASE)) is not None:
                kind = k.group(0)
            if not (num or d or kind):
                continue  # "we are sending a delegation": nothing written is transmitted
            self.add(
                m,
                "transmits",
                number=num.group("n") if num else "",
                date_text=d.group(0) if d else "",
                kind=kind,
                require=False,
            )

    def inline(self) -> None:
        for m in _INLINE_RE.finditer(self.text):
            line_start = self.text.rfind("\n", 0, m.start()) + 1
            before = self.text[line_start : m.start()]
            # "CIPHERED TELEGRAM No. 1078" heading its own text is the document's own number.
            if re.fullmatch(r"[\W\d_]*(?i:(?:ciphered|coded|secret|urgent|special)\s+)*", before):
                continue
            if re.search(r"(?i)\bthis\s+(?:\w+\s+)?$", before):
                continue
            self.add(
                m,
                "refers_to",
                number=m.group("num1"),
                date_text=m.group("date1") or "",
                kind=m.group("kind"),
            )

    def leading_numbers(self) -> None:
        for m in _LEADING_NUMBER_RE.finditer(self.text):
            number = m.group("num")
            rest = m.group("rest").lstrip("[( ")
            if _HEADING_WORDS.match(rest):
                continue
            if re.fullmatch(r"19\d\d", number):
                continue  # a year opening a paragraph ("1950. The year ...")
            self.add(m, "reply_to", number=number, span=(m.start("num"), m.end("num")))


def _kind(s: str) -> str:
    """The kind of document as a lower-case phrase ("CIPHERED TELEGRAM" -> "ciphered
    telegram"), keeping the acronyms of a mixed-case phrase ("draft CPSU CC decree")."""
    words = _one_line(s).split()
    shouting = all(w.isupper() for w in words if w.isalpha())
    return " ".join(w if w.isupper() and not shouting else w.lower() for w in words)


def _one_line(s: str) -> str:
    return " ".join(s.split()).strip(" .,;:")


def _merge(found: list[Reference]) -> list[Reference]:
    """One Reference per cited document: mentions with the same number, or with the same date
    where one of them has no number, are one document."""
    out: list[Reference] = []
    for ref in sorted(found, key=lambda r: r.start):
        for i, seen in enumerate(out):
            same_number = ref.number and ref.number == seen.number
            same_date = (
                ref.date
                and ref.date == seen.date
                and (not ref.number or not seen.number)
                and ref.kind.split()[-1:] != ["draft"]
            )
            if same_number or same_date:
                out[i] = _combine(seen, ref)
                break
        else:
            out.append(ref)
    return out


def _combine(first: Reference, later: Reference) -> Reference:
    direction = max((first.direction, later.direction), key=_STRENGTH.__getitem__)
    return Reference(
        direction=direction,
        as_written=first.as_written,
        number=first.number or later.number,
        date=first.date or later.date,
        date_inferred=first.date_inferred if first.date else later.date_inferred,
        kind=first.kind or later.kind,
        start=first.start,
        end=first.end,
        also_written=(*first.also_written, later.as_written),
    )
