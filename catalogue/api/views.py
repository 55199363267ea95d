"""The read-only JSON API: published documents, people and requests, found by slug.

Plain Django views: the lists run the same FilterSets as the public pages (so a query gives the
same documents in the browser and in a script) and the records are the export form of
catalogue/serializers.py. Every answer, errors included, is JSON and may be read from any origin.
"""

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views import View

from ..filters import DocumentFilter, PersonFilter, RequestFilter
from ..models import Document, Person, PersonRedirect, Request
from ..search.estimate import EstimatedPaginator
from ..serializers import person_to_dict, public_document_dict, public_request_dict

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
PAGINATION_PARAMETERS = ("page", "page_size")


class ApiError(Exception):
    """A client error, answered as {"detail": ..., "errors": {parameter: [messages]}}."""

    def __init__(self, status, detail, errors=None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors or {}


def bad_parameter(name, message):
    return ApiError(400, f"{name}: {message}", {name: [message]})


def positive_int(params, name, default, maximum=None):
    raw = params.get(name, "")
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1 or (maximum and value > maximum):
        limit = f" from 1 to {maximum}" if maximum else " of 1 or more"
        raise bad_parameter(name, f"{raw!r} is not a whole number{limit}.")
    return value


class ApiView(View):
    """JSON in, JSON out: errors become JSON with their status, every answer allows CORS."""

    http_method_names = ["get", "head", "options"]

    def dispatch(self, request, *args, **kwargs):
        try:
            response = super().dispatch(request, *args, **kwargs)
        except ApiError as error:
            response = JsonResponse(
                {"detail": error.detail, "errors": error.errors}, status=error.status
            )
        except Http404 as error:
            response = JsonResponse(
                {"detail": str(error) or "Not found.", "errors": {}}, status=404
            )
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def http_method_not_allowed(self, request, *args, **kwargs):
        response = JsonResponse(
            {"detail": f"{request.method} is not allowed: this API is read-only.", "errors": {}},
            status=405,
        )
        response["Allow"] = "GET, HEAD, OPTIONS"
        return response

    def options(self, request, *args, **kwargs):
        response = super().options(request, *args, **kwargs)
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = "Accept"
        response["Access-Control-Max-Age"] = "86400"
        return response


class ListApiView(ApiView):
    """A filtered, paginated list: {"count", "page", "page_size", "next", "previous", "results"}."""

    filterset_class = None

    def get_queryset(self):
        raise ImproperlyConfigured(f"{type(self).__name__} must define get_queryset().")

    def serialize(self, obj):
        raise ImproperlyConfigured(f"{type(self).__name__} must define serialize().")

    def get(self, request):
        params = request.GET
        known = set(self.filterset_class.base_filters) | set(PAGINATION_PARAMETERS)
        unknown = sorted(set(params) - known)
        if unknown:
            raise bad_parameter(
                unknown[0], f"is not a parameter here; use {', '.join(sorted(known))}."
            )
        page_size = positive_int(params, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        page_number = positive_int(params, "page", 1)
        filterset = self.filterset_class(params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            errors = {name: list(messages) for name, messages in filterset.errors.items()}
            first = next(iter(errors))
            raise ApiError(400, f"{first}: {' '.join(errors[first])}", errors)
        paginator = EstimatedPaginator(filterset.qs, page_size)
        # A broad search is not counted but estimated (catalogue/search/estimate.py).
        estimated = getattr(filterset, "estimated_total", None)
        if estimated is not None:
            paginator.count, paginator.estimated = estimated, True
        # An exact count kept by the writes (catalogue/keptcounts.py), where the filter has one.
        kept = filterset.kept_total() if hasattr(filterset, "kept_total") else None
        if kept is not None:
            paginator.count = kept
        if page_number > paginator.num_pages:
            # Well formed but beyond the end (the list may have shrunk since): not found.
            message = f"{page_number} is past the last page ({paginator.num_pages})."
            raise ApiError(404, f"page: {message}", {"page": [message]})
        page = paginator.page(page_number)
        return JsonResponse(
            {
                "count": paginator.count,
                "count_is_estimate": estimated is not None,
                "page": page_number,
                "page_size": page_size,
                "next": self.page_url(request, page.next_page_number())
                if page.has_next()
                else None,
                "previous": self.page_url(request, page.previous_page_number())
                if page.has_previous()
                else None,
                "results": [self.serialize(obj) for obj in page.object_list],
            },
            json_dumps_params={"ensure_ascii": False},
        )

    def page_url(self, request, number):
        params = request.GET.copy()
        params["page"] = number
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class DocumentListView(ListApiView):
    filterset_class = DocumentFilter

    def get_queryset(self):
        return Document.objects.published().for_detail()

    def serialize(self, document):
        return public_document_dict(document)


class DocumentDetailView(ApiView):
    def get(self, request, slug):
        document = Document.objects.published().for_detail().filter(slug=slug).first()
        if document is None:
            raise Http404(f"No published document has the slug {slug!r}.")
        return JsonResponse(
            public_document_dict(document), json_dumps_params={"ensure_ascii": False}
        )


class PersonListView(ListApiView):
    filterset_class = PersonFilter

    def get_queryset(self):
        # The public people are those with a kept count (catalogue/keptcounts.py): a join on
        # the key rather than a test of every way of appearing for each of 10,000 people.
        return Person.objects.filter(kept_count__documents__gt=0).prefetch_related("names")

    def serialize(self, person):
        return person_to_dict(person)


class PersonDetailView(ApiView):
    def get(self, request, slug):
        people = Person.objects.public()
        person = people.prefetch_related("names").filter(slug=slug).first()
        if person is None:
            # A person merged into another keeps answering at the old slug.
            moved = (
                PersonRedirect.objects.filter(old_slug=slug, person__in=people)
                .select_related("person")
                .first()
            )
            if moved:
                return redirect("api:person", slug=moved.person.slug, permanent=True)
            raise Http404(f"No person has the slug {slug!r}.")
        return JsonResponse(person_to_dict(person), json_dumps_params={"ensure_ascii": False})


class RequestListView(ListApiView):
    filterset_class = RequestFilter

    def get_queryset(self):
        return (
            Request.objects.published()
            .for_list()
            .select_related("answered_by")
            .defer(
                *(
                    f"{relation}__{field}"
                    for relation in ("document", "answered_by")
                    for field in ("text", "search_text", "imported_values", "summary")
                )
            )
        )

    def serialize(self, row):
        return public_request_dict(row)


class IndexView(ApiView):
    def get(self, request):
        def url(name):
            return request.build_absolute_uri(reverse(name))

        return JsonResponse(
            {
                "documents": url("api:document-list"),
                "people": url("api:person-list"),
                "requests": url("api:request-list"),
                "openapi": url("api:openapi"),
                "datapackage": url("api:datapackage"),
                "oai_pmh": url("api:oai") + "?verb=Identify",
                "feed": url("api:feed"),
            }
        )
