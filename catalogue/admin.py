"""The archivists' workspace: correct what the importer read, review, publish, merge people,
and see every change.

Built for a catalogue of 100,000 documents and a million recipient rows: changelists select
their related rows in the same query, skip the full-table count, and never run a query per row;
autocomplete widgets stand in for every list of people.
"""

import difflib
import itertools

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .forms import (
    BatchChangeForm,
    KnownAutocompleteSelect,
    KnownAutocompleteSelectMultiple,
    KnownRelationsForm,
    LabelledInlineFormSet,
    MergeForm,
    PersonNameForm,
)
from .merge import (
    MENTION_LABEL,
    NAME_LABEL,
    PERSON_LINKS,
    documents_of,
    link_counts,
    merge_people,
    rebuild_search_text,
    update_with_history,
)
from .models import (
    Document,
    DocumentType,
    Person,
    PersonName,
    Recipient,
    Request,
    RequestCategory,
    RequestStatus,
    Status,
    TransmissionEvent,
)

admin.site.site_header = "Cold War Documents Catalogue"
admin.site.site_title = "Catalogue workspace"
admin.site.index_title = "Archivists' workspace"

MERGE_LIMIT = 20


class EstimatedCountPaginator(Paginator):
    """A paginator that, on PostgreSQL, takes the planner's row estimate for an unfiltered
    table instead of counting it: COUNT(*) reads every row, and on a million recipient rows
    that is the slowest part of the page. Filtered lists are counted exactly."""

    estimate_above = 50_000

    @cached_property
    def count(self):
        queryset = self.object_list
        if (
            isinstance(queryset, QuerySet)
            and not queryset.query.where
            and connections[queryset.db].vendor == "postgresql"
        ):
            with connections[queryset.db].cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [queryset.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > self.estimate_above:
                return row[0]
        return super().count


# --- History -------------------------------------------------------------------------------

DIFF_CONTEXT_LINES = 1


def line_diff(old, new, context=DIFF_CONTEXT_LINES):
    """The lines that differ between two texts, with `context` unchanged lines around each
    change, as a list of (kind, line) where kind is "same", "del", "ins" or "gap" (unchanged
    lines left out). Lines are compared whole: a telegram's paragraph is its line."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows = []
    end = 0
    for group in matcher.get_grouped_opcodes(context):
        if group[0][1] > end:
            rows.append(("gap", ""))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [("same", line) for line in old_lines[i1:i2]]
                continue
            rows += [("del", line) for line in old_lines[i1:i2]]
            rows += [("ins", line) for line in new_lines[j1:j2]]
        end = group[-1][2]
    if rows and end < len(old_lines):
        rows.append(("gap", ""))
    return rows


class ReadableChangeHelper(HistoricalRecordContextHelper):
    """Field differences an archivist can read: long texts as the lines that changed, short
    values whole (a title is not cut to a hundred characters), and blanks said as blank."""

    def __init__(self, model, historical_record):
        super().__init__(model, historical_record, max_displayed_delta_change_chars=500)

    def context_for_delta_changes(self, delta):
        changes = []
        for change in delta.changes:
            field = self.model._meta.get_field(change.field)
            if isinstance(field, models.TextField):
                changes.append(
                    {
                        "field": capfirst(field.verbose_name),
                        "lines": line_diff(change.old, change.new),
                    }
                )
            else:
                formatted = self.format_delta_change(change)
                changes.append(
                    {"field": formatted.field, "old": formatted.old, "new": formatted.new}
                )
        return changes

    def prepare_delta_change_value(self, change, value):
        if value in (None, "", [], {}):
            return "(blank)"
        return super().prepare_delta_change_value(change, value)


class WorkspaceAdmin(SimpleHistoryAdmin):
    """What every changelist here shares: history, no full count, a cheap paginator, and
    autocomplete widgets that label a selected person without a query."""

    show_full_result_count = False
    # Facet counts run a COUNT per filter option: too dear on a hundred thousand documents.
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    list_per_page = 50
    form = KnownRelationsForm
    # Columns the changelist never shows; deferring them keeps long texts out of list pages.
    changelist_defer = ()
    object_history_template = "admin/catalogue/object_history.html"
    object_history_list_template = "admin/catalogue/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableChangeHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As simple-history does, but with many-to-many fields (mentions) compared from
        rows loaded for the whole page in one query per field, not four queries per version,
        and shown as the people added and removed."""
        records = list(historical_records)
        m2m_fields = [f.name for f in getattr(self.model.history.model, "_history_m2m_fields", [])]
        members = {name: self.m2m_members(name, records) for name in m2m_fields}
        for current, older in itertools.pairwise(records):
            delta = current.diff_against(
                older, excluded_fields=m2m_fields, foreign_keys_are_objs=foreign_keys_are_objs
            )
            changes = self.get_historical_record_context_helper(
                request, current
            ).context_for_delta_changes(delta)
            for name in m2m_fields:
                now, before = members[name][current.pk], members[name][older.pk]
                if now.keys() != before.keys():
                    changes.append(
                        {
                            "field": capfirst(self.model._meta.get_field(name).verbose_name),
                            "added": [now[pk] for pk in sorted(now.keys() - before.keys())],
                            "removed": [before[pk] for pk in sorted(before.keys() - now.keys())],
                        }
                    )
            current.history_delta_changes = changes

    def m2m_members(self, name, records):
        """{version pk: {related pk: label}} of one many-to-many field in these versions."""
        field = self.model._meta.get_field(name)
        related = field.m2m_reverse_field_name()
        rows = (
            getattr(self.model.history.model, name)
            .model.objects.filter(history__in=[record.pk for record in records])
            .select_related(related)
        )
        members = {record.pk: {} for record in records}
        for row in rows:
            obj = getattr(row, related)
            pk = getattr(row, f"{related}_id")
            members[row.history_id][pk] = str(obj) if obj is not None else f"deleted record #{pk}"
        return members

    def get_changelist(self, request, **kwargs):
        defer = self.changelist_defer

        class WorkspaceChangeList(ChangeList):
            def get_queryset(self, request, exclude_parameters=None):
                return super().get_queryset(request, exclude_parameters).defer(*defer)

        return WorkspaceChangeList

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **known_widget(self, db_field, request, kwargs)
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(
            db_field, request, **known_widget(self, db_field, request, kwargs)
        )


def known_widget(model_admin, db_field, request, kwargs):
    """Give an autocomplete field the widget that labels its value from a loaded object."""
    if "widget" not in kwargs and db_field.name in model_admin.get_autocomplete_fields(request):
        widget_class = (
            KnownAutocompleteSelectMultiple if db_field.many_to_many else KnownAutocompleteSelect
        )
        kwargs["widget"] = widget_class(db_field, model_admin.admin_site, using=kwargs.get("using"))
    return kwargs


class WorkspaceInline:
    """Inline rows with the same query-free autocomplete labels as the main form."""

    form = KnownRelationsForm
    extra = 0
    view_on_site = False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **known_widget(self, db_field, request, kwargs)
        )


