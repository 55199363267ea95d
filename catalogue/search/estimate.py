"""Broad searches: a word in most documents matches 95,000 of 100,000, and scoring, sorting
and counting every match costs most of a second. A search is *broad* when it matches more
than BROAD_SEARCH documents (a capped count finds out, reading at most that many matches);
its total is then estimated rather than counted: by the planner's estimate on PostgreSQL
(EXPLAIN, which reads the word's statistics), and on SQLite from the share of matches among
the latest ESTIMATE_SAMPLE documents. The list shows a broad search in date order (an index
walk that stops after a page of matches) and says so; narrower searches are ranked whole."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.db.models.expressions import RawSQL

BROAD_SEARCH = 2000
ESTIMATE_SAMPLE = 5000


def first_matches(queryset, by_key=False):
    """Up to BROAD_SEARCH + 1 keys of ``queryset``, the first the database finds (no sort),
    or the lowest (``by_key``: a result read off the date index would otherwise be its
    earliest documents, and its years' counts all of the first year): one query that reads
    no more matches than that. More than BROAD_SEARCH of them says the result is large; its
    facets are then counted in these keys rather than in every match."""
    ordered = queryset.order_by("pk") if by_key else queryset.order_by()
    return list(ordered.values_list("pk", flat=True)[: BROAD_SEARCH + 1])


def among(queryset, keys, field="pk"):
    """``queryset`` limited to the rows whose ``field`` is one of ``keys`` (integers), passed
    as one parameter (an array on PostgreSQL, JSON on SQLite): a sample of 2,000 keys as
    2,000 parameters cost more to bind and send than its facets took to count."""
    # As text: psycopg adapting a list of 2,000 numbers one by one took longer still.
    written = ",".join(str(int(key)) for key in keys)
    if connections[queryset.db].vendor == "postgresql":
        subquery = RawSQL("SELECT unnest(%s::bigint[])", ["{" + written + "}"])
    else:
        subquery = RawSQL("SELECT value FROM json_each(%s)", ["[" + written + "]"])
    return queryset.filter(**{f"{field}__in": subquery})


def broad_estimate(queryset, found=None):
    """None when ``queryset`` (a filtered result) holds at most BROAD_SEARCH documents, else
    an estimate of how many it holds (never less than the capped count found). ``found``:
    its ``first_matches`` when already read. One query (none with ``found``), two or three
    for a broad one."""
    base = queryset.order_by()
    capped = len(found) if found is not None else base.values("pk")[: BROAD_SEARCH + 1].count()
    if capped <= BROAD_SEARCH:
        return None
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        sql, params = base.values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return max(capped, int(plan[0]["Plan"]["Plan Rows"]))
    every = queryset.model._base_manager.using(queryset.db).order_by("-pk")
    edge = every.values_list("pk", flat=True)[ESTIMATE_SAMPLE - 1 : ESTIMATE_SAMPLE].first()
    if edge is None:
        return base.count()  # a small catalogue: counting is cheap
    found = base.filter(pk__gte=edge).count()
    return max(capped, round(found * every.count() / ESTIMATE_SAMPLE))


def rounded(n):
    """An estimate as a reader takes it: two significant figures (95,000; 2,300)."""
    if n < 100:
        return n
    digits = len(str(n)) - 2
    return round(n, -digits)


class EstimatedPaginator(Paginator):
    """A paginator whose count may be an estimate (``estimated`` set): a page then ends after
    ``per_page`` rows, never at the count, so that an estimate below the true number does
    not cut the last page short."""

    estimated = False

    def page(self, number):
        if not self.estimated:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
