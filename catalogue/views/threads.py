"""Threads on the public pages: what a document answers and what answers it, and the whole
chain laid out by date. Only published documents appear: a draft is never named, neither as a
link nor in a thread."""

from django.db.models import Prefetch, Q
from django.http import Http404
from django.views.generic import DetailView

from .. import threads
from ..models import (
    Document,
    Recipient,
    Reference,
    ReferenceDirection,
    ReferenceStatus,
    Request,
    Role,
    Status,
)

# What a thread page reads of each document: no text.
THREAD_DEFER = ("text", "search_text", "imported_values", "summary", "parser_warnings")


def document_links(document):
    """What the document page shows of its threads, in four queries: the published documents
    it answers (``in_reply_to``) and that answer it (``answered_by``), the other links either
    way (``cites``, ``cited_by``), and its citations of documents not in the catalogue
    (``missing``)."""
    made = (
        Reference.objects.filter(document=document)
        .filter(
            Q(status=ReferenceStatus.MISSING)
            | Q(status__in=(ReferenceStatus.LINKED, ReferenceStatus.CONFIRMED))
            & Q(target__status=Status.PUBLISHED)
        )
        .select_related("target__author", "target__sender")
        .defer(*(f"target__{name}" for name in THREAD_DEFER))
        .prefetch_related(Prefetch("target__recipients", queryset=_addressee_rows()))
    )
    received = (
        Reference.objects.links()
        .filter(target=document)
        .select_related("document__author", "document__sender")
        .defer(*(f"document__{name}" for name in THREAD_DEFER))
        .prefetch_related(Prefetch("document__recipients", queryset=_addressee_rows()))
        .order_by("document__date", "document__pk")
    )
    links = {"in_reply_to": [], "cites": [], "answered_by": [], "cited_by": [], "missing": []}
    seen = set()
    for ref in made:
        if ref.status == ReferenceStatus.MISSING:
            links["missing"].append(ref)
        elif ref.target_id not in seen:
            seen.add(ref.target_id)
            key = "in_reply_to" if ref.direction == ReferenceDirection.REPLY_TO else "cites"
            links[key].append(ref)
    seen = set()
    for ref in received:
        if ref.document_id not in seen:
            seen.add(ref.document_id)
            key = "answered_by" if ref.direction == ReferenceDirection.REPLY_TO else "cited_by"
            links[key].append(ref)
    links["any"] = any(links[key] for key in ("in_reply_to", "cites", "answered_by", "cited_by"))
    return links


def _addressee_rows():
    return (
        Recipient.objects.filter(role__in=(Role.ADDRESSEE, Role.FORWARDED_TO))
        .select_related("person")
        .order_by("position")
    )


class ThreadView(DetailView):
    """A document's thread: every published document linked to it through replies,
    approvals and transmittals, by date, who to whom, with the requests each raised and
    the document that answered them, and what the thread cites that the catalogue lacks."""

    template_name = "catalogue/thread.html"
    context_object_name = "document"

    def get_queryset(self):
        return Document.objects.published().defer(*THREAD_DEFER)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = thread_documents(self.object)
        if len(documents) < 2:
            raise Http404("This document is not part of a thread.")
        context["documents"] = documents
        context["missing"] = [
            (document, ref) for document in documents for ref in document.thread_missing
        ]
        return context


def thread_documents(document):
    """The published documents of `document`'s thread by date (the document alone when it
    has no links), each with ``thread_links`` [(reference, document of the thread)],
    ``thread_missing`` (its citations of documents not in the catalogue), its addressees
    and its requests with their answers."""
    ids = threads.thread_of(document)
    documents = list(
        Document.objects.published()
        .filter(pk__in=ids)
        .select_related("author", "sender")
        .defer(*THREAD_DEFER)
        .prefetch_related(
            Prefetch("recipients", queryset=_addressee_rows()),
            Prefetch(
                "requests",
                queryset=Request.objects.select_related("answered_by").only(
                    "document_id",
                    "number",
                    "summary",
                    "position",
                    "status",
                    "answered_by__slug",
                    "answered_by__title",
                    "answered_by__date",
                    "answered_by__date_precision",
                    "answered_by__status",
                ),
            ),
            Prefetch(
                "references_made",
                queryset=Reference.objects.filter(
                    Q(status=ReferenceStatus.MISSING)
                    | Q(
                        status__in=(ReferenceStatus.LINKED, ReferenceStatus.CONFIRMED),
                        target__in=ids,
                        target__status=Status.PUBLISHED,
                    )
                ).order_by("pk"),
            ),
        )
        .order_by("date", "pk")
    )
    titles = {d.pk: d for d in documents}
    for doc in documents:
        doc.thread_links = [
            (ref, titles[ref.target_id])
            for ref in doc.references_made.all()
            if ref.target_id in titles
        ]
        doc.thread_missing = [ref for ref in doc.references_made.all() if ref.target_id is None]
        doc.thread_replies = []
    # The first reply to each document, offered beside its unanswered requests.
    for doc in documents:
        for ref, other in doc.thread_links:
            if ref.direction == ReferenceDirection.REPLY_TO and not other.thread_replies:
                other.thread_replies.append(doc)
    return documents
