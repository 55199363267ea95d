"""The list of people, a person's page and the autocomplete of the person filter."""

from django.db.models import Count, F, Func, IntegerField, Max, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.views import View
from django.views.generic import DetailView, ListView

from ..filters import PersonFilter, involving
from ..models import (
    PUBLIC_ROLES,
    Document,
    Person,
    PersonCount,
    PersonRedirect,
    Recipient,
    Role,
    Status,
    person_columns,
)
from ..search.estimate import among
from .common import ForgivingPaginationMixin


def person_documents_sql():
    """SQL counting the published documents of the person in the enclosing query's row, in
    any way of PERSON_LINKS, counted once each: a UNION of index look-ups, one per field, so
    that the count reads only the person's own rows. One ``%s`` per field, for the status."""
    person = Person._meta.db_table
    documents = Document._meta.db_table
    branches = []
    for link in person_columns():
        meta = link.model._meta
        column = meta.get_field(link.field).column
        if not link.relation:
            branches.append(
                f"SELECT d.id FROM {documents} d WHERE d.{column} = {person}.id AND d.status = %s"
            )
        else:
            document = meta.get_field("document").column
            branches.append(
                f"SELECT r.{document} FROM {meta.db_table} r "
                f"JOIN {documents} d ON d.id = r.{document} "
                f"WHERE r.{column} = {person}.id AND d.status = %s"
            )
    return f"(SELECT COUNT(*) FROM ({' UNION '.join(branches)}) AS person_documents)", len(branches)


def with_published_document_counts(people):
    """Annotate ``published_documents``: how many published documents each person appears
    in, in any way, counted once each. ``people`` must select from catalogue_person under
    its own name (any Person queryset does)."""
    sql, fields = person_documents_sql()
    count = RawSQL(sql, [Status.PUBLISHED] * fields, output_field=IntegerField())
    return people.annotate(published_documents=count)


class PersonListView(ForgivingPaginationMixin, ListView):
    paginate_by = 50
    template_name = "catalogue/person_list.html"

    def get_queryset(self):
        # The public people are those with a kept count (catalogue/keptcounts.py): one join
        # on the person's key, where public() tests every way of appearing and the count
        # read every document of each person on the page (half a second at 10,000 people).
        people = (
            Person.objects.filter(kept_count__documents__gt=0)
            .annotate(published_documents=F("kept_count__documents"))
            .prefetch_related("names")
        )
        self.filterset = PersonFilter(self.request.GET or None, queryset=people)
        self.q = self.filterset.form.cleaned_data.get("q", "") if self.filterset.is_valid() else ""
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.q
        context["total"] = context["paginator"].count
        return context


