"""The correspondence network read from the catalogue: one edge per published document from
its writer (the author, or the sender when no author is known) to each of its addressees.
Drafts are never counted. `catalogue.network` merges, filters, lays out and draws the edges.

People are the network's ids by slug, so a merge of two people (which moves every row that
names them, PERSON_LINKS) leaves the survivor with both their correspondence."""

from django.db.models import Count, F
from django.db.models.functions import Coalesce, ExtractYear

from .models import Person, Recipient, Role, Status
from .network import Edge, Network, build_network


def catalogue_edges():
    """(edges, labels) of the whole published catalogue, in two queries: the recipient rows
    counted by writer, addressee and year, and the names of the people in them."""
    rows = (
        Recipient.objects.filter(
            document__status=Status.PUBLISHED,
            role__in=(Role.ADDRESSEE, Role.FORWARDED_TO),
            person__isnull=False,
        )
        .annotate(writer=Coalesce(F("document__author"), F("document__sender")))
        .filter(writer__isnull=False)
        .annotate(year=ExtractYear("document__date"))
        .values("writer", "person", "year")
        .annotate(documents=Count("document", distinct=True))
        .order_by()
    )
    edges, ids = [], set()
    for row in rows:
        years = (row["year"],) * row["documents"] if row["year"] else ()
        edges.append(Edge(row["writer"], row["person"], row["documents"], years))
        ids.update((row["writer"], row["person"]))
    people = Person.objects.filter(pk__in=ids).values_list("pk", "slug", "name")
    slugs = {pk: slug for pk, slug, _ in people}
    labels = {slug: name for _, slug, name in people}
    edges = [
        Edge(slugs[e.source], slugs[e.target], e.weight, e.years)
        for e in edges
        if e.source in slugs and e.target in slugs
    ]
    return edges, labels


def correspondence(
    edges_and_labels=None, *, first_year=None, last_year=None, around=None
) -> Network:
    """The network, for the years asked and, with `around` (a person's slug), only that
    person's correspondents and the letters among them."""
    edges, labels = edges_and_labels or catalogue_edges()
    return build_network(edges, labels, first_year=first_year, last_year=last_year, around=around)
