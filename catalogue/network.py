"""The correspondence network: who wrote to whom, weighted by documents, laid out and drawn as
SVG on the server, and written as GEXF 1.3 and GraphML for Gephi and other tools.

Pure: plain data in, text out, no Django, so that views, the API and management commands can
share it and tests can check it alone. The catalogue gathers the edges (one per document from
its writer to each addressee, drafts left out); this module merges, filters and draws them.

The layout is deterministic (a fixed seed, nodes in sorted order) so that the same catalogue
draws the same picture on every request and a cached SVG never changes under a reader. It needs
no dependency beyond the standard library: a force-directed layout for the graphs a person's
page shows, a circle for very large ones, where a force layout in pure Python would be slow.

Every text (names come from seed documents) is escaped by ElementTree, and characters that XML
1.0 forbids are dropped, so the outputs are always well-formed.
"""

from __future__ import annotations

import math
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ_NS = "http://gexf.net/1.3/viz"
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"

# Above this many people the force layout's n² steps cost too much on a page request (about
# 0.3 s at 50 people); a person's own circle of correspondents is usually far smaller. Views
# should still cache the drawing: it changes only when documents do.
FORCE_LAYOUT_LIMIT = 50


@dataclass(frozen=True)
class Edge:
    """Documents from `source` to `target` (ids of people). `years` holds the year of each
    dated document counted in `weight` (fewer than `weight` when some are undated)."""

    source: str
    target: str
    weight: int = 1
    years: tuple[int, ...] = ()


@dataclass
class Network:
    """People (id -> label) and one merged edge per ordered pair of people."""

    labels: dict[str, str] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    @property
    def nodes(self) -> list[str]:
        """Ids of the people in the network, sorted: the order everything is drawn in."""
        return sorted(self.labels)

    def documents(self) -> dict[str, tuple[int, int]]:
        """(documents written, documents received) of each person within the network, in one
        pass over the edges."""
        sent = dict.fromkeys(self.labels, 0)
        received = dict.fromkeys(self.labels, 0)
        for e in self.edges:
            sent[e.source] += e.weight
            received[e.target] += e.weight
        return {n: (sent[n], received[n]) for n in self.labels}


def build_network(
    edges: Iterable[Edge],
    labels: Mapping[str, str],
    *,
    first_year: int | None = None,
    last_year: int | None = None,
    around: str | None = None,
) -> Network:
    """Merge edges between the same two people, keep those in the years asked for, and, with
    `around`, only that person's correspondents and the letters among them.

    With a year bound, an edge counts only its documents dated within it: undated documents
    cannot be placed in a period. A person without a label is labelled by their id.
    """
    merged: dict[tuple[str, str], tuple[int, list[int]]] = {}
    for edge in edges:
        if edge.source == edge.target:
            continue  # a note to oneself is not correspondence
        weight, years = edge.weight, list(edge.years)
        if first_year is not None or last_year is not None:
            years = [
                y
                for y in years
                if (first_year is None or y >= first_year) and (last_year is None or y <= last_year)
            ]
            weight = len(years)
        if weight <= 0:
            continue
        total, seen = merged.get((edge.source, edge.target), (0, []))
        merged[(edge.source, edge.target)] = (total + weight, seen + years)
    if around is not None:
        circle = (
            {around} | {s for s, t in merged if t == around} | {t for s, t in merged if s == around}
        )
        merged = {k: v for k, v in merged.items() if k[0] in circle and k[1] in circle}
    network = Network()
    for (source, target), (weight, years) in sorted(merged.items()):
        network.edges.append(Edge(source, target, weight, tuple(sorted(years))))
        for node in (source, target):
            network.labels[node] = str(labels.get(node) or node)
    if around is not None and around not in network.labels and around in labels:
        network.labels[around] = str(labels[around])
    return network


# ---------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------


def layout(
    network: Network,
    *,
    width: float = 800,
    height: float = 600,
    margin: float = 90,
    seed: int = 1945,
    iterations: int = 120,
) -> dict[str, tuple[float, float]]:
    """Positions of the people inside width × height, `margin` kept clear for labels.

    Fruchterman–Reingold with a fixed seed up to FORCE_LAYOUT_LIMIT people; beyond, a circle
    in order of documents, busiest first, which stays readable as a list does.
    """
    nodes = network.nodes
    if not nodes:
        return {}
    cx, cy = width / 2, height / 2
    rx, ry = max(width / 2 - margin, 1), max(height / 2 - margin, 1)
    if len(nodes) == 1:
        return {nodes[0]: (cx, cy)}
    if len(nodes) > FORCE_LAYOUT_LIMIT:
        return circle_layout(network.documents(), width=width, height=height, margin=margin)
    return _force_layout(network, nodes, cx, cy, rx, ry, seed, iterations)


