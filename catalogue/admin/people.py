"""People, their other names, and the counts of what they are linked to."""

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ..forms import LabelledInlineFormSet, PersonNameForm
from ..merge import documents_of, rebuild_search_text
from ..models import Document, Person, PersonName, Recipient
from .actions import mark_people_reviewed, merge_selected_people
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
