"""The network's downloads and API answer, written from the database a slice at a time (and
streamed when large), say exactly what catalogue.network's writers say of `correspondence()`:
for the whole catalogue, a span of years and a person, small networks (force layout) and large
ones (circle). A change shows on the next request; query counts are pinned."""

import gzip
import json
import random

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalogue.correspondence import busiest, correspondence
from catalogue.models import Person, Status
from catalogue.network import FORCE_LAYOUT_LIMIT, to_gexf, to_graphml
from catalogue.views import common
from tests.factories import make_document, make_person, make_recipient, queries_for

pytestmark = pytest.mark.django_db

SELECTIONS = (
    {},
    {"first_year": 1951},
    {"first_year": 1950, "last_year": 1951},
    {"around": "inv-0"},
    {"around": "inv-1", "first_year": 1952},
)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def letter(writer, *to, date="1950-05-01", status=Status.PUBLISHED):
    document = make_document("Invented letter", author=writer, date=date, status=status)
    for person in to:
        make_recipient(document, person)
    return document


def invented_catalogue(people, letters, seed=7):
    """`people` invented people (with characters XML must escape in their names) writing
    `letters` letters, some undated, some to two people, a few drafts."""
    rng = random.Random(seed)
    persons = [make_person(f'Invented <{i}> & "Co"', slug=f"inv-{i}") for i in range(people)]
    for _ in range(letters):
        writer, *to = rng.sample(persons, rng.choice((2, 2, 3)))
        date = rng.choice(("1950-05-01", "1951-02-03", "1952-07-08", ""))
        status = Status.DRAFT if rng.random() < 0.1 else Status.PUBLISHED
        letter(writer, *to, date=date, status=status)
    # The second person's circle in 1952, whatever the draw.
    letter(persons[1], persons[0], persons[2], date="1952-07-08")
    return persons


def body(response):
    assert response.status_code == 200
    return response.getvalue().decode()


def query(selection):
    return {k: v for k, v in selection.items() if k != "around"}


def download(client, fmt, selection):
    if "around" in selection:
        url = reverse("catalogue:person-network-download", args=[selection["around"], fmt])
    else:
        url = reverse("catalogue:network-download", args=[fmt])
    return client.get(url, query(selection))


def api_answer(network):
    """The API's answer as it was written from the whole Network in memory."""
    documents = network.documents()
    return {
        "nodes": [
            {
                "id": node,
                "label": network.labels[node],
                "url": f"http://testserver/api/people/{node}/",
                "written": documents[node][0],
                "received": documents[node][1],
            }
            for node in network.nodes
        ],
        "edges": [
            {"source": e.source, "target": e.target, "weight": e.weight, "years": list(e.years)}
            for e in network.edges
        ],
    }


@pytest.mark.parametrize("people", [6, FORCE_LAYOUT_LIMIT + 10])
def test_downloads_and_api_say_what_the_writers_say(client, people):
    invented_catalogue(people, max(people * 2, 40))
    for selection in SELECTIONS:
        network = correspondence(**selection)
        assert network.edges, selection
        assert body(download(client, "gexf", selection)) == to_gexf(network), selection
        assert body(download(client, "graphml", selection)) == to_graphml(network), selection
        params = {("person" if k == "around" else k): v for k, v in selection.items()}
        text = body(client.get(reverse("api:network"), params))
        # Byte for byte what json.dumps wrote, not only the same data.
        assert text == json.dumps(api_answer(network), ensure_ascii=False), selection


def test_empty_selections_write_empty_files(client):
    invented_catalogue(4, 6)
    empty = {"first_year": 1990}
    network = correspondence(**empty)
    assert not network.edges
    assert body(download(client, "gexf", empty)) == to_gexf(network)
    assert body(download(client, "graphml", empty)) == to_graphml(network)
    answer = client.get(reverse("api:network"), {"first_year": 1990}).json()
    assert answer == {"nodes": [], "edges": []}


