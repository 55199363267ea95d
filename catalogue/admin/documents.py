"""Documents, with their transmission steps, recipients and requests inline."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html, format_html_join

from .. import threads
from ..forms import LabelledInlineFormSet
from ..models import Document, Recipient, Request, Status, TransmissionEvent
from .actions import (
    change_document_status,
    change_document_type,
    mark_documents_reviewed,
    publish,
    unpublish,
)
from .list_filters import HasRequestsFilter, YearFilter
from .references import ReferenceInline, accept_suggested_answers
from .workspace import WorkspaceAdmin, WorkspaceInline


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
    # Fieldsets follow the order in which an archivist reads a telegram; the change form
    # template places each inline after the fieldset named in its `after_fieldset`.
    fieldsets = [
        (
            "Identity",
            {
                "fields": [
                    "title",
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
        ("Curation", {"fields": ["status", "needs_review", "synthetic"]}),
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
    formfield_overrides = {
        models.JSONField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }

    list_display = [
        "date_column",
        "title",
        "doc_type",
        "status",
        "author",
        "warnings_count",
        "needs_review",
    ]
    list_display_links = ["title"]
    list_filter = ["status", "doc_type", YearFilter, "needs_review", HasRequestsFilter]
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

    def save_model(self, request, obj, form, change):
        # Reverting to an old version must not publish or withdraw a document for someone
        # who may not: keep the status the document has now.
        if not self.has_publish_permission(request):
            if change:
                obj.status = Document.objects.values_list("status", flat=True).get(pk=obj.pk)
            else:
                obj.status = Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        document = form.instance
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
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description="date", ordering="date")
    def date_column(self, obj):
        return obj.date_iso or "undated"

    @admin.display(description="warnings")
    def warnings_count(self, obj):
        return len(obj.parser_warnings or [])

    @admin.display(description="parser warnings")
    def warnings_list(self, obj):
        if not obj.parser_warnings:
            return "None"
        items = format_html_join("", "<li>{}</li>", ((item,) for item in obj.parser_warnings))
        return format_html("<ul>{}</ul>", items)
