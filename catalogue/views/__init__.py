"""Public pages of the catalogue, a module per family of pages: documents.py (the list, a
document's page and its downloads), people.py, requests.py, pages.py (home, chronology,
about) and common.py (what they share: pagination, the cached figures, drafts for staff).

Visitors see published documents only, everywhere: pages, lists, counts, facets, related
documents, previous/next and downloads. Staff may open a draft's page and downloads to preview
them (the page says so in a banner). Every view runs a fixed number of queries, whatever the
number of rows it shows.
"""
