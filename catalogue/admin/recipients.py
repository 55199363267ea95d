"""Recipient rows, listed across documents."""

from django.contrib import admin

from ..models import Recipient
from .workspace import WorkspaceAdmin


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
