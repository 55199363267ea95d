"""The correspondence network read from the catalogue's kept pair counts (catalogue.pairs):
one edge from each writer (the author, or the sender when no author is known) to each
addressee of a published document, counted by year. Drafts are never counted.
`catalogue.network` merges, filters, lays out and draws the edges.

People are the network's ids by slug, so a merge of two people (which moves every row that
names them, PERSON_LINKS, and with them the counts) leaves the survivor with both their
correspondence.

A page reads the busiest pairs of its selection: without a span of years from the kept
links in the order of their index, with one from the pair rows of those years grouped in the
database; so a page costs a bounded read however large the catalogue. The downloads and the
API hold every pair of the selection: they read the people and the pairs grouped and ordered
in the database and write them a slice at a time (`download_chunks`, `api_chunks`), never
holding every pair in Python. `correspondence()` builds the same network whole, in memory:
the reference the tests compare those slices with.
"""

import json

from django.db import connection
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, Sum
from django.db.models.functions import Collate

from .models import CorrespondenceLink, CorrespondencePair, Correspondent, Person
from .network import SLICE, Edge, Network, build_network, gexf_chunks, graphml_chunks

# A person's circle up to this many correspondents is named in the query as a list of ids,
# which the (writer, addressee) indexes answer at once. A larger one (a head of state writes
# to nearly everyone) is most of the selection: then the few people outside it are named
# instead, and failing that the circle is a subquery.
CIRCLE_AS_LIST = 500


def _in_years(first_year=None, last_year=None):
    """The pair rows of the years asked; undated documents' rows (year 0) only without a
    bound."""
    rows = CorrespondencePair.objects.order_by()
    if first_year is not None or last_year is not None:
        rows = rows.filter(year__gt=0)
    if first_year is not None:
        rows = rows.filter(year__gte=first_year)
    if last_year is not None:
        rows = rows.filter(year__lte=last_year)
    return rows


def _selection(first_year=None, last_year=None, around=None, *, by_year=False):
    """(rows, summed, circle): the rows of the selection. Without a span of years, the kept
    links, one per pair summed over every year (`summed`); with one, the pair rows of those
    years (undated documents have none), one per pair and year. With `around` (a Person),
    only the rows among that person and their correspondents in the selection, whose ids
    are `circle` (None without `around`). `by_year` asks for the pair rows even without a
    span of years (undated ones included, as year 0)."""
    summed = first_year is None and last_year is None and not by_year
    rows = CorrespondenceLink.objects.order_by() if summed else _in_years(first_year, last_year)
    if around is None:
        return rows, summed, None
    wrote_to = rows.filter(addressee=around).values_list("writer")
    heard_from = rows.filter(writer=around).values_list("addressee")
    circle = {pk for (pk,) in wrote_to.union(heard_from)}
    if not circle:
        return rows.none(), summed, circle
    inside = circle | {around.pk}
    if len(circle) <= CIRCLE_AS_LIST:
        return rows.filter(writer__in=inside, addressee__in=inside), summed, circle
    # A large circle: name instead the few of the selection's people outside it.
    if first_year is None and last_year is None:
        everyone = Correspondent.objects.values_list("person", flat=True)
    else:
        everyone = rows.values_list("writer", flat=True).union(
            rows.values_list("addressee", flat=True)
        )
    outside = set(everyone) - inside
    if len(outside) <= CIRCLE_AS_LIST:
        rows = rows.exclude(writer__in=outside).exclude(addressee__in=outside)
        return rows, summed, circle

    def in_circle(field):
        return (
            Q(**{field: around.pk})
            | Q(**{f"{field}__in": wrote_to.values("writer")})
            | Q(**{f"{field}__in": heard_from.values("addressee")})
        )

    return rows.filter(in_circle("writer") & in_circle("addressee")), summed, circle


def _pairs(first_year=None, last_year=None, around=None):
    """Pair rows in the years asked (undated documents only without a bound) and, with
    `around` (a Person), only among that person and their correspondents in those years."""
    rows = _in_years(first_year, last_year)
    if around is not None:
        wrote_to = rows.filter(addressee=around).values("writer")
        heard_from = rows.filter(writer=around).values("addressee")

        def in_circle(field):
            return (
                Q(**{field: around.pk})
                | Q(**{f"{field}__in": wrote_to})
                | Q(**{f"{field}__in": heard_from})
            )

        rows = rows.filter(in_circle("writer") & in_circle("addressee"))
    return rows


