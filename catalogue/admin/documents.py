"""Documents, with their transmission steps, recipients and requests inline."""

import itertools

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from .. import threads
from ..forms import DocumentForm, LabelledInlineFormSet, ListTextField, PositionedInlineFormSet
from ..models import Document, DocumentRedirect, Recipient, Request, Status, TransmissionEvent
from . import revert, review
from .actions import (
    accept_suggested_people,
    change_document_status,
    change_document_type,
    confirm_dates,
    mark_documents_reviewed,
    publish,
    unpublish,
)
from .list_filters import GapFilter, HasRequestsFilter, ReviewQueueFilter, YearFilter
from .references import ReferenceInline, accept_suggested_answers
from .workspace import WorkspaceAdmin, WorkspaceInline


def rows_at(records, until, fields):
    """{(row id, its compared values): label} of the rows a version of their document holds,
    from RECORDS (every version of the rows, oldest first): those recorded before UNTIL, the
    moment of the document's next version (None for the latest). Rows an admin save writes
    share its document version's moment; rows the importer writes come just after theirs."""
    latest = {}
    for record in records:
        if until is not None and record.history_date >= until:
            break
        latest[record.id] = record
    return {
        (pk, revert.row_key(record, fields)): str(record.instance)
        for pk, record in latest.items()
        if record.history_type != "-"
    }


class TransmissionEventInline(WorkspaceInline, admin.TabularInline):
    model = TransmissionEvent
    formset = LabelledInlineFormSet
    fields = ["position", "event", "date", "date_precision", "time", "by", "by_as_written"]
    autocomplete_fields = ["by"]
    after_fieldset = "Dates and transmission"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by")


class RecipientInline(WorkspaceInline, admin.TabularInline):
    model = Recipient
    formset = LabelledInlineFormSet
    fields = ["position", "name_as_written", "person", "role", "copies"]
    autocomplete_fields = ["person"]
    after_fieldset = "People"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # The database refuses fewer than one copy; say so beside the field, not as a
        # constraint name.
        if db_field.name == "copies":
            kwargs["min_value"] = 1
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RequestInline(WorkspaceInline, admin.StackedInline):
    model = Request
    fk_name = "document"
    formset = PositionedInlineFormSet
    fields = [
        ("number", "position", "category", "status"),
        "summary",
        "text",
        ("asked_by", "asked_of"),
        "answered_by",
    ]
    autocomplete_fields = ["asked_by", "asked_of", "answered_by"]
    after_fieldset = "Text"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("asked_by", "asked_of", "answered_by")
            .defer("answered_by__text", "answered_by__search_text", "answered_by__imported_values")
        )


