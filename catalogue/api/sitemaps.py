"""sitemap.xml: the site's own pages, every published document, every public person and every
place a published document comes from or names.

Served as a sitemap index with one sitemap per section, each split into pages of at most
`limit` URLs, so 100,000 documents make a handful of small files rather than one huge one.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Coalesce, Greatest
from django.http import HttpResponse
from django.urls import reverse

from ..models import Document, Person
from ..views.places import public_places


class ModifiedSitemap(Sitemap):
    """A section whose rows carry `modified`: the index's lastmod is one MAX in the database.

    Django's default loads every item into Python to find the latest lastmod, which took
    seconds for the index at 95,000 documents.
    """

    limit = 10_000

    def lastmod(self, item):
        return item.modified

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("modified"))["latest"]


class DocumentSitemap(ModifiedSitemap):
    def items(self):
        return Document.objects.published().only("slug", "modified").order_by("pk")


class PersonSitemap(ModifiedSitemap):
    def items(self):
        return Person.objects.public().only("slug", "modified").order_by("pk")


class PlaceSitemap(ModifiedSitemap):
    """The places of the places list. A place's page changes when the place is edited and
    when a document comes from it or names it, or no longer does: lastmod is the later of
    the place's own `modified` and the time its kept counts last changed."""

    def items(self):
        return (
            public_places()
            .annotate(
                lastmod=Greatest("modified", Coalesce("counts__modified", "modified")),
            )
            .only("slug", "modified")
            .order_by("pk")
        )

    def lastmod(self, item):
        return item.lastmod

    def get_latest_lastmod(self):
        return self.items().order_by().aggregate(latest=Max("lastmod"))["latest"]


class StaticSitemap(Sitemap):
    """The pages that are not records: home, about, the lists and the chronology."""

    def items(self):
        return [
            "catalogue:home",
            "catalogue:about",
            "catalogue:document-list",
            "catalogue:person-list",
            "catalogue:request-list",
            "catalogue:chronology",
            "catalogue:place-list",
            "api:downloads",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": StaticSitemap,
    "documents": DocumentSitemap,
    "people": PersonSitemap,
    "places": PlaceSitemap,
}


def robots_txt(request):
    """Crawlers may read every public page; the archivists' admin is no business of theirs."""
    sitemap = request.build_absolute_uri(reverse("api:sitemap-index"))
    lines = ["User-agent: *", f"Disallow: /{settings.ADMIN_PATH}", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