def _labels(ids):
    people = Person.objects.filter(pk__in=ids).values_list("pk", "slug", "name")
    return {pk: (slug, name) for pk, slug, name in people}


def correspondence(*, first_year=None, last_year=None, around=None) -> Network:
    """The whole network of the selection (every pair) in memory, merged by
    catalogue.network from the pair rows: what the downloads and the API write, built the
    plain way (seconds for a whole catalogue). `around` is a person's slug."""
    person = None
    if around is not None:
        person = Person.objects.filter(slug=around).first()
        if person is None:
            return Network()
    rows = _pairs(first_year, last_year, person).values_list(
        "writer_id", "addressee_id", "year", "documents"
    )
    rows = list(rows)
    people = _labels({pk for row in rows for pk in row[:2]})
    edges = [
        Edge(people[w][0], people[a][0], n, (y,) * n if y else ())
        for w, a, y, n in rows
        if w in people and a in people
    ]
    labels = {slug: name for slug, name in people.values()}
    return build_network(edges, labels, first_year=first_year, last_year=last_year, around=around)


def busiest(*, first_year=None, last_year=None, around=None, limit=150):
    """(network, pairs, people): the `limit` busiest pairs of the selection as a Network
    (each edge's years its first and last dated one), with the number of pairs and of people
    in the whole selection. `around` is a Person. At most four queries, each bounded: without
    a span of years the busiest links come from their index in order, with one a year's pair
    rows are grouped."""
    rows, summed, circle = _selection(first_year, last_year, around)
    if summed:
        grouped = rows.values("writer", "addressee", "documents", "first_year", "last_year")
        top = [
            {
                "writer": row["writer"],
                "addressee": row["addressee"],
                "total": row["documents"],
                "first": row["first_year"],
                "last": row["last_year"],
            }
            for row in grouped.order_by("-documents", "writer", "addressee")[:limit]
        ]
    else:
        grouped = rows.values("writer", "addressee").annotate(
            total=Sum("documents"), first=Min("year"), last=Max("year")
        )
        top = list(grouped.order_by("-total", "writer", "addressee")[:limit])
    if len(top) < limit:
        pairs = len(top)
        people = len({pk for row in top for pk in (row["writer"], row["addressee"])})
    else:
        pairs = rows.count() if summed else rows.values("writer", "addressee").distinct().count()
        if circle is not None:
            # Everyone in a person's circle wrote to them or heard from them in the
            # selection, so the people of its pairs are the person and their correspondents.
            people = len(circle) + 1
        elif summed:
            people = Correspondent.objects.count()
        else:
            people = Person.objects.filter(
                Exists(rows.filter(writer=OuterRef("pk")))
                | Exists(rows.filter(addressee=OuterRef("pk")))
            ).aggregate(n=Count("pk"))["n"]
    labels = _labels({pk for row in top for pk in (row["writer"], row["addressee"])})
    network = Network()
    for row in top:
        writer, addressee = labels.get(row["writer"]), labels.get(row["addressee"])
        if writer is None or addressee is None:
            continue
        years = tuple(y for y in (row["first"], row["last"]) if y)
        network.edges.append(Edge(writer[0], addressee[0], row["total"], years))
        network.labels[writer[0]] = writer[1]
        network.labels[addressee[0]] = addressee[1]
    network.edges.sort(key=lambda e: (e.source, e.target))
    return network, pairs, people


# ---------------------------------------------------------------------------
# Every pair of a selection, streamed: the downloads and the API
# ---------------------------------------------------------------------------


def _in_order(field):
    """Order by `field` in code point order, as Python sorts strings (and so as the pure
    writers of catalogue.network order people): PostgreSQL's "C" collation, SQLite's
    BINARY, whatever the database's own collation is."""
    return Collate(field, "C" if connection.vendor == "postgresql" else "BINARY")


