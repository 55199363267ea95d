"""Fixes from a review of the public site: each test names what the visitor saw."""

import re
from urllib.parse import parse_qs

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


class TestFavicon:
    def test_pages_link_an_icon(self, client):
        html = client.get("/").content.decode()
        assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
        assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html

    def test_favicon_ico_at_the_root_is_not_a_404(self, client):
        response = client.get("/favicon.ico")
        assert response.status_code == 302
        assert response["Location"] == "/static/favicon.ico"

    def test_the_icons_are_static_files_of_the_site(self):
        with open(finders.find("favicon.ico"), "rb") as icon:
            # An ICO header: reserved 0, type 1 (icon), one image.
            assert icon.read(6) == b"\0\0\1\0\1\0"
        with open(finders.find("favicon.svg"), encoding="utf-8") as svg:
            assert svg.read().startswith("<svg ")


class TestSyntheticDocuments:
    BANNER = "Synthetic document generated for load tests — not a historical source"

    def test_page_carries_a_banner(self, client):
        document = make_document("Load test document 1", synthetic=True)
        html = client.get(document.get_absolute_url()).content.decode()
        assert self.BANNER in html

    def test_a_real_document_carries_none(self, client):
        document = make_document("Invented real-looking document")
        html = client.get(document.get_absolute_url()).content.decode()
        assert self.BANNER not in html and "tag--synthetic" not in html

    def test_lists_tag_them(self, client):
        person = make_person("Invented Loader", slug="invented-loader")
        synthetic = make_document("Load test document 2", synthetic=True, author=person)
        make_request(synthetic)
        make_document("Invented ordinary document", author=person)
        for url in ("/documents/", "/", person.get_absolute_url(), "/requests/"):
            html = client.get(url).content.decode()
            assert html.count('class="tag tag--synthetic"') == 1, url


class TestEnclosureAlsoSentTo:
    """The seed's "a telegram of analogous content was sent to comrade MAO ZEDONG"."""

    @pytest.fixture
    def telegram(self):
        self.minister = make_person("Invented Minister", slug="invented-minister")
        self.chairman = make_person("Invented Chairman", slug="invented-chairman")
        writer = make_person("Invented Writer", slug="invented-writer")
        document = make_document(
            "Invented telegram relaying a letter",
            enclosure_type="letter",
            enclosure_author=writer,
        )
        make_recipient(document, self.minister, role="addressee")
        make_recipient(
            document, self.chairman, role="also_sent_to", name_as_written="comrade CHAIRMAN"
        )
        return document

    def test_shown_in_the_enclosure_box_not_among_the_recipients(self, client, telegram):
        html = client.get(telegram.get_absolute_url()).content.decode()
        recipients = html[html.index('id="recipients"') : html.index('id="enclosure"')]
        enclosure = html[html.index('id="enclosure"') : html.index('id="text"')]
        assert "Invented Minister" in recipients
        assert "Invented Chairman" not in recipients
        assert "Enclosure also sent to" not in recipients
        assert "<dt>Also sent to</dt>" in enclosure
        assert 'href="/people/invented-chairman/">Invented Chairman</a>' in enclosure

    def test_enclosure_box_shows_for_them_alone(self, client):
        document = make_document("Invented telegram with only an also-sent-to")
        make_recipient(document, make_person("Invented Other"), role="also_sent_to")
        html = client.get(document.get_absolute_url()).content.decode()
        assert 'id="enclosure"' in html and "<dt>Also sent to</dt>" in html

    def test_person_page_lists_the_role_under_its_own_label(self, client, telegram):
        html = client.get(self.chairman.get_absolute_url()).content.decode()
        assert "Enclosure also sent to <strong>1</strong>" in html
        assert "?person=invented-chairman&amp;role=also_sent_to" in html
        assert "Received <strong>0</strong>" in html
        # Someone without the role is not shown an empty heading for it.
        other = client.get(self.minister.get_absolute_url()).content.decode()
        assert "Enclosure also sent to" not in other

    def test_the_role_filters_the_list(self, client, telegram):
        make_document("Invented unrelated telegram")
        response = client.get(
            "/documents/", {"person": "invented-chairman", "role": "also_sent_to"}
        )
        assert [d.pk for d in response.context["page_obj"].object_list] == [telegram.pk]
        response = client.get("/documents/", {"person": "invented-chairman", "role": "addressee"})
        assert list(response.context["page_obj"].object_list) == []

    def test_not_a_correspondent_of_the_telegram_s_sender(self, client, telegram):
        sender = make_person("Invented Sender", slug="invented-sender")
        telegram.sender = sender
        telegram.save()
        sender_page = client.get(sender.get_absolute_url())
        assert [row["person"].slug for row in sender_page.context["correspondents"]] == [
            "invented-minister"
        ]
        assert client.get(self.chairman.get_absolute_url()).context["correspondents"] == []