def test_busiest_pairs_from_the_kept_links_and_the_pair_rows(people=FORCE_LAYOUT_LIMIT + 10):
    invented_catalogue(people, people * 4)
    for selection in SELECTIONS:
        around = selection.get("around")
        if around:
            selection = {**selection, "around": Person.objects.get(slug=around)}
        whole = correspondence(**{**selection, "around": around})
        drawn, pairs, everyone = busiest(**selection, limit=5)
        assert pairs == len(whole.edges) and everyone == len(whole.labels), selection
        heaviest = sorted(e.weight for e in whole.edges)[-5:]
        assert sorted(e.weight for e in drawn.edges) == heaviest, selection
        weights = {(e.source, e.target): e for e in whole.edges}
        for edge in drawn.edges:
            full = weights[(edge.source, edge.target)]
            assert edge.weight == full.weight
            assert edge.years == ((full.years[0], full.years[-1]) if full.years else ())


def test_a_change_shows_on_the_next_request(client):
    people = invented_catalogue(6, 20)
    urls = [
        reverse("catalogue:network-download", args=["gexf"]),
        reverse("catalogue:network-download", args=["graphml"]),
        reverse("api:network"),
        reverse("catalogue:network"),
    ]
    for url in urls:
        assert "Invented Newcomer" not in body(client.get(url))
    newcomer = make_person("Invented Newcomer", slug="newcomer")
    written = letter(newcomer, people[0], date="1953-01-01")
    for url in urls:
        assert "Invented Newcomer" in body(client.get(url)), url
    # Unpublishing takes the letter back at once too.
    written.status = Status.DRAFT
    written.save()
    for url in urls:
        assert "Invented Newcomer" not in body(client.get(url)), url


def whole_network_urls():
    return [
        reverse("catalogue:network-download", args=["gexf"]),
        reverse("catalogue:network-download", args=["graphml"]),
        reverse("catalogue:network-download", args=["gexf"]) + "?first_year=1952",
        reverse("catalogue:person-network-download", args=["inv-1", "graphml"]),
        reverse("api:network"),
    ]


def test_a_change_that_leaves_the_network_alone_builds_nothing(client):
    """A title edit (or a publish that changes no writer or addressee) changes the catalogue
    but not the network: the files already built are served, from this process's cache or,
    for a fresh process, from the database, without reading the pairs again."""
    invented_catalogue(8, 30)
    before = {url: body(client.get(url)) for url in whole_network_urls()}
    edited = letter(Person.objects.get(slug="inv-0"), Person.objects.get(slug="inv-1"))
    before = {url: body(client.get(url)) for url in whole_network_urls()}
    edited.title = "Invented letter, title corrected"
    edited.save()
    edited.status = Status.DRAFT
    edited.save()
    edited.status = Status.PUBLISHED
    edited.save()
    for url in whole_network_urls():
        # The network's version (and, around a person, the person): nothing built again.
        assert queries_for(client, url) == (2 if "/people/" in url else 1), url
        assert body(client.get(url)) == before[url], url
    cache.clear()
    for url in whole_network_urls():
        assert queries_for(client, url) == (3 if "/people/" in url else 2), url
        assert body(client.get(url)) == before[url], url


def test_a_change_of_writer_builds_the_files_again(client):
    people = invented_catalogue(8, 30)
    edited = letter(people[0], people[1], date="1952-07-08")
    for url in whole_network_urls():
        assert "inv-7" in body(client.get(url))
    before = {url: body(client.get(url)) for url in whole_network_urls()}
    newcomer = make_person("Invented Newcomer", slug="newcomer")
    edited.author = newcomer
    edited.save()
    for selection in ({}, {"first_year": 1952}):
        network = correspondence(**selection)
        assert body(download(client, "gexf", selection)) == to_gexf(network)
    for url in whole_network_urls():
        text = body(client.get(url))
        assert text != before[url], url
        assert "newcomer" in text, url
    # A person's new name shows at once too, though no pair changed.
    Person.objects.filter(slug="inv-0").update(name="Invented Renamed")
    person = Person.objects.get(slug="inv-0")
    person.save()
    for url in whole_network_urls():
        assert "Invented Renamed" in body(client.get(url)), url