def circle_layout(
    documents: Mapping[str, tuple[int, int]],
    *,
    width: float = 800,
    height: float = 600,
    margin: float = 90,
) -> dict[str, tuple[float, float]]:
    """People ({id: (written, received)}) on a circle in order of documents, busiest first:
    the layout of networks too large for the force layout, which needs no edges."""
    cx, cy = width / 2, height / 2
    rx, ry = max(width / 2 - margin, 1), max(height / 2 - margin, 1)
    busy = sorted(documents, key=lambda n: (-sum(documents[n]), n))
    return {
        n: (
            cx + rx * math.cos(2 * math.pi * i / len(busy)),
            cy + ry * math.sin(2 * math.pi * i / len(busy)),
        )
        for i, n in enumerate(busy)
    }


def _force_layout(network, nodes, cx, cy, rx, ry, seed, iterations):
    rng = random.Random(seed)
    # Start on a circle with a little seeded noise: a plain random start can leave a node
    # trapped on the wrong side of its neighbours.
    pos = {
        n: [
            math.cos(2 * math.pi * i / len(nodes)) + rng.uniform(-0.05, 0.05),
            math.sin(2 * math.pi * i / len(nodes)) + rng.uniform(-0.05, 0.05),
        ]
        for i, n in enumerate(nodes)
    }
    links: dict[tuple[str, str], int] = {}
    for e in network.edges:
        key = (min(e.source, e.target), max(e.source, e.target))
        links[key] = links.get(key, 0) + e.weight
    # Ideal distance: the 2 × 2 square shared out, generously, since labels need room.
    k = 1.6 * math.sqrt(4.0 / len(nodes))
    temperature = 0.2
    for _ in range(iterations):
        disp = {n: [0.0, 0.0] for n in nodes}
        for i, a in enumerate(nodes):
            pa = pos[a]
            for b in nodes[i + 1 :]:
                pb = pos[b]
                dx, dy = pa[0] - pb[0], pa[1] - pb[1]
                dist = max(math.hypot(dx, dy), 1e-4)
                force = k * k / dist
                disp[a][0] += dx / dist * force
                disp[a][1] += dy / dist * force
                disp[b][0] -= dx / dist * force
                disp[b][1] -= dy / dist * force
        for (a, b), weight in links.items():
            pa, pb = pos[a], pos[b]
            dx, dy = pa[0] - pb[0], pa[1] - pb[1]
            dist = max(math.hypot(dx, dy), 1e-4)
            # Heavier correspondence pulls a little harder, not proportionally: one busy pair
            # must not collapse onto a single point.
            force = dist * dist / k * (1 + 0.5 * math.log(weight))
            disp[a][0] -= dx / dist * force
            disp[a][1] -= dy / dist * force
            disp[b][0] += dx / dist * force
            disp[b][1] += dy / dist * force
        for n in nodes:
            # A weak pull to the centre keeps people who wrote to nobody else in the picture.
            disp[n][0] -= pos[n][0] * 0.02
            disp[n][1] -= pos[n][1] * 0.02
            dx, dy = disp[n]
            length = max(math.hypot(dx, dy), 1e-9)
            step = min(length, temperature)
            pos[n][0] += dx / length * step
            pos[n][1] += dy / length * step
        temperature = max(temperature * 0.96, 0.002)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    spanx = max(max(xs) - min(xs), 1e-9)
    spany = max(max(ys) - min(ys), 1e-9)
    screen = {
        n: [
            cx - rx + 2 * rx * (pos[n][0] - min(xs)) / spanx,
            cy - ry + 2 * ry * (pos[n][1] - min(ys)) / spany,
        ]
        for n in nodes
    }
    _spread(screen, nodes, cx - rx, cx + rx, cy - ry, cy + ry)
    return {n: (round(screen[n][0], 1), round(screen[n][1], 1)) for n in nodes}


# Circles are at most 12 px in radius: centres this far apart never overlap, with a gap.
_MIN_GAP = 30.0


