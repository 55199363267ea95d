from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Document, Person, Recipient, Request


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "doc_type", "status"]
    list_filter = ["status", "doc_type"]
    search_fields = ["title", "slug"]
    list_select_related = ["author", "sender"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sort_name", "kind", "reviewed"]
    list_filter = ["kind", "reviewed"]
    search_fields = ["name", "sort_name", "names__name"]


@admin.register(Recipient)
class RecipientAdmin(SimpleHistoryAdmin):
    list_display = ["name_as_written", "role", "copies", "document"]
    list_select_related = ["document"]
    raw_id_fields = ["document", "person"]


@admin.register(Request)
class RequestAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "category", "status", "document"]
    list_select_related = ["document"]
    raw_id_fields = ["document", "asked_by", "asked_of", "answered_by"]