def test_the_digest_follows_the_pair_rows():
    from catalogue import pairs
    from catalogue.models import NetworkVersion

    people = invented_catalogue(6, 20)

    def digest():
        return NetworkVersion.objects.get(pk=1).digest

    assert digest() == pairs.digest_of(pairs.kept()[0])
    edited = letter(people[0], people[1], people[2], date="1951-02-03")
    published = digest()
    edited.status = Status.DRAFT
    edited.save()
    assert digest() != published
    assert digest() == pairs.digest_of(pairs.kept()[0])
    edited.status = Status.PUBLISHED
    edited.save()
    # The same rows, the same digest: whatever was built for them still holds.
    assert digest() == published
    pairs.rebuild()
    assert digest() == published


def test_large_answers_stream_then_come_from_the_cache(client, monkeypatch):
    invented_catalogue(FORCE_LAYOUT_LIMIT + 10, 200)
    monkeypatch.setattr(common, "STREAM_ABOVE", 1000)
    for url in (reverse("catalogue:network-download", args=["gexf"]), reverse("api:network")):
        first = client.get(url)
        assert isinstance(first, StreamingHttpResponse)
        text = body(first)
        # Kept once sent: the next request reads the network's version alone.
        assert queries_for(client, url) == 1
        assert body(client.get(url)) == text


def test_a_large_file_goes_gzipped_to_a_client_that_accepts_it(client, monkeypatch):
    invented_catalogue(FORCE_LAYOUT_LIMIT + 10, 200)
    monkeypatch.setattr(common, "STREAM_ABOVE", 1000)
    for url in (reverse("catalogue:network-download", args=["gexf"]), reverse("api:network")):
        # Nothing stored yet: the text is built and sent as it is, then stored.
        first = client.get(url, headers={"accept-encoding": "gzip, deflate"})
        assert not first.has_header("Content-Encoding")
        text = body(first)
        packed = client.get(url, headers={"accept-encoding": "gzip, deflate"})
        assert packed["Content-Encoding"] == "gzip"
        assert packed["Vary"] == "Accept-Encoding"
        assert gzip.decompress(packed.content).decode() == text
        # The version, then the gzip file from this process's cache.
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, headers={"accept-encoding": "gzip"}).status_code == 200
        assert len(captured) == 1
        # A client that does not ask for gzip gets the text, with the same Vary.
        plain = client.get(url)
        assert not plain.has_header("Content-Encoding") and plain["Vary"] == "Accept-Encoding"
        assert body(plain) == text
    # A small file is sent as it is whatever the client accepts (the page cache may keep it).
    monkeypatch.setattr(common, "STREAM_ABOVE", 10**9)
    small = client.get(reverse("api:network"), headers={"accept-encoding": "gzip"})
    assert not small.has_header("Content-Encoding") and not small.has_header("Vary")


def test_a_damaged_stored_file_is_built_again(client):
    from catalogue.models import NetworkFile

    invented_catalogue(6, 20)
    url = reverse("catalogue:network-download", args=["gexf"])
    text = body(client.get(url))
    NetworkFile.objects.update(content=b"not a gzip file")
    cache.clear()
    assert body(client.get(url)) == text
    assert gzip.decompress(NetworkFile.objects.get().content).decode() == text


def test_stored_files_are_bounded_and_storing_is_best_effort(client, monkeypatch):
    from catalogue.models import NetworkFile

    invented_catalogue(6, 20)
    monkeypatch.setattr(common, "MAX_STORED_FILES", 2)
    years = [{"first_year": year} for year in (1950, 1951, 1952)]
    url = reverse("catalogue:network-download", args=["gexf"])
    for params in years:
        body(client.get(url, params))
    assert NetworkFile.objects.count() == 2
    # Files of an earlier version of the network go when the next is stored.
    letter(make_person("Invented Late Writer"), Person.objects.get(slug="inv-0"))
    body(client.get(url))
    assert NetworkFile.objects.count() == 1
    # A database that refuses the write still gives the visitor the file.
    NetworkFile.objects.all().delete()

    def refuse(*args, **kwargs):
        raise common.DatabaseError("database is locked")

    monkeypatch.setattr(NetworkFile.objects, "bulk_create", refuse)
    cache.clear()
    assert "Invented Late Writer" in body(client.get(url))
    assert not NetworkFile.objects.exists()


