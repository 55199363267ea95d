"""Two floor views for bench/load.py, in front of the catalogue's own URLs.

- /floor/bare/: a view that answers a fixed text: the cost of the server, WSGI and middleware.
- /floor/list/: the first page of the document list (its 25 rows in the list's order, with
  each row's author) read with one raw SQL query and written out as plain HTML: what the
  document list would cost with no ORM, no filters, no facets and no templates.
"""

from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.utils.html import escape

LIST_SQL = """
    SELECT d.slug, d.title, d.date, d.doc_type, p.name
    FROM catalogue_document d LEFT JOIN catalogue_person p ON p.id = d.author_id
    WHERE d.status = 'published'
    ORDER BY d.date ASC NULLS LAST, d.title ASC, d.id ASC
    LIMIT 25
"""


def bare(request):
    return HttpResponse("floor", content_type="text/plain")


def raw_list(request):
    with connection.cursor() as cursor:
        cursor.execute(LIST_SQL)
        rows = cursor.fetchall()
    items = "".join(
        f'<li><a href="/documents/{escape(slug)}/">{escape(title)}</a> '
        f"{escape(date or '')} {escape(doc_type)} {escape(author or '')}</li>"
        for slug, title, date, doc_type, author in rows
    )
    return HttpResponse(f"<!doctype html><title>Documents</title><ol>{items}</ol>")


urlpatterns = [
    path("floor/bare/", bare),
    path("floor/list/", raw_list),
    path("", include("archive_site.urls")),
]
