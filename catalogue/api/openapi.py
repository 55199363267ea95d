"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json.

The record schemas are written out by hand (they are the export form, which the README also
describes); the query parameters of each list are read from its FilterSet, so a filter added to
the public list appears in the description without anyone remembering to add it. The tests
validate every endpoint's real answers against this document.
"""

import django_filters
from django.http import JsonResponse

from ..filters import (
    DocumentFilter,
    PartialDateFilter,
    PersonFilter,
    PersonNameFilter,
    RequestFilter,
)
from ..models import DocumentType, PersonKind, RequestCategory, RequestStatus, Role
from ..models import TransmissionEvent as Event
from .views import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


STRING = {"type": "string"}
PARTIAL_DATE = {
    "type": "string",
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "ISO 8601 as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD.",
}
PERSON_REF = nullable(
    {
        "type": "object",
        "description": "A person as the document names them; slug is null when the name is not "
        "identified with a person of the catalogue.",
        "required": ["name", "slug", "as_written"],
        "additionalProperties": False,
        "properties": {
            "name": nullable(STRING),
            "slug": nullable(STRING),
            "as_written": STRING,
        },
    }
)
REQUEST_PROPERTIES = {
    "number": nullable({"type": "string", "description": "The number as written."}),
    "summary": STRING,
    "text": STRING,
    "category": {"enum": RequestCategory.values},
    "status": {"enum": RequestStatus.values},
    "quantities": {
        "type": "array",
        "items": {"type": "object", "description": "{amount, unit, note} as the text gives."},
    },
    "asked_by": PERSON_REF,
    "asked_of": PERSON_REF,
    "answered_by": nullable({"type": "string", "description": "Slug of the answering document."}),
    "position": {"type": "integer", "minimum": 0},
}


def closed(properties, description=""):
    """An object schema listing every property, all required, no others allowed."""
    schema = {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }
    if description:
        schema["description"] = description
    return schema


SCHEMAS = {
    "Document": closed(
        {
            "slug": {
                "type": "string",
                "description": "Stable identifier; page at /documents/SLUG/.",
            },
            "title": STRING,
            "doc_type": {"enum": DocumentType.values},
            "reference_numbers": {"type": "array", "items": STRING},
            "date": nullable(PARTIAL_DATE),
            "date_inferred": {"type": "boolean"},
            "transmission": {
                "type": "array",
                "items": closed(
                    {
                        "event": {"enum": Event.Event.values},
                        "at": nullable(
                            {"type": "string", "description": "Partial date, or YYYY-MM-DDTHH:MM."}
                        ),
                        "by": PERSON_REF,
                        "place": STRING,
                        "note": STRING,
                    }
                ),
            },
            "urgency": STRING,
            "marks": {"type": "array", "items": STRING},
            "place": STRING,
            "language": STRING,
            "author": PERSON_REF,
            "sender": PERSON_REF,
            "recipients": {
                "type": "array",
                "items": closed(
                    {
                        "name": nullable(STRING),
                        "slug": nullable(STRING),
                        "as_written": STRING,
                        "role": {"enum": Role.values},
                        "copies": {"type": "integer", "minimum": 1},
                        "position": {"type": "integer", "minimum": 0},
                    }
                ),
            },
            "enclosure": nullable(
                closed(
                    {
                        "doc_type": nullable({"enum": DocumentType.values}),
                        "author": PERSON_REF,
                        "addressee": PERSON_REF,
                        "via": STRING,
                        "date": nullable(PARTIAL_DATE),
                        "place": STRING,
                        "also_sent_to": {
                            "type": "array",
                            "description": "Others the relayed document also went to.",
                            "items": closed(
                                {
                                    "name": nullable(STRING),
                                    "slug": nullable(STRING),
                                    "as_written": STRING,
                                }
                            ),
                        },
                    },
                    "A document this one relays, such as a letter quoted in a telegram.",
                )
            ),
            "requests": {"type": "array", "items": closed(REQUEST_PROPERTIES)},
            "people_mentioned": {
                "type": "array",
                "description": "Persons the document names, in any role.",
                "items": closed({"name": STRING, "slug": STRING, "as_written": STRING}),
            },
            "bodies_mentioned": {
                "type": "array",
                "description": "Bodies (committees, ministries, armies) the document names.",
                "items": closed({"name": STRING, "slug": STRING, "as_written": STRING}),
            },
            "text": {"type": "string", "description": "Full text as translated, layout kept."},
            "summary": STRING,
            "source_citation": STRING,
            "status": {"const": "published"},
            "synthetic": {"type": "boolean", "description": "Generated for load tests."},
            "warnings": {"type": "array", "items": STRING},
            "source": closed({"file": nullable(STRING), "sha256": nullable(STRING)}),
        },
        "A published document in the catalogue's export form.",
    ),
    "Person": closed(
        {
            "slug": {"type": "string", "description": "Stable identifier; page at /people/SLUG/."},
            "name": STRING,
            "sort_name": STRING,
            "kind": {"enum": PersonKind.values},
            "variants": {"type": "array", "items": STRING},
            "pseudonyms": {"type": "array", "items": STRING},
            "description": STRING,
            "birth_year": nullable({"type": "integer"}),
            "death_year": nullable({"type": "integer"}),
            "authority_id": STRING,
            "reviewed": {"type": "boolean"},
        },
        "A person or body in the catalogue's export form.",
    ),
    "Request": closed(
        {
            **REQUEST_PROPERTIES,
            "document": closed(
                {"slug": STRING, "title": STRING, "date": nullable(PARTIAL_DATE)},
                "The published document that makes the request.",
            ),
            "anchor": {
                "type": "string",
                "description": "Fragment of the request on the document's page.",
            },
        },
        "A request a published document makes.",
    ),
    "Error": closed(
        {
            "detail": STRING,
            "errors": {
                "type": "object",
                "description": "Messages by the name of the parameter they concern.",
                "additionalProperties": {"type": "array", "items": STRING},
            },
        },
        "What was wrong with the request.",
    ),
}
SCHEMAS["Thread"] = closed(
    {
        "document": STRING,
        "documents": {
            "type": "array",
            "description": "The published documents of the thread, by date.",
            "items": closed(
                {
                    "slug": STRING,
                    "title": STRING,
                    "date": nullable(PARTIAL_DATE),
                    "doc_type": STRING,
                    "references": {
                        "type": "array",
                        "items": closed(
                            {
                                "as_written": STRING,
                                "number": nullable(STRING),
                                "date": nullable(STRING),
                                "direction": {
                                    "enum": ["reply_to", "refers_to", "transmits", "approves"]
                                },
                                "document": nullable(STRING),
                                "status": {"enum": ["linked", "missing"]},
                            },
                            "A document cited: linked to a document of the thread, or cited "
                            "but not in the catalogue (document null).",
                        ),
                    },
                }
            ),
        },
    },
    "A document's thread: the documents linked by replies, approvals and transmittals.",
)
SCHEMAS["Network"] = closed(
    {
        "nodes": {
            "type": "array",
            "items": closed(
                {
                    "id": STRING,
                    "label": STRING,
                    "url": STRING,
                    "written": {"type": "integer", "minimum": 0},
                    "received": {"type": "integer", "minimum": 0},
                }
            ),
        },
        "edges": {
            "type": "array",
            "items": closed(
                {
                    "source": STRING,
                    "target": STRING,
                    "weight": {"type": "integer", "minimum": 1},
                    "years": {"type": "array", "items": {"type": "integer"}},
                }
            ),
        },
    },
    "Who wrote to whom in the published documents, weighted by documents.",
)
for name in ("Document", "Person", "Request"):
    SCHEMAS[f"{name}Page"] = closed(
        {
            "count": {"type": "integer", "minimum": 0},
            # A search matching too many documents to count has an estimated count.
            "count_is_estimate": {"type": "boolean"},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "next": nullable({"type": "string", "format": "uri"}),
            "previous": nullable({"type": "string", "format": "uri"}),
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{name}"}},
        },
        "One page of a list; next and previous keep the filters.",
    )

PAGINATION = [
    {
        "name": "page",
        "in": "query",
        "description": "Page number, from 1.",
        "schema": {"type": "integer", "minimum": 1, "default": 1},
    },
    {
        "name": "page_size",
        "in": "query",
        "description": f"Results per page, at most {MAX_PAGE_SIZE}.",
        "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
    },
]


def filter_schema(filter_):
    """The JSON Schema of one django-filter filter's query value."""
    if isinstance(filter_, django_filters.OrderingFilter):
        values = [value for value, _label in filter_.extra["choices"]]
        return {"enum": values}
    if isinstance(filter_, django_filters.ChoiceFilter | django_filters.MultipleChoiceFilter):
        choices = filter_.extra.get("choices")
        choices = choices() if callable(choices) else choices
        enum = {"enum": [str(value) for value, _label in choices or []]}
        if isinstance(filter_, django_filters.MultipleChoiceFilter):
            # Repeat the parameter for more than one value: ?doc_type=letter&doc_type=telegram
            return {"type": "array", "items": enum}
        if choices:
            return enum
    if isinstance(filter_, PartialDateFilter):
        # Days 29-31 are accepted where the month has them; the pattern keeps to safe ones.
        return {
            "type": "string",
            "pattern": r"^[12]\d{3}(-(0[1-9]|1[0-2])(-(0[1-9]|1\d|2[0-8]))?)?$",
            "description": "YYYY, YYYY-MM or YYYY-MM-DD; a partial date covers its whole period. "
            "A date_from later than date_to answers 400.",
        }
    if isinstance(filter_, PersonNameFilter):
        return {
            "type": "string",
            "maxLength": 120,
            "description": "A person's slug (an old slug of a merged person works too), or a "
            "name, variant or pseudonym that designates exactly one person in the published "
            "documents (case and diacritics do not matter). A name several people go by, or "
            "no one, answers 400 naming the candidates.",
        }
    if isinstance(filter_, django_filters.BooleanFilter):
        return {"enum": ["true", "false", "1", "0"]}
    if isinstance(filter_, django_filters.DateFilter):
        return {"type": "string", "format": "date"}
    if isinstance(filter_, django_filters.NumberFilter):
        return {"type": "number"}
    # Django's form fields refuse a NUL character (400); the description says so, so that a
    # client generating values from it never sends one.
    return {"type": "string", "pattern": r"^[^\u0000]*$"}


