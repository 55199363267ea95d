"""The list of documents (search, filters, facets), a document's page and its downloads."""

import json

from django.db import connections
from django.db.models import BooleanField, F, Func, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from .. import citations, keptcounts
from ..filters import (
    ANY_ROLE,
    DocumentFilter,
    DocumentSort,
    clean_query,
    facets,
    repository_facet,
)
from ..models import (
    PUBLIC_ROLES,
    Document,
    DocumentRedirect,
    DocumentType,
    PersonCount,
    Recipient,
    Role,
    Status,
)
from ..search import estimate
from ..search.snippets import highlight
from ..serializers import public_document_dict
from ..suggestions import did_you_mean
from .archives import citation_parts
from .common import (
    ForgivingPaginationMixin,
    filter_errors,
    use_checkboxes,
    visible_documents,
)
from .threads import document_links


class DeferredJoinPaginator(estimate.EstimatedPaginator):
    """Far into a list, finds the page's keys first and then loads only those rows.

    OFFSET 50,000 on the full rows makes the database fetch and discard 50,000 wide rows;
    the keys alone come from an index-only scan of the list order (document_list_order), and
    the page's rows are then found by key. Early pages are fetched directly, which is as fast
    and spares a search its match being evaluated twice."""

    deferred_from = 500

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count and not self.estimated:
            top = self.count
        if bottom < self.deferred_from:
            return self._get_page(self.object_list[bottom:top], number, self)
        keys = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.object_list.filter(pk__in=keys), number, self)


