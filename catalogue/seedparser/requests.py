"""What a document asks for: its numbered points or the paragraphs that ask, each with a
one-sentence summary, a category, the quantities named and the dates of notes it cites.
"""

from __future__ import annotations

import re

from .dates import _is_date_line, find_dates
from .quantities import _quantities
from .records import Name, Request
from .signatures import _signature
from .text import _EDITORIAL_RE, _QUOTE_OPEN, _SPACES_RE, _may_hold
from .vocabulary import ABBREVIATIONS, CATEGORY_KEYWORDS, ORDINALS

# A point may open with the quotation mark of a relayed text ('"1. We consider ...') and be
# numbered by an ordinal word with a comma or a full stop ("First. As it has turned out").
_POINT_RE = re.compile(
    r"^\s*[\"“«„]?(?:\((\d{1,2}|[a-z])\)|(\d{1,2})[.)]|([a-z])\)|"
    r"(First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth)(?:ly)?[,.])(?!\d)\s+(?=\S)"
)
# "(2)" inside a paragraph: points run on in one paragraph ("tell him: (1) ... (2) ...").
_INLINE_POINT_RE = re.compile(r"(?<=[\s:;,.])\((\d{1,2})\)\s+(?=\S)")


def _split_inline_points(line: str, next_line: str) -> list[str]:
    """A line cut before each of its inline points "(1)", "(2)", ... numbered in sequence
    from 1: two or more of them, or a "(1)" whose "(2)" opens the next line."""
    marks, want = [], 1
    for m in _INLINE_POINT_RE.finditer(line):
        if int(m.group(1)) == want:
            marks.append(m.start())
            want += 1
    if not marks or (len(marks) == 1 and not re.match(r"\s*\(2\)\s", next_line)):
        return [line]
    cuts = [0, *marks, len(line)]
    return [line[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False) if line[a:b].strip()]


_CATEGORY_RES = [(cat, re.compile(rx, re.IGNORECASE)) for cat, rx in CATEGORY_KEYWORDS]


# One pass finds the earliest keyword; at one position the first category listed wins.
_CATEGORY_ANY_RE = re.compile(
    "|".join(f"(?P<{cat}>{rx})" for cat, rx in CATEGORY_KEYWORDS), re.IGNORECASE
)


def _category(summary: str, text: str) -> str:
    m = _CATEGORY_ANY_RE.search(summary)
    if m:
        return next(cat for cat, v in m.groupdict().items() if v is not None)
    counts = [(len(rx.findall(text)), cat) for cat, rx in _CATEGORY_RES]
    n, cat = max(counts, key=lambda x: x[0])
    return cat if n else "other"


def _last_word(s: str) -> str:
    """What ``re.search(r"([\\w\\-]+)$", s)`` finds, read backwards from the end."""
    if s.endswith("\n"):
        s = s[:-1]  # "$" also matches before a final newline
    i = len(s)
    while i and (s[i - 1].isalnum() or s[i - 1] in "_-"):
        i -= 1
    return s[i:]


def _first_sentence(s: str) -> str:
    for m in re.finditer(r"[.!?][\"”»]?(?:\s+|$)", s):
        word = _last_word(s[: m.start()])
        if len(word) <= 2 and word[:1].isupper():
            continue  # an initial, as in "A. Vasilevsky"
        if word.lower() in ABBREVIATIONS:
            continue
        return s[: m.end()].strip()
    return s.strip()


