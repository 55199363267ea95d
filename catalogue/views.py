"""Public pages of the catalogue.

Visitors see published documents only, everywhere: pages, lists, counts, facets, related
documents, previous/next and downloads. Staff may open a draft's page and downloads to preview
them (the page says so in a banner). Every view runs a fixed number of queries, whatever the
number of rows it shows.
"""

import datetime
import hashlib
import json

from django import forms
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import (
    BooleanField,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Prefetch,
    Q,
    Subquery,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views import View
from django.views.generic import DetailView, ListView, RedirectView, TemplateView
from django.views.generic.detail import SingleObjectMixin
from django_filters.views import FilterView

from . import citations
from .filters import (
    RECIPIENT_ROLES,
    DocumentFilter,
    DocumentSort,
    Month,
    PersonFilter,
    PersonRole,
    RequestFilter,
    Year,
    clean_query,
    facets,
    involving,
)
from .models import (
    DatePrecision,
    Document,
    DocumentType,
    Person,
    PersonName,
    PersonRedirect,
    Recipient,
    Request,
    RequestCategory,
    Role,
    Status,
)
from .search.snippets import highlight
from .serializers import document_to_dict


def visible_documents(user):
    """Published documents, and drafts too for staff who preview them."""
    documents = Document.objects.all()
    return documents if user.is_staff else documents.published()


class ForgivingPaginationMixin:
    """A page number that is not a number or is out of range shows page 1 or the last page
    with a message, rather than an error page: links to lists get shared and go stale."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=True)
        raw = self.request.GET.get(self.page_kwarg) or 1
        self.page_message = ""
        try:
            number = paginator.validate_number(raw)
        except PageNotAnInteger:
            number = 1
            self.page_message = f"“{raw}” is not a page number; showing page 1."
        except EmptyPage:
            # Below the first page shows the first; past the last (a stale link) the last.
            number = 1 if int(raw) < 1 else paginator.num_pages
            self.page_message = f"There is no page {raw}; showing page {number}."
        page = paginator.page(number)
        self.page_range = list(paginator.get_elided_page_range(number, on_each_side=2, on_ends=1))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page_message"] = getattr(self, "page_message", "")
        context["page_range"] = getattr(self, "page_range", [])
        return context


def filter_errors(filterset):
    """Plain messages naming each parameter the list could not use."""
    messages = []
    for name, errors in filterset.form.errors.items():
        value = filterset.form.data.get(name, "")
        for error in errors:
            messages.append({"parameter": name, "value": value, "error": error})
    return messages


# Figures about the whole catalogue (home page, chronology, the unfiltered document list's
# facets) take seconds to count at 100,000 documents and a million recipient rows, and
# change only when the catalogue does. They are cached under a fingerprint of the catalogue
# read in one query on primary keys and indexed columns: the latest history row of every
# table the figures read (django-simple-history writes one for each save and each delete,
# from the admin, an import or a merge alike) and the latest document change. So a change
# shows on the next visit, from every process, with nothing to invalidate by hand; the
# timeout bounds what a bulk update that bypasses both could leave stale. Django's default
# local-memory cache is enough: each process keeps its own copy.
FIGURES_TIMEOUT = 15 * 60
FINGERPRINT_MODELS = (Document, Person, PersonName, Recipient, Request)


def catalogue_fingerprint():
    latest = [
        f"(SELECT MAX(history_id) FROM {model.history.model._meta.db_table})"
        for model in FINGERPRINT_MODELS
    ]
    latest.append(f"(SELECT MAX(modified) FROM {Document._meta.db_table})")
    with connections[Document.objects.db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(latest))
        raw = "|".join(str(value) for value in cursor.fetchone())
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached_figures(name, compute):
    """``compute()``'s value, counted again only when the catalogue has changed."""
    key = f"catalogue:{name}:{catalogue_fingerprint()}"
    return cache.get_or_set(key, compute, FIGURES_TIMEOUT)


class HomeView(TemplateView):
    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cached_figures("home", self.figures))
        return context

    @staticmethod
    def figures():
        documents = Document.objects.published()
        labels = dict(DocumentType.choices)
        categories = dict(RequestCategory.choices)
        return {
            "stats": documents.aggregate(
                documents=Count("pk"), first=Min("date"), last=Max("date")
            ),
            "person_count": Person.objects.public().count(),
            "request_count": Request.objects.published().count(),
            "years": list(
                documents.exclude(date=None)
                .annotate(year=Year("date"))
                .values("year")
                .annotate(n=Count("pk"))
                .order_by("year")
            ),
            "types": [
                {"value": row["doc_type"], "label": labels.get(row["doc_type"]), "count": row["n"]}
                for row in documents.values("doc_type").annotate(n=Count("pk")).order_by("-n")
            ],
            "categories": [
                {
                    "value": row["category"],
                    "label": categories.get(row["category"]),
                    "count": row["n"],
                }
                for row in Request.objects.published()
                .values("category")
                .annotate(n=Count("pk"))
                .order_by("-n")
            ],
            "leading_people": list(
                Recipient.objects.filter(document__status=Status.PUBLISHED)
                .exclude(person=None)
                .values("person__slug", "person__name")
                .annotate(n=Count("document", distinct=True))
                .order_by("-n", "person__name")[:10]
            ),
            "recent": list(documents.for_list().order_by("-created", "-pk")[:5]),
        }


