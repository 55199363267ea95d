"""The list of places and a place's page: the documents sent from it and those naming it."""

from django.db.models import Count, F, Q
from django.http import Http404, HttpResponsePermanentRedirect
from django.views.generic import DetailView, ListView

from ..filters import Year
from ..models import Document, Place, PlaceRedirect
from .common import ForgivingPaginationMixin


def public_places():
    """Places at least one published document comes from or names, with both counts: read
    from the kept counts (catalogue.placecounts), not counted from the documents."""
    return Place.objects.filter(
        Q(counts__documents_from__gt=0) | Q(counts__documents_naming__gt=0)
    ).annotate(sent_count=F("counts__documents_from"), named_count=F("counts__documents_naming"))


class PlaceListView(ForgivingPaginationMixin, ListView):
    paginate_by = 100
    template_name = "catalogue/place_list.html"
    context_object_name = "places"

    def get_queryset(self):
        return public_places().prefetch_related("names").order_by("name", "pk")


class PlaceDetailView(DetailView):
    template_name = "catalogue/place_detail.html"
    documents_shown = 50

    def get_queryset(self):
        return Place.objects.prefetch_related("names")

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A place merged into another keeps old links working.
            redirect = (
                PlaceRedirect.objects.filter(old_slug=kwargs["slug"])
                .select_related("place")
                .first()
            )
            if redirect is None:
                raise
            return HttpResponsePermanentRedirect(redirect.place.get_absolute_url())

    def section(self, condition):
        """Counts by year and the earliest documents matching ``condition``: two queries."""
        published = Document.objects.published().filter(condition)
        years = list(
            # Year, not ExtractYear: on SQLite the year is read off the indexed text rather
            # than through a Python function called for each of tens of thousands of rows.
            published.annotate(year=Year("date"))
            .order_by(F("year").asc(nulls_last=True))
            .values("year")
            # COUNT(*), not COUNT(id): the counts come off the index (origin, status, date)
            # alone, without reading 40,000 rows of the documents for their ids.
            .annotate(count=Count("*"))
        )
        order = [F("date").asc(nulls_last=True), "title", "pk"]
        documents = list(published.for_list().order_by(*order)[: self.documents_shown])
        return {
            "years": years,
            "count": sum(row["count"] for row in years),
            "documents": documents,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        place = self.object
        context["variants"] = [n.name for n in place.names.all() if n.name != place.name]
        context["sent_from"] = self.section(Q(origin_place=place))
        context["mentioning"] = self.section(
            Q(
                pk__in=Document.places_mentioned.through.objects.filter(place=place).values(
                    "document_id"
                )
            )
        )
        context["sections"] = [
            ("sent-from", "Documents sent from here", context["sent_from"]),
            ("mentioning", "Documents naming it", context["mentioning"]),
        ]
        shown = context["sent_from"]["count"] or context["mentioning"]["count"]
        if not shown and not self.request.user.is_staff:
            # No published document from or naming it: nothing public to show.
            raise Http404("No published document comes from or names this place.")
        return context
