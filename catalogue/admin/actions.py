"""Batch actions on the selected rows of a changelist, each change recorded in the history,
and the merge of duplicate people."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify

from ..forms import BatchChangeForm, MergeForm
from ..merge import (
    documents_of,
    link_counts,
    link_labels,
    merge_people,
    rebuild_search_text,
    update_with_history,
)
from ..models import (
    Document,
    DocumentType,
    Person,
    PersonRedirect,
    PublicationGap,
    Recipient,
    RequestCategory,
    RequestStatus,
    Status,
    person_columns,
)

MERGE_LIMIT = 20


def changing_facts(document_pks, user):
    """Run a batch change of documents' facts so that each document then follows it as a
    single save in the form would: its composed title recomposed, a draft's slug updated,
    answered warnings gone and "needs review" cleared with the last (review.carry_through).
    Use as `with changing_facts(pks, user) as changed:`; CHANGED fills in on leaving."""
    return _FactsChange(document_pks, user)


class _FactsChange:
    def __init__(self, document_pks, user):
        self.document_pks, self.user = list(document_pks), user
        self.changed = {}

    def __enter__(self):
        from . import review

        self.review = review
        self.before = review.facts_of_many(self.document_pks)
        return self.changed

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.changed.update(self.review.carry_through(self.before, self.user))
        return False


def kept_in_step(changed):
    from .review import said

    return said(changed)


def batch_change(modeladmin, request, queryset, *, field, label, choices):
    """Show a form asking for the new value of `field`; on confirmation set it on every
    selected row, with a history entry for each."""
    form = BatchChangeForm(
        request.POST if "apply" in request.POST else None, field_label=label, choices=choices
    )
    if form.is_valid():
        value = form.cleaned_data["value"]
        changed = queryset.exclude(**{field: value})
        display = dict(choices)[value]
        pks = list(changed.values_list("pk", flat=True)) if modeladmin.model is Document else []
        with transaction.atomic(), changing_facts(pks, request.user) as followed:
            count = update_with_history(
                changed, {field: value}, request.user, f"Batch change: {label} set to {display}"
            )
        modeladmin.message_user(
            request,
            f"{label.capitalize()} set to “{display}” on {count} "
            f"{modeladmin.model._meta.verbose_name_plural}.{kept_in_step(followed)}",
            messages.SUCCESS,
        )
        return None
    opts = modeladmin.model._meta
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Change the {label} of the selected {opts.verbose_name_plural}",
        "opts": opts,
        "form": form,
        "queryset": queryset,
        "count": queryset.count(),
        "preview": queryset[:10],
        "action": request.POST.get("action"),
        "select_across": request.POST.get("select_across", "0"),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
    }
    return TemplateResponse(request, "admin/catalogue/batch_change.html", context)


def documents(count):
    return "document" if count == 1 else "documents"


@admin.action(permissions=["publish"], description="Publish the selected documents")
def publish(modeladmin, request, queryset):
    """Publish the selected drafts that a citation can name (dated, typed, with a sender or
    author). Those with a gap are listed with their reasons, a tick box per gap: they are
    published only when every gap of theirs is ticked (and the ticks are kept on them)."""
    drafts = list(queryset.exclude(status=Status.PUBLISHED).order_by("pk"))
    ready = [document for document in drafts if not document.unconfirmed_gaps()]
    held = [document for document in drafts if document.unconfirmed_gaps()]
    if held and "apply" not in request.POST:
        opts = modeladmin.model._meta
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Publish the selected documents",
            "opts": opts,
            "ready": ready,
            "held": [
                (
                    document,
                    [
                        (f"gap-{document.pk}-{gap}", PublicationGap(gap).label)
                        for gap in document.unconfirmed_gaps()
                    ],
                )
                for document in held
            ],
            "action": request.POST.get("action"),
            "select_across": request.POST.get("select_across", "0"),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/catalogue/publish_check.html", context)
    confirmed, refused = [], []
    for document in held:
        gaps = document.unconfirmed_gaps()
        if all(f"gap-{document.pk}-{gap}" in request.POST for gap in gaps):
            confirmed.append(document)
        else:
            refused.append(document)
    for document in confirmed:
        accepted = sorted({*(document.accepted_gaps or []), *document.unconfirmed_gaps()})
        update_with_history(
            Document.objects.filter(pk=document.pk),
            {"accepted_gaps": accepted},
            request.user,
            "Gaps confirmed for publication: " + ", ".join(accepted),
        )
    count = update_with_history(
        Document.objects.filter(pk__in=[d.pk for d in [*ready, *confirmed]]),
        {"status": Status.PUBLISHED},
        request.user,
        "Published",
    )
    modeladmin.message_user(request, f"Published {count} {documents(count)}.", messages.SUCCESS)
    if refused:
        reasons = "; ".join(
            f"“{document}”: "
            + ", ".join(PublicationGap(gap).label for gap in document.unconfirmed_gaps())
            for document in refused
        )
        modeladmin.message_user(
            request,
            f"Not published, {len(refused)} {documents(len(refused))} with a gap nobody "
            f"confirmed: {reasons}.",
            messages.WARNING,
        )


@admin.action(permissions=["publish"], description="Unpublish the selected documents")
def unpublish(modeladmin, request, queryset):
    count = update_with_history(
        queryset.exclude(status=Status.DRAFT), {"status": Status.DRAFT}, request.user, "Unpublished"
    )
    modeladmin.message_user(
        request, f"Withdrew {count} {documents(count)} from the public site.", messages.SUCCESS
    )


@admin.action(permissions=["change"], description="Confirm the dates of the selected documents")
def confirm_dates(modeladmin, request, queryset):
    """An archivist has checked the dates against the documents: a dated one's date is no
    longer marked inferred; an undated one is confirmed undated as written (a gap its
    publication may then have)."""
    pks = list(queryset.values_list("pk", flat=True))
    with transaction.atomic(), changing_facts(pks, request.user) as followed:
        dated = update_with_history(
            queryset.filter(date__isnull=False, date_inferred=True),
            {"date_inferred": False},
            request.user,
            "Date confirmed",
        )
        undated = 0
        # The changelist's queryset selects the author: only() must not leave it deferred.
        undated_rows = queryset.filter(date__isnull=True).select_related(None)
        for document in undated_rows.only("pk", "accepted_gaps"):
            if PublicationGap.UNDATED not in (document.accepted_gaps or []):
                undated += update_with_history(
                    Document.objects.filter(pk=document.pk),
                    {"accepted_gaps": sorted({*(document.accepted_gaps or []), "undated"})},
                    request.user,
                    "Confirmed undated as written",
                )
    modeladmin.message_user(
        request,
        f"Dates confirmed on {dated} {documents(dated)}; {undated} {documents(undated)} "
        f"confirmed undated as written.{kept_in_step(followed)}",
        messages.SUCCESS,
    )


@admin.action(
    permissions=["change"],
    description="Accept the people the importer suggested for the selected documents",
)
def accept_suggested_people(modeladmin, request, queryset):
    """Mark reviewed the people the importer created for names it did not know, when an
    archivist has checked them on these documents (a junk entry is better merged, split or
    turned back into text from the person's page)."""
    from .review import unreviewed_people_of

    people = unreviewed_people_of(queryset).distinct()
    pks = list(people.values_list("pk", flat=True))
    names = sorted(people.values_list("name", flat=True))
    # A reviewed person is named by surname in a composed title: every document naming them
    # follows, not only the selected ones.
    with transaction.atomic(), changing_facts(documents_of(pks), request.user) as followed:
        count = update_with_history(
            Person.objects.filter(pk__in=pks),
            {"reviewed": True},
            request.user,
            "Accepted as suggested by the importer",
        )
    modeladmin.message_user(
        request,
        f"Accepted {count} {'person' if count == 1 else 'people'}"
        + (f": {', '.join(names)}." if names else ".")
        + kept_in_step(followed),
        messages.SUCCESS,
    )


@admin.action(permissions=["change"], description="Mark the selected documents reviewed")
def mark_documents_reviewed(modeladmin, request, queryset):
    count = update_with_history(
        queryset.filter(needs_review=True), {"needs_review": False}, request.user, "Reviewed"
    )
    modeladmin.message_user(
        request, f"Marked {count} {documents(count)} reviewed.", messages.SUCCESS
    )


@admin.action(permissions=["change"], description="Change the type of the selected documents…")
def change_document_type(modeladmin, request, queryset):
    return batch_change(
        modeladmin, request, queryset, field="doc_type", label="type", choices=DocumentType.choices
    )


@admin.action(permissions=["publish"], description="Change the status of the selected documents…")
def change_document_status(modeladmin, request, queryset):
    return batch_change(
        modeladmin, request, queryset, field="status", label="status", choices=Status.choices
    )


@admin.action(permissions=["change"], description="Change the status of the selected requests…")
def change_request_status(modeladmin, request, queryset):
    return batch_change(
        modeladmin,
        request,
        queryset,
        field="status",
        label="status",
        choices=RequestStatus.choices,
    )


@admin.action(permissions=["change"], description="Change the category of the selected requests…")
def change_request_category(modeladmin, request, queryset):
    return batch_change(
        modeladmin,
        request,
        queryset,
        field="category",
        label="category",
        choices=RequestCategory.choices,
    )


@admin.action(permissions=["change"], description="Mark the selected people reviewed")
def mark_people_reviewed(modeladmin, request, queryset):
    count = update_with_history(
        queryset.filter(reviewed=False), {"reviewed": True}, request.user, "Reviewed"
    )
    modeladmin.message_user(
        request,
        f"Marked {count} {'person' if count == 1 else 'people'} reviewed.",
        messages.SUCCESS,
    )


@admin.action(permissions=["merge"], description="Merge the selected people…")
def merge_selected_people(modeladmin, request, queryset):
    """Preview what each selected person is linked to, let the archivist choose the survivor,
    and merge the others into it on confirmation."""
    people = list(queryset.order_by("sort_name", "name")[: MERGE_LIMIT + 1])
    if not 2 <= len(people) <= MERGE_LIMIT:
        modeladmin.message_user(
            request, f"Select between 2 and {MERGE_LIMIT} people to merge.", messages.ERROR
        )
        return None
    form = MergeForm(request.POST if "confirm" in request.POST else None, people=people)
    if form.is_valid():
        survivor = next(p for p in people if p.pk == form.cleaned_data["survivor"])
        others = [p for p in people if p.pk != survivor.pk]
        names = ", ".join(other.name for other in others)
        affected = documents_of([other.pk for other in others])
        with transaction.atomic(), changing_facts(affected, request.user) as followed:
            moved = merge_people(survivor, others, request.user)
        modeladmin.message_user(
            request,
            f"Merged {names} into {survivor.name}: {moved} links moved; the old addresses "
            f"now redirect to this person.{kept_in_step(followed)}",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:catalogue_person_change", args=[survivor.pk]))
    counts = link_counts(people)
    labels = link_labels()
    rows = [(person, [counts[person.pk].get(label, 0) for label in labels]) for person in people]
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge people",
        "opts": modeladmin.model._meta,
        "form": form,
        "labels": labels,
        "rows": rows,
        "action": request.POST.get("action"),
        "selected": [person.pk for person in people],
    }
    return TemplateResponse(request, "admin/catalogue/person/merge.html", context)


@transaction.atomic
def turn_into_text(person, user):
    """Undo a person the importer made from something that is not one (a place, a word):
    every document field and row naming them keeps the name as written and loses the link,
    mentions of them are removed, and the person is deleted. Each change is recorded in the
    history. Returns the number of links undone."""
    reason = f"“{person.name}” is not a person: kept as written"
    affected = documents_of([person.pk])
    undone = 0
    for link in person_columns():
        model = link.model
        if model is Document.people_mentioned.through:
            for document in Document.objects.filter(people_mentioned=person):
                document._change_reason = reason
                document.people_mentioned.remove(person)
                undone += 1
            continue
        rows = model.objects.filter(**{link.field: person})
        written = f"{link.field}_as_written"
        if not any(f.name == written for f in model._meta.fields):
            written = "name_as_written" if model is Recipient else None
        if written:
            update_with_history(rows.filter(**{written: ""}), {written: person.name}, user, reason)
        undone += update_with_history(rows, {link.field: None}, user, reason)
    rebuild_search_text(affected)
    person._change_reason = reason
    person.delete()
    return undone


@admin.action(
    permissions=["merge"], description="Not a person: keep the selected as text as written"
)
def not_a_person(modeladmin, request, queryset):
    """For entries the importer made from places, words or headings: unlink them from every
    document (keeping the name as the document writes it) and remove them, in one step."""
    if "apply" not in request.POST:
        opts = modeladmin.model._meta
        people = list(queryset[:MERGE_LIMIT])
        counts = link_counts(people)
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": "Turn the selected entries into text as written",
            "opts": opts,
            "rows": [
                (person, [counts[person.pk].get(label, 0) for label in link_labels()])
                for person in people
            ],
            "labels": link_labels(),
            "action": request.POST.get("action"),
            "select_across": request.POST.get("select_across", "0"),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/catalogue/person/not_a_person.html", context)
    names, undone = [], 0
    people = list(queryset[:MERGE_LIMIT])
    affected = documents_of([person.pk for person in people])
    with transaction.atomic(), changing_facts(affected, request.user) as followed:
        for person in people:
            names.append(person.name)
            undone += turn_into_text(person, request.user)
    modeladmin.message_user(
        request,
        f"No longer people: {', '.join(names)}. {undone} links undone; each document keeps "
        f"the name as written.{kept_in_step(followed)}",
        messages.SUCCESS,
    )


def person_named(name, user):
    """The person of this exact name (a reviewed one first), or a new unreviewed one."""
    existing = Person.objects.filter(name__iexact=name).order_by("-reviewed", "pk").first()
    if existing is not None:
        return existing
    base = slugify(name)[:110] or "person"
    slug, n = base, 1
    while (
        Person.objects.filter(slug=slug).exists()
        or PersonRedirect.objects.filter(old_slug=slug).exists()
    ):
        n += 1
        slug = f"{base}-{n}"
    surname = name.split()[-1]
    person = Person(name=name, slug=slug, sort_name=surname, reviewed=False)
    person._history_user = user
    person.save()
    return person


def make_room_after(row, user, reason):
    """Move the rows of ROW's document that follow it one place down, so that a row can be
    put right after it (positions are unique in a document: the last moves first)."""
    following = Recipient.objects.filter(
        document_id=row.document_id, position__gt=row.position
    ).order_by("-position")
    for later in following:
        later.position += 1
        later._history_user, later._change_reason = user, reason
        later.save(update_fields=["position"])


@transaction.atomic
def split_person(joined, first_name, second_name, user):
    """Split an entry made from two names ("Malenkov Kaganovich") into two people: the first
    takes every link of the entry; each recipient row gets a row of its own for the second
    right after it, the two names in the order they were written (the rows after them move
    down one place), and each mention mentions both. Returns the two people."""
    reason = f"Split “{joined.name}” into {first_name} and {second_name}"
    first, second = person_named(first_name, user), person_named(second_name, user)
    affected = documents_of([joined.pk])
    for link in person_columns():
        model = link.model
        if model is Document.people_mentioned.through:
            for document in Document.objects.filter(people_mentioned=joined):
                document._change_reason = reason
                document.people_mentioned.remove(joined)
                document.people_mentioned.add(first, second)
            continue
        if model is Recipient:
            for row in Recipient.objects.filter(person=joined).order_by("document", "position"):
                # An earlier split in the same document may have moved this row down.
                row.refresh_from_db(fields=["position"])
                make_room_after(row, user, reason)
                extra = Recipient(
                    document_id=row.document_id,
                    person=second,
                    name_as_written=second_name,
                    role=row.role,
                    copies=row.copies,
                    position=row.position + 1,
                )
                extra._history_user, extra._change_reason = user, reason
                extra.save()
        update_with_history(
            model.objects.filter(**{link.field: joined}), {link.field: first}, user, reason
        )
    rebuild_search_text(affected)
    joined._history_user, joined._change_reason = user, reason
    joined.delete()
    return first, second


class SplitForm(forms.Form):
    first = forms.CharField(label="First person", max_length=200)
    second = forms.CharField(label="Second person", max_length=200)


@admin.action(permissions=["merge"], description="Split the selected person into two…")
def split_selected_person(modeladmin, request, queryset):
    people = list(queryset[:2])
    if len(people) != 1:
        modeladmin.message_user(request, "Select one person to split.", messages.WARNING)
        return None
    [joined] = people
    words = joined.name.split()
    half = max(1, len(words) // 2)
    form = SplitForm(
        request.POST if "apply" in request.POST else None,
        initial={"first": " ".join(words[:half]), "second": " ".join(words[half:])},
    )
    if form.is_valid():
        affected = documents_of([joined.pk])
        with transaction.atomic(), changing_facts(affected, request.user) as followed:
            first, second = split_person(
                joined, form.cleaned_data["first"], form.cleaned_data["second"], request.user
            )
        modeladmin.message_user(
            request,
            f"“{joined.name}” is now {first.name} and {second.name}.{kept_in_step(followed)}",
            messages.SUCCESS,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Split “{joined.name}” into two people",
        "opts": modeladmin.model._meta,
        "form": form,
        "queryset": people,
        "count": 1,
        "preview": people,
        "action": request.POST.get("action"),
        "select_across": request.POST.get("select_across", "0"),
        "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
    }
    return TemplateResponse(request, "admin/catalogue/batch_change.html", context)
