"""Browsing by archive and file: the holdings read from the documents' source citations
("APRF f. 45 op. 1 d. 335"), published documents only."""

from django.http import Http404
from django.views.generic import ListView

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


class ArchiveFileView(ForgivingPaginationMixin, ListView):
    """Every published document held in one archival file, by date, a hundred to a page: a
    file can hold thousands, and a page of 500 took longer to draw than to find."""

    template_name = "catalogue/archive_file.html"
    paginate_by = 100
    context_object_name = "holdings"

    def get_queryset(self):
        return (
            Holding.objects.published()
            .filter(slug=self.kwargs["slug"])
            .select_related("document")
            .only(
                *(f"document__{name}" for name in FILE_DOCUMENT_FIELDS),
                "document",
                "position",
                "repository",
                "key",
                "slug",
                "cited_as",
            )
            .order_by("document__date", "document__title", "position")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        holdings = context["holdings"]
        if not holdings:
            raise Http404("No published document is held in this file.")
        first = holdings[0]
        context["key"] = first.key
        context["repository"] = first.repository
        # Documents, not holdings: one held twice in the file counts once (kept counts).
        context["count"] = keptcounts.file_documents(first.repository, first.key, first.slug)
        return context


# What a file's page shows of each document (its link, title, date and the synthetic tag).
FILE_DOCUMENT_FIELDS = ("slug", "title", "date", "date_precision", "synthetic", "status")


def citation_parts(document: Document):
    """What a document page shows of its source citation read as data, without a query:
    each holding with the address of its file, the editions, and what could not be read."""
    citation = document.archival_citation
    holdings = [(holding.cited_as, holding.get_absolute_url()) for holding in holdings_of(document)]
    editions = [format_edition(edition) for edition in citation.editions]
    return {"holdings": holdings, "editions": editions, "unparsed": citation.unparsed}
