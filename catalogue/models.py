"""The catalogue's records: documents, the people and bodies in them, who received each
document, and the requests the documents make.

Dates in this genre are often partial ("July 1952") or inferred ("17.7" with the year taken from
context), so a date is stored as the first day of its period plus a precision, and a flag says
when the catalogue inferred it rather than read it.
"""

from typing import NamedTuple

from django.db import connections, models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.dispatch import Signal
from django.urls import reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from .archival import browse_key, format_holding, parse_citation

# The date forms live in dates.py; the pages and filters also import them from here.
from .dates import (
    DatePrecision,
    display_partial_date,
    format_partial_date,
    normalise_newlines,
    parse_partial_date,  # noqa: F401 - imported from here by the filters
    stored_partial_date,
)
from .places import normalise as normalise_place
from .search.backends import search_documents


class PersonKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"


class PersonQuerySet(models.QuerySet):
    def unreviewed(self):
        return self.filter(reviewed=False)

    def public(self):
        """People in at least one published document, in any role (author, sender, the
        enclosure's author or addressee, recipient, mentioned, a transmission's `by`, a
        request's asker or asked): a person met only in drafts is not shown to the public
        anywhere (people list, counts, pages, autocomplete, API, sitemap, downloads).

        One EXISTS per way of appearing (PERSON_LINKS), each answered from its own index on
        the person's column and stopping at the first published document, so the cost follows
        the number of people, not of rows. An EXISTS over an OR of columns can use none of
        them on SQLite, which then scanned the documents once per person (minutes at 10,000
        people and 100,000 documents). Most people are recipients: that test comes first, so
        the others are seldom reached.
        """
        person = models.OuterRef("pk")
        columns = sorted(person_columns(), key=lambda link: link.relation != "recipients")
        condition = Q()
        for link in columns:
            condition |= models.Exists(link.published_rows(person))
        return self.filter(condition)


