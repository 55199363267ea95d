"""The document workspace: form layout, list, filters, search, actions and batch changes."""

import pytest

from catalogue.models import Document, DocumentType, Recipient, Status
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    contributor_fixture,
)
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def telegram(db):
    stalin = make_person("Invented Stalin", slug="invented-stalin")
    document = make_document(
        "Ciphered telegram from an invented sender",
        slug="invented-telegram",
        status=Status.DRAFT,
        reference_numbers=["99999/sh"],
        parser_warnings=["Could not read the date <b>17.7</b>", "Unknown recipient 'Zhou'"],
        source_file="seeds/invented.txt",
        content_hash="a" * 64,
        author=stalin,
    )
    make_recipient(document, stalin, copies=2)
    make_recipient(document, None, name_as_written="File")
    make_request(document, number="1")
    return document


class TestDocumentChangeForm:
    def test_fieldsets_in_reading_order_with_inlines_after_their_fieldset(
        self, archivist, telegram
    ):
        html = archivist.get(admin_url("document_change", telegram.pk)).content.decode()
        landmarks = [
            '<h2 id="fieldset-0-0-heading"',  # Identity
            'class="fieldset-heading">Dates and transmission</h2>',
            "transmission_events-group",
            'class="fieldset-heading">People</h2>',
            "recipients-group",
            'class="fieldset-heading">Enclosed document</h2>',
            'class="fieldset-heading">Text</h2>',
            "requests-group",
            'class="fieldset-heading">Curation</h2>',
            'class="fieldset-heading">Provenance</h2>',
        ]
        positions = [html.index(mark) for mark in landmarks]
        assert positions == sorted(positions)

    def test_parser_warnings_shown_escaped_at_the_top(self, archivist, telegram):
        html = archivist.get(admin_url("document_change", telegram.pk)).content.decode()
        assert "Still to check (2 of the importer's 2 warnings)" in html
        assert "Could not read the date &lt;b&gt;17.7&lt;/b&gt;" in html
        assert "<b>17.7</b>" not in html
        assert html.index("parser-warnings") < html.index("fieldset-0-0-heading")

    def test_every_person_field_is_an_autocomplete(self, archivist, telegram):
        html = archivist.get(admin_url("document_change", telegram.pk)).content.decode()
        for name in [
            "author",
            "sender",
            "enclosure_author",
            "enclosure_addressee",
            "people_mentioned",
            "recipients-0-person",
            "requests-0-asked_by",
            "requests-0-asked_of",
            "requests-0-answered_by",
        ]:
            assert f'name="{name}"' in html
            tag = html[html.index(f'name="{name}"') - 400 : html.index(f'name="{name}"') + 400]
            assert "admin-autocomplete" in tag, name
        # The selected author is labelled without listing every person.
        assert f'<option value="{telegram.author_id}" selected>Invented Stalin</option>' in html

    def test_provenance_is_read_only(self, archivist, telegram):
        url = admin_url("document_change", telegram.pk)
        data = change_form_data(archivist.get(url))
        data["source_file"] = "seeds/forged.txt"
        data["content_hash"] = "b" * 64
        response = archivist.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        telegram.refresh_from_db()
        assert telegram.source_file == "seeds/invented.txt"
        assert telegram.content_hash == "a" * 64

    def test_correcting_a_copy_count_in_the_inline(self, archivist, telegram):
        url = admin_url("document_change", telegram.pk)
        data = change_form_data(archivist.get(url))
        assert data["recipients-0-copies"] == "2"
        data["recipients-0-copies"] = "3"
        response = archivist.post(url, data)
        assert response.status_code == 302
        row = Recipient.objects.get(document=telegram, position=0)
        assert row.copies == 3
        assert row.history.first().history_user == archivist.user

    def test_a_browser_save_keeps_line_breaks_as_they_were(self, archivist, telegram):
        # Browsers post textareas with CRLF; a save that changed nothing must not look like
        # a change of the whole text to history or to the importer.
        telegram.text = "First line.\nSecond line."
        telegram.save()
        make_request(telegram, number="9", text="9. One line.\nAnother line.")
        url = admin_url("document_change", telegram.pk)
        data = change_form_data(archivist.get(url))
        data = {k: v.replace("\n", "\r\n") if isinstance(v, str) else v for k, v in data.items()}
        assert "\r\n" in data["text"]
        response = archivist.post(url, data)
        assert response.status_code == 302
        telegram.refresh_from_db()
        assert telegram.text == "First line.\nSecond line."
        assert telegram.requests.get(number="9").text == "9. One line.\nAnother line."
        latest, previous = telegram.history.all()[:2]
        assert "text" not in latest.diff_against(previous).changed_fields

    def test_a_bad_copy_count_is_refused_with_a_message(self, archivist, telegram):
        url = admin_url("document_change", telegram.pk)
        data = change_form_data(archivist.get(url))
        data["recipients-0-copies"] = "0"
        response = archivist.post(url, data)
        assert response.status_code == 200
        assert "Ensure this value is greater than or equal to 1" in response.content.decode()

    def test_saving_rebuilds_search_text(self, archivist, telegram):
        url = admin_url("document_change", telegram.pk)
        data = change_form_data(archivist.get(url))
        data["summary"] = "An invented summary about herring"
        archivist.post(url, data)
        telegram.refresh_from_db()
        assert "herring" in telegram.search_text
        assert "Invented Stalin" in telegram.search_text

    def test_draft_gets_a_preview_link_and_no_view_on_site(self, archivist, telegram):
        html = archivist.get(admin_url("document_change", telegram.pk)).content.decode()
        assert "Preview draft" in html
        assert f'href="{telegram.get_absolute_url()}"' in html
        assert "View on site" not in html

    def test_published_document_gets_view_on_site(self, archivist, telegram):
        telegram.status = Status.PUBLISHED
        telegram.save()
        html = archivist.get(admin_url("document_change", telegram.pk)).content.decode()
        assert "View on site" in html
        assert f'href="{telegram.get_absolute_url()}"' in html
        assert "Preview draft" not in html


