"""The correspondence network from the catalogue: writers to addressees of published documents,
by years, around a person; drawn as SVG with a table; GEXF and GraphML; a merge keeps it."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse
from lxml import etree

from catalogue.correspondence import correspondence
from catalogue.merge import merge_people
from catalogue.models import Status
from catalogue.network import GEXF_NS, GRAPHML_NS
from tests.factories import make_document, make_person, make_recipient, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


@pytest.fixture
def people():
    return {
        key: make_person(name, slug=key)
        for key, name in (
            ("orlov", "Invented Orlov"),
            ("lebedev", "Invented Lebedev"),
            ("zotov", "Invented Zotov"),
            ("kim", "Invented Kim"),
        )
    }


def letter(writer, *to, date="1950-05-01", status=Status.PUBLISHED):
    document = make_document(f"Letter of {writer.name}", author=writer, date=date, status=status)
    for person in to:
        make_recipient(document, person)
    return document


def pairs(network):
    return {(e.source, e.target): e.weight for e in network.edges}


def test_writers_to_addressees_weighted_and_without_drafts(people):
    letter(people["orlov"], people["lebedev"])
    letter(people["orlov"], people["lebedev"], date="1951-02-01")
    letter(people["lebedev"], people["orlov"], people["zotov"])
    letter(people["kim"], people["orlov"], status=Status.DRAFT)
    assert pairs(correspondence()) == {
        ("orlov", "lebedev"): 2,
        ("lebedev", "orlov"): 1,
        ("lebedev", "zotov"): 1,
    }
    assert pairs(correspondence(first_year=1951)) == {("orlov", "lebedev"): 1}
    # Zotov's one correspondent; Lebedev's letters to others are not Zotov's circle.
    assert pairs(correspondence(around="zotov")) == {("lebedev", "zotov"): 1}


def test_merge_of_two_people_keeps_their_network(people):
    letter(people["orlov"], people["lebedev"])
    letter(people["kim"], people["zotov"])
    user = get_user_model().objects.create_user("merging-archivist")
    merge_people(people["orlov"], [people["kim"]], user=user)
    assert pairs(correspondence()) == {("orlov", "lebedev"): 1, ("orlov", "zotov"): 1}


def test_pages_draw_svg_with_a_table_and_downloads(client, people):
    letter(people["orlov"], people["lebedev"])
    letter(people["lebedev"], people["zotov"], date="1952-01-01")
    letter(people["kim"], people["orlov"], status=Status.DRAFT)
    page = client.get(reverse("catalogue:network"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and 'aria-labelledby="network-title"' in html
    assert "<caption>3 people, 2 pairs of correspondents</caption>" in html
    assert "Invented Kim" not in html  # only in a draft
    gexf = client.get(reverse("catalogue:network-download", args=["gexf"]))
    root = etree.fromstring(gexf.content)
    assert len(root.findall(f".//{{{GEXF_NS}}}edge")) == 2
    graphml = client.get(reverse("catalogue:person-network-download", args=["zotov", "graphml"]))
    root = etree.fromstring(graphml.content)
    assert len(root.findall(f".//{{{GRAPHML_NS}}}edge")) == 1
    years = client.get(reverse("catalogue:network"), {"first_year": "1952"}).content.decode()
    assert "1 pair of correspondents" in years
    bad = client.get(reverse("catalogue:network"), {"first_year": "1953", "last_year": "1950"})
    assert bad.status_code == 200 and b"comes after" in bad.content
    assert client.get(reverse("catalogue:network-download", args=["pdf"])).status_code == 404
    assert client.get(reverse("catalogue:person-network", args=["nobody"])).status_code == 404


def test_query_counts(client, people):
    letter(people["orlov"], people["lebedev"])
    letter(people["lebedev"], people["zotov"])
    url = reverse("catalogue:network")
    # Cold: the fingerprint, the busiest kept pairs and their people's names (fewer pairs
    # than a page draws, so they need no count).
    assert queries_for(client, url) == 3
    # Warm: the page's figures and drawing are cached; only the fingerprint is read.
    assert queries_for(client, url) == 1
    person_url = reverse("catalogue:person-network", args=["zotov"])
    # Cold: the person, the fingerprint, their circle (read once, then named by its ids),
    # the pairs within it and the names.
    assert queries_for(client, person_url) == 5
    # Warm: the person and the fingerprint.
    assert queries_for(client, person_url) == 2
    # Downloads: the network's version, the stored file (none yet), the people with their
    # kept sums and names, the ordered pairs and the file stored (in a savepoint: earlier
    # versions' files deleted, the others counted, the file written); then the version alone.
    gexf_url = reverse("catalogue:network-download", args=["gexf"])
    assert queries_for(client, gexf_url) == 9
    assert queries_for(client, gexf_url) == 1


def test_a_large_network_draws_its_busiest_pairs_and_downloads_all(client, monkeypatch):
    from catalogue.views import network as network_views

    monkeypatch.setattr(network_views, "MAX_DRAWN", 2)
    people = [make_person(f"Invented {i}", slug=f"inv-{i}") for i in range(4)]
    letter(people[0], people[1])
    letter(people[0], people[1])
    letter(people[2], people[3])
    letter(people[1], people[2])
    letter(people[1], people[2])
    page = client.get(reverse("catalogue:network")).content.decode()
    assert "the 2 busiest pairs of correspondents of 3" in page
    assert "Invented 3" not in page.split("<table")[1]
    gexf = etree.fromstring(
        client.get(reverse("catalogue:network-download", args=["gexf"])).content
    )
    assert len(gexf.findall(f".//{{{GEXF_NS}}}edge")) == 3