class Person(models.Model):
    """A person or a body that writes, sends, receives or is named in documents."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="Stable identifier used in the public address of the person's page.",
    )
    name = models.CharField(
        max_length=200,
        help_text="Canonical name as the catalogue shows it, e.g. 'Kim Il Sung'.",
    )
    sort_name = models.CharField(
        max_length=200,
        db_index=True,
        help_text="Name as it sorts in lists, surname first: 'Stalin, Joseph'.",
    )
    kind = models.CharField(
        max_length=20,
        choices=PersonKind.choices,
        default=PersonKind.PERSON,
        help_text="A body such as a ministry or an army staff is an organisation.",
    )
    description = models.CharField(
        max_length=500, blank=True, help_text="One line saying who this is, for visitors."
    )
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    death_year = models.PositiveSmallIntegerField(null=True, blank=True)
    authority_id = models.CharField(
        max_length=200,
        blank=True,
        help_text="An identifier in an external authority file (VIAF, Wikidata), only if verified.",
    )
    reviewed = models.BooleanField(
        default=True,
        help_text="Unticked for records the importer created on its own from a name it did not "
        "know; an archivist ticks it after checking the person is not a duplicate.",
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name_plural = "people"
        # MAX(modified) fingerprints the catalogue for the cached figures (views/common.py).
        indexes = [models.Index(fields=["modified"], name="person_modified")]
        permissions = [("merge_person", "Can merge people into one")]
        constraints = [
            models.CheckConstraint(
                condition=Q(death_year__isnull=True)
                | Q(birth_year__isnull=True)
                | Q(death_year__gte=F("birth_year")),
                name="person_death_after_birth",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="person_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:person", kwargs={"slug": self.slug})


class Role(models.TextChoices):
    """The part a recipient row plays in a document."""

    ADDRESSEE = "addressee", "Addressee"
    COPY = "copy", "Copy"
    FORWARDED_TO = "forwarded_to", "Forwarded to"
    VIA = "via", "Via an intermediary"
    DISTRIBUTION = "distribution", "Distribution"
    ALSO_SENT_TO = "also_sent_to", "Enclosure also sent to"


class PersonLink(NamedTuple):
    """One way a person appears in a document: a field naming a person, on the document itself
    or on one of its rows. See PERSON_LINKS."""

    # Identifies the way; for a public role, the value of the document list's `role` filter.
    key: str
    # Document's relation to the rows that name the person ("recipients"), or "" when the
    # field is the document's own.
    relation: str
    # The field that names the person, on the document or on the row.
    field: str
    # What the merge preview calls the rows of this field (the same for every way that reads
    # the same field).
    merge_label: str
    # A person of the document: their names are in its search text, the person filter finds
    # the document under "any role", and a merge rebuilds its search text.
    involved: bool
    # Counted in the people facet of the document list (see catalogue.filters.leading_people).
    in_facet: bool
    # For recipient rows: the roles (Role) this way reads; () for every row of the field.
    recipient_roles: tuple = ()
    # A public role is shown on a person's page under `heading`, offered by the document
    # list's role filter as `label`, and named in the list's heading as `phrase` ("written
    # by"). Ways without a label are shown on the document's page but are no role of their own.
    label: str = ""
    heading: str = ""
    phrase: str = ""
    # Few people have it: a person's page lists it only when they do.
    occasional: bool = False

    @property
    def public(self):
        return bool(self.label)

    @property
    def model(self):
        """The model holding the field: Document, a row's model, or the mentions' table."""
        if not self.relation:
            return Document
        relation = Document._meta.get_field(self.relation)
        return relation.remote_field.through if relation.many_to_many else relation.related_model

    @property
    def document_field(self):
        """The field of ``model`` that is the document."""
        return "pk" if not self.relation else "document"

    def rows(self, person):
        """Rows of ``model`` naming ``person`` (a Person, a pk or an OuterRef) this way."""
        rows = self.model.objects.filter(**{self.field: person})
        if self.recipient_roles:
            rows = rows.filter(role__in=self.recipient_roles)
        return rows

    def published_rows(self, person):
        """As ``rows``, in published documents only."""
        if not self.relation:
            return self.rows(person).filter(status=Status.PUBLISHED)
        return self.rows(person).filter(document__status=Status.PUBLISHED)

    def condition(self, person):
        """A condition on documents: ``person`` appears in them this way. Document fields are
        compared directly; rows by an uncorrelated "pk IN (documents of this person)",
        computed once from the person's own rows, where a correlated EXISTS made SQLite probe
        every document (3 s at 100,000 documents)."""
        if not self.relation:
            return Q(**{self.field: person})
        return Q(pk__in=self.rows(person).values("document"))


# Every way a person appears in a document, read by everything that asks "where does this
# person appear": who is public (PersonQuerySet.public), the people list's counts, the
# document list's person filter and people facet, a person's page, the search text, and the
# merge (which must move every one of them). A new field naming a person belongs here;
# tests/core/test_person_links.py fails until it is.
PERSON_LINKS = (
    PersonLink(
        "author",
        "",
        "author",
        "author of",
        involved=True,
        in_facet=True,
        label="Author",
        heading="Wrote",
        phrase="written by",
    ),
    PersonLink(
        "sender",
        "",
        "sender",
        "sender of",
        involved=True,
        in_facet=True,
        label="Sender",
        heading="Sent",
        phrase="sent by",
    ),
    PersonLink(
        "enclosure_author",
        "",
        "enclosure_author",
        "author of an enclosure in",
        involved=True,
        in_facet=False,
    ),
    PersonLink(
        "enclosure_addressee",
        "",
        "enclosure_addressee",
        "addressee of an enclosure in",
        involved=True,
        in_facet=False,
    ),
    PersonLink(
        "addressee",
        "recipients",
        "person",
        "recipient rows",
        involved=True,
        in_facet=True,
        recipient_roles=(Role.ADDRESSEE, Role.FORWARDED_TO),
        label="Addressee",
        heading="Received",
        phrase="addressed to",
    ),
    PersonLink(
        "copy",
        "recipients",
        "person",
        "recipient rows",
        involved=True,
        in_facet=True,
        recipient_roles=(Role.COPY, Role.DISTRIBUTION),
        label="Copy or distribution",
        heading="Received a copy",
        phrase="copied to",
    ),
    PersonLink(
        "via",
        "recipients",
        "person",
        "recipient rows",
        involved=True,
        in_facet=True,
        recipient_roles=(Role.VIA,),
    ),
    PersonLink(
        "mentioned",
        "people_mentioned",
        "person",
        "mentioned in",
        involved=True,
        in_facet=True,
        label="Mentioned",
        heading="Mentioned in",
        phrase="mentioning",
    ),
    # Sent the relayed letter by other means ("a telegram of analogous content was sent to
    # comrade Mao"): not a recipient of the document itself, so a role of its own.
    PersonLink(
        "also_sent_to",
        "recipients",
        "person",
        "recipient rows",
        involved=True,
        in_facet=True,
        recipient_roles=(Role.ALSO_SENT_TO,),
        label="Enclosure also sent to",
        heading="Enclosure also sent to",
        phrase="with an enclosure also sent to",
        occasional=True,
    ),
    # The clerks and officials of a telegram's transmission, and the parties to its requests,
    # show on the document's page and make a person public, but are not among the
    # document's people: the search text does not carry their names.
    PersonLink("transmission", "transmission_events", "by", "transmission steps", False, False),
    PersonLink("asked_by", "requests", "asked_by", "requests made", False, False),
    PersonLink("asked_of", "requests", "asked_of", "requests received", False, False),
)
PUBLIC_ROLES = {link.key: link for link in PERSON_LINKS if link.public}


def person_columns(**flags):
    """The fields of PERSON_LINKS, each once (the ways that read recipient rows by role are one
    field), in the table's order; ``flags`` keeps those with these values (``involved=True``).
    A way of the field stands for it, with its roles dropped."""
    columns = {}
    for link in PERSON_LINKS:
        if all(getattr(link, name) == value for name, value in flags.items()):
            columns.setdefault((link.relation, link.field), link._replace(recipient_roles=()))
    return list(columns.values())


# The document's own fields that name its people; its rows that do are recipients and mentions.
INVOLVED_OWN_FIELDS = [link for link in person_columns(involved=True) if not link.relation]


class NameKind(models.TextChoices):
    VARIANT = "variant", "Variant or transliteration"
    PSEUDONYM = "pseudonym", "Pseudonym or cover name"


class PersonName(models.Model):
    """Another name a person goes by: a spelling, a transliteration or a cover name."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=NameKind.choices, default=NameKind.VARIANT)
    normalised = models.CharField(
        max_length=200,
        db_index=True,
        editable=False,
        help_text="Folded form used for matching (no case, diacritics or titles).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="unique_name_per_person"),
        ]

    def __str__(self):
        return self.name


class DocumentType(models.TextChoices):
    CIPHERED_TELEGRAM = "ciphered_telegram", "Ciphered telegram"
    TELEGRAM = "telegram", "Telegram"
    LETTER = "letter", "Letter"
    MEMORANDUM = "memorandum", "Memorandum"
    REPORT = "report", "Report"
    # The value spells the archivists' name in full, so that an export compares with a
    # hand catalogue's "record of conversation" without a table of aliases.
    RECORD_OF_CONVERSATION = "record_of_conversation", "Record of conversation"
    DECISION = "decision", "Decision"
    NOTE = "note", "Note"
    DIRECTIVE = "directive", "Directive"
    # A message dictated over a telephone line (VCh) and taken down at the other end.
    TELEPHONE_MESSAGE = "telephone_message", "Telephone message"
    OTHER = "other", "Other"


# Sent once a document's Holding rows have been rebuilt from its source citation.
holdings_rebuilt = Signal()


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublicationGap(models.TextChoices):
    """What a document lacks that a reader's citation needs; publishing one with a gap takes
    an archivist's confirmation of that gap."""

    UNDATED = "undated", "it has no date"
    UNTYPED = "untyped", "its type is “other”"
    NO_SENDER = "no_sender", "it has no sender or author"


class DocumentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def for_list(self):
        """What a list of documents shows: the author and sender without a query per row."""
        return self.select_related("author", "sender").defer(
            "text", "search_text", "imported_values", "summary"
        )

    def search(self, q):
        """Documents matching a visitor's query, annotated with ``rank``; see catalogue.search."""
        return search_documents(self, q)

    def for_detail(self):
        """Everything a document page shows, in a fixed number of queries."""
        return self.select_related(
            "author", "sender", "enclosure_author", "enclosure_addressee"
        ).prefetch_related(
            models.Prefetch("recipients", queryset=Recipient.objects.select_related("person")),
            models.Prefetch(
                "requests",
                queryset=Request.objects.select_related("asked_by", "asked_of", "answered_by"),
            ),
            models.Prefetch(
                "transmission_events", queryset=TransmissionEvent.objects.select_related("by")
            ),
            "people_mentioned",
        )


class Document(models.Model):
    """A catalogued document: one telegram, letter, memorandum or record."""

    # Identity
    slug = models.SlugField(
        max_length=200, unique=True, help_text="Stable identifier used in the permalink."
    )
    title = models.CharField(max_length=500)
    title_by_archivist = models.BooleanField(
        "title written by an archivist",
        default=False,
        help_text="Ticked when an archivist wrote the title; otherwise it is composed from the "
        "type, number, author and date, and follows them when they are corrected.",
    )
    doc_type = models.CharField(
        "document type",
        max_length=30,
        choices=DocumentType.choices,
        default=DocumentType.OTHER,
        db_index=True,
    )
    reference_numbers = models.JSONField(
        default=list,
        blank=True,
        help_text="The document's own numbers exactly as written, separated by commas or one "
        "per line, e.g. 502597/sh, 2250.",
    )
    urgency = models.CharField(
        max_length=100, blank=True, help_text="As written, e.g. 'Extremely Urgent'."
    )
    marks = models.JSONField(
        default=list,
        blank=True,
        help_text="Other marks as written, separated by commas or one per line: Strictly "
        "secret, Copying prohibited, Series G.",
    )
    language = models.CharField(
        max_length=50, default="English", help_text="Language of the text held here."
    )
    original_language = models.CharField(
        max_length=50, blank=True, help_text="Language the document was written in, if known."
    )

    # Date and place
    date = models.DateField(
        null=True,
        blank=True,
        help_text="The document's own date; for a partial date, the first day of its period.",
    )
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, default=DatePrecision.DAY
    )
    date_inferred = models.BooleanField(
        default=False,
        help_text="Ticked when the catalogue inferred the date (e.g. the year from context) "
        "rather than read it in the document.",
    )
    place = models.CharField(
        max_length=200, blank=True, help_text="Place of origin, as the document writes it."
    )
    origin_place = models.ForeignKey(
        "Place",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents_from",
        help_text="The place of origin in the places authority (the importer links it from "
        "the place as written when the authority knows that spelling).",
    )
    places_mentioned = models.ManyToManyField(
        "Place",
        blank=True,
        related_name="mentioned_in",
        help_text="Places the text names, in any of their spellings.",
    )

    # People
    author = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="authored_documents",
        help_text="Who wrote the document.",
    )
    author_as_written = models.CharField(max_length=200, blank=True)
    sender = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sent_documents",
        help_text="Who sent or signed it; differs from the author when a telegram relays "
        "someone else's letter.",
    )
    sender_as_written = models.CharField(max_length=200, blank=True)
    people_mentioned = models.ManyToManyField(
        Person, blank=True, related_name="mentioned_in", help_text="Everyone the text names."
    )

    # An enclosed document relayed by this one (a letter quoted in a telegram)
    enclosure_type = models.CharField(
        max_length=30,
        choices=DocumentType.choices,
        blank=True,
        help_text="Type of the enclosed document, when this document relays one.",
    )
    enclosure_author = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enclosure_author_as_written = models.CharField(max_length=200, blank=True)
    enclosure_addressee = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    enclosure_addressee_as_written = models.CharField(max_length=200, blank=True)
    enclosure_via = models.CharField(
        max_length=200, blank=True, help_text="Intermediary, e.g. 'the Soviet ambassador'."
    )
    enclosure_date = models.DateField(null=True, blank=True)
    enclosure_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, default=DatePrecision.DAY
    )
    enclosure_place = models.CharField(max_length=200, blank=True)

    # Text
    text = models.TextField(help_text="The full text as translated, layout kept.")
    summary = models.TextField(blank=True, help_text="Archivist's summary, shown to visitors.")
    source_citation = models.TextField(
        blank=True,
        help_text="Where the original is held and where this translation was published, "
        "e.g. 'AVPRF, fond 059a, opis 5a, delo 4, papka 11, listy 121-122'. Every citation "
        "format names it.",
    )
    translator = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who translated the text held here, when known; every citation names them.",
    )
    search_text = models.TextField(
        blank=True,
        editable=False,
        help_text="Denormalised text that search reads: title, numbers, text, summary and "
        "people's names with their variants. Rebuilt on save.",
    )

    # Curation
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    needs_review = models.BooleanField(
        default=False, help_text="The importer had doubts (see warnings); an archivist should look."
    )
    synthetic = models.BooleanField(
        default=False,
        help_text="Generated for load tests; never a real document.",
    )
    accepted_gaps = models.JSONField(
        "publish although",
        default=list,
        blank=True,
        help_text="Gaps an archivist has confirmed the document is published with (no date, "
        "type “other”, no sender or author): the document as written lacks them.",
    )

    # Provenance (written by the importer)
    source_file = models.CharField(
        max_length=500, null=True, blank=True, unique=True, help_text="Seed file it came from."
    )
    content_hash = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file.")
    imported_at = models.DateTimeField(null=True, blank=True)
    parser_warnings = models.JSONField(default=list, blank=True)
    imported_values = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="What the last import wrote, so a re-import can tell an archivist's edit "
        "from its own value and leave the edit alone.",
    )

    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(
        excluded_fields=["search_text", "imported_values"],
        # Mentions are kept with each version, so adding or removing one shows in the history.
        m2m_fields=["people_mentioned"],
    )

    class Meta:
        ordering = [F("date").asc(nulls_last=True), "title"]
        permissions = [("publish_document", "Can publish and unpublish documents")]
        indexes = [
            models.Index(fields=["status", "date"], name="document_status_date"),
            models.Index(fields=["status", "doc_type"], name="document_status_type"),
            models.Index(fields=["place"], name="document_place"),
            # A place's page: its published documents by year and the earliest of them, read
            # off the index (100,000 documents, 40,000 of them from one place).
            models.Index(fields=["origin_place", "status", "date"], name="document_origin_date"),
            # The public list's default order, so that a late page (OFFSET) walks the index
            # instead of sorting every published document.
            models.Index(fields=["status", "date", "title", "id"], name="document_list_order"),
            # MAX(modified) fingerprints the catalogue for the cached figures (views/common.py).
            models.Index(fields=["modified"], name="document_modified"),
            # The home page's latest documents: without it, the five latest of 95,000
            # published documents took a scan and a sort (a second at 100,000).
            models.Index(fields=["status", "created", "id"], name="document_recent"),
            # Few documents relay an enclosure: on the filled columns only, so that SQLite's
            # planner, which judges an index by its average rows per value, sees how
            # selective these are (all the NULLs made it prefer a scan of every document).
            models.Index(
                fields=["enclosure_author"],
                condition=Q(enclosure_author__isnull=False),
                name="document_enclosure_author",
            ),
            models.Index(
                fields=["enclosure_addressee"],
                condition=Q(enclosure_addressee__isnull=False),
                name="document_enclosure_addressee",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(slug=""), name="document_slug_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="document_title_not_empty"),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | ~Q(date_precision=""),
                name="document_dated_has_precision",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="document_status_valid"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.text = normalise_newlines(self.text)
        self.summary = normalise_newlines(self.summary)
        self.source_citation = normalise_newlines(self.source_citation)
        super().save(*args, **kwargs)
        if self.source_citation != getattr(self, "_loaded_citation", ""):
            self.rebuild_holdings()

    def get_absolute_url(self):
        return reverse("catalogue:document", kwargs={"slug": self.slug})

    @classmethod
    def from_db(cls, db, field_names, values):
        document = super().from_db(db, field_names, values)
        # The citation as loaded, so that a save rebuilds the holdings only when it changed.
        if "source_citation" in field_names:
            document._loaded_citation = document.source_citation
        return document

    def rebuild_holdings(self):
        """Read the source citation again into Holding rows (catalogue.archival)."""
        self.holdings.all().delete()
        Holding.objects.bulk_create(holdings_of(self))
        self._loaded_citation = self.source_citation
        # The save's own signal came before its holdings changed, and bulk_create sends none:
        # the archives' kept counts (catalogue/keptcounts.py) follow this one.
        holdings_rebuilt.send(sender=Document, instance=self)

    @property
    def archival_citation(self):
        """The source citation read as data (catalogue.archival.ArchivalCitation): holdings,
        published editions, credits, and what could not be read, with warnings. No query.
        Read once per text: a page asks for it in every citation format and for its holdings."""
        cached = self.__dict__.get("_archival_citation")
        if cached is None or cached[0] != self.source_citation:
            cached = (self.source_citation, parse_citation(self.source_citation))
            self.__dict__["_archival_citation"] = cached
        return cached[1]

    @property
    def date_iso(self):
        return format_partial_date(self.date, self.date_precision)

    @property
    def date_display(self):
        return display_partial_date(self.date, self.date_precision)

    # People and bodies share one table and one list of mentions; readers see them apart (a
    # committee is not a person mentioned). Both read the list `people_mentioned` the page
    # and the export already prefetch, so splitting it costs no query.
    @property
    def mentioned_people(self):
        return [p for p in self.people_mentioned.all() if p.kind != PersonKind.ORGANISATION]

    @property
    def mentioned_bodies(self):
        return [p for p in self.people_mentioned.all() if p.kind == PersonKind.ORGANISATION]

    def build_search_text(self):
        """Compose what search reads from the database: two queries. The importer and merges
        compose the same text from names they loaded in bulk (`compose_search_text`)."""
        person_ids = self.involved_person_ids(
            self.recipients.values_list("person_id", flat=True),
            self.people_mentioned.values_list("pk", flat=True),
        )
        names = []
        for person in Person.objects.filter(pk__in=person_ids).prefetch_related("names"):
            names.append(person.name)
            names.extend(n.name for n in person.names.all())
        # Every spelling of the places it comes from and names, so that "Kaesong" finds a
        # text that writes "Kaeseong".
        place_ids = {self.origin_place_id, *self.places_mentioned.values_list("pk", flat=True)}
        place_ids.discard(None)
        places = Place.objects.filter(pk__in=place_ids).order_by("pk").prefetch_related("names")
        for place in places:
            names.append(place.name)
            names.extend(n.name for n in place.names.all() if n.name != place.name)
        return self.compose_search_text(names)

    def involved_person_ids(self, recipient_people, mentioned_people):
        """Everyone the document involves (PERSON_LINKS with ``involved``), as a set of
        primary keys: the people of its own fields, and ``recipient_people`` and
        ``mentioned_people``, those of its recipient rows and mentions, which the callers load
        (one at a time or in bulk)."""
        person_ids = {*self.involved_own_person_ids(), *recipient_people, *mentioned_people}
        person_ids.discard(None)
        return person_ids

    def involved_own_person_ids(self):
        """The people the document's own fields name among those it involves (may hold None)."""
        return [getattr(self, f"{link.field}_id") for link in INVOLVED_OWN_FIELDS]

    def compose_search_text(self, people_names):
        """What search reads: title, numbers, marks, place, summary, text, names as written,
        and `people_names`: every name and variant of the people involved, each person's in
        their default order (so that "Filippov" finds documents to Stalin)."""
        parts = [
            self.title,
            " ".join(self.reference_numbers),
            " ".join(self.marks),
            self.urgency,
            self.place,
            self.summary,
            self.text,
            self.author_as_written,
            self.sender_as_written,
            self.enclosure_author_as_written,
            self.enclosure_addressee_as_written,
            *people_names,
        ]
        return "\n".join(part for part in parts if part)

    def set_date(self, value):
        """Set the date from an ISO partial form ("1952", "1952-07", "1952-07-17")."""
        self.date, self.date_precision = stored_partial_date(value)

    def publication_gaps(self):
        """What a citation of this document would lack (PublicationGap values)."""
        gaps = []
        if self.date is None:
            gaps.append(PublicationGap.UNDATED)
        if self.doc_type == DocumentType.OTHER:
            gaps.append(PublicationGap.UNTYPED)
        if self.author_id is None and self.sender_id is None:
            gaps.append(PublicationGap.NO_SENDER)
        return gaps

    def unconfirmed_gaps(self):
        """The gaps no archivist has confirmed: publishing waits for these."""
        return [gap for gap in self.publication_gaps() if gap not in (self.accepted_gaps or [])]


def holdings_of(document):
    """Unsaved Holding rows for a document's source citation."""
    rows = []
    for position, holding in enumerate(parse_citation(document.source_citation).holdings):
        key = browse_key(holding)[:300]
        rows.append(
            Holding(
                document=document,
                position=position,
                repository=holding.repository[:100],
                key=key,
                slug=slugify(key)[:300] or "file",
                cited_as=format_holding(holding)[:500],
            )
        )
    return rows


def record_mentions_in_history(versions):
    """Keep with each of these versions of documents (a queryset of Document.history) the
    people its document mentions now.

    simple-history does this for a version written by a save, but not for versions written
    in bulk (the importer, batch actions, merges); without it, comparing such a version with
    its neighbour would show every mention as removed and then added back. One INSERT ...
    SELECT, however many versions."""
    mentions = Document.history.model.people_mentioned.model
    through = Document.people_mentioned.through
    connection = connections[versions.db]
    quoted = connection.ops.quote_name
    select, params = versions.order_by().values("history_id", "id").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quoted(mentions._meta.db_table)} "
            f"({quoted('id')}, {quoted('document_id')}, {quoted('person_id')}, "
            f"{quoted('history_id')}) "
            f"SELECT t.{quoted('id')}, t.{quoted('document_id')}, t.{quoted('person_id')}, "
            f"v.{quoted('history_id')} "
            f"FROM {quoted(through._meta.db_table)} t INNER JOIN ({select}) v "
            f"ON t.{quoted('document_id')} = v.{quoted('id')}",
            params,
        )