@pytest.mark.parametrize(
    "header, accepted",
    [
        ("gzip", True),
        ("gzip, deflate, br", True),
        ("deflate, GZIP;q=0.5", True),
        ("gzip;q=0", False),
        ("gzip; q=0.0, deflate", False),
        ("identity", False),
        ("x-gzip", False),
        ("", False),
    ],
)
def test_accepts_gzip(header, accepted):
    assert common.accepts_gzip(header) is accepted


def test_a_pair_written_after_the_people_were_read_names_no_missing_node(client, monkeypatch):
    import xml.etree.ElementTree as ET

    from catalogue import correspondence as module

    invented_catalogue(6, 20)
    read_people = module._people

    def one_fewer(*args, **kwargs):
        # As if the first person's first letter came between the two reads.
        return [row for row in read_people(*args, **kwargs) if row[0] != "inv-0"]

    monkeypatch.setattr(module, "_people", one_fewer)
    for fmt in ("gexf", "graphml"):
        tree = ET.fromstring(body(client.get(reverse("catalogue:network-download", args=[fmt]))))
        ids = {e.get("id") for e in tree.iter() if e.tag.endswith("}node")}
        edges = [e for e in tree.iter() if e.tag.endswith("}edge")]
        assert edges and all({e.get("source"), e.get("target")} <= ids for e in edges), fmt
    data = json.loads(body(client.get(reverse("api:network"))))
    slugs = {node["id"] for node in data["nodes"]}
    assert "inv-0" not in slugs and data["edges"]
    assert all({e["source"], e["target"]} <= slugs for e in data["edges"])


def test_query_counts(client, monkeypatch):
    from catalogue.views import network as network_views

    invented_catalogue(FORCE_LAYOUT_LIMIT + 10, 200)
    # The whole network's people are kept summed: the network's version, the stored file
    # (none yet), the people with their names, the ordered pairs, the file stored (four: in a
    # savepoint, earlier versions' files deleted, the others counted, the file written).
    assert queries_for(client, reverse("catalogue:network-download", args=["graphml"])) == 9
    # The API reads the pair rows, which hold the years, for its pairs.
    assert queries_for(client, reverse("api:network")) == 9
    # A span of years: documents written and received are grouped, with the names.
    url = reverse("catalogue:network-download", args=["gexf"]) + "?first_year=1951"
    assert queries_for(client, url) == 10
    # A person: the public person (the view's 404), the version, the stored file, the person
    # again, their circle, then as above; next time the person and the version.
    url = reverse("catalogue:person-network-download", args=["inv-0", "gexf"])
    assert queries_for(client, url) == 13
    assert queries_for(client, url) == 2
    # A process that has not sent it yet reads the stored file.
    cache.clear()
    assert queries_for(client, url) == 3
    # The pages, when there are more pairs than drawn: the fingerprint, the busiest, the
    # number of pairs, the number of people (kept for the whole network; with years counted),
    # the names.
    monkeypatch.setattr(network_views, "MAX_DRAWN", 5)
    assert queries_for(client, reverse("catalogue:network")) == 5
    assert queries_for(client, reverse("catalogue:network") + "?first_year=1950") == 5
    # Around a person: the person, the fingerprint, the circle, the busiest, the number of
    # pairs, the names (the people are the circle).
    assert queries_for(client, reverse("catalogue:person-network", args=["inv-0"])) == 6


@pytest.mark.parametrize("as_list", [0, 4, 500])
def test_every_way_of_reading_a_circle_agrees(client, monkeypatch, as_list):
    """A circle named by its ids, by the people outside it, or as a subquery: the same."""
    from catalogue import correspondence as module

    monkeypatch.setattr(module, "CIRCLE_AS_LIST", as_list)
    invented_catalogue(12, 60)
    for selection in ({"around": "inv-0"}, {"around": "inv-1", "first_year": 1951}):
        network = correspondence(**selection)
        assert body(download(client, "gexf", selection)) == to_gexf(network), selection
        person = Person.objects.get(slug=selection["around"])
        drawn, pairs, people = busiest(**{**selection, "around": person}, limit=3)
        assert (pairs, people) == (len(network.edges), len(network.labels)), selection
