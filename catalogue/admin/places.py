"""Places, their other spellings, and the merge of duplicates."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..merge import documents_of_places, merge_places, rebuild_search_text
from ..models import Place, PlaceName
from ..places import normalise
from .actions import MERGE_LIMIT
from .workspace import WorkspaceAdmin


class PlaceNameForm(forms.ModelForm):
    class Meta:
        model = PlaceName
        fields = ["name"]

    def save(self, commit=True):
        self.instance.normalised = normalise(self.instance.name)
        return super().save(commit)


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    form = PlaceNameForm
    extra = 1
    verbose_name = "spelling"
    verbose_name_plural = "spellings (every form the documents use, the usual name included)"


class PlaceMergeForm(forms.Form):
    survivor = forms.TypedChoiceField(
        coerce=int,
        widget=forms.RadioSelect,
        help_text="The others' documents move to this place; their names become its spellings.",
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = [(p.pk, f"{p.name} ({p.slug})") for p in places]
        self.fields["survivor"].initial = places[0].pk


@admin.action(permissions=["merge"], description="Merge the selected places…")
def merge_selected_places(modeladmin, request, queryset):
    """Let the archivist choose which place survives, then merge the others into it."""
    places = list(queryset.order_by("pk")[: MERGE_LIMIT + 1])
    if not 2 <= len(places) <= MERGE_LIMIT:
        modeladmin.message_user(
            request, f"Select between 2 and {MERGE_LIMIT} places to merge.", messages.ERROR
        )
        return None
    form = PlaceMergeForm(request.POST if "confirm" in request.POST else None, places=places)
    if form.is_valid():
        survivor = next(p for p in places if p.pk == form.cleaned_data["survivor"])
        others = [p for p in places if p.pk != survivor.pk]
        names = ", ".join(other.name for other in others)
        moved = merge_places(survivor, others, request.user)
        modeladmin.message_user(
            request,
            f"Merged {names} into {survivor.name}: {moved} links moved; the old addresses "
            "now redirect to this place.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:catalogue_place_change", args=[survivor.pk]))
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Merge places",
        "opts": modeladmin.model._meta,
        "form": form,
        "places": places,
        "action": request.POST.get("action"),
        "selected": [place.pk for place in places],
    }
    return TemplateResponse(request, "admin/catalogue/place/merge.html", context)


@admin.register(Place)
class PlaceAdmin(WorkspaceAdmin):
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "note"]}),
        ("Where", {"fields": [("country_then", "country_now"), ("latitude", "longitude")]}),
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PlaceNameInline]
    list_display = ["name", "kind", "country_then", "country_now"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "names__name"]
    actions = [merge_selected_places]

    def has_merge_permission(self, request):
        return request.user.has_perm("catalogue.merge_place")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A new or corrected name or spelling must find the place's documents in search.
        renamed = "name" in form.changed_data
        if change and (renamed or any(formset.has_changed() for formset in formsets)):
            rebuild_search_text(documents_of_places([form.instance.pk]))
