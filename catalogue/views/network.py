"""The correspondence network on the public pages: drawn on the server as SVG with a table
beside it, and downloadable as GEXF or GraphML; for the whole catalogue or around a person,
for the years asked."""

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from ..correspondence import catalogue_edges, correspondence
from ..models import Person
from ..network import Network, layout, to_gexf, to_graphml, to_svg
from .common import cached_figures

# A page draws and lists at most this many pairs of correspondents, the heaviest: a whole
# catalogue has tens of thousands, which no drawing or table makes readable. The downloads
# hold them all.
MAX_DRAWN = 150

FORMATS = {
    "gexf": ("application/gexf+xml", to_gexf),
    "graphml": ("application/graphml+xml", to_graphml),
}


class YearsForm(forms.Form):
    first_year = forms.IntegerField(
        label="From year", required=False, min_value=1900, max_value=2100
    )
    last_year = forms.IntegerField(label="To year", required=False, min_value=1900, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and first > last:
            raise forms.ValidationError("The first year comes after the last.")
        return cleaned


def _edges():
    # The edges of the whole catalogue change only when the catalogue does.
    return cached_figures("network-edges", catalogue_edges)


class NetworkMixin:
    """Reads the years and the person, and builds the network they ask for."""

    def network_for(self, request, slug=None):
        self.form = YearsForm(request.GET or None)
        years = self.form.cleaned_data if self.form.is_valid() else {}
        self.person = get_object_or_404(Person.objects.public(), slug=slug) if slug else None
        network = correspondence(
            _edges(),
            first_year=years.get("first_year"),
            last_year=years.get("last_year"),
            around=self.person.slug if self.person else None,
        )
        return network, years


class NetworkView(NetworkMixin, TemplateView):
    template_name = "catalogue/network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        full, years = self.network_for(self.request, kwargs.get("slug"))
        network = strongest(full)
        person = self.person
        subject = f"around {person.name}" if person else "of the whole catalogue"
        span = ""
        first, last = years.get("first_year"), years.get("last_year")
        if first and first == last:
            span = f", {first}"
        elif first or last:
            span = f", {first or '…'}–{last or '…'}"
        title = f"Correspondence network {subject}{span}"

        def draw():
            positions = layout(network)
            return to_svg(
                network,
                title=title,
                description=(
                    "Each arrow runs from a writer to an addressee; its width grows with the "
                    "documents. The table beside the drawing gives the same figures."
                ),
                positions=positions,
                href=lambda slug: reverse("catalogue:person", args=[slug]),
            )

        # The whole catalogue's drawing is the slow one (a layout of every correspondent).
        whole = person is None and not any(years.values())
        svg = cached_figures("network-svg", draw) if whole else draw()
        documents = network.documents()
        context.update(
            {
                "title": title,
                "person": person,
                "form": self.form,
                "svg": svg,
                "rows": sorted(
                    (
                        (
                            network.labels[e.source],
                            e.source,
                            network.labels[e.target],
                            e.target,
                            e.weight,
                        )
                        for e in network.edges
                    ),
                    key=lambda row: (-row[4], row[0], row[2]),
                ),
                "people": len(documents),
                "all_pairs": len(full.edges),
                "all_people": len(full.labels),
                "query": self.request.GET.urlencode(),
            }
        )
        return context


def strongest(network, limit=None):
    """The network with only its `limit` (MAX_DRAWN) heaviest pairs and the people they
    join."""
    limit = limit or MAX_DRAWN
    if len(network.edges) <= limit:
        return network
    edges = sorted(network.edges, key=lambda e: (-e.weight, e.source, e.target))[:limit]
    people = {node for e in edges for node in (e.source, e.target)}
    return Network({n: network.labels[n] for n in people}, edges)


class NetworkDownloadView(NetworkMixin, View):
    def get(self, request, fmt, slug=None):
        if fmt not in FORMATS:
            raise Http404("Unknown format.")
        network, _years = self.network_for(request, slug)
        content_type, write = FORMATS[fmt]
        response = HttpResponse(write(network), content_type=f"{content_type}; charset=utf-8")
        name = f"network-{slug}" if slug else "network"
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
