"""FilterSets for the public lists and the JSON API: documents, requests and people.

Every filter on a related table is an ``Exists`` subquery, so a document is listed once however
many of its rows match. People are given by slug (typed or autocompleted), never chosen from a
list of every person.
"""

import calendar
import datetime

import django_filters
from django import forms
from django.db import connections
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q
from django.db.models.functions import Cast, ExtractMonth, ExtractYear, Length, Substr

from . import keptcounts
from .archival import repository_code
from .models import (
    PUBLIC_ROLES,
    DatePrecision,
    Document,
    DocumentType,
    Holding,
    Person,
    PersonName,
    PersonRedirect,
    Place,
    PlaceRedirect,
    Request,
    RequestCategory,
    RequestStatus,
    Status,
    parse_partial_date,
    person_columns,
)
from .names import normalise
from .places import normalise as normalise_place
from .search.backends import search_documents
from .search.estimate import broad_estimate, first_matches
from .search.query import SearchQueryError, validate_query

# --- Form fields -----------------------------------------------------------------------------


class PartialDateField(forms.CharField):
    """A date typed as "1952", "1952-07" or "1952-07-17"; cleans to (first day, precision)."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_partial_date(value)
        except ValueError:
            raise forms.ValidationError(
                "Enter a date as YYYY, YYYY-MM or YYYY-MM-DD (for example 1952 or 1952-07); "
                "“%(value)s” is not one.",
                code="invalid",
                params={"value": value[:40]},
            ) from None


class PersonField(forms.CharField):
    """A person given by slug, by the slug they had before a merge, or by any name they go by;
    cleans to the Person. Only people in published documents are found.

    A name is resolved as the authority file resolves names at import: the typed name folded
    (case, diacritics, titles, punctuation) must equal one of the person's names folded the
    same way. Failing that, a person is found when the typed text is part of one of their
    names. Several people found is an error listing them, and they are kept in
    ``candidates`` so that a page can offer them ("did you mean").
    """

    # Enough choices for a visitor to pick from; more means the name was too short to help.
    max_candidates = 10

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = []

    def clean(self, value):
        self.candidates = []
        value = super().clean(value)
        if not value:
            return None
        people = Person.objects.public()
        # With the person's kept counts (catalogue/keptcounts.py): the document list reads
        # its total from them.
        person = people.select_related("kept_count").filter(slug=value).first()
        if person is None:
            moved = PersonRedirect.objects.filter(old_slug=value, person__in=people)
            person = next((row.person for row in moved.select_related("person")), None)
        if person is not None:
            return person
        matches = named(people, value) or named_partly(people, value)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                "No person in the published documents goes by this name.",
                code="unknown_person",
            )
        self.candidates = matches[: self.max_candidates]
        listed = "; ".join(f"{p.name} ({p.slug})" for p in self.candidates)
        more = " and others" if len(matches) > self.max_candidates else ""
        raise forms.ValidationError(
            "Several people go by this name: %(listed)s%(more)s. Give one of their "
            "identifiers (in brackets).",
            code="ambiguous_person",
            params={"listed": listed, "more": more},
        )


def named(people, value, limit=200):
    """The people one of whose names, folded, is exactly ``value`` folded."""
    folded = normalise(value)
    if not folded:
        return []
    variant = Exists(PersonName.objects.filter(person=OuterRef("pk"), normalised=folded))
    # The canonical and sort names have no folded copy in the table: every word of the typed
    # name must occur in one of them, and the few people found are compared folded here.
    postgresql = connections[people.db].vendor == "postgresql"
    in_name, in_sort_name = Q(), Q()
    for word in folded.split():
        if postgresql:
            # The unaccent extension is installed by the search migration.
            in_name &= Q(name__unaccent__icontains=word)
            in_sort_name &= Q(sort_name__unaccent__icontains=word)
        else:
            in_name &= Q(name__icontains=word)
            in_sort_name &= Q(sort_name__icontains=word)
    # The names narrow the people to a few before the costlier test of being public.
    found = (
        Person.objects.annotate(has_variant=variant)
        .filter(Q(has_variant=True) | in_name | in_sort_name)
        # Exact names are the shortest of those containing every word: a short typed name
        # found in many longer ones still has its exact match within the limit.
        .order_by("-has_variant", Length("name"), "pk")
        .only("slug", "name", "sort_name", "description")
    )
    exact = [
        person.pk
        for person in found[:limit]
        if person.has_variant or folded in (normalise(person.name), normalise(person.sort_name))
    ]
    found = people.filter(pk__in=exact).select_related("kept_count").order_by("sort_name", "pk")
    return list(found) if exact else []


def named_partly(people, value, limit=PersonField.max_candidates + 1):
    """The people with a name of which ``value`` is a part, as the people list finds them."""
    found = PersonFilter({"q": value}, queryset=people).qs
    return list(found.only("slug", "name", "sort_name", "description")[:limit])


class SearchField(forms.CharField):
    def validate(self, value):
        super().validate(value)
        try:
            validate_query(value)
        except SearchQueryError as error:
            raise forms.ValidationError(str(error), code="unsearchable") from None


class YesNoSelect(forms.NullBooleanSelect):
    """The yes/no/either select, handing the field the raw value so that it can reject one
    it does not know rather than take it for "either"."""

    def format_value(self, value):
        return {"1": "true", "0": "false"}.get(value, super().format_value(value))

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class YesNoField(forms.NullBooleanField):
    """true/false (or 1/0); empty or "unknown" (the select's "either") means no filter."""

    widget = YesNoSelect
    values = {"true": True, "1": True, "false": False, "0": False, "": None, "unknown": None}

    def to_python(self, value):
        if value in (True, False, None):
            return value
        folded = str(value).strip().lower()
        if folded not in self.values:
            raise forms.ValidationError(
                "Use true or false (or 1 or 0); “%(value)s” is neither.",
                code="invalid",
                params={"value": str(value)[:40]},
            )
        return self.values[folded]

    def validate(self, value):
        pass


class DateRangeForm(forms.Form):
    """A FilterSet form with date_from and date_to fields that must not run backwards."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start[0] > _period_end(*end):
            raw = {name: self.data.get(name, "") for name in ("date_from", "date_to")}
            self.add_error(
                "date_from",
                forms.ValidationError(
                    "date_from (%(date_from)s) is later than date_to (%(date_to)s); "
                    "give the earlier date in date_from.",
                    code="backwards",
                    params=raw,
                ),
            )
            self.add_error(
                "date_to",
                forms.ValidationError(
                    "date_to (%(date_to)s) is earlier than date_from (%(date_from)s).",
                    code="backwards",
                    params=raw,
                ),
            )
        return cleaned


class YesNoFilter(django_filters.BooleanFilter):
    field_class = YesNoField


class PartialDateFilter(django_filters.CharFilter):
    field_class = PartialDateField


class PersonNameFilter(django_filters.CharFilter):
    field_class = PersonField


class SearchFilter(django_filters.CharFilter):
    field_class = SearchField


def _period_end(date, precision):
    """The last day of the period a partial date stands for."""
    if precision == DatePrecision.YEAR:
        return datetime.date(date.year, 12, 31)
    if precision == DatePrecision.MONTH:
        # From the calendar, not by stepping into the next month: there is no month after
        # December 9999 (date_to=9999-12 raised OverflowError).
        return date.replace(day=calendar.monthrange(date.year, date.month)[1])
    return date


def _date_range_q(field, value, upper):
    """Documents whose own (possibly partial) period overlaps the bound.

    A document dated only "July 1952" is stored as 1 July 1952 with month precision: it
    falls after date_from=1952-07-15 and before date_to=1952-06 neither, so both bounds
    compare with the document's whole period, not only its first day.
    """
    date, precision = value
    if upper:
        return Q(**{f"{field}__lte": _period_end(date, precision)})
    precision_field = field.replace("date", "date_precision")
    month_start, year_start = date.replace(day=1), date.replace(month=1, day=1)
    # Each later term only when it widens the first (a bound on the first of a month or a
    # year, as date_from=1951 is, needs neither), and the earliest start taken out of them:
    # SQLite reads an OR of ranges as one index walk per term, and the precision each term
    # asks for takes the date index off covering the query (ten times slower at 100,000
    # documents). The documents found are the same.
    overlaps = Q(**{f"{field}__gte": date})
    if month_start < date:
        overlaps |= Q(**{precision_field: DatePrecision.MONTH, f"{field}__gte": month_start})
    if year_start < date:
        overlaps |= Q(**{precision_field: DatePrecision.YEAR})
        return Q(**{f"{field}__gte": year_start}) & overlaps
    return overlaps


# Values of the list's parameters that mean "no filter", as the form submits them: the
# "Either" of has_requests and the "Any role" of role (ANY_ROLE). Links leave them out
# with the blanks, and so does static/js/filters.js when the form is submitted.
DEFAULT_VALUES = {"has_requests": "unknown", "role": "any"}


def clean_query(params):
    """``params`` (a QueryDict) URL-encoded without empty parameters or parameters at their
    "no filter" value, so that shared and paginated addresses carry only what is in force."""
    kept = params.copy()
    for name in list(kept):
        values = [
            value
            for value in kept.getlist(name)
            if value.strip() and value != DEFAULT_VALUES.get(name)
        ]
        if values:
            kept.setlist(name, values)
        else:
            del kept[name]
    return kept.urlencode()


# --- Documents -------------------------------------------------------------------------------


# The role filter's "any role"; the other roles are the public ones of PERSON_LINKS.
ANY_ROLE = "any"
ROLE_CHOICES = [(ANY_ROLE, "Any role")] + [(key, r.label) for key, r in PUBLIC_ROLES.items()]


def involving(person, role=ANY_ROLE):
    """A condition on documents: ``person`` (a Person or its pk) in ``role``, a key of
    PUBLIC_ROLES, or in any way that makes them one of the document's people (the ways of
    PERSON_LINKS marked ``involved``: the clerks of its transmission and the parties to its
    requests are not)."""
    pk = getattr(person, "pk", person)
    if role in PUBLIC_ROLES:
        return PUBLIC_ROLES[role].condition(pk)
    condition = Q()
    for link in person_columns(involved=True):
        condition |= link.condition(pk)
    return condition


class DocumentSort:
    DATE = "date"
    DATE_DESC = "-date"
    TITLE = "title"
    RELEVANCE = "relevance"
    choices = [
        (RELEVANCE, "Relevance"),
        (DATE, "Date, earliest first"),
        (DATE_DESC, "Date, latest first"),
        (TITLE, "Title"),
    ]
    # Each ends with the primary key so that pages never overlap or skip a document.
    orderings = {
        DATE: [F("date").asc(nulls_last=True), "title", "pk"],
        DATE_DESC: [F("date").desc(nulls_last=True), "title", "pk"],
        TITLE: ["title", F("date").asc(nulls_last=True), "pk"],
        RELEVANCE: ["-rank", F("date").asc(nulls_last=True), "pk"],
    }


class DocumentFilter(django_filters.FilterSet):
    """The public list of documents, always limited to published ones."""

    q = SearchFilter(label="Search", method="filter_q", max_length=500)
    date_from = PartialDateFilter(label="From", method="filter_date_from")
    date_to = PartialDateFilter(label="To", method="filter_date_to")
    doc_type = django_filters.MultipleChoiceFilter(label="Type", choices=DocumentType.choices)
    person = PersonNameFilter(label="Person", method="filter_person", max_length=120)
    role = django_filters.ChoiceFilter(
        label="Role", choices=ROLE_CHOICES, method="filter_nothing", empty_label=None
    )
    place = django_filters.CharFilter(
        label="Place",
        method="filter_place",
        max_length=200,
        help_text="Any spelling: Peking, Beiping and Beijing are one place.",
    )
    urgency = django_filters.CharFilter(label="Urgency", lookup_expr="iexact", max_length=100)
    repository = django_filters.CharFilter(
        label="Archive",
        method="filter_repository",
        max_length=100,
        help_text="Where the original is held: APRF, AVPRF, RGASPI… (any spelling of the "
        "archive's name).",
    )
    has_requests = YesNoFilter(label="Has requests", method="filter_has_requests")
    request_category = django_filters.MultipleChoiceFilter(
        label="Request category",
        choices=RequestCategory.choices,
        method="filter_request_category",
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by", choices=DocumentSort.choices, method="filter_nothing"
    )

    class Meta:
        model = Document
        fields = []
        form = DateRangeForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Document.objects.all()
        super().__init__(data, queryset.published(), **kwargs)
        # A broad search's estimated size (catalogue/search/estimate.py), once filtered.
        self.estimated_total = None
        # A search's first matches (estimate.first_matches): how many there are, and the
        # sample a broad search's facets are counted in.
        self.first_matches = None

    def _cleaned(self, name):
        # Fields that failed validation are left out of cleaned_data, and so are not applied.
        if not self.is_bound:
            return None
        self.form.is_valid()
        return self.form.cleaned_data.get(name)

    @property
    def person_candidates(self):
        """The people a typed name could mean, when it means more than one."""
        self._cleaned("person")
        return self.form.fields["person"].candidates if self.is_bound else []

    @property
    def selected_person(self):
        """The Person the list is filtered by, if any (for headings)."""
        return self._cleaned("person")

    @property
    def searching(self):
        return bool((self._cleaned("q") or "").strip())

    @property
    def current_sort(self):
        """The ordering in force: the one asked for, or relevance when searching, else date."""
        asked = self._cleaned("sort")
        if asked == DocumentSort.RELEVANCE and not self.searching:
            asked = ""
        sort = asked or (DocumentSort.RELEVANCE if self.searching else DocumentSort.DATE)
        if sort == DocumentSort.RELEVANCE and self.estimated_total is not None:
            # Too many matches to score them all: date order, which the page says.
            return DocumentSort.DATE
        return sort

    @property
    def broad(self):
        """Whether the search matched too many documents to rank, shown in date order."""
        return self.estimated_total is not None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.searching:
            self.first_matches = first_matches(queryset)
            self.estimated_total = broad_estimate(queryset, self.first_matches)
        return queryset.order_by(*DocumentSort.orderings[self.current_sort])

    def queryset_without(self, name):
        """The result with every filter in force but ``name``: type counts are taken over the
        result of the other filters, so that a visitor who chose one type still sees the
        others, with their counts, and can add them to the choice. Runs no query."""
        queryset = self.queryset
        if self.is_bound:
            # As FilterSet.filter_queryset: the fields that validated, each by its filter.
            self.form.is_valid()
            for field, value in self.form.cleaned_data.items():
                if field != name:
                    queryset = self.filters[field].filter(queryset, value)
        return queryset.order_by(*DocumentSort.orderings[self.current_sort])

    def filter_nothing(self, queryset, name, value):
        # Read by filter_person and filter_queryset, which need it with other values.
        return queryset

    def filter_q(self, queryset, name, value):
        return search_documents(queryset, value)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(_date_range_q("date", value, upper=False))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(_date_range_q("date", value, upper=True))

    def filter_person(self, queryset, name, value):
        role = self._cleaned("role") or ANY_ROLE
        return queryset.filter(involving(value, role))

    def filter_place(self, queryset, name, value):
        return queryset.filter(from_place(value))

    def filter_repository(self, queryset, name, value):
        # The archive's one code, as the holdings store it: "AVP RF" finds AVPRF.
        code = repository_code(value)
        return queryset.filter(
            Exists(Holding.objects.filter(document=OuterRef("pk"), repository__iexact=code))
        )

    def kept_total(self):
        """The size of the result from the archives' kept counts (catalogue/keptcounts.py)
        when no filter but the archive is in force, else None."""
        if not self.is_bound:
            return None
        self.form.is_valid()
        data = self.form.cleaned_data
        in_force = {
            name
            for name, value in data.items()
            if name not in ("sort", "role") and value not in (None, "", [], False)
        }
        if in_force != {"repository"}:
            return None
        return keptcounts.archive_documents(repository_code(data["repository"]))

    def filter_has_requests(self, queryset, name, value):
        has = Exists(Request.objects.filter(document=OuterRef("pk")))
        return queryset.filter(has if value else ~has)

    def filter_request_category(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(Request.objects.filter(document=OuterRef("pk"), category__in=value))
        )


def places_named(value):
    """The places ``value`` names: a slug (a merged place's old one too) or any spelling."""
    return Place.objects.filter(
        Q(slug=value)
        | Q(pk__in=PlaceRedirect.objects.filter(old_slug=value).values("place_id"))
        | Q(names__normalised=normalise_place(value))
    ).values("pk")


def from_place(value):
    """Documents from the place ``value`` names, in any spelling: linked to it, or (not yet
    linked) with the place written exactly so."""
    return Q(origin_place__in=places_named(value)) | Q(place__iexact=value)


# --- Facets ----------------------------------------------------------------------------------


class Year(ExtractYear):
    """The year of a date; on SQLite read from the stored text, not through a Python function
    called once per row."""

    def as_sqlite(self, compiler, connection, **extra):
        return Cast(Substr(self.lhs, 1, 4), IntegerField()).as_sql(compiler, connection)


class Month(ExtractMonth):
    """The month of a date; on SQLite read from the stored text, as Year."""

    def as_sqlite(self, compiler, connection, **extra):
        return Cast(Substr(self.lhs, 6, 2), IntegerField()).as_sql(compiler, connection)


def facets(queryset, types_from=None, people_sample=None):
    """Counts for the current result (see ``people_sampled``):

    ``{"total": n, "doc_type": [(value, label, count)], "year": [...],
    "people": [(slug, name, count)]}``, types and people by count, years in order, people
    limited to the leading ten. The total, types and years come from one pass over the result
    (grouped by type and year together), so a large filtered result is read once, not three
    times; the list uses the total as its count. Types are counted in ``types_from`` when
    given (the result without its type filter): one more query. The people are counted in
    the first ``people_sample`` documents (PEOPLE_FACET_SAMPLE unless given). Two or three
    queries.
    """
    people_sample = people_sample or PEOPLE_FACET_SAMPLE
    base = queryset.order_by()
    labels = dict(DocumentType.choices)
    cells = list(
        base.annotate(year=Year("date")).values("doc_type", "year").annotate(count=Count("*"))
    )
    total = sum(cell["count"] for cell in cells)
    per_type, per_year = {}, {}
    for cell in cells:
        per_type[cell["doc_type"]] = per_type.get(cell["doc_type"], 0) + cell["count"]
        if cell["year"] is not None:
            per_year[cell["year"]] = per_year.get(cell["year"], 0) + cell["count"]
    if types_from is not None:
        per_type = dict(types_from.order_by().values_list("doc_type").annotate(count=Count("*")))
    types = sorted(per_type.items(), key=lambda item: (-item[1], item[0]))
    return {
        "total": total,
        # True when the people were counted in a sample of the result, not all of it.
        "people_sampled": total > people_sample,
        "doc_type": [(value, labels.get(value, value), count) for value, count in types],
        "year": [(year, str(year), count) for year, count in sorted(per_year.items())],
        "people": leading_people(base, sample=people_sample) if total else [],
    }


def repository_facet(queryset):
    """(code, code, documents) of each archive holding documents of ``queryset``, the largest
    first, from the holdings read in the source citations. One query."""
    rows = (
        Holding.objects.filter(document__in=queryset.order_by().values("pk"))
        .values("repository")
        .annotate(count=Count("document", distinct=True))
        .order_by("-count", "repository")
    )
    return [(row["repository"], row["repository"], row["count"]) for row in rows]


# Counting every person of every document costs seconds at 100,000 documents and a million
# recipient rows; beyond this many documents the people facet counts a sample of the result.
PEOPLE_FACET_SAMPLE = 2000


def leading_people(queryset, limit=10, sample=None):
    """The people in the most documents of ``queryset``, as (slug, name, count).

    A person is counted in a document where they are its author, sender, a recipient (in
    any role) or mentioned: the ways of PERSON_LINKS marked ``in_facet``. The author and
    addressee of a letter the document relays, the clerks of its transmission and the parties
    to its requests are not counted: the facet ranks whom the documents themselves are from,
    to and about.

    One query: the (document, person) pairs of every way are gathered with UNION (which also
    drops a person counted twice in one document) from the result, computed once in a CTE.
    Only the first ``sample`` documents of the result are counted (see PEOPLE_FACET_SAMPLE).
    """
    result = queryset.order_by("pk").values("pk")[: sample or PEOPLE_FACET_SAMPLE]
    result_sql, params = result.query.get_compiler(queryset.db).as_sql()
    pairs = " UNION ".join(_facet_pairs(link) for link in person_columns(in_facet=True))
    sql = f"""
        WITH result AS ({result_sql})
        SELECT p.slug, p.name, COUNT(*) AS n FROM ({pairs}) AS involved
        JOIN catalogue_person p ON p.id = involved.person_id
        GROUP BY p.id, p.slug, p.name, p.sort_name
        ORDER BY n DESC, p.sort_name
        LIMIT %s"""
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, (*params, limit))
        return [(slug, name, count) for slug, name, count in cursor.fetchall()]