class DeferredJoinPaginator(Paginator):
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
        if top + self.orphans >= self.count:
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
        return paginator

    def get_facets(self):
        filterset = self.filterset
        data = filterset.form.cleaned_data if filterset.is_bound else {}
        in_force = {
            name: value
            for name, value in data.items()
            if name not in ("sort", "role") and value not in (None, "", [], False)
        }
        if not in_force and not filterset.form.errors:
            # The whole published catalogue: the same for every visitor until it changes.
            return cached_figures("document-facets", lambda: facets(self.object_list))
        types_from = filterset.queryset_without("doc_type") if data.get("doc_type") else None
        return facets(self.object_list, types_from=types_from)

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
        context["chosen_person"] = data.get("person")
        role = data.get("role") or PersonRole.ANY
        context["person_phrase"] = ROLE_PHRASES.get(role, ROLE_PHRASES[PersonRole.ANY])
        context["person_candidates"] = candidates
        context["typed_person"] = self.request.GET.get("person", "")
        context["is_filtered"] = any(
            v not in (None, "", [], False) for k, v in data.items() if k not in ("sort", "role")
        )
        context["chips"] = filter_chips(filterset.form)
        current = filterset.current_sort
        context["sort_options"] = [
            (value, label)
            for value, label in DocumentSort.choices
            if value != DocumentSort.RELEVANCE or filterset.searching
        ]
        context["current_sort"] = current
        return context


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


def use_checkboxes(fields, *names):
    """Short fixed lists of choices read better as checkboxes than as a multiple select."""
    for name in names:
        if name in fields:
            fields[name].widget = forms.CheckboxSelectMultiple(choices=fields[name].choices)


# How the heading of the document list names the chosen person's role.
ROLE_PHRASES = {
    PersonRole.ANY: "involving",
    PersonRole.AUTHOR: "written by",
    PersonRole.SENDER: "sent by",
    PersonRole.ADDRESSEE: "addressed to",
    PersonRole.COPY: "copied to",
    PersonRole.MENTIONED: "mentioning",
    PersonRole.ALSO_SENT_TO: "with an enclosure also sent to",
}


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
        if name == "role" and not (cleaned.get("person") and values[-1] != PersonRole.ANY):
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