def _summary(text: str) -> str:
    s = _POINT_RE.sub("", text, count=1)
    s = _EDITORIAL_RE.sub("", s)
    s = _SPACES_RE.sub(" ", s).strip()
    s = _first_sentence(s)
    s = re.sub(
        r"(?i)^(?:aside|apart) from (?:all )?(?:of )?(?:this|that)[,:]?\s*|"
        r"^(?:besides|in addition|moreover|furthermore)(?: to this| to that)?[,:]?\s*",
        "",
        s,
    )
    m = re.search(
        r"\b(?:it is (?:extremely |very |also )?(?:necessary|desirable|important)"
        r"(?: for us)?|[Ww]e (?:would )?(?:need|ask you|request you)(?: \w+ly)?|"
        r"we would like)\s+to\s+(?=[a-z])",
        s,
    )
    if m:
        s = s[m.end() :]
    s = re.sub(r"^[Tt]o\s+(?=[a-z])", "", s)
    s = re.sub(r"\s+([,.;:])", r"\1", s)
    s = s.rstrip(" ,;:")
    if len(s) > 160:
        s = s[:157].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    elif s and s[-1] not in ".!?…":
        s += "."
    return s[:1].upper() + s[1:]


_CONT_RE = re.compile(
    r"^(?:it is (?:also )?(?:desirable|necessary|important)|in connection with this|"
    r"along with this|for this|at the same time|also|in particular|including|that is|"
    r"these\b|this\b)",
    re.IGNORECASE,
)


_EXTRA_RE = re.compile(
    r"^(?:aside from|apart from|besides|in addition|furthermore|moreover|we also ask|"
    r"i also ask)\b",
    re.IGNORECASE,
)


_NEED_RE = re.compile(r"(?i)\b(?:necessary|need|ask|request|desirable|send|receive|provide)")


_CLOSING_RE = re.compile(
    r"^(?:a (?:telegram|letter|message) of|we await|i await|we wish|i wish|with (?:deep |great )?"
    r"respect|the (?:korean|chinese|soviet) people|please accept|respectfully|yours?\b|"
    r"i ask you to (?:inform|bring)|we ask you to (?:inform|bring)|greetings|long live)",
    re.IGNORECASE,
)


_ASK_RE = re.compile(
    r"(?i)\b(?:I|we)\s+(?:would\s+)?(?:also\s+)?(?:ask|request|beg)\s+"
    r"(?:you\s+)?(?:to\s+)?(?:send|provide|supply|give|grant|receive|allow)\b|"
    r"\band\s+(?:ask|request)\s+you\s+to\s+(?:send|provide|supply|give|grant)\b|"
    r"\b(?:asks|requests)\s+(?:you\s+)?(?:for\s+(?=\d|\w+\s)|to\s+(?:send|provide|supply|grant)\b)"
)


_ASK_NOT_RE = re.compile(r"(?i)\b(?:bring to (?:the|your) attention|inform|transmit|pass on)\b")


def _blocks(lines: list[str], lo: int, hi: int, skip: set[int]) -> list[str]:
    out: list[str] = []
    cur: list[str] = []
    for i in range(lo, hi + 1):
        if i in skip:
            if cur:
                out.append("\n".join(cur))
                cur = []
            continue
        s = lines[i].strip()
        if not s:
            if cur:
                out.append("\n".join(cur))
                cur = []
            continue
        nxt = next((lines[j].strip() for j in range(i + 1, hi + 1) if lines[j].strip()), "")
        for piece in _split_inline_points(s, nxt) if "(" in s else (s,):
            if _POINT_RE.match(piece) and cur:
                out.append("\n".join(cur))
                cur = []
            cur.append(piece)
    if cur:
        out.append("\n".join(cur))
    return out


def _point_id(block: str) -> tuple[str, str] | None:
    m = _POINT_RE.match(block)
    if not m:
        return None
    if m.group(1):
        # "(a)" under "(1)" is a sub-point, not a point of the same list.
        return ("paren" if m.group(1).isdigit() else "paren-letter"), m.group(1)
    if m.group(2):
        return "digit", m.group(2)
    if m.group(4):
        # "First, ...", "Second, ...": numbered as the words say.
        return "ordinal", str(ORDINALS.index(m.group(4).lower()) + 1)
    return "letter", m.group(3)


def _is_name_only(block: str) -> bool:
    rest = _POINT_RE.sub("", block, count=1).strip().rstrip(".")
    return len(rest.split()) <= 4 and not re.search(r"\b[a-z]{3,}\b", rest)