class TransmissionEvent(models.Model):
    """One step in a telegram's life: sent, received, forwarded, deciphered, typed."""

    class Event(models.TextChoices):
        SENT = "sent", "Sent"
        RECEIVED = "received", "Received"
        FORWARDED = "forwarded", "Forwarded"
        DECIPHERED = "deciphered", "Deciphered"
        TYPED = "typed", "Typed"
        DISPATCHED = "dispatched", "Dispatched"

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="transmission_events"
    )
    event = models.CharField(max_length=20, choices=Event.choices)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, default=DatePrecision.DAY
    )
    time = models.TimeField(null=True, blank=True, help_text="Local time as written.")
    by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transmission_events",
        help_text="Who sent, received, deciphered or typed it, or the body it was forwarded to.",
    )
    by_as_written = models.CharField(max_length=300, blank=True)
    place = models.CharField(max_length=200, blank=True)
    note = models.CharField(max_length=300, blank=True, help_text="Anything else as written.")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "position"], name="unique_event_position"),
        ]

    def __str__(self):
        when = format_partial_date(self.date, self.date_precision) or "undated"
        return f"{self.get_event_display()} {when}"


class Recipient(models.Model):
    """Someone (or something, such as a file copy) a document went to."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recipient_rows",
        help_text="Empty for entries that are not people, such as 'File' or 'Copy'.",
    )
    name_as_written = models.CharField(max_length=300, help_text="Exactly as the text has it.")
    role = models.CharField(max_length=20, choices=Role.choices, db_index=True)
    copies = models.PositiveSmallIntegerField(
        default=1, help_text="Number of copies, where the text gives it ('Stalin (2)')."
    )
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the document, from 0."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "position"]
        indexes = [
            models.Index(fields=["person", "role"], name="recipient_person_role"),
            # A person's latest rows first, read a bounded number at a time (related
            # documents, correspondents) without sorting all of them.
            models.Index(fields=["person", "document"], name="recipient_person_document"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(copies__gte=1), name="recipient_copies_at_least_1"),
            models.UniqueConstraint(
                fields=["document", "position"], name="unique_recipient_position"
            ),
        ]

    def __str__(self):
        copies = f" ×{self.copies}" if self.copies > 1 else ""
        return f"{self.name_as_written}{copies} ({self.get_role_display()})"


class RequestCategory(models.TextChoices):
    AIR_DEFENCE = "air_defence", "Air defence"
    AIR_OPERATIONS = "air_operations", "Air operations"
    GROUND_OPERATIONS = "ground_operations", "Ground operations"
    ARMISTICE = "armistice", "Armistice and negotiations"
    MATERIEL = "materiel", "Arms, goods and materials"
    MILITARY_ADVISERS = "military_advisers", "Military advisers"
    ECONOMIC_AID = "economic_aid", "Economic aid"
    PERSONNEL = "personnel", "Personnel and training"
    DIPLOMATIC = "diplomatic", "Diplomatic"
    OTHER = "other", "Other"


class RequestStatus(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    GRANTED = "granted", "Granted"
    PARTLY_GRANTED = "partly_granted", "Partly granted"
    REFUSED = "refused", "Refused"


class RequestQuerySet(models.QuerySet):
    def published(self):
        return self.filter(document__status=Status.PUBLISHED)

    def for_list(self):
        return self.select_related("document", "asked_by", "asked_of")


class Request(models.Model):
    """A request a document makes ("1. To strengthen antiaircraft defense ...")."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="requests")
    number = models.CharField(
        max_length=10, blank=True, help_text="The number as written ('1', 'a'); empty if none."
    )
    summary = models.CharField(max_length=500)
    text = models.TextField(help_text="The full paragraph as written.")
    category = models.CharField(
        max_length=30,
        choices=RequestCategory.choices,
        default=RequestCategory.OTHER,
        db_index=True,
    )
    asked_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="requests_made"
    )
    asked_of = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.PROTECT, related_name="requests_received"
    )
    quantities = models.JSONField(
        default=list,
        blank=True,
        help_text="Quantities the text gives: a list of {amount, unit, note}.",
    )
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.UNKNOWN, db_index=True
    )
    answered_by = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answers",
        help_text="The document that granted or refused the request, if known.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = RequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                condition=~Q(number=""),
                name="unique_request_number_per_document",
            ),
            models.UniqueConstraint(
                fields=["document", "position"], name="unique_request_position"
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="request_summary_not_empty"),
        ]

    def __str__(self):
        prefix = f"{self.number}. " if self.number else ""
        return f"{prefix}{self.summary}"

    def save(self, *args, **kwargs):
        self.text = normalise_newlines(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # The document_id is on the row already; reversing needs the slug, which the
        # list views select_related so this costs no query there.
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    @property
    def anchor(self):
        return f"request-{self.number}" if self.number else f"request-u{self.position}"

    @property
    def days_to_answer(self):
        """Days from the request's document to its published answer, when both are dated to
        the day; None otherwise. Reads the two documents: select them with the request."""
        answer, asked = self.answered_by, self.document
        if answer is None or answer.status != Status.PUBLISHED:
            return None
        dated = all(d.date and d.date_precision == DatePrecision.DAY for d in (answer, asked))
        if not dated:
            return None
        return (answer.date - asked.date).days


class DocumentRedirect(models.Model):
    """An old slug of a published document, kept when its slug changed, so that citations
    and links made with it still arrive."""

    old_slug = models.SlugField(max_length=200, unique=True)
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="redirects")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.document_id}"