def _spread(screen, nodes, left, right, top, bottom, rounds: int = 30) -> None:
    """Push apart, in screen space, circles the force layout left touching: stretching the
    layout to the picture's proportions can squeeze two people together."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(nodes):
            for b in nodes[i + 1 :]:
                pa, pb = screen[a], screen[b]
                dx, dy = pb[0] - pa[0], pb[1] - pa[1]
                dist = math.hypot(dx, dy)
                if dist >= _MIN_GAP:
                    continue
                if dist < 1e-6:
                    dx, dy, dist = 1.0, 0.0, 1.0  # same spot: part them sideways
                push = (_MIN_GAP - dist) / 2
                for p, sign in ((pa, -1), (pb, 1)):
                    p[0] = min(max(p[0] + sign * dx / dist * push, left), right)
                    p[1] = min(max(p[1] + sign * dy / dist * push, top), bottom)
                moved = True
        if not moved:
            return


# ---------------------------------------------------------------------------
# Text safe for XML
# ---------------------------------------------------------------------------

_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(value: object) -> str:
    """Text XML 1.0 can hold: ElementTree escapes <, & and quotes but writes control
    characters as they are, which no XML parser accepts."""
    return _NOT_XML.sub("", str(value))


def _years_text(years: tuple[int, ...]) -> str:
    if not years:
        return ""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}\u2013{years[-1]}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


# ---------------------------------------------------------------------------
# SVG
# ---------------------------------------------------------------------------


def to_svg(
    network: Network,
    *,
    title: str,
    description: str = "",
    width: int = 800,
    height: int = 600,
    positions: Mapping[str, tuple[float, float]] | None = None,
    href: Callable[[str], str] | None = None,
    id_prefix: str = "network",
) -> str:
    """The network as an inline SVG: an accessible name (`<title>`) and description, each
    person a labelled circle sized by documents, each edge an arrow whose width grows with
    the documents it stands for and whose `<title>` says how many.

    `href(id)` links each person to a page; the picture then is a group of links rather than
    one image, so it is not marked role="img" (which would hide the links from screen
    readers). `id_prefix` keeps ids unique when a page shows two networks.
    """
    positions = positions if positions is not None else layout(network, width=width, height=height)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    svg = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width} {height}",
            "width": str(width),
            "height": str(height),
            "class": "network",
            "aria-labelledby": title_id,
            "aria-describedby": desc_id,
        },
    )
    if href is None:
        svg.set("role", "img")
    ET.SubElement(svg, "title", {"id": title_id}).text = _clean(title)
    people, letters = len(network.labels), sum(e.weight for e in network.edges)
    desc = description or (
        f"{_plural(people, 'person')} linked by {_plural(letters, 'document')}; "
        "arrows point from writer to addressee, thicker for more documents."
    )
    ET.SubElement(svg, "desc", {"id": desc_id}).text = _clean(desc)

    defs = ET.SubElement(svg, "defs")
    marker = ET.SubElement(
        defs,
        "marker",
        {
            "id": f"{id_prefix}-arrow",
            "viewBox": "0 0 10 10",
            "refX": "9",
            "refY": "5",
            "markerWidth": "6",
            "markerHeight": "6",
            "markerUnits": "userSpaceOnUse",
            "orient": "auto",
        },
    )
    ET.SubElement(marker, "path", {"d": "M0,0 L10,5 L0,10 z", "fill": "#555"})

    if not network.labels:
        ET.SubElement(
            svg,
            "text",
            {"x": str(width / 2), "y": str(height / 2), "text-anchor": "middle"},
        ).text = "No correspondence in this selection."
        return ET.tostring(svg, encoding="unicode")

    documents = network.documents()
    degree = {n: sum(documents[n]) for n in network.nodes}
    max_degree = max(degree.values()) or 1
    radius = {n: 5 + 7 * math.sqrt(degree[n] / max_degree) for n in network.nodes}
    max_weight = max((e.weight for e in network.edges), default=1)

    edges_group = ET.SubElement(
        svg, "g", {"class": "edges", "fill": "none", "stroke": "#555", "stroke-opacity": "0.6"}
    )
    for edge in network.edges:
        (x1, y1), (x2, y2) = positions[edge.source], positions[edge.target]
        path = _curve(x1, y1, x2, y2, radius[edge.source], radius[edge.target])
        stroke = 1 + 5 * math.sqrt((edge.weight - 1) / max(max_weight - 1, 1))
        g = ET.SubElement(edges_group, "g", {"class": "edge"})
        span = _years_text(edge.years)
        ET.SubElement(g, "title").text = _clean(
            f"{network.labels[edge.source]} to {network.labels[edge.target]}: "
            f"{_plural(edge.weight, 'document')}" + (f" ({span})" if span else "")
        )
        ET.SubElement(
            g,
            "path",
            {
                "d": path,
                "stroke-width": f"{stroke:.1f}",
                "marker-end": f"url(#{id_prefix}-arrow)",
            },
        )

    nodes_group = ET.SubElement(svg, "g", {"class": "nodes"})
    for node in network.nodes:
        x, y = positions[node]
        label = _clean(network.labels[node])
        sent, received = documents[node]
        parent = nodes_group
        if href is not None:
            parent = ET.SubElement(nodes_group, "a", {"href": _clean(href(node))})
        g = ET.SubElement(parent, "g", {"class": "node"})
        ET.SubElement(
            g, "title"
        ).text = f"{label}: wrote {_plural(sent, 'document')}, received {received}"
        ET.SubElement(
            g,
            "circle",
            {
                "cx": f"{x:.1f}",
                "cy": f"{y:.1f}",
                "r": f"{radius[node]:.1f}",
                "fill": "#1f5f8b",
                "stroke": "#fff",
                "stroke-width": "1.5",
            },
        )
        # Labels point away from the centre so that they stay inside the picture.
        right = x >= width / 2
        ET.SubElement(
            g,
            "text",
            {
                "x": f"{x - radius[node] - 4 if right else x + radius[node] + 4:.1f}",
                "y": f"{y + 4:.1f}",
                "text-anchor": "end" if right else "start",
                "font-size": "12",
                "font-family": "sans-serif",
                "fill": "#111",
            },
        ).text = label
    return ET.tostring(svg, encoding="unicode")


def _curve(x1: float, y1: float, x2: float, y2: float, r1: float, r2: float) -> str:
    """A gently bent path from the edge of one circle to the edge of the other. Bending to
    the right of the direction of travel keeps A→B and B→A apart."""
    dx, dy = x2 - x1, y2 - y1
    dist = math.hypot(dx, dy) or 1.0
    ux, uy = dx / dist, dy / dist
    bend = min(dist * 0.15, 40)
    mx, my = (x1 + x2) / 2 - uy * bend, (y1 + y2) / 2 + ux * bend
    # Start and end on the circles, aimed at the control point.
    sx, sy = _towards(x1, y1, mx, my, r1)
    ex, ey = _towards(x2, y2, mx, my, r2 + 1)
    return f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}"


def _towards(x: float, y: float, tx: float, ty: float, r: float) -> tuple[float, float]:
    d = math.hypot(tx - x, ty - y) or 1.0
    return x + (tx - x) / d * r, y + (ty - y) / d * r


# ---------------------------------------------------------------------------
# GEXF 1.3 and GraphML
# ---------------------------------------------------------------------------


def to_gexf(
    network: Network,
    *,
    description: str = "",
    creator: str = "",
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """GEXF 1.3 for Gephi: people with labels, documents written and received, and their
    position in the server's drawing; directed edges weighted by documents, with their first
    and last year."""
    root = ET.Element(
        "gexf",
        {
            "xmlns": GEXF_NS,
            "xmlns:viz": GEXF_VIZ_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{GEXF_NS} http://gexf.net/1.3/gexf.xsd",
            "version": "1.3",
        },
    )
    meta = ET.SubElement(root, "meta")
    if creator:
        ET.SubElement(meta, "creator").text = _clean(creator)
    ET.SubElement(meta, "description").text = _clean(
        description or "Correspondence network: who wrote to whom, weighted by documents."
    )
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    node_attrs = ET.SubElement(graph, "attributes", {"class": "node"})
    for aid, title in (("sent", "documents written"), ("received", "documents received")):
        ET.SubElement(node_attrs, "attribute", {"id": aid, "title": title, "type": "integer"})
    edge_attrs = ET.SubElement(graph, "attributes", {"class": "edge"})
    for aid, title in (("first_year", "first year"), ("last_year", "last year")):
        ET.SubElement(edge_attrs, "attribute", {"id": aid, "title": title, "type": "integer"})

    positions = positions if positions is not None else layout(network)
    documents = network.documents()
    nodes = ET.SubElement(graph, "nodes")
    for node in network.nodes:
        el = ET.SubElement(
            nodes, "node", {"id": _clean(node), "label": _clean(network.labels[node])}
        )
        sent, received = documents[node]
        values = ET.SubElement(el, "attvalues")
        for aid, value in (("sent", sent), ("received", received)):
            ET.SubElement(values, "attvalue", {"for": aid, "value": str(value)})
        if node in positions:
            x, y = positions[node]
            # GEXF's y axis points up, SVG's down.
            ET.SubElement(
                el,
                "viz:position",
                {"x": f"{x:.1f}", "y": f"{-y:.1f}", "z": "0.0"},
            )
    edges = ET.SubElement(graph, "edges")
    for i, edge in enumerate(network.edges):
        el = ET.SubElement(
            edges,
            "edge",
            {
                "id": str(i),
                "source": _clean(edge.source),
                "target": _clean(edge.target),
                "weight": f"{float(edge.weight)}",
            },
        )
        if edge.years:
            values = ET.SubElement(el, "attvalues")
            for aid, value in (("first_year", edge.years[0]), ("last_year", edge.years[-1])):
                ET.SubElement(values, "attvalue", {"for": aid, "value": str(value)})
    return _document(root)


def to_graphml(network: Network) -> str:
    """GraphML: the same people and weighted directed edges. GraphML ids must be XML name
    tokens, so people are numbered n0, n1, ... and their own ids kept as data."""
    root = ET.Element(
        "graphml",
        {
            "xmlns": GRAPHML_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": (
                f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
            ),
        },
    )
    keys = (
        ("id", "node", "person", "string"),
        ("label", "node", "label", "string"),
        ("sent", "node", "documents written", "int"),
        ("received", "node", "documents received", "int"),
        ("weight", "edge", "weight", "double"),
        ("first_year", "edge", "first year", "int"),
        ("last_year", "edge", "last year", "int"),
    )
    for kid, scope, name, kind in keys:
        ET.SubElement(
            root,
            "key",
            {"id": kid, "for": scope, "attr.name": name, "attr.type": kind},
        )
    graph = ET.SubElement(root, "graph", {"id": "correspondence", "edgedefault": "directed"})
    number = {node: f"n{i}" for i, node in enumerate(network.nodes)}
    documents = network.documents()
    for node in network.nodes:
        el = ET.SubElement(graph, "node", {"id": number[node]})
        sent, received = documents[node]
        for kid, value in (
            ("id", node),
            ("label", network.labels[node]),
            ("sent", sent),
            ("received", received),
        ):
            ET.SubElement(el, "data", {"key": kid}).text = _clean(value)
    for i, edge in enumerate(network.edges):
        el = ET.SubElement(
            graph,
            "edge",
            {"id": f"e{i}", "source": number[edge.source], "target": number[edge.target]},
        )
        ET.SubElement(el, "data", {"key": "weight"}).text = f"{float(edge.weight)}"
        if edge.years:
            ET.SubElement(el, "data", {"key": "first_year"}).text = str(edge.years[0])
            ET.SubElement(el, "data", {"key": "last_year"}).text = str(edge.years[-1])
    return _document(root)


def _document(root: ET.Element) -> str:
    """The tree as an XML document. Namespaces are declared as plain attributes on the root
    (ElementTree's own namespace handling writes "ns0:" prefixes, or refuses unprefixed
    attributes under a default namespace), so the output reads as the formats' examples do."""
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# ---------------------------------------------------------------------------
# Streamed GEXF and GraphML
# ---------------------------------------------------------------------------
#
# A whole catalogue has a hundred thousand pairs: building them as Edge objects and an
# ElementTree takes seconds. The writers below take people and pairs as plain rows, already
# merged and sorted (the database does it), and write the same text as to_gexf and to_graphml
# a slice at a time, so the first bytes leave at once and memory stays flat.

