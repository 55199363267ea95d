"""The requests the documents make, listed across documents."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from ..models import Request
from .actions import change_request_category, change_request_status
from .list_filters import DocumentYearFilter
from .workspace import WorkspaceAdmin

SEEN = "seen_status"


class StatusSeenSelect(forms.Select):
    """The status select of the list, with the status it showed beside it (a hidden input):
    the list's rows have no form of their own to carry it, and Django renders no other
    hidden field in a changelist row."""

    def render(self, name, value, attrs=None, renderer=None):
        seen = name.removesuffix("status") + SEEN
        hidden = format_html('<input type="hidden" name="{}" value="{}">', seen, value or "")
        return format_html("{}{}", super().render(name, value, attrs, renderer), hidden)


class RequestListForm(forms.ModelForm):
    """A row of the requests list. Two archivists with the list open must not silently undo
    each other's status: a row whose status changed since the list was shown is refused, with
    the status it has now (the change forms have their own check, catalogue/concurrency.py).
    """

    class Meta:
        model = Request
        fields = ["status"]
        widgets = {"status": StatusSeenSelect}

    def clean(self):
        cleaned = super().clean()
        seen = self.data.get(self.add_prefix(SEEN))
        if self.instance.pk and seen is not None and seen != self.instance.status:
            self.add_error(
                "status",
                f"Changed by someone else since this list was shown: the status is now "
                f"“{self.instance.get_status_display()}”. Reload the list before changing it.",
            )
        return cleaned


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

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=RequestListForm, **kwargs)

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
