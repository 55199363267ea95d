"""What every page of the workspace shares: history that an archivist can read, a paginator
that does not count a million rows, and autocomplete widgets that label a person without a
query."""

import difflib
import itertools

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from ..concurrency import FIELD as SEEN_VERSION
from ..forms import (
    KnownAutocompleteSelect,
    KnownAutocompleteSelectMultiple,
    KnownRelationsForm,
    WorkspaceForm,
)
from . import revert


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
        # A foreign key left empty arrives as a "deleted object" with no key.
        if value in (None, "", [], {}) or getattr(value, "pk", False) is None:
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
    form = WorkspaceForm
    # Columns the changelist never shows; deferring them keeps long texts out of list pages.
    changelist_defer = ()
    object_history_template = "admin/catalogue/object_history.html"
    object_history_list_template = "admin/catalogue/object_history_list.html"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **as_written(db_field, kwargs))

    def save_model(self, request, obj, form, change):
        # A form posted back unchanged is not an edit: saving it would write a version to the
        # history and, for a document, a value the importer would take for an archivist's.
        if change and not form.has_changed():
            return
        super().save_model(request, obj, form, change)

    def may_revert_status(self, request):
        return False

    def get_fields(self, request, obj=None):
        # The fingerprint of the loaded record is a hidden input of the template's own, not a
        # row of a fieldset.
        return [name for name in super().get_fields(request, obj) if name != SEEN_VERSION]

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        # The change form is validated after its formsets are made: its check that nobody
        # saved the record meanwhile compares the inline rows too (catalogue/concurrency.py).
        obj._edit_formsets = formsets
        return formsets, inline_instances

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if hasattr(form, "mark_loaded"):
            form.mark_loaded()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Revert chosen fields, not the whole record: list what differs between this version
        and the record now, each with a tick box; apply only those ticked. The publication
        status is offered unticked, and only to those who may publish."""
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        version = get_object_or_404(self.model.history, id=obj.pk, history_id=version_id)
        differences = [
            d
            for d in revert.differences(obj, version)
            if d.name != "status" or self.may_revert_status(request)
        ]
        form = revert.RevertForm(
            request.POST if request.method == "POST" else None, differences=differences
        )
        change_url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk]
        )
        if form.is_valid():
            chosen = [d for d in differences if form.cleaned_data[d.name]]
            if not chosen:
                self.message_user(request, "Nothing was ticked; nothing changed.", messages.INFO)
                return redirect(change_url)
            reason = revert.apply_revert(obj, version, chosen, request.user)
            self.after_revert(request, obj)
            said = "; ".join(f"{d.label}: {d.new} → {d.old}" for d in chosen)
            untouched = "" if any(d.name == "status" for d in chosen) else " Status unchanged."
            self.message_user(request, f"{reason}. {said}.{untouched}", messages.SUCCESS)
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Revert chosen changes of {obj}",
            "opts": self.opts,
            "original": obj,
            "version": version,
            "rows": [(d, form[d.name]) for d in differences],
            "change_url": change_url,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/catalogue/revert.html", context)

    def after_revert(self, request, obj):
        """What a model's pages keep in step after a revert (a document's search text)."""

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
            changes += self.row_changes(current, older)
            current.history_delta_changes = changes

    def row_changes(self, current, older):
        """Changes of related rows between two versions (a document's recipients)."""
        return []

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


def as_written(db_field, kwargs):
    """Text fields keep what they hold exactly: Django's form fields strip the spaces and line
    breaks around a value, so an untouched text that ends with a newline (as every imported
    text does) came back changed from every save."""
    if isinstance(db_field, models.CharField | models.TextField) and not db_field.choices:
        kwargs.setdefault("strip", False)
    return kwargs


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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **as_written(db_field, kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(
            db_field, request, **known_widget(self, db_field, request, kwargs)
        )
