"""The home page, the chronology, the about page and the favicon."""

import datetime

from django.db.models import Count, Max, Min
from django.templatetags.static import static
from django.views.generic import RedirectView, TemplateView

from ..filters import Month, Year
from ..models import (
    DatePrecision,
    Document,
    DocumentType,
    Person,
    Recipient,
    Request,
    RequestCategory,
    Status,
)
from .common import cached_figures


class HomeView(TemplateView):
    template_name = "catalogue/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(cached_figures("home", self.figures))
        return context

    @staticmethod
    def figures():
        documents = Document.objects.published()
        labels = dict(DocumentType.choices)
        categories = dict(RequestCategory.choices)
        return {
            "stats": documents.aggregate(
                documents=Count("pk"), first=Min("date"), last=Max("date")
            ),
            "person_count": Person.objects.public().count(),
            "request_count": Request.objects.published().count(),
            "years": list(
                documents.exclude(date=None)
                .annotate(year=Year("date"))
                .values("year")
                .annotate(n=Count("pk"))
                .order_by("year")
            ),
            "types": [
                {"value": row["doc_type"], "label": labels.get(row["doc_type"]), "count": row["n"]}
                for row in documents.values("doc_type").annotate(n=Count("pk")).order_by("-n")
            ],
            "categories": [
                {
                    "value": row["category"],
                    "label": categories.get(row["category"]),
                    "count": row["n"],
                }
                for row in Request.objects.published()
                .values("category")
                .annotate(n=Count("pk"))
                .order_by("-n")
            ],
            "leading_people": list(
                Recipient.objects.filter(document__status=Status.PUBLISHED)
                .exclude(person=None)
                .values("person__slug", "person__name")
                .annotate(n=Count("document", distinct=True))
                .order_by("-n", "person__name")[:10]
            ),
            "recent": list(documents.for_list().order_by("-created", "-pk")[:5]),
        }


class ChronologyView(TemplateView):
    """Documents per year and month, as a table and an SVG chart, each count a link to the
    documents of that month."""

    template_name = "catalogue/chronology.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows, undated = cached_figures("chronology", self.counts)
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
        published = Document.objects.published()
        rows = list(
            published.exclude(date=None)
            .annotate(year=Year("date"), month=Month("date"))
            .values("year", "month", "date_precision")
            .annotate(n=Count("pk"))
            .order_by("year", "month")
        )
        return rows, published.filter(date=None).count()


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers and feed readers ask for whatever the page links,
    sent to the static icon that whitenoise serves. Temporary: the hashed name changes with
    the file."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.ico")


class AboutView(TemplateView):
    template_name = "catalogue/about.html"
