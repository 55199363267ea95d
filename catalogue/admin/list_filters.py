"""Filters of the changelists' sidebars."""

from django.contrib import admin
from django.db.models import Exists, OuterRef

from ..models import Document, Person, Request


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
        if not (value.isascii() and value.isdigit()):
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


class ReviewQueueFilter(admin.SimpleListFilter):
    """The review queue: drafts and documents marked "needs review"."""

    title = "review queue"
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("todo", "To review (drafts and needs review)")]

    def queryset(self, request, queryset):
        from .review import queue

        return queue(queryset) if self.value() == "todo" else queryset


class GapFilter(admin.SimpleListFilter):
    """Documents by what they still lack, read from their facts: a warning a correction
    answered no longer counts."""

    title = "still lacking"
    parameter_name = "gap"

    def lookups(self, request, model_admin):
        from .review import WARNING_KINDS

        return [(kind.key, kind.label) for kind in WARNING_KINDS] + [
            ("unknown_person", "a person nobody reviewed")
        ]

    def queryset(self, request, queryset):
        from .review import WARNING_KINDS, filter_by_kind

        keys = {kind.key for kind in WARNING_KINDS} | {"unknown_person"}
        value = self.value()
        if value is None:
            return queryset
        return filter_by_kind(queryset, value) if value in keys else queryset.none()
