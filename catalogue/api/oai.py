"""OAI-PMH 2.0 data provider: harvesters such as library discovery systems collect the published
documents as Dublin Core records (`oai_dc`) through the six verbs of the protocol.

The provider keeps no state between requests. A resumption token is the signed list request it
continues plus the primary key of the last record sent, so a harvest survives a restart of the
server and records published meanwhile are neither skipped nor sent twice (the list is walked in
primary-key order, which never changes). Datestamps are the documents' `modified` times in UTC.
Only published documents are exposed; a draft has no OAI identifier at all.
"""

import datetime
import re

from django.conf import settings
from django.core import signing
from django.db.models import Min
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from ..models import Document, DocumentType

PAGE_SIZE = 100
TOKEN_SALT = "catalogue.oai.resumption"
METADATA_FORMATS = {
    "oai_dc": {
        "schema": "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        "namespace": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    }
}
# Each verb's required and optional arguments; `exclusive` is an argument that, when given,
# must be the only one besides the verb (the protocol's rule for resumptionToken).
VERBS = {
    "Identify": {"required": set(), "optional": set(), "exclusive": None},
    "ListMetadataFormats": {"required": set(), "optional": {"identifier"}, "exclusive": None},
    "ListSets": {"required": set(), "optional": set(), "exclusive": "resumptionToken"},
    "GetRecord": {
        "required": {"identifier", "metadataPrefix"},
        "optional": set(),
        "exclusive": None,
    },
    "ListIdentifiers": {
        "required": {"metadataPrefix"},
        "optional": {"from", "until", "set"},
        "exclusive": "resumptionToken",
    },
    "ListRecords": {
        "required": {"metadataPrefix"},
        "optional": {"from", "until", "set"},
        "exclusive": "resumptionToken",
    },
}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
# Characters XML 1.0 forbids; a stray form feed in a transcription must not break a harvest.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The <request> element echoes the arguments as typed attributes; a value that does not fit its
# type (an identifier with a space, say) is left out so that the error response stays valid.
_SPEC = r"[A-Za-z0-9\-_.!~*'()]+"
ECHOED = {
    "identifier": re.compile(r"[^\s<>\"{}|\\^`]+"),
    "metadataPrefix": re.compile(_SPEC),
    "set": re.compile(rf"{_SPEC}(:{_SPEC})*"),
    "from": re.compile(rf"{DAY.pattern}|{SECONDS.pattern}"),
    "until": re.compile(rf"{DAY.pattern}|{SECONDS.pattern}"),
    "resumptionToken": re.compile(r".+", re.DOTALL),
}


class OaiError(Exception):
    """A protocol error: answered with HTTP 200 and an <error code="..."> element."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def xml_text(value):
    return XML_ILLEGAL.sub("", value or "")


def datestamp(moment):
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datestamp(value, name):
    """(aware datetime, granularity) for a from/until argument; badArgument naming it if bad."""
    try:
        if DAY.fullmatch(value):
            day = datetime.date.fromisoformat(value)
            return datetime.datetime.combine(day, datetime.time(), datetime.UTC), "day"
        if SECONDS.fullmatch(value):
            moment = datetime.datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ")
            return moment.replace(tzinfo=datetime.UTC), "seconds"
    except ValueError:
        pass
    raise OaiError(
        "badArgument",
        f"{name}={value!r} is not a date of the form YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ",
    )


def repository_identifier(request):
    """The namespace part of OAI identifiers: a configured domain, else this site's host."""
    configured = getattr(settings, "OAI_REPOSITORY_IDENTIFIER", "")
    return configured or request.get_host().rsplit(":", 1)[0].strip("[]")


def set_specs():
    return {value: label for value, label in DocumentType.choices}


class ListQuery:
    """The selective-harvest arguments of a list request, and where in the list it stands."""

    def __init__(self, verb, prefix, set_spec="", from_="", until="", after=0, cursor=0):
        self.verb = verb
        self.prefix = prefix
        self.set_spec = set_spec
        self.from_ = from_
        self.until = until
        self.after = after
        self.cursor = cursor

    @classmethod
    def from_arguments(cls, verb, args):
        query = cls(
            verb,
            args["metadataPrefix"],
            args.get("set", ""),
            args.get("from", ""),
            args.get("until", ""),
        )
        query.validate()
        return query

    @classmethod
    def from_token(cls, verb, token):
        try:
            data = signing.loads(token, salt=TOKEN_SALT)
            query = cls(verb, data["p"], data["s"], data["f"], data["u"], data["a"], data["c"])
            if data["v"] != verb:
                raise ValueError("token of another verb")
        except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
            raise OaiError(
                "badResumptionToken",
                f"The resumptionToken is not one this repository issued for {verb}.",
            ) from error
        query.validate()
        return query

    def token(self, after, cursor):
        data = {
            "v": self.verb,
            "p": self.prefix,
            "s": self.set_spec,
            "f": self.from_,
            "u": self.until,
            "a": after,
            "c": cursor,
        }
        return signing.dumps(data, salt=TOKEN_SALT, compress=True)

    def validate(self):
        if self.prefix not in METADATA_FORMATS:
            raise OaiError(
                "cannotDisseminateFormat",
                f"metadataPrefix={self.prefix!r} is not supported; use oai_dc.",
            )
        if self.set_spec and self.set_spec not in set_specs():
            raise OaiError("badArgument", f"set={self.set_spec!r} is not a set; see ListSets.")
        self.lower = self.upper = None
        if self.from_:
            self.lower, from_granularity = parse_datestamp(self.from_, "from")
        if self.until:
            until, until_granularity = parse_datestamp(self.until, "until")
            # An until datestamp includes the whole of its day or second.
            step = (
                datetime.timedelta(days=1)
                if until_granularity == "day"
                else datetime.timedelta(seconds=1)
            )
            try:
                self.upper = until + step
            except OverflowError:
                # The last day the calendar can hold has no day after it to end the range.
                raise OaiError("badArgument", f"until={self.until!r} is out of range.") from None
            if self.from_ and from_granularity != until_granularity:
                raise OaiError("badArgument", "from and until must have the same granularity.")
        if self.lower and self.upper and self.lower >= self.upper:
            raise OaiError("badArgument", "from is later than until.")

    def queryset(self):
        documents = Document.objects.published()
        if self.set_spec:
            documents = documents.filter(doc_type=self.set_spec)
        if self.lower:
            documents = documents.filter(modified__gte=self.lower)
        if self.upper:
            documents = documents.filter(modified__lt=self.upper)
        return documents


def record_queryset(documents):
    """What an oai_dc record reads, in three queries for any number of records."""
    return (
        documents.select_related("author", "sender")
        .prefetch_related("people_mentioned")
        .defer("text", "search_text", "imported_values", "parser_warnings")
    )


def dublin_core(document, request):
    """The oai_dc elements of one document, as (element name, value) pairs."""
    elements = [("title", document.title)]
    for person, as_written in (
        (document.author, document.author_as_written),
        (document.sender, document.sender_as_written),
    ):
        name = person.name if person else as_written
        if name and ("creator", name) not in elements:
            elements.append(("creator", name))
    elements += [("subject", person.name) for person in document.people_mentioned.all()]
    if document.summary:
        elements.append(("description", document.summary))
    if document.date_iso:
        elements.append(("date", document.date_iso))
    elements += [("type", "Text"), ("type", document.get_doc_type_display())]
    elements.append(("identifier", request.build_absolute_uri(document.get_absolute_url())))
    elements += [("identifier", number) for number in document.reference_numbers]
    if document.source_citation:
        elements.append(("source", document.source_citation))
    elements.append(("language", document.language))
    if document.place:
        elements.append(("coverage", document.place))
    return [(name, xml_text(value)) for name, value in elements]


@method_decorator(csrf_exempt, name="dispatch")
class OaiView(View):
    """The OAI-PMH endpoint. The protocol allows GET and form-encoded POST."""

    http_method_names = ["get", "post", "head"]

    def get(self, request):
        return self.respond(request, request.GET)

    def post(self, request):
        return self.respond(request, request.POST)

    def respond(self, request, params):
        self.base_url = request.build_absolute_uri(reverse("api:oai"))
        self.repository = repository_identifier(request)
        context = {"base_url": self.base_url, "response_date": datestamp(timezone.now())}
        try:
            verb, args = self.check_arguments(params)
            context["request_args"] = {"verb": verb} | {
                name: xml_text(value)
                for name, value in args.items()
                if ECHOED[name].fullmatch(value)
            }
            template, verb_context = getattr(self, verb.lower())(request, args)
        except OaiError as error:
            # After badVerb or badArgument the request element carries no attributes.
            if error.code in ("badVerb", "badArgument"):
                context.pop("request_args", None)
            template, verb_context = "catalogue/oai/error.xml", {"error": error}
        context.update(verb_context)
        response = HttpResponse(
            render_to_string(template, context, request=request),
            content_type="text/xml; charset=utf-8",
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def check_arguments(self, params):
        verbs = params.getlist("verb")
        if len(verbs) != 1 or verbs[0] not in VERBS:
            shown = ", ".join(repr(v) for v in verbs) or "none"
            raise OaiError("badVerb", f"verb ({shown}) is missing, repeated or not an OAI verb.")
        verb = verbs[0]
        rules = VERBS[verb]
        args = {}
        for name, values in params.lists():
            if name == "verb":
                continue
            if name not in rules["required"] | rules["optional"] | {rules["exclusive"]}:
                raise OaiError("badArgument", f"{name} is not an argument of {verb}.")
            if len(values) > 1:
                raise OaiError("badArgument", f"{name} is repeated.")
            args[name] = values[0]
        exclusive = rules["exclusive"]
        if exclusive and exclusive in args:
            if len(args) > 1:
                raise OaiError("badArgument", f"{exclusive} must be the only argument.")
            return verb, args
        missing = sorted(rules["required"] - args.keys())
        if missing:
            raise OaiError("badArgument", f"{verb} needs {', '.join(missing)}.")
        return verb, args

    def identifier(self, document):
        return f"oai:{self.repository}:{document.slug}"

    def document_for(self, identifier, queryset):
        prefix = f"oai:{self.repository}:"
        slug = identifier.removeprefix(prefix) if identifier.startswith(prefix) else None
        document = queryset.filter(slug=slug).first() if slug else None
        if document is None:
            raise OaiError(
                "idDoesNotExist", f"identifier={identifier!r} is not in this repository."
            )
        return document

    def header(self, document):
        return {
            "identifier": self.identifier(document),
            "datestamp": datestamp(document.modified),
            "set_spec": document.doc_type,
        }

    # The verbs ---------------------------------------------------------------------------

    def identify(self, request, args):
        earliest = Document.objects.published().aggregate(Min("modified"))["modified__min"]
        return "catalogue/oai/identify.xml", {
            "repository_name": getattr(
                settings, "OAI_REPOSITORY_NAME", "Cold War Documents Catalogue"
            ),
            "admin_email": getattr(settings, "OAI_ADMIN_EMAIL", "archivists@example.org"),
            "earliest_datestamp": datestamp(earliest or timezone.now()),
        }

    def listmetadataformats(self, request, args):
        if "identifier" in args:
            self.document_for(args["identifier"], Document.objects.published())
        return "catalogue/oai/list_metadata_formats.xml", {"formats": METADATA_FORMATS}

    def listsets(self, request, args):
        if "resumptionToken" in args:
            raise OaiError("badResumptionToken", "ListSets is never split; no token is valid.")
        return "catalogue/oai/list_sets.xml", {"sets": set_specs().items()}

    def getrecord(self, request, args):
        ListQuery("GetRecord", args["metadataPrefix"]).validate()
        document = self.document_for(
            args["identifier"], record_queryset(Document.objects.published())
        )
        record = {"header": self.header(document), "dc": dublin_core(document, request)}
        return "catalogue/oai/get_record.xml", {"record": record}

    def listidentifiers(self, request, args):
        return self.list_page(request, args, "ListIdentifiers", with_metadata=False)

    def listrecords(self, request, args):
        return self.list_page(request, args, "ListRecords", with_metadata=True)

    def list_page(self, request, args, verb, with_metadata):
        if "resumptionToken" in args:
            query = ListQuery.from_token(verb, args["resumptionToken"])
        else:
            query = ListQuery.from_arguments(verb, args)
        matching = query.queryset()
        documents = matching.filter(pk__gt=query.after).order_by("pk")
        if with_metadata:
            documents = record_queryset(documents)
        else:
            documents = documents.only("pk", "slug", "modified", "doc_type")
        page = list(documents[: PAGE_SIZE + 1])
        if not page:
            raise OaiError("noRecordsMatch", "No published document matches these arguments.")
        more = len(page) > PAGE_SIZE
        page = page[:PAGE_SIZE]
        records = [
            {
                "header": self.header(document),
                "dc": dublin_core(document, request) if with_metadata else None,
            }
            for document in page
        ]
        resumption = None
        if query.after or more:
            # The last page carries an empty token, as the protocol asks, to close the list.
            resumption = {
                "token": query.token(page[-1].pk, query.cursor + len(page)) if more else "",
                "cursor": query.cursor,
                "size": matching.count(),
            }
        template = (
            "catalogue/oai/list_records.xml"
            if with_metadata
            else "catalogue/oai/list_identifiers.xml"
        )
        return template, {"records": records, "resumption": resumption}
