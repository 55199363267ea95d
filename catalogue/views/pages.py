"""The home page, the chronology, the about page and the favicon."""

import datetime

from django.templatetags.static import static
from django.views.generic import RedirectView, TemplateView

from .. import keptcounts
from ..models import (
    DatePrecision,
    Document,
    DocumentType,
    PersonCount,
    RequestCategory,
)


class HomeView(TemplateView):
    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.figures())
        return context

    @staticmethod
    def figures():
        """Read from the kept counts (catalogue/keptcounts.py) and two index look-ups, so that
        the first visit after a change costs no count over the catalogue."""
        documents = Document.objects.published()
        counts = keptcounts.catalogue_counts()
        labels = dict(DocumentType.choices)
        categories = dict(RequestCategory.choices)
        dated = documents.exclude(date=None).values_list("date", flat=True)
        types = sorted(keptcounts.prefixed(counts, "type").items(), key=lambda i: (-i[1], i[0]))
        kept_categories = sorted(
            keptcounts.prefixed(counts, "category").items(), key=lambda i: (-i[1], i[0])
        )
        return {
            "stats": {
                "documents": counts.get("documents", 0),
                "first": dated.order_by("date").first(),
                "last": dated.order_by("-date").first(),
            },
            "person_count": PersonCount.objects.filter(documents__gt=0).count(),
            "request_count": sum(n for _, n in kept_categories),
            "years": [{"year": y, "n": n} for y, n in keptcounts.per_year(counts).items()],
            "types": [
                {"value": value, "label": labels.get(value), "count": n} for value, n in types
            ],
            "categories": [
                {"value": value, "label": categories.get(value), "count": n}
                for value, n in kept_categories
            ],
            "leading_people": [
                {"person__slug": slug, "person__name": name, "n": n}
                for slug, name, n in keptcounts.leading_people("recipient", order="person__name")
            ],
            "recent": list(documents.for_list().order_by("-created", "-pk")[:5]),
        }


class ChronologyView(TemplateView):
    """Documents per year and month, as a table and an SVG chart, each count a link to the
    documents of that month."""

    template_name = "catalogue/chronology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, undated = self.counts()
        years = {}
        for row in rows:
            entry = years.setdefault(row["year"], {"months": [0] * 12, "unknown": 0, "total": 0})
            if row["date_precision"] == DatePrecision.YEAR:
                entry["unknown"] += row["n"]
            else:
                entry["months"][row["month"] - 1] += row["n"]
            entry["total"] += row["n"]
        if years:
            # Every year of the span gets its row, so gaps in the record show as gaps.
            span = range(min(years), max(years) + 1)
            table = [
                {
                    "year": year,
                    **years.get(year, {"months": [0] * 12, "unknown": 0, "total": 0}),
                }
                for year in span
            ]
        else:
            table = []
        for entry in table:
            entry["cells"] = [
                {"month": f"{entry['year']:04d}-{index + 1:02d}", "count": count}
                for index, count in enumerate(entry["months"])
            ]
        context["years"] = table
        context["undated"] = undated
        context["month_names"] = [datetime.date(2000, m, 1).strftime("%b") for m in range(1, 13)]
        return context

    @staticmethod
    def counts():
        """(year, month, date_precision, n) cells and the undated, from the kept counts."""
        counts = keptcounts.catalogue_counts()
        rows = []
        for cell, n in keptcounts.prefixed(counts, "month").items():
            year, month, precision = cell.split(":")
            rows.append(
                {"year": int(year), "month": int(month), "date_precision": precision, "n": n}
            )
        rows.sort(key=lambda row: (row["year"], row["month"]))
        return rows, counts.get("undated", 0)


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page links,
    sent to the static icon that whitenoise serves. Temporary: the hashed name changes with
    the file."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


class AboutView(TemplateView):
    template_name = "catalogue/about.html"
