"""The correspondence network on the public pages: drawn on the server as SVG with a table
beside it, and downloadable as GEXF or GraphML; for the whole catalogue or around a person,
for the years asked."""

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from ..correspondence import busiest, download_chunks
from ..models import Person
from ..network import layout, to_svg
from .common import cached_figures, network_file_response

# A page draws and lists at most this many pairs of correspondents, the heaviest: a whole
# catalogue has tens of thousands, which no drawing or table makes readable. The downloads
# hold them all.
MAX_DRAWN = 150

FORMATS = {
    "gexf": "application/gexf+xml",
    "graphml": "application/graphml+xml",
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


class NetworkMixin:
    """Reads the years and the person of a network page or download."""

    def selection(self, request, slug=None):
        self.form = YearsForm(request.GET or None)
        years = self.form.cleaned_data if self.form.is_valid() else {}
        self.person = get_object_or_404(Person.objects.public(), slug=slug) if slug else None
        years = {k: years.get(k) for k in ("first_year", "last_year")}
        # Everything drawn or written from these counts changes only when the catalogue does.
        key = f"{self.person.pk if self.person else ''}:{years['first_year']}:{years['last_year']}"
        return years, key


class NetworkView(NetworkMixin, TemplateView):
    template_name = "catalogue/network.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        years, key = self.selection(self.request, kwargs.get("slug"))
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
            # A read of the kept pair counts, the busiest first, and a layout of at most
            # MAX_DRAWN pairs: kept whole until the catalogue changes.
            network, pairs, people = busiest(**years, around=person, limit=MAX_DRAWN)
            # Each person's address reversed once here, not twice per row on every request.
            person_url = {n: reverse("catalogue:person", args=[n]) for n in network.labels}
            svg = to_svg(
                network,
                title=title,
                description=(
                    "Each arrow runs from a writer to an addressee; its width grows with the "
                    "documents. The table beside the drawing gives the same figures."
                ),
                positions=layout(network),
                href=lambda slug: person_url[slug],
            )
            rows = sorted(
                (
                    (
                        network.labels[e.source],
                        person_url[e.source],
                        network.labels[e.target],
                        person_url[e.target],
                        e.weight,
                    )
                    for e in network.edges
                ),
                key=lambda row: (-row[4], row[0], row[2]),
            )
            drawn = len(network.labels)
            # The table too is rendered once and kept: 150 rows of links cost more to render
            # on every request than the rest of the page.
            table = render_to_string(
                "catalogue/includes/network_table.html", {"rows": rows, "people": drawn}
            )
            return {
                "svg": svg,
                "table": table,
                "rows": rows,
                "people": drawn,
                "all_pairs": pairs,
                "all_people": people,
            }

        figures = cached_figures(f"network-page:{MAX_DRAWN}:{key}", draw)
        context.update(
            {
                **figures,
                "title": title,
                "person": person,
                "form": self.form,
                "query": self.request.GET.urlencode(),
            }
        )
        return context


class NetworkDownloadView(NetworkMixin, View):
    def get(self, request, fmt, slug=None):
        if fmt not in FORMATS:
            raise Http404("Unknown format.")
        years, key = self.selection(request, slug)
        content_type = FORMATS[fmt]
        # Every pair of the selection (a hundred thousand for the whole catalogue): written
        # from the database a slice at a time as it is sent, and kept once sent until the
        # network changes.
        response = network_file_response(
            request,
            f"network-{fmt}:{key}",
            lambda: download_chunks(fmt, **years, around=slug),
            f"{content_type}; charset=utf-8",
        )
        name = f"network-{slug}" if slug else "network"
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