class DocumentDetailView(DetailView):
    template_name = "catalogue/document_detail.html"

    def get_queryset(self):
        return visible_documents(self.request.user).for_detail()

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
        context["highwire"] = citations.highwire_tags(document, permalink)
        context["json_ld"] = citations.json_ld(document, permalink)
        context["is_draft"] = document.status != Status.PUBLISHED
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
    rows found through an index."""
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
            body = json.dumps(document_to_dict(document), ensure_ascii=False, indent=2) + "\n"
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


# The published documents of the person in the enclosing query's row, in any role, as a
# UNION of index look-ups, one per role, so that the count reads only the person's own rows.
_PERSON_DOCUMENTS_SQL = """(SELECT COUNT(*) FROM (
    SELECT d.id FROM catalogue_document d
        WHERE d.author_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT d.id FROM catalogue_document d
        WHERE d.sender_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT d.id FROM catalogue_document d
        WHERE d.enclosure_author_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT d.id FROM catalogue_document d
        WHERE d.enclosure_addressee_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT r.document_id FROM catalogue_recipient r
        JOIN catalogue_document d ON d.id = r.document_id
        WHERE r.person_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT m.document_id FROM catalogue_document_people_mentioned m
        JOIN catalogue_document d ON d.id = m.document_id
        WHERE m.person_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT t.document_id FROM catalogue_transmissionevent t
        JOIN catalogue_document d ON d.id = t.document_id
        WHERE t.by_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT q.document_id FROM catalogue_request q
        JOIN catalogue_document d ON d.id = q.document_id
        WHERE q.asked_by_id = catalogue_person.id AND d.status = %(published)s
    UNION SELECT q.document_id FROM catalogue_request q
        JOIN catalogue_document d ON d.id = q.document_id
        WHERE q.asked_of_id = catalogue_person.id AND d.status = %(published)s
) AS person_documents)"""


def with_published_document_counts(people):
    """Annotate ``published_documents``: how many published documents each person appears
    in, in any role, counted once each. ``people`` must select from catalogue_person under
    its own name (any Person queryset does)."""
    sql = _PERSON_DOCUMENTS_SQL % {"published": "%s"}
    count = RawSQL(sql, [Status.PUBLISHED] * 9, output_field=IntegerField())
    return people.annotate(published_documents=count)


class PersonListView(ForgivingPaginationMixin, ListView):
    paginate_by = 50
    template_name = "catalogue/person_list.html"

    def get_queryset(self):
        people = Person.objects.public().prefetch_related("names")
        self.filterset = PersonFilter(self.request.GET or None, queryset=people)
        self.q = self.filterset.form.cleaned_data.get("q", "") if self.filterset.is_valid() else ""
        return with_published_document_counts(self.filterset.qs)

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if not self.q:
            # Counting everyone in a published document takes half a second at 10,000
            # people; the whole list's count is a catalogue figure (see cached_figures).
            paginator.count = cached_figures("person-count", queryset.count)
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["q"] = self.q
        context["total"] = context["paginator"].count
        return context


# The roles on a person's page, with their heading and the document list's `role` filter.
PERSON_ROLES = [
    (PersonRole.AUTHOR, "Wrote"),
    (PersonRole.SENDER, "Sent"),
    (PersonRole.ADDRESSEE, "Received"),
    (PersonRole.COPY, "Received a copy"),
    (PersonRole.MENTIONED, "Mentioned in"),
    (PersonRole.ALSO_SENT_TO, "Enclosure also sent to"),
]
# Roles few people have, listed on a person's page only when they have them.
OCCASIONAL_ROLES = {PersonRole.ALSO_SENT_TO}


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
        conditions = {key: involving(person, key) for key, _ in PERSON_ROLES}
        counts = role_counts(person)
        context["roles"] = [
            {
                "key": key,
                "heading": heading,
                "count": counts[key],
                "documents": self.first_documents(published, conditions[key])
                if counts[key]
                else [],
            }
            for key, heading in PERSON_ROLES
            if counts[key] or key not in OCCASIONAL_ROLES
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
    """How many published documents ``person`` wrote, sent, received, was copied or
    mentioned in, or had an enclosure also sent to them, as {role: count}. One query of six
    scalar subqueries, each read from the
    person's own rows through an index, rather than a pass over every document."""
    published = Document.objects.published()
    recipient_rows = Recipient.objects.filter(person=person, document__status=Status.PUBLISHED)
    mentioned = Document.people_mentioned.through.objects.filter(
        person=person, document__status=Status.PUBLISHED
    )
    return Person.objects.filter(pk=person.pk).aggregate(
        **{
            PersonRole.AUTHOR: Max(_count(published.filter(author=person))),
            PersonRole.SENDER: Max(_count(published.filter(sender=person))),
            **{
                role: Max(_count(recipient_rows.filter(role__in=roles), "document", distinct=True))
                for role, roles in RECIPIENT_ROLES.items()
            },
            PersonRole.MENTIONED: Max(_count(mentioned, "document", distinct=True)),
        }
    )


