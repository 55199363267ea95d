"""Machine access to the published catalogue, everything served under the ``api`` URL namespace
(urls.py): the read-only JSON API (views.py) and its OpenAPI description (openapi.py), bulk
downloads and their data package (downloads.py), OAI-PMH (oai.py), the Atom feed (feeds.py),
and the sitemaps and robots.txt (sitemaps.py)."""