class DocumentListView(ForgivingPaginationMixin, FilterView):
    """Search and browse documents; invalid parameters are named on the page and ignored."""

    filterset_class = DocumentFilter
    paginate_by = 25
    paginator_class = DeferredJoinPaginator
    strict = False
    template_name = "catalogue/document_list.html"

    def get_queryset(self):
        addressees = Recipient.objects.filter(role=Role.ADDRESSEE).select_related("person")
        return (
            Document.objects.published()
            .for_list()
            .prefetch_related(Prefetch("recipients", queryset=addressees, to_attr="addressees"))
        )

    def get_paginator(self, queryset, per_page, **kwargs):
        """A paginator whose count is the facets' total: the facets read the whole result
        once, and counting it a second time costs as much again on a large result."""
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if connections[queryset.db].vendor == "sqlite" and not self.filterset.searching:
            # Every page by key on SQLite, which cannot read "date NULLS LAST" off the index:
            # sorting the keys of a filtered result costs far less than sorting its rows.
            # (PostgreSQL walks the index in that order, and the second pass costs more.)
            paginator.deferred_from = 0
        self.facet_counts = self.get_facets()
        paginator.count = self.facet_counts["total"]
        paginator.estimated = self.filterset.broad
        return paginator

    def get_facets(self):
        filterset = self.filterset
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        in_force = {
            name: value
            for name, value in data.items()
            if name not in ("sort", "role") and value not in (None, "", [], False)
        }
        if not in_force:
            # The whole published catalogue (parameters in error are ignored, so with nothing
            # else in force the result is the whole catalogue too): read from the kept counts,
            # exact, no count.
            return {**kept_facets(), "repository": keptcounts.archive_facet()}
        if filterset.broad:
            return sampled_facets(filterset.first_matches, filterset.estimated_total)
        if in_force.keys() == {"repository"}:
            counts = self.one_archive()
            if counts is not None:
                return counts
        large = self.large_result(data, in_force)
        if large is not None:
            return sampled_facets(*large)
        types_from = filterset.queryset_without("doc_type") if data.get("doc_type") else None
        counts = facets(self.object_list, types_from=types_from)
        # Archives are counted over the result without its archive: a visitor who chose one
        # still sees the others.
        without = filterset.queryset_without("repository") if data.get("repository") else None
        counts["repository"] = repository_facet(self.object_list if without is None else without)
        return counts

    def one_archive(self):
        """The facets of a result filtered by one archive alone, or None when its size is not
        kept. Its total is exact, from the kept counts (catalogue/keptcounts.py), and the
        archives' facet, over the result without the archive, is the whole catalogue's kept
        one; a large archive's types, years and people are estimated from its lowest
        ARCHIVE_SAMPLE keys (sampled_facets), as a large person's are."""
        total = self.filterset.kept_total()
        if total is None:
            return None
        archives = keptcounts.archive_facet()
        if total > ARCHIVE_SAMPLE:
            matches = estimate.first_matches(self.object_list, by_key=True)[:ARCHIVE_SAMPLE]
            return sampled_facets(matches, total, repositories=archives)
        return {**facets(self.object_list), "total": total, "repository": archives}

    def large_result(self, data, in_force):
        """(first matches, exact total) of a result filtered by a person or by dates alone
        that holds more than BROAD_SEARCH documents, whose facets are then counted in those
        first matches (sampled_facets); None otherwise, the result counted whole. Counting
        every facet over all of a person's 45,000 documents took most of a second. The total
        stays exact: a person's from the kept counts (catalogue/keptcounts.py), read with
        the person, so that a person in few documents costs nothing more; a period's by a
        count on the date index. No query for a person in few documents, else one or two."""
        if in_force.keys() == {"person"}:
            role = data.get("role")
            column = role if role in PUBLIC_ROLES else "involved"
            try:
                # Read with the person by the filter (PersonField), in most cases.
                total = getattr(data["person"].kept_count, column)
            except PersonCount.DoesNotExist:
                total = 0
            if total <= estimate.BROAD_SEARCH:
                return None
            return estimate.first_matches(self.object_list, by_key=True), total
        if in_force.keys() <= {"date_from", "date_to"}:
            matches = estimate.first_matches(self.object_list, by_key=True)
            if len(matches) <= estimate.BROAD_SEARCH:
                return None
            return matches, self.object_list.order_by().count()
        return None

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        fields = filterset.form.fields
        use_checkboxes(fields, "doc_type", "request_category")
        if "has_requests" in fields:
            fields["has_requests"].widget.choices = (
                ("unknown", "Either"),
                ("true", "Yes"),
                ("false", "No"),
            )
        return filterset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        q = (data.get("q") or "").strip()
        page = context["page_obj"]
        context["q"] = q
        context["total"] = page.paginator.count
        # A broad search's total is an estimate, shown rounded ("about 95,000").
        context["estimated"] = filterset.broad
        if filterset.broad:
            context["total"] = estimate.rounded(context["total"])
            context["broad_search"] = estimate.BROAD_SEARCH
        # A name typed for the person that several people go by is resolved by the filter,
        # which keeps them: the page offers them as choices rather than as an error.
        candidates = filterset.person_candidates
        errors = filter_errors(filterset)
        if candidates:
            errors = [error for error in errors if error["parameter"] != "person"]
        context["filter_errors"] = errors
        chosen_types = data.get("doc_type") or []
        context["facets"] = self.facet_counts
        context["type_facets"] = type_facet_links(
            self.request.GET, context["facets"]["doc_type"], chosen_types
        )
        context["snippets"] = highlight(page.object_list, q) if q else {}
        # A misspelt name finds nothing: offer the closest names of people and places.
        context["did_you_mean"] = did_you_mean(q) if q and context["total"] <= SUGGEST_BELOW else []
        context["chosen_person"] = data.get("person")
        role = PUBLIC_ROLES.get(data.get("role"))
        context["person_phrase"] = role.phrase if role else "involving"
        context["person_candidates"] = candidates
        context["typed_person"] = self.request.GET.get("person", "")
        context["is_filtered"] = any(
            v not in (None, "", [], False) for k, v in data.items() if k not in ("sort", "role")
        )
        context["chips"] = filter_chips(filterset.form)
        # The folded filter panel says how many filters are at work, the search aside.
        search_label = str(filterset.form.fields["q"].label)
        context["active_filters"] = sum(
            1 for chip in context["chips"] if chip["label"] != search_label
        )
        current = filterset.current_sort
        context["sort_options"] = [
            (value, label)
            for value, label in DocumentSort.choices
            if value != DocumentSort.RELEVANCE or filterset.searching
        ]
        context["current_sort"] = current
        return context


def kept_facets():
    """The facets of the whole published catalogue (as ``filters.facets`` gives them) from
    the kept counts (catalogue/keptcounts.py): two queries whatever its size, and the people
    counted in every document rather than in a sample."""
    counts = keptcounts.catalogue_counts()
    labels = dict(DocumentType.choices)
    types = sorted(keptcounts.prefixed(counts, "type").items(), key=lambda i: (-i[1], i[0]))
    total = counts.get("documents", 0)
    return {
        "total": total,
        "people_sampled": False,
        "doc_type": [(value, labels.get(value, value), n) for value, n in types],
        "year": [(year, str(year), n) for year, n in keptcounts.per_year(counts).items()],
        "people": keptcounts.leading_people("facet") if total else [],
    }