# Correspondents are counted in a person's latest documents in each direction: a person on
# 40,000 documents would otherwise have every recipient row of them grouped on each visit.
CORRESPONDENTS_DOCUMENTS = 1000


def correspondents(person, limit=10):
    """The people this person exchanged most published documents with: those they wrote or
    sent to, and those who sent to them (the sender, or the author when no sender is
    recorded), counted in their latest CORRESPONDENTS_DOCUMENTS documents each way. Three
    queries, whatever the number of documents."""
    published = Document.objects.published()
    sent = (
        published.filter(Q(author=person) | Q(sender=person))
        .order_by("-pk")
        .values("pk")[:CORRESPONDENTS_DOCUMENTS]
    )
    # Those an enclosed letter was also sent to did not receive the document from its sender.
    rows = Recipient.objects.exclude(role=Role.ALSO_SENT_TO)
    outgoing = (
        rows.filter(document__in=sent)
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


class RequestListView(ForgivingPaginationMixin, FilterView):
    filterset_class = RequestFilter
    paginate_by = 50
    strict = False
    template_name = "catalogue/request_list.html"

    def get_filterset(self, filterset_class):
        filterset = super().get_filterset(filterset_class)
        use_checkboxes(filterset.form.fields, "category", "status")
        return filterset

    def get_queryset(self):
        return (
            Request.objects.published()
            .for_list()
            .order_by(F("document__date").asc(nulls_last=True), "document__title", "position")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total"] = context["paginator"].count
        context["filter_errors"] = filter_errors(self.filterset)
        return context


class ChronologyView(TemplateView):
    """Documents per year and month, as a table and an SVG chart, each count a link to the
    documents of that month."""

    template_name = "catalogue/chronology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, undated = cached_figures("chronology", self.counts)
        years = {}
        for row in rows:
            entry = years.setdefault(row["year"], {"months": [0] * 12, "unknown": 0, "total": 0})
            if row["date_precision"] == DatePrecision.YEAR:
                entry["unknown"] += row["n"]
            else:
                entry["months"][row["month"] - 1] += row["n"]
            entry["total"] += row["n"]
        if years:
            # Every year of the span gets its row, so gaps in the record show as gaps.
            span = range(min(years), max(years) + 1)
            table = [
                {
                    "year": year,
                    **years.get(year, {"months": [0] * 12, "unknown": 0, "total": 0}),
                }
                for year in span
            ]
        else:
            table = []
        for entry in table:
            entry["cells"] = [
                {"month": f"{entry['year']:04d}-{index + 1:02d}", "count": count}
                for index, count in enumerate(entry["months"])
            ]
        context["years"] = table
        context["undated"] = undated
        context["month_names"] = [datetime.date(2000, m, 1).strftime("%b") for m in range(1, 13)]
        return context

    @staticmethod
    def counts():
        published = Document.objects.published()
        rows = list(
            published.exclude(date=None)
            .annotate(year=Year("date"), month=Month("date"))
            .values("year", "month", "date_precision")
            .annotate(n=Count("pk"))
            .order_by("year", "month")
        )
        return rows, published.filter(date=None).count()


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page links,
    sent to the static icon that whitenoise serves. Temporary: the hashed name changes with
    the file."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


class AboutView(TemplateView):
    template_name = "catalogue/about.html"