class PersonRedirect(models.Model):
    """An old person slug that now points at another person (after a merge)."""

    old_slug = models.SlugField(max_length=120, unique=True)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="redirects")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.person_id}"


class PlaceKind(models.TextChoices):
    CITY = "city", "City"
    TOWN = "town", "Town"
    VILLAGE = "village", "Village"
    REGION = "region", "Region"
    COUNTRY = "country", "Country"
    ISLAND = "island", "Island"
    RIVER = "river", "River"
    LAKE = "lake", "Lake"
    SEA = "sea", "Sea"
    PARALLEL = "parallel", "Parallel"


class Place(models.Model):
    """A place documents come from or name, once, with every spelling met (PlaceName)."""

    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text="Stable identifier used in the public address of the place's page.",
    )
    name = models.CharField(
        max_length=200, help_text="Canonical name as the catalogue shows it, e.g. 'Beijing'."
    )
    kind = models.CharField(max_length=20, choices=PlaceKind.choices, default=PlaceKind.CITY)
    country_then = models.CharField(
        max_length=200, blank=True, help_text="The state it belonged to in the documents' time."
    )
    country_now = models.CharField(max_length=200, blank=True)
    latitude = models.DecimalField(
        max_digits=8, decimal_places=5, null=True, blank=True, help_text="Only where sure."
    )
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    note = models.CharField(max_length=500, blank=True, help_text="One line for visitors.")
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [("merge_place", "Can merge places into one")]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="place_name_not_empty"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="place_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("catalogue:place", kwargs={"slug": self.slug})

    @property
    def other_names(self):
        """Its spellings other than the name itself, from prefetched ``names``."""
        return [n.name for n in self.names.all() if n.name != self.name]


