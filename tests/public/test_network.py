"""The correspondence network: merging, filtering, layout, SVG, GEXF and GraphML (pure, no
database). Outputs are parsed back with lxml, as Gephi or a browser would read them."""

import math

import pytest
from lxml import etree

from catalogue.network import (
    FORCE_LAYOUT_LIMIT,
    GEXF_NS,
    GRAPHML_NS,
    SVG_NS,
    Edge,
    build_network,
    layout,
    to_gexf,
    to_graphml,
    to_svg,
)

S = {"s": SVG_NS}
G = {"g": GEXF_NS, "viz": "http://gexf.net/1.3/viz"}
M = {"m": GRAPHML_NS}

LABELS = {
    "orlov": "P. Orlov",
    "lebedev": "I. Lebedev",
    "zotov": "A. Zotov",
    "odd": 'Smith & <Jones> "the elder"\x01',
}
EDGES = [
    Edge("orlov", "lebedev", 2, (1949, 1950)),
    Edge("orlov", "lebedev", 1, (1951,)),
    Edge("lebedev", "orlov", 1, (1950,)),
    Edge("orlov", "zotov", 1, ()),
    Edge("zotov", "odd", 4, (1952, 1952, 1953, 1953)),
    Edge("zotov", "zotov", 3, (1950,)),
]


def network(**kwargs):
    return build_network(EDGES, LABELS, **kwargs)


class TestBuildNetwork:
    def test_merges_pairs_and_drops_notes_to_oneself(self):
        n = network()
        assert [(e.source, e.target, e.weight, e.years) for e in n.edges] == [
            ("lebedev", "orlov", 1, (1950,)),
            ("orlov", "lebedev", 3, (1949, 1950, 1951)),
            ("orlov", "zotov", 1, ()),
            ("zotov", "odd", 4, (1952, 1952, 1953, 1953)),
        ]
        assert n.nodes == ["lebedev", "odd", "orlov", "zotov"]
        assert n.documents()["orlov"] == (4, 1)

    def test_years_count_only_dated_documents_within_them(self):
        n = network(first_year=1950, last_year=1951)
        assert [(e.source, e.target, e.weight) for e in n.edges] == [
            ("lebedev", "orlov", 1),
            ("orlov", "lebedev", 2),
        ]
        assert n.nodes == ["lebedev", "orlov"]

    def test_around_a_person(self):
        n = network(around="zotov")
        assert n.nodes == ["odd", "orlov", "zotov"]
        assert {(e.source, e.target) for e in n.edges} == {("orlov", "zotov"), ("zotov", "odd")}

    def test_a_person_with_no_correspondence_in_the_years_is_still_shown(self):
        n = network(around="odd", first_year=1945, last_year=1946)
        assert n.edges == [] and n.labels == {"odd": LABELS["odd"]}

    def test_unknown_label_falls_back_to_the_id(self):
        n = build_network([Edge("a", "b")], {"a": "Alpha"})
        assert n.labels == {"a": "Alpha", "b": "b"}


class TestLayout:
    def test_deterministic_and_inside_the_margins(self):
        n = network()
        first = layout(n, width=600, height=400, margin=50)
        assert first == layout(n, width=600, height=400, margin=50)
        assert set(first) == set(n.nodes)
        for x, y in first.values():
            assert 50 - 0.1 <= x <= 550 + 0.1 and 50 - 0.1 <= y <= 350 + 0.1

    def test_people_do_not_sit_on_each_other(self):
        people = [f"p{i}" for i in range(20)]
        edges = [Edge(people[i], people[(i * 7 + 3) % 20], 1 + i % 4) for i in range(20)]
        pos = layout(build_network(edges, {}), width=800, height=600)
        closest = min(math.dist(pos[a], pos[b]) for a in pos for b in pos if a < b)
        assert closest > 24  # two of the largest circles (radius 12) never overlap

    def test_large_networks_go_on_a_circle_busiest_first(self):
        people = [f"p{i:03d}" for i in range(FORCE_LAYOUT_LIMIT + 10)]
        edges = [Edge(p, "p000", 1) for p in people[1:]]
        pos = layout(build_network(edges, {}), width=800, height=600, margin=100)
        assert pos["p000"] == (700.0, 300.0)  # angle 0 on the circle, the busiest
        for x, y in pos.values():
            assert math.isclose(((x - 400) / 300) ** 2 + ((y - 300) / 200) ** 2, 1, rel_tol=1e-6)

    def test_empty_and_single(self):
        assert layout(build_network([], {})) == {}
        n = build_network([Edge("a", "b", 1, (1950,))], {}, around="a", first_year=1960)
        assert n.nodes == []


