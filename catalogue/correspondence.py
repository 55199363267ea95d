"""The correspondence network read from the catalogue's kept pair counts (catalogue.pairs):
one edge from each writer (the author, or the sender when no author is known) to each
addressee of a published document, counted by year. Drafts are never counted.
`catalogue.network` merges, filters, lays out and draws the edges.

People are the network's ids by slug, so a merge of two people (which moves every row that
names them, PERSON_LINKS, and with them the counts) leaves the survivor with both their
correspondence.

The pages read the pair rows grouped in the database, the busiest first, so a page costs a
bounded read however large the catalogue; the downloads and the API read every row of the
selection.
"""

from django.db.models import Count, Max, Min, Q, Sum

from .models import CorrespondencePair, Person
from .network import Edge, Network, build_network


def _pairs(first_year=None, last_year=None, around=None):
    """Pair rows in the years asked (undated documents only without a bound) and, with
    `around` (a Person), only among that person and their correspondents in those years."""
    rows = CorrespondencePair.objects.order_by()
    if first_year is not None or last_year is not None:
        rows = rows.filter(year__gt=0)
        if first_year is not None:
            rows = rows.filter(year__gte=first_year)
        if last_year is not None:
            rows = rows.filter(year__lte=last_year)
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
    """The whole network of the selection (every pair), for the downloads and the API.
    `around` is a person's slug."""
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
    in the whole selection. `around` is a Person. Four queries, whatever the catalogue's size.
    """
    rows = _pairs(first_year, last_year, around)
    grouped = rows.values("writer", "addressee").annotate(
        total=Sum("documents"),
        first=Min("year", filter=Q(year__gt=0)),
        last=Max("year", filter=Q(year__gt=0)),
    )
    top = list(grouped.order_by("-total", "writer", "addressee")[:limit])
    pairs = rows.values("writer", "addressee").distinct().count() if len(top) == limit else len(top)
    if len(top) < limit:
        people = len({pk for row in top for pk in (row["writer"], row["addressee"])})
    else:
        people = Person.objects.filter(
            Q(pk__in=rows.values("writer")) | Q(pk__in=rows.values("addressee"))
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
