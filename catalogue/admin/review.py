"""The review of imported documents: the importer's warnings as reasons an archivist can read,
which of them the document's facts now answer, and the fields derived from those facts (the
composed title, a draft's slug, "needs review") kept in step when an archivist corrects them.

A warning is answered by a fact, not deleted: `parser_warnings` stays the importer's record,
so a re-import that reads the same file finds the same warnings and raises nothing new."""

import re
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.text import slugify

from .. import seedparser
from ..merge import rebuild_search_text
from ..models import (
    Document,
    DocumentType,
    Person,
    PersonKind,
    PublicationGap,
    Recipient,
    Status,
)
from ..names import normalise
from ..seedparser.records import Recipient as ParsedRecipient


@dataclass(frozen=True)
class WarningKind:
    key: str
    label: str
    reason: str
    pattern: str  # matched at the start of the importer's warning, case-insensitive
    answered: object  # Document -> bool: the fact that answers it


def confirmed(document, gap):
    """An archivist confirmed the document lacks this (publishing it "although"): the warning
    about it is answered, as it would be by the missing fact."""
    return gap in (document.accepted_gaps or [])


def has_recipients(document):
    # Set by the review's querysets (an EXISTS) or asked once for a single document.
    value = getattr(document, "has_recipients", None)
    return document.recipients.exists() if value is None else value


WARNING_KINDS = (
    WarningKind(
        "undated",
        "undated",
        "No date: the importer found none it could read.",
        r"no date found|date field not understood|the date .* is not a date",
        lambda d: d.date is not None or confirmed(d, PublicationGap.UNDATED),
    ),
    WarningKind(
        "untyped",
        "untyped",
        "Type unknown: the importer stored it as “other”.",
        r"document type not recognised",
        lambda d: d.doc_type != DocumentType.OTHER or confirmed(d, PublicationGap.UNTYPED),
    ),
    WarningKind(
        "no_sender",
        "no sender or author",
        "No author or sender: the importer could name neither.",
        r"no (author|sender) found",
        lambda d: (
            d.author_id is not None
            or d.sender_id is not None
            or confirmed(d, PublicationGap.NO_SENDER)
        ),
    ),
    WarningKind(
        "no_addressee",
        "no addressee",
        "No addressee: add the recipients the text names.",
        r"no addressee found",
        has_recipients,
    ),
    WarningKind(
        "no_place",
        "no place",
        "No place of origin found.",
        r"no place of origin found",
        lambda d: bool(d.place),
    ),
    WarningKind(
        "no_number",
        "no reference number",
        "No reference number found.",
        r"no reference number found",
        lambda d: bool(d.reference_numbers),
    ),
)

KIND_OF = {kind.key: kind for kind in WARNING_KINDS}


def kind_of(warning):
    for kind in WARNING_KINDS:
        if re.match(kind.pattern, warning, re.IGNORECASE):
            return kind
    return None


def open_warnings(document):
    """The importer's warnings that the document's facts do not answer yet, each as
    (kind or None, readable reason)."""
    result = []
    for warning in document.parser_warnings or []:
        kind = kind_of(warning)
        if kind is None:
            result.append((None, warning))
        elif not kind.answered(document):
            result.append((kind, kind.reason))
    return result


def queue(queryset):
    """The documents still to review: drafts and those marked "needs review"."""
    return queryset.filter(Q(status=Status.DRAFT) | Q(needs_review=True))


def with_review_facts(queryset):
    return queryset.annotate(
        has_recipients=Exists(Recipient.objects.filter(document=OuterRef("pk"))),
    )


UNKNOWN_PERSON = (
    Q(author__reviewed=False)
    | Q(sender__reviewed=False)
    | Q(pk__in=Recipient.objects.filter(person__reviewed=False).values("document"))
)


def filter_by_kind(queryset, key):
    """Documents with a gap of this kind, by the facts (an answered warning no longer counts)."""
    facts = {
        "undated": Q(date__isnull=True),
        "untyped": Q(doc_type=DocumentType.OTHER),
        "no_sender": Q(author__isnull=True, sender__isnull=True),
        "no_addressee": ~Exists(Recipient.objects.filter(document=OuterRef("pk"))),
        "no_place": Q(place=""),
        "no_number": Q(reference_numbers=[]),
        "unknown_person": UNKNOWN_PERSON,
    }
    return queryset.filter(facts[key])


# --- Derived fields ------------------------------------------------------------------------


def short_name(person, parsed):
    """A party's name in a composed title, as the importer writes it: the surname of a
    reviewed person, a body's whole name, a cover name with the person in brackets."""
    written = parsed.name or ""
    if person is None or not person.reviewed:
        return seedparser.surname(parsed)
    if person.kind == PersonKind.ORGANISATION:
        return person.name
    head, comma, _given = person.sort_name.partition(",")
    short = head.strip() if comma else person.name
    if normalise(written) in seedparser.COVER_NAMES and normalise(written) != normalise(short):
        return f"{written} [{short}]"
    return short