def _people(rows, whole=False):
    """[(slug, label, written, received)] of everyone in the selection's rows, by slug: for
    the `whole` network the kept sums by person, else two grouped reads, each with the
    names."""
    if whole:
        people = Correspondent.objects.values_list(
            "person__slug", "person__name", "written", "received"
        )
        return sorted((slug, name or slug, w, r) for slug, name, w, r in people)
    people = {}
    for side, index in (("writer", 0), ("addressee", 1)):
        grouped = rows.values_list(f"{side}__slug", f"{side}__name").annotate(n=Sum("documents"))
        for slug, name, n in grouped.order_by():
            documents = people.setdefault(slug, [name or slug, 0, 0])
            documents[1 + index] = n
    return sorted((slug, *values) for slug, values in people.items())


def _edges(rows, summed):
    """The selection's pairs as (source slug, target slug, documents, first year, last
    year), by source and target, summed in the database and read in slices."""
    if summed:
        edges = rows.values_list(
            "writer__slug", "addressee__slug", "documents", "first_year", "last_year"
        )
    else:
        edges = rows.values_list("writer__slug", "addressee__slug").annotate(
            n=Sum("documents"), first=Min("year"), last=Max("year")
        )
    edges = edges.order_by(_in_order("writer__slug"), _in_order("addressee__slug"))
    return edges.iterator(chunk_size=SLICE)


def _find(around):
    if around is None:
        return None, True
    person = Person.objects.filter(slug=around).first()
    return person, person is not None


def download_chunks(fmt, *, first_year=None, last_year=None, around=None):
    """The GEXF or GraphML file of the selection (`around` a person's slug) in slices: the
    same text as catalogue.network's writers give for `correspondence()`, from one grouped
    read of the people and one ordered read of the pairs, never holding every pair."""
    person, found = _find(around)
    write = gexf_chunks if fmt == "gexf" else graphml_chunks
    if not found:
        yield from write([], iter(()))
        return
    rows, summed, circle = _selection(first_year, last_year, person)
    people = _people(rows, summed and circle is None)
    known = {slug for slug, *_ in people}
    # The people and the pairs are two statements: a pair written between them may name
    # someone not listed. It waits for the next download rather than pointing at a node the
    # file does not hold.
    pairs = (pair for pair in _edges(rows, summed) if pair[0] in known and pair[1] in known)
    yield from write(people, pairs)


def api_chunks(person_url, *, first_year=None, last_year=None, around=None):
    """The API's JSON of the selection in slices, as json.dumps writes it: each person with
    documents written and received, each pair with its weight and the year of each of its
    dated documents (read from the pair rows in order, one pass)."""
    person, found = _find(around)
    if not found:
        yield '{"nodes": [], "edges": []}'
        return
    rows, summed, circle = _selection(first_year, last_year, person)

    def dumps(value):
        return json.dumps(value, ensure_ascii=False)

    people = _people(rows, summed and circle is None)
    nodes = [
        f'{{"id": {dumps(slug)}, "label": {dumps(label)}, "url": {dumps(f"{person_url}{slug}/")}, '
        f'"written": {sent}, "received": {received}}}'
        for slug, label, sent, received in people
    ]
    yield '{"nodes": [' + ", ".join(nodes) + '], "edges": ['
    quoted = {slug: dumps(slug) for slug, *_ in people}
    # The links hold no years: without a span of years the pair rows give them, undated
    # ones (year 0) counted in the weight alone.
    years_rows = _selection(around=person, by_year=True)[0] if summed else rows
    years_rows = years_rows.values_list(
        "writer__slug", "addressee__slug", "year", "documents"
    ).order_by(_in_order("writer__slug"), _in_order("addressee__slug"), "year")
    out, first, current, weight, years = [], True, None, 0, []

    def edge():
        if current[0] not in quoted or current[1] not in quoted:
            # Written after the people were read (an earlier statement): left for the next
            # answer rather than naming a node it does not hold.
            return []
        return [
            f'{{"source": {quoted[current[0]]}, "target": {quoted[current[1]]}, '
            f'"weight": {weight}, "years": [{", ".join(years)}]}}'
        ]

    for writer, addressee, year, documents in years_rows.iterator(chunk_size=SLICE):
        if (writer, addressee) != current:
            if current is not None:
                out.extend(edge())
            current, weight, years = (writer, addressee), 0, []
        weight += documents
        if year:
            years.extend([str(year)] * documents)
        if len(out) >= SLICE:
            yield ("" if first else ", ") + ", ".join(out)
            out, first = [], False
    if current is not None:
        out.extend(edge())
    if out:
        yield ("" if first else ", ") + ", ".join(out)
    yield "]}"
