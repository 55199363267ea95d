import pytest

from catalogue.models import Document, PersonName
from catalogue.serializers import document_to_dict, person_to_dict
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def telegram():
    stalin = make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph")
    PersonName.objects.create(
        person=stalin, name="Filippov", kind="pseudonym", normalised="filippov"
    )
    kim = make_person("Kim Il Sung", slug="kim-il-sung")
    document = make_document(
        "Invented telegram",
        slug="invented-telegram",
        date="1952-07",
        reference_numbers=["1/sh", "2"],
        author=kim,
        author_as_written="KIM IL SUNG",
        enclosure_type="letter",
        enclosure_author=kim,
    )
    make_recipient(document, stalin, name_as_written="Stalin", role="copy", copies=2)
    make_recipient(document, None, name_as_written="File", role="copy")
    make_request(document, number="1", quantities=[{"amount": 10, "unit": "regiments"}])
    document.people_mentioned.add(stalin, kim)
    return document


def test_document_export_form(telegram, django_assert_num_queries):
    with django_assert_num_queries(5):
        document = Document.objects.for_detail().get(pk=telegram.pk)
        data = document_to_dict(document)
    assert data["slug"] == "invented-telegram"
    assert data["date"] == "1952-07"
    assert data["reference_numbers"] == ["1/sh", "2"]
    assert data["author"] == {
        "name": "Kim Il Sung",
        "slug": "kim-il-sung",
        "as_written": "KIM IL SUNG",
    }
    assert data["sender"] is None
    assert data["recipients"][0] == {
        "name": "Joseph Stalin",
        "slug": "stalin",
        "as_written": "Stalin",
        "role": "copy",
        "copies": 2,
        "position": 0,
    }
    assert data["recipients"][1]["slug"] is None
    assert data["requests"][0]["number"] == "1"
    assert data["requests"][0]["quantities"] == [{"amount": 10, "unit": "regiments"}]
    assert data["enclosure"]["doc_type"] == "letter"
    assert {p["slug"] for p in data["people_mentioned"]} == {"stalin", "kim-il-sung"}


def test_search_text_holds_pseudonyms_and_numbers(telegram):
    text = telegram.build_search_text()
    assert "Filippov" in text
    assert "1/sh" in text
    assert "Invented telegram" in text


def test_person_export_form(telegram):
    stalin = telegram.people_mentioned.prefetch_related("names").get(slug="stalin")
    assert person_to_dict(stalin)["pseudonyms"] == ["Filippov"]
