"""Merging duplicate people, and the bulk updates it shares with the admin's batch actions.

The importer creates a person for every name it does not recognise, so the same man can end up
as "Kim Il Sung" and "Kim Ir Sen". A merge moves every link of the duplicates to one survivor,
keeps their names as variants, leaves a redirect for each old address, and records all of it in
the history under the archivist who did it.
"""

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from . import keptcounts, pairs, placecounts
from .changelog import log_batch_change
from .models import (
    Document,
    NameKind,
    Person,
    PersonName,
    PersonRedirect,
    Place,
    PlaceName,
    PlaceRedirect,
    Recipient,
    person_columns,
    record_mentions_in_history,
)
from .names import normalise
from .pagecache import bump_generation_on_commit
from .places import normalise as normalise_place

CHUNK = 500


def merged_fields():
    """Every field of PERSON_LINKS, the foreign keys first and then the mentions, whose rows
    a merge moves in a way of their own (a document keeps one mention of the survivor)."""
    columns = person_columns()
    return [c for c in columns if not is_mention(c)] + [c for c in columns if is_mention(c)]


def is_mention(link):
    return link.model is Document.people_mentioned.through


NAME_LABEL = "names and variants"


def link_labels():
    """The labels of link_counts, in the order the merge preview shows them."""
    return [link.merge_label for link in merged_fields()] + [NAME_LABEL]