class PersonDetailView(DetailView):
    template_name = "catalogue/person_detail.html"
    documents_per_role = 10

    def get_queryset(self):
        # Someone met only in drafts has no public page; staff may preview it.
        people = Person.objects.all() if self.request.user.is_staff else Person.objects.public()
        return people.prefetch_related("names")

    def first_documents(self, published, condition):
        """The earliest documents matching ``condition``, in one query: their keys are
        ordered in the narrow list-order index, and only the chosen rows are read whole
        (ordering 40,000 full rows of a person such as Stalin took a third of a second)."""
        order = [F("date").asc(nulls_last=True), "title", "pk"]
        keys = published.filter(condition).order_by(*order).values("pk")
        return list(
            published.filter(pk__in=keys[: self.documents_per_role]).for_list().order_by(*order)
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A person merged into another keeps old links working.
            redirect = (
                PersonRedirect.objects.filter(old_slug=kwargs["slug"])
                .select_related("person")
                .first()
            )
            if redirect is None:
                raise
            return HttpResponsePermanentRedirect(redirect.person.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        published = Document.objects.published()
        counts = role_counts(person)
        # The public roles of PERSON_LINKS, each under its heading; an occasional one only
        # for the people who have it.
        context["roles"] = [
            {
                "key": key,
                "heading": role.heading,
                "count": counts[key],
                "documents": self.first_documents(published, involving(person, key))
                if counts[key]
                else [],
            }
            for key, role in PUBLIC_ROLES.items()
            if counts[key] or not role.occasional
        ]
        context["variants"] = [n for n in person.names.all() if n.kind == "variant"]
        context["pseudonyms"] = [n for n in person.names.all() if n.kind == "pseudonym"]
        context["correspondents"] = correspondents(person)
        context["correspondents_sampled"] = any(
            counts[key] > CORRESPONDENTS_DOCUMENTS for key in counts
        )
        context["correspondents_documents"] = CORRESPONDENTS_DOCUMENTS
        return context


def _count(queryset, expression="pk", distinct=False):
    """A scalar subquery counting ``queryset``'s rows (or distinct values), with no GROUP BY."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = queryset.order_by().annotate(n=Func(F(expression), template=template))
    return Subquery(counted.values("n"), output_field=IntegerField())


def role_counts(person):
    """How many published documents ``person`` has in each public role of PERSON_LINKS
    (wrote, sent, received, was copied or mentioned in, had an enclosure also sent to them),
    as {role: count}: the person's kept counts (catalogue/keptcounts.py), one query."""
    kept = PersonCount.objects.filter(person=person).values(*PUBLIC_ROLES).first()
    return kept or dict.fromkeys(PUBLIC_ROLES, 0)


def role_counts_from_rows(person):
    """As ``role_counts``, counted from the person's own rows (one query of a scalar
    subquery per role, each through an index): what the kept counts are checked against."""

    def count(link):
        rows = link.published_rows(person)
        # A document's own field names one person; its rows may name the same one twice.
        return _count(rows) if not link.relation else _count(rows, "document", distinct=True)

    return Person.objects.filter(pk=person.pk).aggregate(
        **{key: Max(count(link)) for key, link in PUBLIC_ROLES.items()}
    )


# Correspondents are counted in a person's latest documents in each direction: a person on
# 40,000 documents would otherwise have every recipient row of them grouped on each visit.
CORRESPONDENTS_DOCUMENTS = 1000


def correspondents(person, limit=10):
    """The people this person exchanged most published documents with: those they wrote or
    sent to, and those who sent to them (the sender, or the author when no sender is
    recorded), counted in their latest CORRESPONDENTS_DOCUMENTS documents each way. Four
    queries, whatever the number of documents.

    A deliberate subset of PERSON_LINKS: only the author, sender and recipient rows say who
    wrote to whom; a mention, an enclosure or a transmission step does not."""
    published = Document.objects.published()
    # Read first and given as a list: as a subquery, PostgreSQL read all million recipient
    # rows to find those of these 1,000 documents (a fifth of a second for Stalin).
    sent = list(
        published.filter(Q(author=person) | Q(sender=person))
        .order_by("-pk")
        .values_list("pk", flat=True)[:CORRESPONDENTS_DOCUMENTS]
    )
    # Those an enclosed letter was also sent to did not receive the document from its sender.
    rows = Recipient.objects.exclude(role=Role.ALSO_SENT_TO)
    outgoing = (
        among(rows, sent, "document")
        .exclude(person=None)
        .exclude(person=person)
        .values("person")
        .annotate(n=Count("document", distinct=True))
        .order_by("-n")[: limit * 2]
    )
    received = (
        rows.filter(person=person, document__status=Status.PUBLISHED)
        .order_by("-document")
        .values("document")[:CORRESPONDENTS_DOCUMENTS]
    )
    incoming = (
        published.filter(pk__in=received)
        .annotate(other=Coalesce("sender", "author"))
        .exclude(other=None)
        .exclude(other=person.pk)
        .values("other")
        .annotate(n=Count("pk", distinct=True))
        .order_by("-n")[: limit * 2]
    )
    totals = {}
    for row in outgoing:
        totals[row["person"]] = totals.get(row["person"], 0) + row["n"]
    for row in incoming:
        totals[row["other"]] = totals.get(row["other"], 0) + row["n"]
    top = sorted(totals.items(), key=lambda item: -item[1])[:limit]
    people = Person.objects.in_bulk([pk for pk, _ in top])
    return [{"person": people[pk], "count": n} for pk, n in top if pk in people]


class PersonAutocompleteView(View):
    """Up to ten people matching `q` under any name, as JSON, for the person filter's input."""

    limit = 10

    def get(self, request):
        q = request.GET.get("q", "").replace("\x00", "").strip()[:100]
        results = []
        if len(q) >= 2:
            people = PersonFilter({"q": q}, queryset=Person.objects.public()).qs
            results = [
                {"slug": p.slug, "name": p.name, "sort_name": p.sort_name}
                for p in people[: self.limit]
            ]
        return JsonResponse({"results": results})
