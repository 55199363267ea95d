"""Machine access: the JSON API, bulk downloads, OAI-PMH, the feed, sitemaps and robots.txt."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import downloads, feeds, oai, openapi, sitemaps, threads, views

app_name = "api"

urlpatterns = [
    path("api/", views.IndexView.as_view(), name="index"),
    path("api/openapi.json", openapi.openapi_view, name="openapi"),
    path("api/documents/", views.DocumentListView.as_view(), name="document-list"),
    path("api/documents/<str:slug>/", views.DocumentDetailView.as_view(), name="document"),
    path("api/documents/<str:slug>/thread/", threads.ThreadApiView.as_view(), name="thread"),
    path("api/network/", threads.NetworkApiView.as_view(), name="network"),
    path("api/people/", views.PersonListView.as_view(), name="person-list"),
    path("api/people/<str:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("api/requests/", views.RequestListView.as_view(), name="request-list"),
    path("downloads/", downloads.DownloadsView.as_view(), name="downloads"),
    path("downloads/datapackage.json", downloads.datapackage, name="datapackage"),
    path("downloads/<slug:name>.csv", downloads.CsvDownloadView.as_view(), name="download-csv"),
    path("downloads/<slug:name>.json", downloads.JsonDownloadView.as_view(), name="download-json"),
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