def filter_parameters(filterset_class):
    parameters = []
    for name, filter_ in filterset_class.base_filters.items():
        label = filter_.label or name.replace("_", " ").capitalize()
        help_text = filter_.extra.get("help_text")
        parameters.append(
            {
                "name": name,
                "in": "query",
                "description": f"{label}. {help_text}" if help_text else str(label),
                "schema": filter_schema(filter_),
            }
        )
    return parameters + PAGINATION


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def answer(description, schema):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": answer(
        "A parameter is unknown or its value is not valid; errors names it.", ref("Error")
    ),
}
NOT_FOUND = {"404": answer("No published record has this slug.", ref("Error"))}
SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
}


YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
NETWORK_OPERATION = {
    "get": {
        "operationId": "getNetwork",
        "summary": "The correspondence network",
        "parameters": [
            {"name": "first_year", "in": "query", "schema": YEAR},
            {"name": "last_year", "in": "query", "schema": YEAR},
            {
                "name": "person",
                "in": "query",
                "description": "Slug of a person: their correspondents and the letters among them.",
                "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
            },
        ],
        "responses": {"200": answer("The network.", ref("Network")), **ERRORS},
    }
}


def list_operation(name, summary, filterset_class):
    return {
        "get": {
            "operationId": f"list{name}s",
            "summary": summary,
            "parameters": filter_parameters(filterset_class),
            "responses": {
                "200": answer("One page of results.", ref(f"{name}Page")),
                **ERRORS,
                "404": answer("The page is past the last page of results.", ref("Error")),
            },
        }
    }


