"""Browsing by archive and file: the holdings read from the documents' source citations
("APRF f. 45 op. 1 d. 335"), published documents only."""

from django.http import Http404
from django.views.generic import ListView, TemplateView

from .. import keptcounts
from ..archival import format_edition
from ..models import Document, Holding, holdings_of
from .common import ForgivingPaginationMixin


class ArchiveListView(ForgivingPaginationMixin, ListView):
    """The archives the catalogue's documents come from, and the files of one of them
    (`?repository=APRF`), with how many published documents each holds: read from the kept
    counts (catalogue/keptcounts.py), one row per file, rather than by grouping the holdings
    of every published document."""

    template_name = "catalogue/archive_list.html"
    paginate_by = 100
    context_object_name = "files"

    def get_queryset(self):
        files = keptcounts.archive_files()
        self.repository = self.request.GET.get("repository", "").strip()[:100]
        if self.repository:
            files = files.filter(repository=self.repository)
        return files.values("repository", "key", "slug", "documents")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["repositories"] = keptcounts.archives().values("repository", "documents")
        context["repository"] = self.repository
        return context


class ArchiveFileView(TemplateView):
    """Every published document held in one archival file, by date."""

    template_name = "catalogue/archive_file.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        holdings = list(
            Holding.objects.published()
            .filter(slug=kwargs["slug"])
            .select_related("document")
            .defer(
                "document__text",
                "document__search_text",
                "document__imported_values",
                "document__summary",
            )
            .order_by("document__date", "document__title", "position")
        )
        if not holdings:
            raise Http404("No published document is held in this file.")
        context["key"] = holdings[0].key
        context["repository"] = holdings[0].repository
        context["holdings"] = holdings
        context["count"] = len({h.document_id for h in holdings})
        return context


def citation_parts(document: Document):
    """What a document page shows of its source citation read as data, without a query:
    each holding with the address of its file, the editions, and what could not be read."""
    citation = document.archival_citation
    holdings = [(holding.cited_as, holding.get_absolute_url()) for holding in holdings_of(document)]
    editions = [format_edition(edition) for edition in citation.editions]
    return {"holdings": holdings, "editions": editions, "unparsed": citation.unparsed}
