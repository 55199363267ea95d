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