class PlaceName(models.Model):
    """Another spelling of a place: a transliteration, an older or foreign name."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    normalised = models.CharField(
        max_length=200,
        db_index=True,
        editable=False,
        help_text="Folded form used for matching (no case, diacritics or punctuation).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["place", "name"], name="unique_name_per_place"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised = normalise_place(self.name)
        super().save(*args, **kwargs)


class PlaceCount(models.Model):
    """How many published documents come from a place and how many name it, kept up to date
    by every write (catalogue.placecounts), so that the list of places reads two numbers per
    place instead of counting 100,000 documents for each.

    A table of its own rather than columns on Place: an archivist's save of a place form
    writes every column of the row it loaded, which would put back counts that had changed
    meanwhile. No row means nothing counted yet: both are zero."""

    place = models.OneToOneField(
        Place, on_delete=models.CASCADE, primary_key=True, related_name="counts"
    )
    documents_from = models.PositiveIntegerField(
        default=0, help_text="Published documents sent from the place."
    )
    documents_naming = models.PositiveIntegerField(
        default=0, help_text="Published documents whose text names the place."
    )
    modified = models.DateTimeField(
        null=True, blank=True, help_text="When either count last changed (the sitemap's lastmod)."
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(documents_from__gte=0) & Q(documents_naming__gte=0),
                name="placecount_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.place_id}: {self.documents_from} from, {self.documents_naming} naming"


class PlaceRedirect(models.Model):
    """An old place slug that now points at another place (after a merge)."""

    old_slug = models.SlugField(max_length=120, unique=True)
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="redirects")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"{self.old_slug} → {self.place_id}"


class ReferenceDirection(models.TextChoices):
    """What citing a document says about it (see catalogue.references)."""

    REPLY_TO = "reply_to", "In reply to"
    REFERS_TO = "refers_to", "Refers to"
    TRANSMITS = "transmits", "Transmits"
    APPROVES = "approves", "Approves"


class ReferenceStatus(models.TextChoices):
    """How a cited document was matched. LINKED and SUGGESTED are the resolver's and change
    when the catalogue does; CONFIRMED and REJECTED are an archivist's and never do."""

    MISSING = "missing", "Not in the catalogue"
    LINKED = "linked", "Linked"
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed by an archivist"
    REJECTED = "rejected", "Rejected by an archivist"


