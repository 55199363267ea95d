from django.urls import path

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("about/", views.AboutView.as_view(), name="about"),
    path("favicon.ico", views.FaviconView.as_view(), name="favicon"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<slug:slug>/", views.DocumentDetailView.as_view(), name="document"),
    path(
        "documents/<slug:slug>.txt",
        views.DocumentDownloadView.as_view(),
        {"fmt": "txt"},
        name="document-txt",
    ),
    path(
        "documents/<slug:slug>.json",
        views.DocumentDownloadView.as_view(),
        {"fmt": "json"},
        name="document-json",
    ),
    path(
        "documents/<slug:slug>/cite.bib",
        views.DocumentDownloadView.as_view(),
        {"fmt": "bibtex"},
        name="document-bibtex",
    ),
    path(
        "documents/<slug:slug>/cite.ris",
        views.DocumentDownloadView.as_view(),
        {"fmt": "ris"},
        name="document-ris",
    ),
    path(
        "documents/<slug:slug>/cite.csl.json",
        views.DocumentDownloadView.as_view(),
        {"fmt": "csl"},
        name="document-csl",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    # Before the person page: "autocomplete" would otherwise be taken for a slug.
    path(
        "people/autocomplete/", views.PersonAutocompleteView.as_view(), name="person-autocomplete"
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("requests/", views.RequestListView.as_view(), name="request-list"),
    path("chronology/", views.ChronologyView.as_view(), name="chronology"),
]