class TestRequestParagraphs:
    TEXT = (
        "Invented opening paragraph.\n\n"
        "1. To send ten invented regiments.\n\n"
        "It is desirable that half of them come by rail.\n\n"
        "2. To send invented lorries.\n\n"
        "An invented closing paragraph."
    )

    def test_the_anchored_box_covers_every_paragraph_of_the_request(self, client):
        document = make_document("Invented telegram with requests", text=self.TEXT)
        make_request(
            document,
            number="1",
            text="1. To send ten invented regiments.\n\n"
            "It is desirable that half of them come by rail.",
        )
        make_request(document, number="2", summary="Lorries", text="2. To send invented lorries.")
        html = client.get(document.get_absolute_url()).content.decode()
        first = html[html.index('<div id="request-1"') :]
        first = first[: first.index("</div>")]
        assert "To send ten invented regiments." in first
        assert "It is desirable that half of them come by rail." in first
        assert "invented lorries" not in first
        second = html[html.index('<div id="request-2"') :]
        second = second[: second.index("</div>")]
        assert "To send invented lorries." in second
        assert "An invented closing paragraph." not in second
        # Every paragraph is shown once.
        assert html.count("It is desirable that half of them come by rail.") == 1


class TestPersonChipsAndHeading:
    @pytest.fixture
    def copied(self):
        stalin = make_person("Invented Premier", slug="invented-premier")
        document = make_document("Invented telegram copied to the premier")
        make_recipient(document, stalin, role="copy")
        return stalin

    def test_person_chip_shows_the_name_and_the_role_has_a_chip(self, client, copied):
        response = client.get("/documents/", {"person": "invented-premier", "role": "copy"})
        chips = response.context["chips"]
        assert [(c["label"], c["value"]) for c in chips] == [
            ("Person", "Invented Premier"),
            ("Role", "Copy or distribution"),
        ]
        # Removing the person removes the role with it; removing the role keeps the person.
        assert chips[0]["remove_url"] == "?"
        assert chips[1]["remove_url"] == "?person=invented-premier"

    def test_heading_says_the_role(self, client, copied):
        html = client.get("/documents/", {"person": "invented-premier", "role": "copy"})
        assert 'Documents <span class="muted">copied to Invented Premier</span></h1>' in (
            html.content.decode()
        )
        html = client.get("/documents/", {"person": "invented-premier"}).content.decode()
        assert 'Documents <span class="muted">involving Invented Premier</span></h1>' in html

    def test_no_role_chip_for_any_role_or_without_a_person(self, client, copied):
        response = client.get("/documents/", {"person": "invented-premier", "role": "any"})
        assert [c["label"] for c in response.context["chips"]] == ["Person"]
        response = client.get("/documents/", {"role": "copy"})
        assert response.context["chips"] == []


DIRTY = (
    "q=&date_from=&date_to=&person=&role=any&place=&urgency=&has_requests=unknown&doc_type=letter"
)


class TestCleanAddresses:
    def links(self, html):
        return re.findall(r'href="(\?[^"]*)"', html)

    def test_pagination_and_facet_links_carry_no_empty_parameters(self, client):
        for n in range(30):
            make_document(f"Invented letter {n:02d}", doc_type="letter")
        html = client.get("/documents/?" + DIRTY).content.decode()
        links = self.links(html)
        assert any("page=2" in link for link in links)
        assert any("date_from=1952" in link for link in links)
        for link in links:
            params = parse_qs(link[1:].replace("&amp;", "&"), keep_blank_values=True)
            assert all(value != [""] for value in params.values()), link
            assert "has_requests" not in params and "role" not in params, link
        assert 'href="?doc_type=letter&amp;page=2"' in html

    def test_request_list_pagination_is_clean_too(self, client):
        document = make_document("Invented telegram with many requests")
        for n in range(55):
            make_request(document, number=str(n + 1), summary=f"Invented request {n}")
        html = client.get("/requests/?asked_by=&date_from=&category=other").content.decode()
        assert 'href="?category=other&amp;page=2"' in html

    def test_the_filter_forms_ask_the_script_to_drop_empty_fields(self, client):
        assert "data-drop-empty" in client.get("/documents/").content.decode()
        html = client.get("/requests/").content.decode()
        assert "data-drop-empty" in html and "js/filters.js" in html