def detail_operation(name, summary, extra=None):
    return {
        "get": {
            "operationId": f"get{name}",
            "summary": summary,
            "parameters": [SLUG],
            "responses": {
                "200": answer(f"The {name.lower()}.", ref(name)),
                **NOT_FOUND,
                **(extra or {}),
            },
        }
    }


def openapi_document():
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Cold War Documents Catalogue API",
            "version": "1.0.0",
            "description": "Read-only access to the published catalogue. Records are identified "
            "by slug; lists take the same filters as the public pages and are paginated with "
            "next and previous links. Any origin may read (CORS). Bad parameters answer 400 with "
            "a message naming the parameter. Whole-catalogue downloads: /downloads/"
            "datapackage.json; OAI-PMH: /oai/.",
        },
        "paths": {
            "/api/documents/": list_operation(
                "Document", "Published documents, filtered and searched", DocumentFilter
            ),
            "/api/documents/{slug}/": detail_operation("Document", "One published document"),
            "/api/documents/{slug}/thread/": detail_operation(
                "Thread", "A published document's thread and the documents it cites"
            ),
            "/api/network/": NETWORK_OPERATION,
            "/api/people/": list_operation("Person", "People and bodies", PersonFilter),
            "/api/people/{slug}/": detail_operation(
                "Person",
                "One person",
                {"301": {"description": "The person was merged; Location has the new address."}},
            ),
            "/api/requests/": list_operation(
                "Request", "Requests that published documents make", RequestFilter
            ),
        },
        "components": {"schemas": SCHEMAS},
    }


def openapi_view(request):
    response = JsonResponse(openapi_document(), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response