class TestSvg:
    def test_accessible_name_labels_and_weights(self):
        svg = etree.fromstring(to_svg(network(), title="Letters & telegrams", id_prefix="net"))
        assert svg.tag == f"{{{SVG_NS}}}svg"
        assert svg.get("role") == "img"
        assert svg.get("aria-labelledby") == "net-title"
        assert svg.find("s:title", S).text == "Letters & telegrams"
        assert svg.find("s:title", S).get("id") == "net-title"
        assert "4 persons linked by 9 documents" in svg.find("s:desc", S).text
        labels = [t.text for t in svg.iterfind(".//s:g[@class='node']/s:text", S)]
        assert labels == ["I. Lebedev", 'Smith & <Jones> "the elder"', "P. Orlov", "A. Zotov"]
        widths = {
            g.find("s:title", S).text: float(g.find("s:path", S).get("stroke-width"))
            for g in svg.iterfind(".//s:g[@class='edge']", S)
        }
        assert (
            widths["P. Orlov to I. Lebedev: 3 documents (1949\u20131951)"]
            > widths["I. Lebedev to P. Orlov: 1 document (1950)"]
        )
        assert (
            widths['A. Zotov to Smith & <Jones> "the elder": 4 documents (1952\u20131953)'] == 6.0
        )
        assert "P. Orlov to A. Zotov: 1 document" in widths

    def test_text_is_escaped_in_the_markup(self):
        text = to_svg(network(), title="<script>alert(1)</script>")
        assert "<script>" not in text and "&lt;script&gt;" in text
        assert "Smith &amp; &lt;Jones&gt;" in text
        assert "\x01" not in text

    def test_links_make_a_group_not_an_image(self):
        svg = etree.fromstring(
            to_svg(network(), title="People", href=lambda pid: f"/people/{pid}/?from=a&to=b")
        )
        assert svg.get("role") is None
        links = [a.get("href") for a in svg.iterfind(".//s:a", S)]
        assert "/people/orlov/?from=a&to=b" in links and len(links) == 4

    def test_empty_network_says_so(self):
        svg = etree.fromstring(to_svg(build_network([], {}), title="Nobody"))
        assert svg.find("s:text", S).text == "No correspondence in this selection."

    def test_same_input_same_drawing(self):
        assert to_svg(network(), title="x") == to_svg(network(), title="x")


class TestGexf:
    def test_parses_as_gexf_13_with_weights_labels_and_years(self):
        root = etree.fromstring(to_gexf(network(), creator="Catalogue").encode())
        assert root.tag == f"{{{GEXF_NS}}}gexf" and root.get("version") == "1.3"
        graph = root.find("g:graph", G)
        assert graph.get("defaultedgetype") == "directed"
        nodes = {n.get("id"): n for n in graph.iterfind("g:nodes/g:node", G)}
        assert nodes["odd"].get("label") == 'Smith & <Jones> "the elder"'
        assert nodes["orlov"].find("viz:position", G) is not None
        sent = nodes["orlov"].find("g:attvalues/g:attvalue[@for='sent']", G).get("value")
        assert sent == "4"
        edges = {(e.get("source"), e.get("target")): e for e in graph.iterfind("g:edges/g:edge", G)}
        assert float(edges[("orlov", "lebedev")].get("weight")) == 3.0
        years = {
            v.get("for"): v.get("value")
            for v in edges[("orlov", "lebedev")].iterfind("g:attvalues/g:attvalue", G)
        }
        assert years == {"first_year": "1949", "last_year": "1951"}
        # An edge whose documents are all undated has no years rather than empty ones.
        assert edges[("orlov", "zotov")].find("g:attvalues", G) is None
        # Every edge and attvalue points at something declared.
        declared = {a.get("id") for a in graph.iterfind("g:attributes/g:attribute", G)}
        assert {v.get("for") for v in graph.iterfind(".//g:attvalue", G)} <= declared
        assert {e.get("source") for e in edges.values()} <= set(nodes)
        assert len({e.get("id") for e in edges.values()}) == len(edges)
        assert root.find("g:meta/g:creator", G).text == "Catalogue"


class TestGraphml:
    def test_parses_as_graphml_with_data(self):
        root = etree.fromstring(to_graphml(network()).encode())
        assert root.tag == f"{{{GRAPHML_NS}}}graphml"
        keys = {k.get("id"): k for k in root.iterfind("m:key", M)}
        graph = root.find("m:graph", M)
        assert graph.get("edgedefault") == "directed"
        nodes = {}
        for node in graph.iterfind("m:node", M):
            data = {d.get("key"): d.text for d in node.iterfind("m:data", M)}
            assert set(data) <= set(keys)
            nodes[node.get("id")] = data
        by_person = {d["id"]: (nid, d) for nid, d in nodes.items()}
        assert by_person["odd"][1]["label"] == 'Smith & <Jones> "the elder"'
        edges = {}
        for edge in graph.iterfind("m:edge", M):
            data = {d.get("key"): d.text for d in edge.iterfind("m:data", M)}
            edges[(nodes[edge.get("source")]["id"], nodes[edge.get("target")]["id"])] = data
        assert edges[("orlov", "lebedev")] == {
            "weight": "3.0",
            "first_year": "1949",
            "last_year": "1951",
        }
        assert edges[("orlov", "zotov")] == {"weight": "1.0"}

    @pytest.mark.parametrize("writer", [to_gexf, to_graphml])
    def test_ids_that_are_not_xml_names_still_make_valid_xml(self, writer):
        n = build_network([Edge("1 & 2", "<3>", 2, (1950,))], {"1 & 2": "One\x0b & Two"})
        root = etree.fromstring(writer(n).encode())
        assert "One & Two" in etree.tostring(root, encoding="unicode", method="text") or any(
            el.get("label") == "One & Two" for el in root.iter()
        )