def _facet_pairs(link):
    """SELECT (document_id, person_id) of the result's documents for one field of
    PERSON_LINKS, read from the rows of the field's own table."""
    meta = link.model._meta
    person = meta.get_field(link.field)
    document = meta.pk.column if not link.relation else meta.get_field("document").column
    sql = (
        f"SELECT {document} AS document_id, {person.column} AS person_id FROM {meta.db_table} "
        f"WHERE {document} IN (SELECT * FROM result)"
    )
    return f"{sql} AND {person.column} IS NOT NULL" if person.null else sql


# --- Requests --------------------------------------------------------------------------------


class RequestFilter(django_filters.FilterSet):
    """The public list of requests, from published documents only."""

    # distinct=False: the request's own columns, no join to repeat a row; DISTINCT over the
    # list's columns kept PostgreSQL from walking the list's order and stopping at a page.
    category = django_filters.MultipleChoiceFilter(choices=RequestCategory.choices, distinct=False)
    status = django_filters.MultipleChoiceFilter(choices=RequestStatus.choices, distinct=False)
    asked_by = PersonNameFilter(label="Asked by", method="filter_person", max_length=120)
    asked_of = PersonNameFilter(label="Asked of", method="filter_person", max_length=120)
    date_from = PartialDateFilter(label="From", method="filter_date_from")
    date_to = PartialDateFilter(label="To", method="filter_date_to")
    answered = django_filters.ChoiceFilter(
        label="Answer",
        choices=[("yes", "Answered"), ("no", "No answer in the catalogue")],
        empty_label="Any",
        method="filter_answered",
    )

    class Meta:
        model = Request
        fields = []
        form = DateRangeForm

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Request.objects.all()
        super().__init__(data, queryset.filter(document__status=Status.PUBLISHED), **kwargs)

    def filter_person(self, queryset, name, value):
        return queryset.filter(**{name: value})

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(_date_range_q("document__date", value, upper=False))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(_date_range_q("document__date", value, upper=True))

    def filter_answered(self, queryset, name, value):
        # An answer still in draft is no answer to the public.
        answered = Q(answered_by__status=Status.PUBLISHED)
        return queryset.filter(answered if value == "yes" else ~answered)

    def kept_total(self):
        """The size of the result from the kept counts (catalogue/keptcounts.py) when no
        filter but the category and the answer is in force, else None: counting the requests
        of 100,000 documents, answered or not, is the slowest part of the list."""
        data = {}
        if self.is_bound:
            self.form.is_valid()
            data = self.form.cleaned_data
        in_force = {name for name, value in data.items() if value not in (None, "", [])}
        if in_force - {"category", "answered"}:
            return None
        counts = keptcounts.catalogue_counts()
        categories = data.get("category") or None
        total = sum(
            n
            for category, n in keptcounts.prefixed(counts, "category").items()
            if categories is None or category in categories
        )
        answered = keptcounts.answered_requests(counts, categories)
        return {"yes": answered, "no": total - answered}.get(data.get("answered"), total)


# --- People ----------------------------------------------------------------------------------


class PersonFilter(django_filters.FilterSet):
    """People by any of their names, with case and diacritics folded, in sort-name order."""

    q = django_filters.CharFilter(label="Name", method="filter_q", max_length=200)

    class Meta:
        model = Person
        fields = []

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Person.objects.all()
        super().__init__(data, queryset.order_by("sort_name", "name", "pk"), **kwargs)

    def filter_q(self, queryset, name, value):
        # The same folding that filled PersonName.normalised, so typed and stored forms meet.
        folded = normalise(value)
        if not folded:
            return queryset
        variants = PersonName.objects.filter(person=OuterRef("pk"), normalised__contains=folded)
        matches = Q(Exists(variants)) | Q(name__icontains=value) | Q(sort_name__icontains=value)
        if connections[queryset.db].vendor == "postgresql":
            # The unaccent extension is installed by the search migration.
            matches |= Q(name__unaccent__icontains=value) | Q(sort_name__unaccent__icontains=value)
        return queryset.filter(matches)