# The people of a large result are counted in fewer of its documents than its types and
# years: every document brings a dozen (document, person) pairs to group, and 2,000 of them
# took a tenth of a second. A person in a tenth of the documents is still found in ~50.
SAMPLED_PEOPLE = 500

# The documents an archive's facets are estimated from, when it holds more: counting its
# people over a broad search's sample took 100 ms more than the rest of the page.
ARCHIVE_SAMPLE = 500


def sampled_facets(matches, total, repositories=None):
    """The facets of a large result (a broad search, catalogue/search/estimate.py, or a
    filter such as a person in 45,000 documents): counted in ``matches``, its first
    BROAD_SEARCH documents as the database found them (estimate.first_matches, no sort), and
    scaled to ``total`` (a broad search's estimate), each an estimate. A few queries on
    2,000 rows, found by key, rather than passes over 45,000 or 95,000. The archives' facet
    is ``repositories`` when given (an archive's, which is kept)."""
    sample = estimate.among(Document.objects.all(), matches[: estimate.BROAD_SEARCH])
    counted = facets(sample, people_sample=SAMPLED_PEOPLE)
    scale = total / counted["total"] if counted["total"] else 0
    people_scale = total / min(counted["total"], SAMPLED_PEOPLE) if counted["total"] else 0

    def about(rows, scale=scale):
        return [(value, label, estimate.rounded(round(n * scale))) for value, label, n in rows]

    return {
        **counted,
        "total": total,
        # The counts beside the filters are estimates, from this many documents.
        "estimated": True,
        "sampled_from": counted["total"],
        "people_sampled_from": min(counted["total"], SAMPLED_PEOPLE),
        "people_sampled": True,
        "doc_type": about(counted["doc_type"]),
        "year": about(counted["year"]),
        "people": about(counted["people"], people_scale),
        "repository": about(repository_facet(sample)) if repositories is None else repositories,
    }


def type_facet_links(params, counts, chosen):
    """The type facet as links that add a type to those already chosen, as ticking another
    checkbox would, or take a chosen one out again."""
    links = []
    for value, label, count in counts:
        selected = value in chosen
        remaining = params.copy()
        remaining.pop("page", None)
        remaining.setlist(
            "doc_type", [v for v in chosen if v != value] if selected else [*chosen, value]
        )
        links.append(
            {
                "label": label,
                "count": count,
                "selected": selected,
                "url": "?" + clean_query(remaining),
            }
        )
    return links


def filter_chips(form):
    """One removable label per filter value in use: its label, the value as shown (a
    person by name, not slug), and the address of the list without it. The role has a chip
    of its own when a person is chosen in one. Reads only what the form validated."""
    params = form.data
    cleaned = getattr(form, "cleaned_data", {})
    chips = []
    for name, values in params.lists():
        if name in ("page", "sort") or name not in form.fields or name in form.errors:
            continue
        if name == "role" and not (cleaned.get("person") and values[-1] != ANY_ROLE):
            continue
        field = form.fields[name]
        choices = {str(k): v for k, v in (getattr(field, "choices", None) or [])}
        for value in values:
            if not value.strip() or (name == "has_requests" and value == "unknown"):
                continue
            remaining = params.copy()
            remaining.setlist(name, [v for v in values if v != value])
            remaining.pop("page", None)
            shown = choices.get(value, value)
            if name == "person":
                remaining.pop("role", None)
                shown = cleaned.get("person") or value
            chips.append(
                {
                    "label": str(field.label or name),
                    "value": str(shown),
                    "remove_url": "?" + clean_query(remaining),
                }
            )
    return chips


# "Did you mean" is offered when a search finds this many documents or fewer: none, so a
# search that finds something costs nothing more.
SUGGEST_BELOW = 0