class TestDocumentChangelist:
    def test_columns(self, archivist, telegram):
        telegram.needs_review = True
        telegram.save()
        response = archivist.get(admin_url("document_changelist"))
        html = response.content.decode()
        assert response.status_code == 200
        assert "1952-07-17" in html
        assert "Ciphered telegram from an invented sender" in html
        assert "column-open_reasons" in html
        row = html[html.index("Ciphered telegram from an invented sender") :]
        # The warnings as reasons to read, and "needs review" in words, not a tick.
        assert "Could not read the date &lt;b&gt;17.7&lt;/b&gt;" in row
        assert '<td class="field-review_state">needs review</td>' in row

    @pytest.mark.parametrize(
        "query, found",
        [
            ("status=draft", True),
            ("status=published", False),
            ("doc_type__exact=other", True),
            ("doc_type__exact=letter", False),
            ("year=1952", True),
            ("year=1950", False),
            ("needs_review__exact=0", True),
            ("has_requests=yes", True),
            ("has_requests=no", False),
            ("date__year=1952", True),
        ],
    )
    def test_filters(self, archivist, telegram, query, found):
        response = archivist.get(admin_url("document_changelist") + "?" + query)
        assert response.status_code == 200
        assert (telegram.title in response.content.decode()) is found

    @pytest.mark.parametrize(
        "query", ["year=abc", "year=", "has_requests=maybe", "status=nonsense", "o=99", "p=x"]
    )
    def test_junk_parameters_never_fail(self, archivist, telegram, query):
        response = archivist.get(admin_url("document_changelist") + "?" + query)
        assert response.status_code in (200, 302)

    @pytest.mark.parametrize(
        "term, found",
        [
            ("invented sender", True),
            ("99999/sh", True),
            ("Invented Stalin", True),
            ("herring", False),
            ("text:Invented text", True),
            ("text:herring", False),
        ],
    )
    def test_search(self, archivist, telegram, term, found):
        telegram.search_text = telegram.build_search_text()
        telegram.save()
        response = archivist.get(admin_url("document_changelist"), {"q": term})
        assert response.status_code == 200
        assert (telegram.title in response.content.decode()) is found

    def test_date_hierarchy(self, archivist, telegram):
        html = archivist.get(admin_url("document_changelist")).content.decode()
        assert "xfull" in html or "date-hierarchy" in html or 'class="toplinks"' in html


class TestActions:
    def post_action(self, client, action, documents, **extra):
        return client.post(
            admin_url("document_changelist"),
            {"action": action, "_selected_action": [d.pk for d in documents], **extra},
        )

    def test_publish_and_unpublish_record_history(self, archivist, telegram):
        telegram.doc_type = "ciphered_telegram"
        telegram.save()
        self.post_action(archivist, "publish", [telegram])
        telegram.refresh_from_db()
        assert telegram.status == Status.PUBLISHED
        latest = telegram.history.first()
        assert latest.history_change_reason == "Published"
        assert latest.history_user == archivist.user
        self.post_action(archivist, "unpublish", [telegram])
        telegram.refresh_from_db()
        assert telegram.status == Status.DRAFT

    def test_mark_reviewed(self, archivist, telegram):
        telegram.needs_review = True
        telegram.save()
        self.post_action(archivist, "mark_documents_reviewed", [telegram])
        telegram.refresh_from_db()
        assert telegram.needs_review is False

    def test_batch_change_type_asks_then_changes(self, archivist, telegram):
        other = make_document("Another invented letter", doc_type=DocumentType.LETTER)
        response = self.post_action(archivist, "change_document_type", [telegram, other])
        assert response.status_code == 200
        assert "Change the type of the selected documents" in response.content.decode()
        response = self.post_action(
            archivist,
            "change_document_type",
            [telegram, other],
            apply="1",
            value=DocumentType.MEMORANDUM,
        )
        assert response.status_code == 302
        assert set(
            Document.objects.filter(pk__in=[telegram.pk, other.pk]).values_list(
                "doc_type", flat=True
            )
        ) == {DocumentType.MEMORANDUM}
        assert telegram.history.first().history_change_reason == (
            "Batch change: type set to Memorandum"
        )

    def test_batch_change_rejects_an_unknown_value(self, archivist, telegram):
        response = self.post_action(
            archivist, "change_document_type", [telegram], apply="1", value="scroll"
        )
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        telegram.refresh_from_db()
        assert telegram.doc_type == DocumentType.OTHER

    def test_batch_change_status_across_all_filtered_rows(self, archivist, telegram):
        make_document("Invented draft two", status=Status.DRAFT)
        make_document("Invented letter, published", status=Status.PUBLISHED)
        response = archivist.post(
            admin_url("document_changelist") + "?status__exact=draft",
            {
                "action": "change_document_status",
                "_selected_action": [telegram.pk],
                "select_across": "1",
                "apply": "1",
                "value": Status.PUBLISHED,
            },
        )
        assert response.status_code == 302
        assert not Document.objects.filter(status=Status.DRAFT).exists()
