"""Machine access: the JSON API, bulk downloads, OAI-PMH, the feed, sitemaps and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, oai, sitemaps

app_name = "api"

urlpatterns = [
    path("oai/", oai.OaiView.as_view(), name="oai"),
    path("feeds/documents.atom", feeds.RecentDocumentsFeed(), name="feed"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "api:sitemap"},
        name="sitemap-index",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
]