_CITES_RE = re.compile(r"(?i)\b(?:note|application|letter|telegram)s?\b")


def _point_style(blocks: list[str]) -> str | None:
    """How the request's points are numbered ("digit", "paren", "letter", "ordinal"), if at
    all: the first numbered block that is more than a name sets it; "First, ..." counts only
    when two blocks begin so."""
    ordinal_points = sum(1 for b in blocks if (p := _point_id(b)) and p[0] == "ordinal")
    for b in blocks:
        pid = _point_id(b)
        if pid and not _is_name_only(b) and (pid[0] != "ordinal" or ordinal_points >= 2):
            return pid[0]
    return None


def _request_paragraphs(blocks: list[str]) -> list[tuple[str | None, list[str]]]:
    """The paragraphs of each request, with its number: numbered points and the paragraphs
    that continue them, "Besides, we need ..." extras, or, where nothing is numbered, each
    paragraph that asks for something."""
    style = _point_style(blocks)
    out: list[tuple[str | None, list[str]]] = []
    cur: tuple[str | None, list[str]] | None = None
    remaining_points = [
        k
        for k, b in enumerate(blocks)
        if (p := _point_id(b)) and p[0] == style and not _is_name_only(b)
    ]
    for k, b in enumerate(blocks):
        pid = _point_id(b)
        if style and pid and pid[0] == style and not _is_name_only(b):
            cur = (pid[1], [b])
            out.append(cur)
            continue
        if cur is None:
            continue
        first = b.lstrip(_QUOTE_OPEN)
        if _EXTRA_RE.match(first) and _NEED_RE.search(first):
            cur = (None, [b])
            out.append(cur)
            continue
        more_points = any(p > k for p in remaining_points)
        if _CLOSING_RE.match(first) or _signature(first) or _is_date_line(first, None):
            cur = None
            continue
        if more_points or _CONT_RE.match(first) or (pid and pid[0] != style):
            cur[1].append(b)
        else:
            cur = None
    if style is None:
        # No numbered points: a paragraph that asks for something is one request.
        for b in blocks:
            first = b.lstrip(_QUOTE_OPEN)
            if (
                _ASK_RE.search(first)
                and not _ASK_NOT_RE.search(first)
                and not _CLOSING_RE.match(first)
            ):
                out.append((None, [b]))
    return out


def _dates_cited(text: str) -> list[str]:
    """Full dates of the notes, applications, letters or telegrams a request cites."""
    cited = []
    cites = _may_hold(text, "note", "application", "letter", "telegram")
    for h in find_dates(text) if cites and _CITES_RE.search(text) else ():
        if (
            h.iso
            and len(h.iso) == 10
            and re.search(
                r"(?i)\b(?:note|application|letter|telegram)s?\b[^.]{0,80}$",
                text[max(0, h.start - 120) : h.start],
            )
        ):
            cited.append(h.iso)
    return cited


def _requests(blocks: list[str], asked_by: Name | None, asked_of: Name | None) -> list[Request]:
    """The requests in the paragraphs ``blocks``, asked by ``asked_by`` of ``asked_of``."""
    reqs = []
    for number, parts in _request_paragraphs(blocks):
        text = "\n\n".join(parts)
        head = parts[0]
        if number is None:
            # Summarise from the sentence that asks, not the news before it.
            am = _ASK_RE.search(head)
            if am:
                cut = max(head.rfind(". ", 0, am.start()), head.rfind("\n", 0, am.start()))
                head = head[cut + 1 :] if cut >= 0 else head
        summary = _summary(head)
        reqs.append(
            Request(
                number=number,
                summary=summary,
                text=text,
                category=_category(summary, text),
                quantities=_quantities(text, asked_of),
                asked_by=asked_by,
                asked_of=asked_of,
                dates_cited=_dates_cited(text),
            )
        )
    return reqs
