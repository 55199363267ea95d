"""Template helpers for the public catalogue: the layout of a document's text, JSON-LD, and the
month chart of the chronology.

Nothing here marks seed text safe: the text layout returns plain strings that the template
escapes, and JSON-LD is escaped the way Django's `json_script` escapes.
"""

import json
import re

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..filters import clean_query

register = template.Library()


@register.simple_tag(takes_context=True)
def clean_querystring(context, **changes):
    """As Django's ``{% querystring %}`` (a value of None removes a parameter), but leaving
    out empty parameters and those at their "no filter" value (see ``clean_query``), so that
    links never carry ``?q=&date_from=`` from a form submitted without JavaScript."""
    params = context["request"].GET.copy()
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        elif isinstance(value, (list, tuple)):
            params.setlist(name, [str(item) for item in value])
        else:
            params[name] = str(value)
    return "?" + clean_query(params)


@register.filter
def get_item(mapping, key):
    """``{{ snippets|get_item:document.pk }}``: a dictionary look-up with a variable key."""
    return mapping.get(key) if mapping else None


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_REQUEST_NUMBER = re.compile(r"^\s*\(?([0-9]{1,3}|[a-z])[.)]\s")
_OPENING_QUOTES = ('"', "\u201c", "\u00ab")
_CLOSING_QUOTES = ('"', "\u201d", "\u00bb")


def layout_text(text, requests):
    """Split a document's text into blocks of paragraphs, keeping its layout.

    The first paragraph opening with a quotation mark starts the relayed (quoted) document,
    which runs to the last paragraph closing one; numbered paragraphs that match a request of
    the document carry that request's anchor, and take with them the paragraphs after them
    that are part of the request's text (a request often runs over several paragraphs).
    Returns ``(blocks, anchored)``: each block is ``{"quoted": bool, "paragraphs": [{"text",
    "anchor", "request", "more"}]}``, where ``more`` lists the request's further paragraphs,
    and ``anchored`` is the set of request anchors placed in the text (the others go on the
    list of requests).
    """
    paragraphs = [p.strip("\n") for p in _PARAGRAPH_BREAK.split(text.replace("\r\n", "\n"))]
    paragraphs = [p for p in paragraphs if p.strip()]
    by_number = {r.number.lower(): r for r in requests if r.number}
    unnumbered = [r for r in requests if not r.number and r.text.strip()]

    anchored = set()
    items = []
    for paragraph in paragraphs:
        request = None
        match = _REQUEST_NUMBER.match(paragraph)
        if match:
            request = by_number.get(match.group(1).lower())
        if request is None:
            start = paragraph.strip()
            request = next((r for r in unnumbered if start.startswith(r.text.strip()[:60])), None)
        anchor = None
        if request is not None and request.anchor not in anchored:
            anchor = request.anchor
            anchored.add(anchor)
        items.append({"text": paragraph, "anchor": anchor, "request": request if anchor else None})

    starts = [i for i, p in enumerate(paragraphs) if p.lstrip().startswith(_OPENING_QUOTES)]
    blocks = []
    if starts:
        first = starts[0]
        ends = [
            i
            for i, p in enumerate(paragraphs)
            if i >= first and p.rstrip().endswith(_CLOSING_QUOTES)
        ]
        last = ends[-1] if ends else len(paragraphs) - 1
        spans = [(0, first, False), (first, last + 1, True), (last + 1, len(paragraphs), False)]
    else:
        spans = [(0, len(paragraphs), False)]
    for begin, end, quoted in spans:
        if begin < end:
            blocks.append({"quoted": quoted, "paragraphs": _gather_requests(items[begin:end])})
    return blocks, anchored


def _folded(text):
    return " ".join(text.split())


def _gather_requests(items):
    """Join to each anchored paragraph the plain paragraphs after it that its request's text
    contains, so that the request's box covers all of it. Stays within one block, so a box
    never straddles the edge of the quoted document."""
    gathered = []
    owner, owner_text = None, ""
    for item in items:
        item["more"] = []
        if item["anchor"]:
            owner, owner_text = item, _folded(item["request"].text)
        elif owner is not None and item["request"] is None and _folded(item["text"]) in owner_text:
            owner["more"].append(item["text"])
            continue
        else:
            owner = None
        gathered.append(item)
    return gathered


@register.simple_tag
def document_text(document):
    """``{% document_text document as layout %}``: ``layout.blocks`` and ``layout.anchored``."""
    blocks, anchored = layout_text(document.text, list(document.requests.all()))
    return {"blocks": blocks, "anchored": anchored}


# The same escapes as django.utils.html.json_script: nothing in the data can close the script.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A ``<script type="application/ld+json">`` element; `json_script` cannot set the type."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    # Safe: every character that could end the element or start markup is escaped above.
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def _number(value):
    """A coordinate as plain text, so that no locale turns "12.5" into "12,5" in the SVG."""
    return f"{value:g}"


MONTH_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]


@register.inclusion_tag("catalogue/includes/month_chart.html")
def month_chart(years, height=160):
    """An SVG bar chart of documents per month.

    `years` is a list of ``{"year", "months": [12 counts]}``; each bar carries a `<title>` and
    the chart is paired with a data table on the page, so it reads without colour or sight.
    """
    bar, gap, year_gap, left, top, bottom = 6, 2, 8, 36, 12, 28
    peak = max((count for y in years for count in y["months"]), default=0) or 1
    bars, labels = [], []
    x = left
    for y in years:
        labels.append({"x": _number(x + (12 * (bar + gap)) / 2), "text": y["year"]})
        for index, count in enumerate(y["months"]):
            h = round(count / peak * height, 1)
            bars.append(
                {
                    "x": _number(x),
                    "y": _number(top + height - h),
                    "height": _number(h),
                    "count": count,
                    "label": f"{MONTH_ABBREVIATIONS[index]} {y['year']}",
                }
            )
            x += bar + gap
        x += year_gap
    ticks = [
        {"value": v, "y": _number(top + height - round(v / peak * height, 1))} for v in (0, peak)
    ]
    return {
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "width": max(x, left + 1),
        "height": top + height + bottom,
        "axis_y": top + height,
        "label_y": top + height + 18,
        "bar_width": bar,
        "left": left,
    }
