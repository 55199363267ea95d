from django.urls import path

from .views import archives, documents, network, pages, people, places, requests, threads

app_name = "catalogue"

urlpatterns = [
    path("", pages.HomeView.as_view(), name="home"),
    path("about/", pages.AboutView.as_view(), name="about"),
    path("favicon.ico", pages.FaviconView.as_view(), name="favicon"),
    path("documents/", documents.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", documents.DocumentDetailView.as_view(), name="document"),
    path("documents/<slug:slug>/thread/", threads.ThreadView.as_view(), name="thread"),
    path(
        "documents/<slug:slug>.txt",
        documents.DocumentDownloadView.as_view(),
        {"fmt": "txt"},
        name="document-txt",
    ),
    path(
        "documents/<slug:slug>.json",
        documents.DocumentDownloadView.as_view(),
        {"fmt": "json"},
        name="document-json",
    ),
    path(
        "documents/<slug:slug>/cite.bib",
        documents.DocumentDownloadView.as_view(),
        {"fmt": "bibtex"},
        name="document-bibtex",
    ),
    path(
        "documents/<slug:slug>/cite.ris",
        documents.DocumentDownloadView.as_view(),
        {"fmt": "ris"},
        name="document-ris",
    ),
    path(
        "documents/<slug:slug>/cite.csl.json",
        documents.DocumentDownloadView.as_view(),
        {"fmt": "csl"},
        name="document-csl",
    ),
    path("people/", people.PersonListView.as_view(), name="person-list"),
    # Before the person page: "autocomplete" would otherwise be taken for a slug.
    path(
        "people/autocomplete/",
        people.PersonAutocompleteView.as_view(),
        name="person-autocomplete",
    ),
    path("people/<slug:slug>/", people.PersonDetailView.as_view(), name="person"),
    path("places/", places.PlaceListView.as_view(), name="place-list"),
    path("places/<slug:slug>/", places.PlaceDetailView.as_view(), name="place"),
    path(
        "people/<slug:slug>/network/",
        network.NetworkView.as_view(),
        name="person-network",
    ),
    path(
        "people/<slug:slug>/network.<str:fmt>",
        network.NetworkDownloadView.as_view(),
        name="person-network-download",
    ),
    path("requests/", requests.RequestListView.as_view(), name="request-list"),
    path("chronology/", pages.ChronologyView.as_view(), name="chronology"),
    path("network/", network.NetworkView.as_view(), name="network"),
    path("network.<str:fmt>", network.NetworkDownloadView.as_view(), name="network-download"),
    path("archives/", archives.ArchiveListView.as_view(), name="archive-list"),
    path("archives/<slug:slug>/", archives.ArchiveFileView.as_view(), name="archive-file"),
]