def link_counts(people):
    """What each person is linked to, as {person_pk: {label: count}}: one grouped query per
    field of PERSON_LINKS and one for names, however many people are asked about."""
    pks = [person.pk for person in people]
    counts = {pk: {} for pk in pks}
    for link in merged_fields():
        rows = (
            link.model.objects.filter(**{f"{link.field}__in": pks})
            .order_by()
            .values(link.field)
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[row[link.field]][link.merge_label] = row["n"]
    for row in (
        PersonName.objects.filter(person__in=pks)
        .order_by()
        .values("person")
        .annotate(n=Count("pk"))
    ):
        counts[row["person"]][NAME_LABEL] = row["n"]
    return counts


def documents_of(person_pks):
    """The pks of every document that involves any of these people: those whose search text
    carries their names (PERSON_LINKS marked ``involved``), which a change of names or a
    merge must rebuild. One query per field."""
    pks = set()
    for link in person_columns(involved=True):
        rows = link.model.objects.filter(**{f"{link.field}__in": person_pks})
        pks.update(rows.values_list(link.document_field, flat=True))
    return pks


def compose_search_text(
    document, names_by_person, recipient_people, mentioned_people, names_by_place=None, places=()
):
    """The same text as Document.build_search_text(), from data loaded in bulk."""
    person_ids = document.involved_person_ids(recipient_people, mentioned_people)
    names = []
    # build_search_text reads people in their default order (sort name, name).
    for person_pk in sorted(person_ids, key=lambda pk: names_by_person[pk][0]):
        names.extend(names_by_person[person_pk][1])
    # ... and then the places, by primary key.
    place_ids = {document.origin_place_id, *places}
    place_ids.discard(None)
    for place_pk in sorted(place_ids):
        names.extend((names_by_place or {}).get(place_pk, ()))
    return document.compose_search_text(names)


def place_names(place_pks):
    """{place pk: [name, spelling, ...]} as build_search_text lists them."""
    names = {}
    for place in Place.objects.filter(pk__in=place_pks).prefetch_related("names"):
        names[place.pk] = [place.name, *(n.name for n in place.names.all() if n.name != place.name)]
    return names


def rebuild_search_text(document_pks):
    """Rebuild search_text of these documents, a chunk at a time (six queries per chunk,
    not two per document), after a person's names changed."""
    document_pks = sorted(document_pks)
    rebuilt = 0
    for start in range(0, len(document_pks), CHUNK):
        chunk = document_pks[start : start + CHUNK]
        documents = list(Document.objects.filter(pk__in=chunk).defer("imported_values"))
        recipient_people = {}
        for doc_pk, person_pk in Recipient.objects.filter(
            document__in=chunk, person__isnull=False
        ).values_list("document_id", "person_id"):
            recipient_people.setdefault(doc_pk, set()).add(person_pk)
        mentioned_people = {}
        for doc_pk, person_pk in Document.people_mentioned.through.objects.filter(
            document__in=chunk
        ).values_list("document_id", "person_id"):
            mentioned_people.setdefault(doc_pk, set()).add(person_pk)
        person_pks = set()
        for document in documents:
            person_pks.update(document.involved_own_person_ids())
        for people in (*recipient_people.values(), *mentioned_people.values()):
            person_pks.update(people)
        person_pks.discard(None)
        mentioned_places = {}
        for doc_pk, place_pk in Document.places_mentioned.through.objects.filter(
            document__in=chunk
        ).values_list("document_id", "place_id"):
            mentioned_places.setdefault(doc_pk, set()).add(place_pk)
        place_pks = {document.origin_place_id for document in documents}
        for places in mentioned_places.values():
            place_pks.update(places)
        place_pks.discard(None)
        names_by_place = place_names(place_pks) if place_pks else {}
        names_by_person = {}
        for person in Person.objects.filter(pk__in=person_pks).prefetch_related("names"):
            names_by_person[person.pk] = (
                (person.sort_name, person.name),
                [person.name, *(n.name for n in person.names.all())],
            )
        for document in documents:
            document.search_text = compose_search_text(
                document,
                names_by_person,
                recipient_people.get(document.pk, ()),
                mentioned_people.get(document.pk, ()),
                names_by_place,
                mentioned_places.get(document.pk, ()),
            )
        Document.objects.bulk_update(documents, ["search_text"])
        rebuilt += len(documents)
    # bulk_update sends no signal: the search results on the cached pages change.
    bump_generation_on_commit()
    return rebuilt


@transaction.atomic
def update_with_history(queryset, changes, user, reason):
    """Set `changes` ({field: value}) on every row of the queryset, a chunk at a time, and
    record a history entry for each row under `user` with `reason`. Returns the row count.
    One transaction, with the places' kept counts recounted in it when a document's status
    or place of origin changes."""
    model = queryset.model
    fields = list(changes)
    if any(field.name == "modified" for field in model._meta.fields):
        changes = {**changes, "modified": timezone.now()}
        fields.append("modified")
    # In key order: the log line lists them so, and rows are locked in one order.
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    counted = model is Document and set(placecounts.COUNTED_FIELDS) & set(changes)
    with placecounts.follow(pks if counted else ()):
        _update_chunks(model, pks, changes, fields, user, reason)
    # bulk_update sends no signal (the admin's batch actions come through here).
    bump_generation_on_commit()
    if model is Document:
        keptcounts.recount(pks)
    elif model in keptcounts.DOCUMENT_ROWS:
        keptcounts.recount(
            model.objects.filter(pk__in=pks).values_list("document_id", flat=True).distinct()
        )
    log_batch_change(user, model, pks, [f for f in changes if f != "modified"], reason)
    return len(pks)


def _update_chunks(model, pks, changes, fields, user, reason):
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        # A chunk's rows, their history and the network's counts change together.
        with transaction.atomic():
            objs = list(model.objects.filter(pk__in=chunk))
            for obj in objs:
                for field, value in changes.items():
                    setattr(obj, field, value)
            now = timezone.now()
            bulk_update_with_history(
                objs,
                model,
                fields,
                default_user=user,
                default_change_reason=reason,
                default_date=now,
            )
            if model is Document:
                record_mentions_in_history(
                    Document.history.filter(id__in=chunk, history_date=now, history_user=user)
                )
            # bulk_update sends no signal, so the network's kept counts follow a change of
            # status, author, sender or recipient here.
            if model is Document:
                pairs.sync(chunk)
            elif model is Recipient:
                pairs.sync({obj.document_id for obj in objs})


@transaction.atomic
def merge_people(survivor, others, user):
    """Merge `others` into `survivor`: move every link, keep every name, redirect old slugs.

    Recipient rows, authorship, sendership, enclosure author and addressee, transmission
    steps, requests asked by or of, mentions and variant names all move to the survivor. The
    others' own names become variants of the survivor, their slugs (and any redirects to them)
    redirect to the survivor, and the others are deleted. Every moved row gets a history entry
    "Merged X into Y" under `user`. Returns the number of links moved.
    """
    others = [other for other in others if other.pk != survivor.pk]
    if not others:
        raise ValueError("Choose at least one person other than the survivor to merge.")
    other_pks = [other.pk for other in others]
    reason = f"Merged {', '.join(other.name for other in others)} into {survivor.name}"
    affected_documents = documents_of([survivor.pk, *other_pks])

    moved = 0
    for link in merged_fields():
        if is_mention(link):
            continue
        moved += update_with_history(
            link.model.objects.filter(**{f"{link.field}__in": other_pks}),
            {link.field: survivor},
            user,
            reason,
        )

    # Mentions: a document that named both a duplicate and the survivor keeps one mention.
    through = Document.people_mentioned.through
    mentioned_by_others = set(
        through.objects.filter(person__in=other_pks).values_list("document_id", flat=True)
    )
    already = set(
        through.objects.filter(person=survivor, document__in=mentioned_by_others).values_list(
            "document_id", flat=True
        )
    )
    through.objects.filter(person__in=other_pks).delete()
    through.objects.bulk_create(
        [through(document_id=pk, person_id=survivor.pk) for pk in mentioned_by_others - already]
    )
    # A new version of each document whose mentions changed, so the move shows in its history.
    update_with_history(Document.objects.filter(pk__in=mentioned_by_others), {}, user, reason)
    moved += len(mentioned_by_others)

    # Names: the others' variants and their own names become the survivor's variants.
    known = set(survivor.names.values_list("name", flat=True)) | {survivor.name}
    keep, drop = [], []
    for name in PersonName.objects.filter(person__in=other_pks):
        (drop if name.name in known else keep).append(name)
        known.add(name.name)
    for name in drop:
        name._history_user = user
        name._change_reason = reason
        name.delete()
    for name in keep:
        name.person = survivor
    if keep:
        bulk_update_with_history(
            keep, PersonName, ["person"], default_user=user, default_change_reason=reason
        )
    moved += len(keep)
    for other in others:
        if other.name not in known:
            known.add(other.name)
            variant = PersonName(
                person=survivor,
                name=other.name,
                kind=NameKind.VARIANT,
                normalised=normalise(other.name),
            )
            variant._history_user = user
            variant._change_reason = reason
            variant.save()

    # Old addresses: the others' slugs, and redirects that pointed at them, now lead here.
    PersonRedirect.objects.filter(person__in=other_pks).update(person=survivor)
    bump_generation_on_commit()  # update() sends no signal
    for other in others:
        PersonRedirect.objects.update_or_create(old_slug=other.slug, defaults={"person": survivor})

    for other in others:
        other._history_user = user
        other._change_reason = reason
        other.delete()
    survivor._history_user = user
    survivor._change_reason = reason
    survivor.save()

    rebuild_search_text(affected_documents)
    return moved


def documents_of_places(place_pks):
    """The pks of every document from or naming any of these places."""
    pks = set(Document.objects.filter(origin_place__in=place_pks).values_list("pk", flat=True))
    pks.update(
        Document.places_mentioned.through.objects.filter(place__in=place_pks).values_list(
            "document_id", flat=True
        )
    )
    return pks


@transaction.atomic
def merge_places(survivor, others, user):
    """Merge ``others`` into ``survivor``, as people are merged: documents from and naming
    them move, their names and spellings become the survivor's, their slugs (and redirects to
    them) redirect to the survivor, and the search text of every document concerned is
    rebuilt so each spelling finds them all. Returns the number of links moved."""
    others = [other for other in others if other.pk != survivor.pk]
    if not others:
        raise ValueError("Choose at least one place other than the survivor to merge.")
    other_pks = [other.pk for other in others]
    reason = f"Merged {', '.join(other.name for other in others)} into {survivor.name}"
    affected = documents_of_places([survivor.pk, *other_pks])

    moved = update_with_history(
        Document.objects.filter(origin_place__in=other_pks),
        {"origin_place": survivor},
        user,
        reason,
    )
    through = Document.places_mentioned.through
    naming_others = set(
        through.objects.filter(place__in=other_pks).values_list("document_id", flat=True)
    )
    already = set(
        through.objects.filter(place=survivor, document__in=naming_others).values_list(
            "document_id", flat=True
        )
    )
    through.objects.filter(place__in=other_pks).delete()
    through.objects.bulk_create(
        [through(document_id=pk, place_id=survivor.pk) for pk in naming_others - already]
    )
    moved += len(naming_others)

    known = set(survivor.names.values_list("name", flat=True))
    spellings = [*(other.name for other in others)]
    spellings += PlaceName.objects.filter(place__in=other_pks).values_list("name", flat=True)
    for name in [survivor.name, *spellings]:
        if name not in known:
            known.add(name)
            spelling = PlaceName(place=survivor, name=name, normalised=normalise_place(name))
            spelling._history_user = user
            spelling._change_reason = reason
            spelling.save()

    PlaceRedirect.objects.filter(place__in=other_pks).update(place=survivor)
    for other in others:
        PlaceRedirect.objects.update_or_create(old_slug=other.slug, defaults={"place": survivor})
        other._history_user = user
        other._change_reason = reason
        other.delete()
    survivor._history_user = user
    survivor._change_reason = reason
    survivor.save()
    # The mentions moved by hand, past the signals (the others' counts went with them).
    placecounts.recount([survivor.pk])
    rebuild_search_text(affected)
    return moved