class DocumentDetailView(DetailView):
    template_name = "catalogue/document_detail.html"

    def get_queryset(self):
        # The page also links the places; the export form (for_detail) does not need them.
        return (
            visible_documents(self.request.user)
            .for_detail()
            .select_related("origin_place")
            .prefetch_related("places_mentioned")
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A published document whose slug was corrected keeps its old links working.
            redirect = (
                DocumentRedirect.objects.filter(
                    old_slug=kwargs["slug"], document__in=visible_documents(request.user)
                )
                .select_related("document")
                .first()
            )
            if redirect is None:
                raise
            return HttpResponsePermanentRedirect(redirect.document.get_absolute_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        permalink = self.request.build_absolute_uri(document.get_absolute_url())
        context["permalink"] = permalink
        rows = document.recipients.all()
        context["recipient_groups"] = group_recipients(
            row for row in rows if row.role != Role.ALSO_SENT_TO
        )
        # Those the enclosed letter was also sent to belong with the enclosure, not among
        # the document's own recipients.
        context["also_sent_to"] = [row for row in rows if row.role == Role.ALSO_SENT_TO]
        context["previous"], context["next"] = neighbours(document)
        context["related"] = related_documents(document)
        context["citation"] = citations.chicago(document, permalink)
        context["citation_label"] = citations.CHICAGO_LABEL
        context["source"] = citations.source(document)
        # Every format on the page, to read and copy, beside its download.
        context["citation_formats"] = [
            (
                "bibtex",
                "BibTeX",
                citations.bibtex(document, permalink),
                "catalogue:document-bibtex",
            ),
            (
                "ris",
                "RIS (EndNote, Zotero)",
                citations.ris(document, permalink),
                "catalogue:document-ris",
            ),
            (
                "csl",
                "CSL-JSON",
                citations.csl_json_text(document, permalink),
                "catalogue:document-csl",
            ),
        ]
        context["highwire"] = citations.highwire_tags(document, permalink)
        context["json_ld"] = citations.json_ld(document, permalink)
        context["is_draft"] = document.status != Status.PUBLISHED
        context["threads"] = document_links(document)
        context["archival"] = citation_parts(document)
        return context


# Recipients' roles in the order a telegram lists them, with the heading each group gets.
ROLE_HEADINGS = {
    Role.ADDRESSEE: "To",
    Role.VIA: "Via",
    Role.FORWARDED_TO: "Forwarded to",
    Role.COPY: "Copies to",
    Role.DISTRIBUTION: "Distribution",
}


def group_recipients(rows):
    """Recipients grouped by role, in the order of ROLE_HEADINGS, each group in text order."""
    groups = {role: [] for role in ROLE_HEADINGS}
    for row in rows:
        groups.setdefault(row.role, []).append(row)
    return [
        {"role": role, "heading": ROLE_HEADINGS.get(role, role), "rows": members}
        for role, members in groups.items()
        if members
    ]


class _ListOrderCompare(Func):
    """``(date, title, id) <op> (this document's)``: a row-value comparison, which both
    backends answer with a range scan of the document_list_order index, where the equivalent
    OR of column comparisons made them read and sort every published document. The columns
    are compiled by Django, so the comparison holds inside a subquery too."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, operator, document):
        super().__init__(F("date"), F("title"), F("pk"))
        self.operator = operator
        self.values = (document.date, document.title, document.pk)

    def as_sql(self, compiler, connection, **extra):
        columns, params = [], []
        for expression in self.source_expressions:
            sql, column_params = compiler.compile(expression)
            columns.append(sql)
            params.extend(column_params)
        sql = f"({', '.join(columns)}) {self.operator} (%s, %s, %s)"
        return sql, (*params, *self.values)


def neighbours(document):
    """The published documents just before and after this one in date order (undated last,
    then by title and id so that every document has exactly one place). Two queries."""
    documents = Document.objects.published().only("slug", "title", "date", "date_precision")
    if document.date is None:
        same_title_before = Q(title__lt=document.title) | Q(
            title=document.title, pk__lt=document.pk
        )
        same_title_after = Q(title__gt=document.title) | Q(title=document.title, pk__gt=document.pk)
        before = Q(date__isnull=False) | (Q(date=None) & same_title_before)
        after = Q(date=None) & same_title_after
        previous = (
            documents.filter(before)
            .order_by(F("date").desc(nulls_first=True), "-title", "-pk")
            .first()
        )
        following = (
            documents.filter(after).order_by(F("date").asc(nulls_last=True), "title", "pk").first()
        )
        return previous, following
    # Dated: the comparisons leave undated documents out, so the plain column order (which
    # the index gives without sorting) is the list order; after the last dated document
    # comes the first undated one, found in the same query.
    published = Document.objects.published()
    previous = (
        documents.filter(_ListOrderCompare("<", document))
        .order_by("-date", "-title", "-pk")
        .first()
    )
    later = published.filter(_ListOrderCompare(">", document)).order_by("date", "title", "pk")
    undated = published.filter(date=None).order_by("title", "pk")
    following = documents.filter(
        pk=Coalesce(Subquery(later.values("pk")[:1]), Subquery(undated.values("pk")[:1]))
    ).first()
    return previous, following


# How many of each person's latest recipient rows related documents are chosen from: a
# person such as Stalin is on hundreds of thousands of rows, and grouping them all to rank
# documents cost a second per page; the latest rows of each person bound the work.
RELATED_ROWS_PER_PERSON = 200


def shared_people_scores(document, people, limit):
    """(document id, number of ``people`` among its recipients) for the published documents
    that share the most of them with ``document``, best first, preceded by the documents
    whose requests ``document`` answers. One query, bounded: each person contributes only
    their latest RELATED_ROWS_PER_PERSON rows (an index range scan on
    recipient_person_document), whatever the size of the catalogue."""
    branch = f"""SELECT * FROM (
            SELECT r.document_id, r.person_id, 0 AS answered FROM catalogue_recipient r
            JOIN catalogue_document d ON d.id = r.document_id
            WHERE r.person_id = %s AND r.document_id <> %s AND d.status = %s
            ORDER BY r.document_id DESC LIMIT {RELATED_ROWS_PER_PERSON}) AS latest_{{n}}"""
    branches = [branch.format(n=n) for n in range(len(people))]
    params = []
    for person in sorted(people):
        params += [person, document.pk, Status.PUBLISHED]
    branches.append(
        """SELECT q.document_id, NULL AS person_id, 1 AS answered FROM catalogue_request q
            JOIN catalogue_document d ON d.id = q.document_id
            WHERE q.answered_by_id = %s AND q.document_id <> %s AND d.status = %s"""
    )
    params += [document.pk, document.pk, Status.PUBLISHED]
    sql = f"""SELECT document_id, COUNT(DISTINCT person_id) AS shared
        FROM ({" UNION ALL ".join(branches)}) AS candidates
        GROUP BY document_id
        ORDER BY MAX(answered) DESC, shared DESC, document_id DESC LIMIT %s"""
    with connections[Recipient.objects.db].cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return cursor.fetchall()


def related_documents(document, limit=6):
    """Published documents linked to this one by a request (one answers the other) or sharing
    the most people among their authors, senders and recipients (chosen among the latest
    documents of each person, see shared_people_scores). Two queries, each reading only
    rows found through an index.

    A deliberate subset of PERSON_LINKS: the people a document passes between, who make two
    documents part of one exchange; a person merely mentioned in both does not."""
    people = {row.person_id for row in document.recipients.all() if row.person_id}
    people |= {document.author_id, document.sender_id} - {None}
    scores = dict(shared_people_scores(document, people, limit))
    answered = {r.answered_by_id for r in document.requests.all() if r.answered_by_id}
    answered.discard(document.pk)
    linked = list(Document.objects.published().for_list().filter(pk__in=set(scores) | answered))
    for item in linked:
        item.shared_people = scores.get(item.pk, 0)
        item.answers_request = item.pk in answered
    linked.sort(key=lambda d: (d.pk not in answered and d.shared_people == 0, -d.shared_people))
    return linked[:limit]


DOWNLOADS = {
    "txt": ("text/plain; charset=utf-8", "txt"),
    "json": ("application/json", "json"),
    "bibtex": ("application/x-bibtex; charset=utf-8", "bib"),
    "ris": ("application/x-research-info-systems; charset=utf-8", "ris"),
    "csl": ("application/vnd.citationstyles.csl+json", "csl.json"),
}


def document_as_text(document, permalink):
    header = [document.title, document.date_display, permalink]
    if document.source_citation:
        header.append(f"Source: {document.source_citation}")
    cite = citations.chicago(document, permalink)
    return "\n".join(header) + "\n\n" + document.text.strip() + f"\n\n---\nCite as: {cite}\n"


class DocumentDownloadView(SingleObjectMixin, View):
    """The document as plain text or JSON, or its citation as BibTeX, RIS or CSL-JSON."""

    def get_queryset(self):
        return visible_documents(self.request.user).for_detail()

    def get(self, request, *args, fmt, **kwargs):
        document = self.get_object()
        permalink = request.build_absolute_uri(document.get_absolute_url())
        if fmt == "txt":
            body = document_as_text(document, permalink)
        elif fmt == "json":
            body = json.dumps(public_document_dict(document), ensure_ascii=False, indent=2) + "\n"
        elif fmt == "bibtex":
            body = citations.bibtex(document, permalink)
        elif fmt == "ris":
            body = citations.ris(document, permalink)
        else:
            body = citations.csl_json_text(document, permalink)
        content_type, extension = DOWNLOADS[fmt]
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{document.slug}.{extension}"'
        return response
