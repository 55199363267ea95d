"""People, their other names, and the counts of what they are linked to."""

from django.contrib import admin, messages
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from ..forms import LabelledInlineFormSet, PersonNameForm
from ..merge import documents_of, rebuild_search_text
from ..models import PERSON_LINKS, Document, Person, PersonName, Recipient, Status
from .actions import (
    mark_people_reviewed,
    merge_selected_people,
    not_a_person,
    split_selected_person,
)
from .list_filters import ImporterUnreviewedFilter
from .workspace import WorkspaceAdmin


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


def is_autocomplete(request):
    return request.resolver_match is not None and request.resolver_match.url_name == "autocomplete"


def autocomplete_label(person):
    """A person as the autocomplete offers them: name, years and description, and whether
    anyone has reviewed the record."""
    years = ""
    if person.birth_year or person.death_year:
        years = f" ({person.birth_year or '?'}–{person.death_year or ''})"
    description = f" — {person.description}" if person.description else ""
    unreviewed = "" if person.reviewed else " [not reviewed]"
    return f"{person.name}{years}{description}{unreviewed}"


class PersonAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete, with people labelled by autocomplete_label."""

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, Person):
            result["text"] = autocomplete_label(obj)
        return result


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
        (
            "Where this person appears",
            {
                "description": "Every document naming this person, by the way it names them.",
                "fields": ["appearances"],
            },
        ),
    ]
    readonly_fields = ["appearances"]
    appearances_per_way = 25
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
    actions = [merge_selected_people, mark_people_reviewed, not_a_person, split_selected_person]

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if is_autocomplete(request):
            # Reviewed people (the authority file's) first: the importer's guesses after.
            queryset = queryset.order_by("-reviewed", "sort_name", "pk")
        return queryset, may_have_duplicates

    def get_queryset(self, request):
        if is_autocomplete(request):
            return super().get_queryset(request)
        # The changelist's columns count four of PERSON_LINKS, those an archivist sorts by to
        # find the people who matter (and duplicates); the merge preview counts every one.
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

    @admin.display(description="documents")
    def appearances(self, obj):
        """The documents of each way of PERSON_LINKS this person appears in: one query per
        way, at most `appearances_per_way` documents each, with the number of all."""
        if obj is None or obj.pk is None:
            return "—"
        groups = []
        for link in PERSON_LINKS:
            documents = list(
                Document.objects.filter(link.condition(obj))
                .order_by(F("date").asc(nulls_last=True), "pk")
                .only("pk", "title", "date", "date_precision", "status")[
                    : self.appearances_per_way + 1
                ]
            )
            if not documents:
                continue
            items = format_html_join(
                "",
                '<li><a href="{}">{}</a> ({}{})</li>',
                (
                    (
                        reverse("admin:catalogue_document_change", args=[d.pk]),
                        d.title,
                        d.date_iso or "undated",
                        "" if d.status == Status.PUBLISHED else ", draft",
                    )
                    for d in documents[: self.appearances_per_way]
                ),
            )
            more = (
                format_html("<li>… and more</li>")
                if len(documents) > self.appearances_per_way
                else ""
            )
            heading = capfirst(link.heading or link.merge_label)
            groups.append(
                format_html(
                    '<li><strong>{}</strong> ({})<ul class="appearances">{}{}</ul></li>',
                    heading,
                    link.key.replace("_", " "),
                    items,
                    more,
                )
            )
        if not groups:
            return "No document names this person."
        return format_html('<ul class="appearances">{}</ul>', mark_safe("".join(groups)))

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