# --- Batch actions ------------------------------------------------------------------------


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
        count = update_with_history(
            changed, {field: value}, request.user, f"Batch change: {label} set to {display}"
        )
        modeladmin.message_user(
            request,
            f"{label.capitalize()} set to “{display}” on {count} "
            f"{modeladmin.model._meta.verbose_name_plural}.",
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
    count = update_with_history(
        queryset.exclude(status=Status.PUBLISHED),
        {"status": Status.PUBLISHED},
        request.user,
        "Published",
    )
    modeladmin.message_user(request, f"Published {count} {documents(count)}.", messages.SUCCESS)


@admin.action(permissions=["publish"], description="Unpublish the selected documents")
def unpublish(modeladmin, request, queryset):
    count = update_with_history(
        queryset.exclude(status=Status.DRAFT), {"status": Status.DRAFT}, request.user, "Unpublished"
    )
    modeladmin.message_user(
        request, f"Withdrew {count} {documents(count)} from the public site.", messages.SUCCESS
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
        moved = merge_people(survivor, others, request.user)
        modeladmin.message_user(
            request,
            f"Merged {names} into {survivor.name}: {moved} links moved; the old addresses "
            "now redirect to this person.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:catalogue_person_change", args=[survivor.pk]))
    counts = link_counts(people)
    labels = [label for _model, _field, label in PERSON_LINKS] + [MENTION_LABEL, NAME_LABEL]
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


# --- Filters ------------------------------------------------------------------------------


class YearFilter(admin.SimpleListFilter):
    """Documents by year, from the years that occur (one grouped query)."""

    title = "year"
    parameter_name = "year"
    date_field = "date"

    def lookups(self, request, model_admin):
        years = Document.objects.dates("date", "year")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            return queryset.none()
        return queryset.filter(**{f"{self.date_field}__year": int(value)})


class DocumentYearFilter(YearFilter):
    title = "year of the document"
    date_field = "document__date"


class HasRequestsFilter(admin.SimpleListFilter):
    title = "requests"
    parameter_name = "has_requests"

    def lookups(self, request, model_admin):
        return [("yes", "Makes requests"), ("no", "Makes no request")]

    def queryset(self, request, queryset):
        has_requests = Exists(Request.objects.filter(document=OuterRef("pk")))
        if self.value() == "yes":
            return queryset.filter(has_requests)
        if self.value() == "no":
            return queryset.filter(~has_requests)
        return queryset


class ImporterUnreviewedFilter(admin.SimpleListFilter):
    """People the importer created on its own (their first history entry is the importer's)
    and nobody has reviewed since."""

    title = "origin"
    parameter_name = "origin"

    def lookups(self, request, model_admin):
        return [("importer", "Created by the importer, not reviewed")]

    def queryset(self, request, queryset):
        if self.value() != "importer":
            return queryset
        created_by_importer = Person.history.filter(
            id=OuterRef("pk"), history_type="+", history_user__username="importer"
        )
        return queryset.filter(Exists(created_by_importer), reviewed=False)


# --- Documents ----------------------------------------------------------------------------


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
            {"fields": [("date", "date_precision", "date_inferred"), "place"]},
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
        ("Text", {"fields": ["text", "summary", "source_citation"]}),
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
    inlines = [TransmissionEventInline, RecipientInline, RequestInline]
    autocomplete_fields = [
        "author",
        "sender",
        "enclosure_author",
        "enclosure_addressee",
        "people_mentioned",
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
            "author", "sender", "enclosure_author", "enclosure_addressee"
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


# --- People -------------------------------------------------------------------------------


def count_of(model, field, distinct_field="pk"):
    """A subquery counting the rows of `model` whose `field` is the outer person."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count(distinct_field, distinct=distinct_field != "pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


class PersonNameInline(admin.TabularInline):
    model = PersonName
    formset = LabelledInlineFormSet
    form = PersonNameForm
    extra = 1
    verbose_name = "other name"
    verbose_name_plural = "other names (variants, transliterations, pseudonyms)"


@admin.register(Person)
class PersonAdmin(WorkspaceAdmin):
    fieldsets = [
        (None, {"fields": ["name", "sort_name", "slug", "kind", "description"]}),
        ("Life and identity", {"fields": [("birth_year", "death_year"), "authority_id"]}),
        ("Curation", {"fields": ["reviewed"]}),
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonNameInline]
    list_display = [
        "name",
        "kind",
        "authored",
        "sent",
        "received",
        "mentioned",
        "reviewed",
    ]
    list_filter = [ImporterUnreviewedFilter, "reviewed", "kind"]
    search_fields = ["name", "sort_name", "slug", "names__name"]
    actions = [merge_selected_people, mark_people_reviewed]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                authored_count=count_of(Document, "author"),
                sent_count=count_of(Document, "sender"),
                received_count=count_of(Recipient, "person", "document"),
                mentioned_count=count_of(Document.people_mentioned.through, "person"),
            )
        )

    def has_merge_permission(self, request):
        return request.user.has_perm("catalogue.merge_person")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        names_changed = "name" in form.changed_data or any(
            formset.model is PersonName and formset.has_changed() for formset in formsets
        )
        if change and names_changed:
            # Documents name this person through a foreign key, so the new name is already on
            # every one of them; only their search text holds a copy to refresh.
            count = rebuild_search_text(documents_of([form.instance.pk]))
            if count:
                self.message_user(
                    request, f"Search text refreshed on {count} documents.", messages.INFO
                )

    @admin.display(description="author", ordering="authored_count")
    def authored(self, obj):
        return obj.authored_count

    @admin.display(description="sender", ordering="sent_count")
    def sent(self, obj):
        return obj.sent_count

    @admin.display(description="recipient", ordering="received_count")
    def received(self, obj):
        return obj.received_count

    @admin.display(description="mentioned", ordering="mentioned_count")
    def mentioned(self, obj):
        return obj.mentioned_count


# --- Requests and recipients --------------------------------------------------------------


@admin.register(Request)
class RequestAdmin(WorkspaceAdmin):
    list_display = [
        "__str__",
        "document_link",
        "document_date",
        "category",
        "status",
        "answered_by_link",
    ]
    list_editable = ["status"]
    list_filter = ["category", "status", DocumentYearFilter]
    # get_queryset selects these for the change form; the changelist keeps them (Django skips
    # list_select_related when the queryset already selects related rows).
    list_select_related = ["document", "answered_by", "asked_by", "asked_of"]
    changelist_defer = tuple(
        f"{relation}__{field}"
        for relation in ("document", "answered_by")
        for field in ("text", "summary", "source_citation", "search_text", "imported_values")
    ) + ("text",)
    search_fields = ["summary", "number", "document__title"]
    autocomplete_fields = ["document", "asked_by", "asked_of", "answered_by"]
    fields = [
        "document",
        ("number", "position"),
        "summary",
        "text",
        ("category", "status"),
        ("asked_by", "asked_of"),
        "quantities",
        "answered_by",
    ]
    actions = [change_request_status, change_request_category]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description="document", ordering="document__date")
    def document_link(self, obj):
        url = reverse("admin:catalogue_document_change", args=[obj.document_id])
        return format_html('<a href="{}">{}</a>', url, obj.document.title)

    @admin.display(description="date", ordering="document__date")
    def document_date(self, obj):
        return obj.document.date_iso or "undated"

    @admin.display(description="answered by")
    def answered_by_link(self, obj):
        if obj.answered_by is None:
            return "–"
        url = reverse("admin:catalogue_document_change", args=[obj.answered_by_id])
        return format_html('<a href="{}">{}</a>', url, obj.answered_by.title)


@admin.register(Recipient)
class RecipientAdmin(WorkspaceAdmin):
    list_display = ["name_as_written", "person", "role", "copies", "document"]
    list_filter = ["role"]
    list_select_related = ["document", "person"]
    changelist_defer = tuple(
        f"document__{field}"
        for field in ("text", "summary", "source_citation", "search_text", "imported_values")
    )
    search_fields = ["name_as_written", "person__name", "document__title"]
    autocomplete_fields = ["document", "person"]
    fields = ["document", "position", "name_as_written", "person", "role", "copies"]
