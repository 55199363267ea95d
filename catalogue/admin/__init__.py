"""The archivists' workspace: correct what the importer read, review, publish, merge people,
and see every change.

A module per model (documents.py, people.py, requests.py, recipients.py), what their pages
share (workspace.py: history, paginator, autocomplete labels), the batch actions and the
merge (actions.py) and the changelists' filters (list_filters.py).

Built for a catalogue of 100,000 documents and a million recipient rows: changelists select
their related rows in the same query, skip the full-table count, and never run a query per row;
autocomplete widgets stand in for every list of people.
"""

from django.contrib import admin

# Each module registers its models when imported; Django's autodiscovery imports this package.
from . import documents, people, places, recipients, requests  # noqa: F401

# People in every autocomplete box carry their years and description, reviewed ones first.
admin.site.autocomplete_view = lambda request: people.PersonAutocompleteJsonView.as_view(
    admin_site=admin.site
)(request)
admin.site.site_header = "Cold War Documents Catalogue"
admin.site.site_title = "Catalogue workspace"
admin.site.index_title = "Archivists' workspace"
