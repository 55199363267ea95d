"""Threads, references and the correspondence network in the JSON API, published documents
only: the same data the thread and network pages show."""

from django.http import Http404, JsonResponse
from django.urls import reverse

from ..correspondence import api_chunks
from ..models import Document, Person, ReferenceStatus
from ..views.common import network_file_response
from ..views.threads import thread_documents
from .views import ApiError, ApiView, bad_parameter

NETWORK_PARAMETERS = ("first_year", "last_year", "person")


def _document_ref(document):
    return {
        "slug": document.slug,
        "title": document.title,
        "date": document.date_iso or None,
        "doc_type": document.doc_type,
    }


def _reference(ref, target):
    return {
        "as_written": ref.as_written,
        "number": ref.number or None,
        "date": ref.date.isoformat() if ref.date else None,
        "direction": ref.direction,
        "document": target.slug if target else None,
        "status": "linked" if target else ReferenceStatus.MISSING,
    }


class ThreadApiView(ApiView):
    """A document's thread: its documents by date, and each one's references, linked (to a
    published document of the thread) or cited but not in the catalogue."""

    def get(self, request, slug):
        document = Document.objects.published().filter(slug=slug).first()
        if document is None:
            raise Http404(f"No published document has the slug {slug!r}.")
        documents = thread_documents(document)
        return JsonResponse(
            {
                "document": slug,
                "documents": [
                    {
                        **_document_ref(d),
                        "references": [_reference(ref, target) for ref, target in d.thread_links]
                        + [_reference(ref, None) for ref in d.thread_missing],
                    }
                    for d in documents
                ],
            },
            json_dumps_params={"ensure_ascii": False},
        )


class NetworkApiView(ApiView):
    """The correspondence network: people with documents written and received, and one edge
    per writer and addressee weighted by documents, for the years asked, around a person."""

    def get(self, request):
        params = request.GET
        unknown = sorted(set(params) - set(NETWORK_PARAMETERS))
        if unknown:
            raise bad_parameter(
                unknown[0], f"is not a parameter here; use {', '.join(NETWORK_PARAMETERS)}."
            )
        years = {}
        for name in ("first_year", "last_year"):
            raw = params.get(name, "")
            if raw:
                # isdigit() alone takes "¹⁹⁵⁰", which int() refuses.
                if not (raw.isascii() and raw.isdigit()) or not 1900 <= int(raw) <= 2100:
                    raise bad_parameter(name, f"{raw!r} is not a year from 1900 to 2100.")
                years[name] = int(raw)
        if years.get("first_year", 0) > years.get("last_year", 9999):
            raise ApiError(
                400, "first_year comes after last_year.", {"first_year": ["after last_year"]}
            )
        person = params.get("person") or None
        if person and not Person.objects.public().filter(slug=person).exists():
            raise bad_parameter("person", f"no person has the slug {person!r}.")

        person_url = request.build_absolute_uri(reverse("api:person", args=["-"]))[:-2]
        # Every pair of the selection, written from the database a slice at a time as it is
        # sent, and kept once sent, as text, until the network changes; the addresses in it
        # depend on the host asked.
        return network_file_response(
            request,
            f"network-api:{request.get_host()}:{request.scheme}:{person}:"
            f"{years.get('first_year')}:{years.get('last_year')}",
            lambda: api_chunks(person_url, around=person, **years),
            "application/json",
        )