def compose_title(document, recipients):
    """The title the importer would compose from the document's facts as they stand
    (RECIPIENTS: its rows, with their people)."""
    people = {}

    def name(person, as_written):
        if person is None and not as_written:
            return None
        result = seedparser.clean_name(as_written or person.name)
        people[id(result)] = (person, result)
        return result

    parsed = seedparser.ParsedDocument(
        doc_type=document.doc_type,
        title="",
        reference_numbers=list(document.reference_numbers or []),
        date=document.date_iso or None,
        date_inferred=document.date_inferred,
        transmission=[],
        urgency=document.urgency,
        marks=list(document.marks or []),
        place=document.place,
        author=name(document.author, document.author_as_written),
        sender=name(document.sender, document.sender_as_written),
        recipients=[
            ParsedRecipient(
                name=name(row.person, row.name_as_written), role=row.role, copies=row.copies
            )
            for row in recipients
        ],
        copies_stated=None,
        enclosure=None,
        requests=[],
        people_mentioned=[],
        references=[],
        text="",
        body="",
        warnings=[],
    )
    return seedparser.compose_title(parsed, lambda n: short_name(*people[id(n)]))[:500]


def facts_of(document):
    """What the derived fields are made from, read from the database before an edit."""
    return facts_of_many([document.pk])[document.pk]


def facts_of_many(pks):
    """{pk: (stored document, its recipient rows)} of these documents, before an edit: two
    queries for the lot."""
    documents = (
        Document.objects.filter(pk__in=list(pks))
        .select_related("author", "sender")
        .defer("text", "search_text", "imported_values")
        .prefetch_related(
            Prefetch("recipients", queryset=Recipient.objects.select_related("person"))
        )
    )
    return {document.pk: (document, list(document.recipients.all())) for document in documents}


def keep_in_step(document, old, old_rows, *, user=None, stamp=None, title_typed=False, typed=()):
    """Bring DOCUMENT's derived fields in step with its facts (follow_the_facts) and save the
    fields that changed as one version, under USER (None: the request's user) at STAMP. The
    one path of a single save in the form and of every batch action that changes facts.
    Returns {field: new value} of what changed."""
    derived = follow_the_facts(document, old, old_rows, title_typed=title_typed, typed=typed)
    if derived:
        for name, value in derived.items():
            setattr(document, name, value)
        document._history_date = stamp or timezone.now()
        if user is not None:
            document._history_user = user
        document._change_reason = "Follows the corrected facts: " + ", ".join(derived)
        document.save()
    return derived


def carry_through(before, user):
    """After a batch change of facts: keep each document of BEFORE (facts_of_many, read
    before the change) in step as a single save would, and refresh the search text of those
    whose title changed. Returns {pk: derived changes} of the documents changed."""
    changed = {}
    documents = Document.objects.filter(pk__in=list(before)).select_related("author", "sender")
    for document in documents:
        old, old_rows = before[document.pk]
        derived = keep_in_step(document, old, old_rows, user=user)
        if derived:
            changed[document.pk] = derived
    rebuild_search_text([pk for pk, derived in changed.items() if "title" in derived])
    return changed


def said(changed):
    """A batch action's account of what followed its change (carry_through's result)."""
    if not changed:
        return ""
    counts = {}
    for derived in changed.values():
        for name in derived:
            counts[name] = counts.get(name, 0) + 1
    labels = {
        "title": "titles recomposed",
        "slug": "draft addresses updated",
        "needs_review": "no longer need review (no warning left)",
    }
    return " Kept in step: " + "; ".join(f"{n} {labels[name]}" for name, n in counts.items()) + "."


def draft_slug(document, old):
    """A draft's slug made again from its date and type, when it still has the form the
    importer gave it from OLD's ("undated-other-p83" becomes "1945-01-10-letter-p83")."""
    prefix = slugify(f"{old.date_iso or 'undated'}-{old.doc_type.replace('_', '-')}")
    if not document.slug.startswith(prefix + "-"):
        return document.slug
    tail = document.slug[len(prefix) + 1 :]
    new = slugify(f"{document.date_iso or 'undated'}-{document.doc_type.replace('_', '-')}")
    candidate = f"{new}-{tail}"[:200]
    taken = Document.objects.exclude(pk=document.pk).filter(slug=candidate).exists()
    return document.slug if taken else candidate


def follow_the_facts(document, old, old_rows, title_typed, typed=()):
    """Bring DOCUMENT's derived fields in step with its corrected facts (OLD and OLD_ROWS: the
    stored document and its recipients before the edit). Returns {field: new value} of the
    fields changed, for the caller to save."""
    changes = {}
    rows = list(document.recipients.select_related("person"))
    # Only a title the stored facts would compose word for word was made by the importer.
    composed = (
        not document.title_by_archivist
        and not title_typed
        and old.title == compose_title(old, old_rows)
    )
    if composed:
        title = compose_title(document, rows)
        if title and title != document.title:
            changes["title"] = title
    # A draft was never public under its slug: it may follow, also in the save that
    # publishes it. A published slug changes only by hand.
    if old.status == Status.DRAFT and "slug" not in typed:
        slug = draft_slug(document, old)
        if slug != document.slug:
            changes["slug"] = slug
    if document.needs_review and document.parser_warnings:
        document.has_recipients = bool(rows)
        if not open_warnings(document) and open_warnings_of(old, old_rows):
            changes["needs_review"] = False
    return changes


def open_warnings_of(document, rows):
    document.has_recipients = bool(rows)
    return open_warnings(document)


def unreviewed_people_of(queryset):
    """The people the importer created, not yet reviewed, that these documents name."""
    ids = queryset.values("pk")
    return Person.objects.filter(reviewed=False).filter(
        Q(authored_documents__in=ids)
        | Q(sent_documents__in=ids)
        | Q(recipient_rows__document__in=ids)
    )