@admin.register(Document)
class DocumentAdmin(WorkspaceAdmin):
    form = DocumentForm
    # Fieldsets follow the order in which an archivist reads a telegram; the change form
    # template places each inline after the fieldset named in its `after_fieldset`.
    fieldsets = [
        (
            "Identity",
            {
                "fields": [
                    ("title", "title_by_archivist"),
                    "slug",
                    ("doc_type", "urgency"),
                    "reference_numbers",
                    "marks",
                    ("language", "original_language"),
                ]
            },
        ),
        (
            "Dates and transmission",
            {
                "fields": [
                    ("date", "date_precision", "date_inferred"),
                    ("place", "origin_place"),
                    "places_mentioned",
                ]
            },
        ),
        (
            "People",
            {
                "fields": [
                    ("author", "author_as_written"),
                    ("sender", "sender_as_written"),
                    "people_mentioned",
                ]
            },
        ),
        (
            "Enclosed document",
            {
                "classes": ["collapse"],
                "description": "When this document relays another (a letter quoted in a telegram).",
                "fields": [
                    "enclosure_type",
                    ("enclosure_author", "enclosure_author_as_written"),
                    ("enclosure_addressee", "enclosure_addressee_as_written"),
                    "enclosure_via",
                    ("enclosure_date", "enclosure_date_precision", "enclosure_place"),
                ],
            },
        ),
        ("Text", {"fields": ["text", "summary"]}),
        (
            "Source and translation",
            {
                "description": "Every citation of the document (Chicago, BibTeX, RIS, CSL-JSON "
                "and the tags reference managers read) names the archival source and the "
                "translator given here.",
                "fields": ["source_citation", "translator"],
            },
        ),
        (
            "Curation",
            {"fields": ["status", "accepted_gaps", "needs_review", "synthetic"]},
        ),
        (
            "Provenance",
            {
                "description": "Written by the importer; read-only.",
                "fields": [
                    "source_file",
                    "content_hash",
                    "imported_at",
                    "warnings_list",
                    ("created", "modified"),
                ],
            },
        ),
    ]
    provenance_fields = [
        "source_file",
        "content_hash",
        "imported_at",
        "warnings_list",
        "created",
        "modified",
    ]
    inlines = [TransmissionEventInline, RecipientInline, RequestInline, ReferenceInline]
    autocomplete_fields = [
        "author",
        "sender",
        "enclosure_author",
        "enclosure_addressee",
        "people_mentioned",
        "origin_place",
        "places_mentioned",
    ]
    prepopulated_fields = {"slug": ["title"]}
    formfield_overrides = {models.JSONField: {"form_class": ListTextField}}

    list_display = [
        "date_column",
        "title",
        "doc_type",
        "status",
        "author",
        "open_reasons",
        "review_state",
    ]
    list_display_links = ["title"]
    list_filter = [
        ReviewQueueFilter,
        GapFilter,
        "status",
        "doc_type",
        YearFilter,
        "needs_review",
        HasRequestsFilter,
    ]
    list_select_related = ["author"]
    changelist_defer = (
        "text",
        "summary",
        "source_citation",
        "search_text",
        "imported_values",
        "author__description",
    )
    date_hierarchy = "date"
    search_fields = [
        "title",
        "slug",
        "reference_numbers",
        "source_file",
        "author__name",
        "sender__name",
        "recipients__person__name",
    ]
    search_help_text = (
        "Finds words in titles, reference numbers, file names and the names of authors, "
        "senders and recipients. Start with “text:” to search the full text too (slower)."
    )
    actions = [
        publish,
        unpublish,
        mark_documents_reviewed,
        change_document_type,
        confirm_dates,
        accept_suggested_people,
        change_document_status,
        accept_suggested_answers,
    ]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.provenance_fields)
        if not self.has_publish_permission(request):
            readonly.append("status")
        return readonly

    def has_publish_permission(self, request):
        return request.user.has_perm("catalogue.publish_document")

    def get_object(self, request, object_id, from_field=None):
        # As ModelAdmin.get_object, with the people the form's autocomplete fields label
        # selected in the same query.
        queryset = self.get_queryset(request).select_related(
            "author", "sender", "enclosure_author", "enclosure_addressee", "origin_place"
        )
        field = Document._meta.pk if from_field is None else Document._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (Document.DoesNotExist, ValidationError, ValueError):
            return None

    def get_search_results(self, request, queryset, search_term):
        prefix = "text:"
        if search_term.lower().startswith(prefix):
            term = search_term[len(prefix) :].strip()
            # search_text holds the title, numbers, text and every name with its variants.
            return queryset.filter(search_text__icontains=term), False
        return super().get_search_results(request, queryset, search_term)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        records = list(historical_records)
        # Every version of the document's rows, two queries for the whole page.
        self.row_history = {}
        self.next_version_date = {}
        if records:
            self.next_version_date = {
                older.pk: current.history_date for current, older in itertools.pairwise(records)
            }
            self.next_version_date[records[0].pk] = revert.next_version_date(records[0])
            for name, (model, _label, _fields) in revert.DOCUMENT_ROWS.items():
                self.row_history[name] = list(
                    model.history.filter(document_id=records[0].id).order_by(
                        "history_date", "history_id"
                    )
                )
        super().set_history_delta_changes(request, records, foreign_keys_are_objs)

    def row_changes(self, current, older):
        changes = []
        for name, (_model, label, fields) in revert.DOCUMENT_ROWS.items():
            history = self.row_history.get(name, [])
            before = rows_at(history, current.history_date, fields)
            after = rows_at(history, self.next_version_date.get(current.pk), fields)
            if before.keys() != after.keys():
                changes.append(
                    {
                        "field": label,
                        "added": [after[key] for key in after.keys() - before.keys()],
                        "removed": [before[key] for key in before.keys() - after.keys()],
                    }
                )
        return changes

    def may_revert_status(self, request):
        return self.has_publish_permission(request)

    def after_revert(self, request, obj):
        obj.search_text = obj.build_search_text()
        Document.objects.filter(pk=obj.pk).update(search_text=obj.search_text)

    def save_model(self, request, obj, form, change):
        # One moment for the document's version and the rows saved with it, so that the
        # history can tell which recipients and requests changed in which save.
        request.history_stamp = timezone.now()
        obj._history_date = request.history_stamp
        request.stored_facts = review.facts_of(obj) if change else None
        if change:
            stored = request.stored_facts[0]
            if stored.status == Status.PUBLISHED and stored.slug != obj.slug:
                # A published slug changes only when an archivist types a new one, and the
                # old one keeps leading here.
                DocumentRedirect.objects.filter(old_slug=obj.slug).delete()
                DocumentRedirect.objects.update_or_create(
                    old_slug=stored.slug, defaults={"document": obj}
                )
        if not self.has_publish_permission(request):
            if change:
                obj.status = Document.objects.values_list("status", flat=True).get(pk=obj.pk)
            else:
                obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for row in formset.forms:
            row.instance._history_date = request.history_stamp
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        document = form.instance
        if change and not form.has_changed() and any(fs.has_changed() for fs in formsets):
            # Only rows changed: a version of the document, at their moment, carries them.
            document._history_date = request.history_stamp
            document.save()
        if change and (form.has_changed() or any(fs.has_changed() for fs in formsets)):
            stored, stored_rows = request.stored_facts
            derived = review.keep_in_step(
                document,
                stored,
                stored_rows,
                stamp=request.history_stamp,
                title_typed="title" in form.changed_data,
                typed=form.changed_data,
            )
            if derived:
                self.message_user(
                    request,
                    "Kept in step with the corrections: "
                    + "; ".join(
                        f"{Document._meta.get_field(name).verbose_name} now “{value}”"
                        if name != "needs_review"
                        else "no warning left, so it no longer needs review"
                        for name, value in derived.items()
                    )
                    + ".",
                    messages.INFO,
                )
        document.search_text = document.build_search_text()
        Document.objects.filter(pk=document.pk).update(search_text=document.search_text)
        # A document added or edited by hand joins its threads as an imported one does.
        threads.refresh([document.pk])

    def view_on_site(self, obj):
        # Drafts get a "Preview" link in the change form instead (staff can see drafts).
        return obj.get_absolute_url() if obj.status == Status.PUBLISHED else None

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.status == Status.DRAFT:
            context["preview_url"] = obj.get_absolute_url()
        if obj is not None:
            context["open_reasons"] = [reason for _kind, reason in review.open_warnings(obj)]
            context["in_queue"] = obj.status == Status.DRAFT or obj.needs_review
            context["may_publish"] = (
                self.has_publish_permission(request) and obj.status == Status.DRAFT
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="date", ordering="date")
    def date_column(self, obj):
        return obj.date_iso or "undated"

    def get_queryset(self, request):
        return review.with_review_facts(super().get_queryset(request))

    @admin.display(description="still to check")
    def open_reasons(self, obj):
        reasons = [reason for _kind, reason in review.open_warnings(obj)]
        if not reasons:
            return "—"
        return format_html(
            '<ul class="reasons">{}</ul>',
            format_html_join("", "<li>{}</li>", ((r,) for r in reasons)),
        )

    @admin.display(description="review", ordering="needs_review")
    def review_state(self, obj):
        # Words, not the admin's green tick, which reads as "fine".
        return "needs review" if obj.needs_review else "—"

    def changelist_view(self, request, extra_context=None):
        counts = review.queue(Document.objects.all()).aggregate(
            drafts=Count("pk", filter=Q(status=Status.DRAFT)),
            needs_review=Count("pk", filter=Q(needs_review=True)),
            total=Count("pk"),
        )
        extra_context = {**(extra_context or {}), "work_left": counts}
        return super().changelist_view(request, extra_context)

    def next_in_queue(self, obj):
        """The next document to review after OBJ (by key), or the first one left."""
        todo = review.queue(Document.objects.exclude(pk=obj.pk)).order_by("pk")
        return todo.filter(pk__gt=obj.pk).only("pk").first() or todo.only("pk").first()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        publishing = request.method == "POST" and "_publish_next" in request.POST
        if publishing and self.has_publish_permission(request):
            request.POST = request.POST.copy()
            request.POST["status"] = Status.PUBLISHED
        return super().changeform_view(request, object_id, form_url, extra_context)

    def response_change(self, request, obj):
        if "_review_next" in request.POST or "_publish_next" in request.POST:
            following = self.next_in_queue(obj)
            self.message_user(request, f"Saved “{obj}”.", messages.SUCCESS)
            if following is None:
                self.message_user(request, "The review queue is empty.", messages.SUCCESS)
                return redirect(reverse("admin:catalogue_document_changelist"))
            return redirect(reverse("admin:catalogue_document_change", args=[following.pk]))
        return super().response_change(request, obj)

    @admin.display(description="parser warnings")
    def warnings_list(self, obj):
        if not obj.parser_warnings:
            return "None"
        items = format_html_join("", "<li>{}</li>", ((item,) for item in obj.parser_warnings))
        return format_html("<ul>{}</ul>", items)
