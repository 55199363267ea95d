"""The Atom feed of documents as they are published.

The model keeps no separate publication time, so the feed orders by `modified`: publishing a draft
saves it and puts it at the top, and so does a later correction, which Atom reports as an update
of the same entry (its id is the permalink, which never changes).

Each entry's `updated` is that last change. Its `published` is the first time the document's
history shows it published (an import that created it published, or the archivist who published
the draft); a document whose history does not go back that far has no `published` at all rather
than one that claims the record's creation, which may have been a draft's.
"""

from django.contrib.syndication.views import Feed
from django.db.models import Min
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from ..models import Document, Status

FEED_LENGTH = 50


class RecentDocumentsFeed(Feed):
    feed_type = Atom1Feed
    title = "Cold War Documents Catalogue: newly published documents"
    subtitle = "Documents as they are published or revised, newest first."
    link = reverse_lazy("catalogue:document-list")
    feed_url = reverse_lazy("api:feed")

    def items(self):
        documents = list(
            Document.objects.published()
            .select_related("author", "sender")
            .only(
                "slug",
                "title",
                "summary",
                "doc_type",
                "date",
                "date_precision",
                "created",
                "modified",
                "author__name",
                "sender__name",
            )
            .order_by("-modified", "-pk")[:FEED_LENGTH]
        )
        first_published = dict(
            Document.history.filter(id__in=[d.pk for d in documents], status=Status.PUBLISHED)
            .values("id")
            .annotate(first=Min("history_date"))
            .values_list("id", "first")
        )
        for document in documents:
            first = first_published.get(document.pk)
            # The history row is written just after the save that set `modified`.
            document.first_published = min(first, document.modified) if first else None
        return documents

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom carries the summary as HTML that readers render, and the text is plain text from
        # the catalogue: escaped here so that a "<" in a summary shows as itself.
        heading = f"{item.get_doc_type_display()} · {item.date_display}"
        return escape(f"{heading}. {item.summary}" if item.summary else heading)

    def item_author_name(self, item):
        person = item.author or item.sender
        return person.name if person else None

    def item_pubdate(self, item):
        return item.first_published

    def item_updateddate(self, item):
        return item.modified

    def item_categories(self, item):
        return [item.get_doc_type_display()]