# Statuses the resolver owns; it never touches the others.
AUTOMATIC_REFERENCE_STATUSES = (
    ReferenceStatus.MISSING,
    ReferenceStatus.LINKED,
    ReferenceStatus.SUGGESTED,
)
# Statuses that make a link the public sees.
LINK_STATUSES = (ReferenceStatus.LINKED, ReferenceStatus.CONFIRMED)


class ReferenceQuerySet(models.QuerySet):
    def links(self):
        """Links the public sees: made without doubt or confirmed, between published documents."""
        return self.filter(
            status__in=LINK_STATUSES,
            document__status=Status.PUBLISHED,
            target__status=Status.PUBLISHED,
        )

    def missing(self):
        """Citations of published documents that nothing in the catalogue answers."""
        return self.filter(status=ReferenceStatus.MISSING, document__status=Status.PUBLISHED)


class Reference(models.Model):
    """A document that a document cites ("To No. 439/sh", "your telegram of 8 September"),
    with the catalogue document it resolves to, if any.

    One row per (citation, candidate): a citation with one fitting document is one LINKED row;
    with several, one SUGGESTED row for each, for an archivist to confirm or reject; with none,
    one MISSING row without a target ("cited but not in the catalogue")."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="references_made")
    as_written = models.CharField(max_length=500, help_text="The citation as the text has it.")
    number = models.CharField(
        max_length=100,
        blank=True,
        help_text="The cited number, normalised and lower-case ('439/sh'); empty if none.",
    )
    date = models.DateField(null=True, blank=True, help_text="The cited date, if any.")
    direction = models.CharField(
        max_length=10, choices=ReferenceDirection.choices, default=ReferenceDirection.REFERS_TO
    )
    kind = models.CharField(
        max_length=100, blank=True, help_text="What the text calls it ('ciphered telegram')."
    )
    target = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="references_received",
        help_text="The catalogue document cited, when one was found or chosen.",
    )
    status = models.CharField(
        max_length=10,
        choices=ReferenceStatus.choices,
        default=ReferenceStatus.MISSING,
        db_index=True,
    )
    # False for a link an archivist added by hand: the text does not say it, so a re-read of
    # the text must not remove it.
    from_text = models.BooleanField(
        default=True, editable=False, help_text="Read from the text rather than added by hand."
    )
    modified = models.DateTimeField(auto_now=True)

    objects = ReferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "date", "number", "pk"]
        indexes = [
            models.Index(fields=["number"], name="reference_number"),
            models.Index(fields=["target", "status"], name="reference_target_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number", "date", "direction", "target"],
                condition=Q(target__isnull=False),
                name="unique_reference_target",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReferenceStatus.values), name="reference_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True, status=ReferenceStatus.MISSING)
                | Q(target__isnull=False) & ~Q(status=ReferenceStatus.MISSING),
                name="reference_target_matches_status",
            ),
            models.CheckConstraint(
                condition=~Q(target=F("document")), name="reference_not_to_itself"
            ),
        ]

    def __str__(self):
        return self.as_written

    @property
    def is_link(self):
        return self.status in LINK_STATUSES


class HoldingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(document__status=Status.PUBLISHED)


class Holding(models.Model):
    """An archival file that holds a document, read from its source citation
    (catalogue.archival): what a visitor browses by ("APRF f. 45 op. 1 d. 335"). Rebuilt
    whenever the citation changes; never edited by hand (edit the citation)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="holdings")
    position = models.PositiveSmallIntegerField(default=0)
    repository = models.CharField(max_length=100, help_text="The archive's code, e.g. 'APRF'.")
    key = models.CharField(
        max_length=300, help_text="The file, as browsed: 'APRF f. 45 op. 1 d. 335'."
    )
    slug = models.SlugField(max_length=300, help_text="The file's address in the browse pages.")
    cited_as = models.CharField(
        max_length=500, help_text="As a reader cites it, folios included: 'APRF, f. 45, l. 3'."
    )

    objects = HoldingQuerySet.as_manager()

    class Meta:
        ordering = ["document", "position"]
        indexes = [
            models.Index(fields=["slug"], name="holding_slug"),
            models.Index(fields=["repository", "key"], name="holding_repository_key"),
            # The document list's archive filter compares the code in any case: with this
            # index the list walks its date order and tests each document's holdings by
            # key, and the planner has statistics on the upper-cased code to choose so.
            models.Index(Upper("repository"), "document", name="holding_repository_upper"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "position"], name="unique_holding_position"
            ),
        ]

    def __str__(self):
        return self.cited_as

    def get_absolute_url(self):
        return reverse("catalogue:archive-file", kwargs={"slug": self.slug})


class CorrespondencePair(models.Model):
    """Kept counts of the correspondence network (catalogue.pairs): how many published
    documents one person wrote to another in one year. The network's pages read these few
    rows rather than counting a million recipient rows on every request.

    Maintained in the same transaction as every write that can change them (model signals for
    saves and deletes, explicit calls for the bulk writes of imports, batch actions, merges and
    restores); `manage.py correspondence_pairs --check` recounts them from the documents."""

    writer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    addressee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # 0 for undated documents: a year of its own keeps the unique constraint simple on both
    # backends (NULLs never collide in a unique index).
    year = models.PositiveSmallIntegerField()
    documents = models.PositiveIntegerField()

    class Meta:
        ordering = ["writer", "addressee", "year"]
        indexes = [
            models.Index(fields=["addressee", "writer"], name="pair_addressee_writer"),
            models.Index(fields=["year"], name="pair_year"),
            # A person's correspondents in a span of years, from either side of the letter.
            models.Index(fields=["writer", "year"], name="pair_writer_year"),
            models.Index(fields=["addressee", "year"], name="pair_addressee_year"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["writer", "addressee", "year"], name="unique_correspondence_pair"
            ),
            models.CheckConstraint(condition=Q(documents__gte=1), name="pair_documents_positive"),
            models.CheckConstraint(condition=~Q(writer=F("addressee")), name="pair_not_to_oneself"),
        ]

    def __str__(self):
        return f"{self.writer_id} → {self.addressee_id} ({self.year}): {self.documents}"