# People: (id, label, documents written, documents received), sorted by id.
Person = tuple[str, str, int, int]
# Pairs: (source id, target id, documents, first year or None, last year or None), sorted by
# source and target id.
Pair = tuple[str, str, int, "int | None", "int | None"]

# Rows per slice of a streamed file.
SLICE = 2000


def _attr(value: object) -> str:
    """An attribute value as ElementTree writes it (after dropping what XML forbids)."""
    text = _clean(value)
    for plain, escaped in (
        ("&", "&amp;"),
        ("<", "&lt;"),
        (">", "&gt;"),
        ('"', "&quot;"),
        ("\r", "&#13;"),
        ("\n", "&#10;"),
        ("\t", "&#09;"),
    ):
        if plain in text:
            text = text.replace(plain, escaped)
    return text


def _text(value: object) -> str:
    """Element text as ElementTree writes it."""
    return _clean(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _small(people: list[Person], pairs: Iterable[Pair]) -> Network | None:
    """The whole Network when it is small enough for the force layout (or empty): then the
    writers above do the work, and the drawing's positions are the same as on the page."""
    if people and len(people) > FORCE_LAYOUT_LIMIT:
        return None
    network = Network(labels={p[0]: p[1] for p in people})
    for source, target, weight, first, last in pairs:
        years = tuple(y for y in (first, last) if y is not None)
        network.edges.append(Edge(source, target, weight, years))
    return network


def gexf_chunks(people: list[Person], pairs: Iterable[Pair], *, description: str = ""):
    """to_gexf of the network of these people and pairs, in slices (see above). A network
    beyond FORCE_LAYOUT_LIMIT people is laid out on a circle, as `layout` does."""
    small = _small(people, pairs) if len(people) <= FORCE_LAYOUT_LIMIT else None
    if small is not None:
        yield to_gexf(small, description=description)
        return
    head = to_gexf(Network(), description=description)
    # The empty graph's self-closed nodes and edges are where the rows go.
    head = head[: head.index("    <nodes />")]
    positions = circle_layout({p[0]: (p[2], p[3]) for p in people})
    ids = {}
    out = [head, "    <nodes>\n"]
    for node, label, sent, received in people:
        ids[node] = _attr(node)
        x, y = positions[node]
        out.append(
            f'      <node id="{ids[node]}" label="{_attr(label)}">\n'
            "        <attvalues>\n"
            f'          <attvalue for="sent" value="{sent}" />\n'
            f'          <attvalue for="received" value="{received}" />\n'
            "        </attvalues>\n"
            f'        <viz:position x="{x:.1f}" y="{-y:.1f}" z="0.0" />\n'
            "      </node>\n"
        )
    out.append("    </nodes>\n")
    edges = False
    for i, (source, target, weight, first, last) in enumerate(pairs):
        if not edges:
            out.append("    <edges>\n")
            edges = True
        line = (
            f'      <edge id="{i}" source="{ids[source]}" target="{ids[target]}" '
            f'weight="{float(weight)}"'
        )
        if first is None:
            out.append(line + " />\n")
        else:
            out.append(
                f"{line}>\n"
                "        <attvalues>\n"
                f'          <attvalue for="first_year" value="{first}" />\n'
                f'          <attvalue for="last_year" value="{last}" />\n'
                "        </attvalues>\n"
                "      </edge>\n"
            )
        if len(out) >= SLICE:
            yield "".join(out)
            out = []
    out.append("    </edges>\n" if edges else "    <edges />\n")
    out.append("  </graph>\n</gexf>")
    yield "".join(out)


def graphml_chunks(people: list[Person], pairs: Iterable[Pair]):
    """to_graphml of the network of these people and pairs, in slices (see above)."""
    if not people:
        yield to_graphml(Network())
        return
    head = to_graphml(Network())
    head = head[: head.index("  <graph ")]
    out = [head, '  <graph id="correspondence" edgedefault="directed">\n']
    number = {}
    for i, (node, label, sent, received) in enumerate(people):
        number[node] = f"n{i}"
        out.append(
            f'    <node id="n{i}">\n'
            f'      <data key="id">{_text(node)}</data>\n'
            f'      <data key="label">{_text(label)}</data>\n'
            f'      <data key="sent">{sent}</data>\n'
            f'      <data key="received">{received}</data>\n'
            "    </node>\n"
        )
    for i, (source, target, weight, first, last) in enumerate(pairs):
        years = (
            ""
            if first is None
            else (
                f'      <data key="first_year">{first}</data>\n'
                f'      <data key="last_year">{last}</data>\n'
            )
        )
        out.append(
            f'    <edge id="e{i}" source="{number[source]}" target="{number[target]}">\n'
            f'      <data key="weight">{float(weight)}</data>\n'
            f"{years}"
            "    </edge>\n"
        )
        if len(out) >= SLICE:
            yield "".join(out)
            out = []
    out.append("  </graph>\n</graphml>")
    yield "".join(out)