class CorrespondenceLink(models.Model):
    """The pair rows of CorrespondencePair summed over every year: how many published
    documents one person wrote to another in all, and the first and last year of the dated
    ones. The network's pages without a span of years read the busiest of these from an
    index, and the downloads stream them, instead of grouping every pair row per request.

    Kept with the pair rows, in the same write (catalogue.pairs)."""

    writer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    addressee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    documents = models.PositiveIntegerField()
    # Null when every document of the pair is undated.
    first_year = models.PositiveSmallIntegerField(null=True)
    last_year = models.PositiveSmallIntegerField(null=True)

    class Meta:
        ordering = ["writer", "addressee"]
        indexes = [
            models.Index(fields=["addressee", "writer"], name="link_addressee_writer"),
            # The busiest first, in the order the pages list them.
            models.Index(fields=["-documents", "writer", "addressee"], name="link_busiest"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["writer", "addressee"], name="unique_correspondence_link"
            ),
            models.CheckConstraint(condition=Q(documents__gte=1), name="link_documents_positive"),
            models.CheckConstraint(condition=~Q(writer=F("addressee")), name="link_not_to_oneself"),
        ]

    def __str__(self):
        return f"{self.writer_id} → {self.addressee_id}: {self.documents}"


class Correspondent(models.Model):
    """A person's documents in the whole network: how many published documents they wrote
    to someone and received from someone (CorrespondenceLink summed by person). The whole
    catalogue's downloads read their people here, and its page counts them, in one short
    read. Only people with correspondence have a row. Kept with the links (catalogue.pairs)."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    written = models.PositiveIntegerField()
    received = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(written__gte=1) | Q(received__gte=1), name="correspondent_has_documents"
            ),
        ]

    def __str__(self):
        return f"{self.person_id}: wrote {self.written}, received {self.received}"


class CorrespondenceCounted(models.Model):
    """What CorrespondencePair counts for one document: its year and its (writer, addressee)
    pairs. Lets a write subtract exactly what the document counted before and add what it
    counts now, whichever way the document changed. No foreign key: the row must outlive a
    deleted document until its counts are taken back."""

    document_id = models.BigIntegerField(primary_key=True)
    year = models.PositiveSmallIntegerField()
    pairs = models.JSONField(default=list)

    def __str__(self):
        return f"document {self.document_id}: {len(self.pairs)} pairs"


class NetworkVersion(models.Model):
    """A digest of the correspondence network's content: the sum, modulo a large prime, of a
    hash of every pair row (writer, addressee, year, documents). catalogue.pairs adds to it
    in the same transaction as every change to those rows, so it changes exactly when the
    network does (a document published again with the same writers and addressees leaves it
    as it was), and not on the many writes that leave the network alone. One row."""

    digest = models.BigIntegerField(default=0)

    def __str__(self):
        return f"network {self.digest}"


class NetworkFile(models.Model):
    """A whole download of the network (GEXF, GraphML, the API's JSON), gzipped, as
    built for one network `version` (NetworkVersion's digest and the people's latest
    change): shared by every process, and kept across restarts, so a fresh process serves it
    without building it again. `name` is a digest of the download's name; one row each."""

    name = models.CharField(max_length=64, primary_key=True)
    version = models.CharField(max_length=64)
    content = models.BinaryField()

    def __str__(self):
        return f"{self.name} at {self.version}"


# --- Kept counts (catalogue/keptcounts.py) ---------------------------------------------------


class KeptCount(models.Model):
    """A figure about the whole published catalogue, kept up to date by every write rather
    than counted over 100,000 documents per request: ``name`` is "documents", "undated",
    "type:<type>", "month:<year>:<month>:<precision>" or "category:<category>"."""

    name = models.CharField(max_length=100, unique=True)
    n = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.name} = {self.n}"


class PersonCount(models.Model):
    """How many published documents a person is in, kept up to date by every write: in any
    way of PERSON_LINKS (``documents``), in the ways that make them one of its people
    (``involved``: the total of the document list's person filter in any role), in the ways
    the document list's people facet counts (``facet``), as a recipient in any role
    (``recipient``, the home page's leading people), and in each public role (the columns
    named by PUBLIC_ROLES' keys). A person in no published document has no row."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="kept_count"
    )
    documents = models.PositiveIntegerField(default=0)
    involved = models.PositiveIntegerField(default=0)
    facet = models.PositiveIntegerField(default=0)
    recipient = models.PositiveIntegerField(default=0)
    author = models.PositiveIntegerField(default=0)
    sender = models.PositiveIntegerField(default=0)
    addressee = models.PositiveIntegerField(default=0)
    copy = models.PositiveIntegerField(default=0)
    mentioned = models.PositiveIntegerField(default=0)
    also_sent_to = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["-facet"], name="personcount_facet"),
            models.Index(fields=["-recipient"], name="personcount_recipient"),
        ]

    def __str__(self):
        return f"{self.person_id}: {self.documents}"


class ArchiveCount(models.Model):
    """How many published documents an archive (``key`` empty) or one of its files holds,
    kept up to date by every write (catalogue/keptcounts.py) rather than counted over the
    holdings of 100,000 documents per request. A document held twice in one file counts once
    for it, and once for its archive however many of its files it holds. A file or archive
    with no published document has no row."""

    repository = models.CharField(max_length=100)
    key = models.CharField(max_length=300, blank=True)
    slug = models.SlugField(max_length=300, blank=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["repository", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["repository", "key", "slug"], name="unique_archive_count"
            ),
        ]

    def __str__(self):
        return f"{self.key or self.repository} = {self.documents}"


class CountedDocument(models.Model):
    """What one document adds to the kept counts, as last counted: {"c": {KeptCount name: n},
    "p": {person id: [PersonCount columns]}}. Recounting a document subtracts this and adds
    what it adds now, so any write path only has to name the documents it touched. The
    document is a plain number, not a foreign key: a deleted document's entry must outlive
    it until its counts are taken back."""

    document_id = models.BigIntegerField(primary_key=True)
    contribution = models.JSONField(default=dict)

    def __str__(self):
        return str(self.document_id)
