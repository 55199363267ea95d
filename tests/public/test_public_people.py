"""Person.objects.public(): people in at least one published document, in any role. Someone met
only in drafts appears nowhere public: the API, the person page, the sitemap, the downloads."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import User

from catalogue.models import Person, Status, TransmissionEvent
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


def link_in_role(role, person, document):
    """Put ``person`` in ``document`` in one of the roles a person can have."""
    if role in ("author", "sender", "enclosure_author", "enclosure_addressee"):
        setattr(document, role, person)
        document.save()
    elif role == "recipient":
        make_recipient(document, person, role="copy")
    elif role == "mentioned":
        document.people_mentioned.add(person)
    elif role == "transmission":
        TransmissionEvent.objects.create(document=document, event="sent", by=person, position=0)
    elif role in ("asked_by", "asked_of"):
        make_request(document, **{role: person})
    else:
        raise AssertionError(role)


ROLES = [
    "author",
    "sender",
    "enclosure_author",
    "enclosure_addressee",
    "recipient",
    "mentioned",
    "transmission",
    "asked_by",
    "asked_of",
]


@pytest.mark.parametrize("role", ROLES)
def test_public_counts_every_role_in_a_published_document(role):
    shown = make_person("Invented Shown", slug="invented-shown")
    hidden = make_person("Invented Hidden", slug="invented-hidden")
    link_in_role(role, shown, make_document("Invented published"))
    link_in_role(role, hidden, make_document("Invented draft", status=Status.DRAFT))
    make_person("Invented Nobody", slug="invented-nobody")
    assert list(Person.objects.public().values_list("slug", flat=True)) == ["invented-shown"]


def test_public_is_one_query_listing_each_person_once(django_assert_num_queries):
    person = make_person("Invented Busy", slug="invented-busy")
    for n in range(3):
        document = make_document(f"Invented {n}", author=person, sender=person)
        for role in ROLES[4:]:
            link_in_role(role, person, document)
    with django_assert_num_queries(1):
        assert [p.slug for p in Person.objects.public()] == ["invented-busy"]


@pytest.fixture
def people():
    """One person in a published document, one only in a draft (as author and recipient)."""
    shown = make_person("Invented Shown", slug="invented-shown", sort_name="Shown, Invented")
    hidden = make_person("Invented Hidden", slug="invented-hidden", sort_name="Hidden, Invented")
    make_document("Invented published", slug="invented-published", author=shown)
    draft = make_document("Invented draft", slug="invented-draft", author=hidden, status="draft")
    make_recipient(draft, hidden)
    return {"shown": shown, "hidden": hidden}


class TestNowhereInPublic:
    def test_api_list_and_detail(self, client, people):
        listed = [p["slug"] for p in client.get("/api/people/").json()["results"]]
        assert listed == ["invented-shown"]
        assert client.get("/api/people/invented-shown/").status_code == 200
        response = client.get("/api/people/invented-hidden/")
        assert response.status_code == 404
        assert response.json()["detail"] == "No person has the slug 'invented-hidden'."

    def test_api_search_by_name_finds_no_hidden_person(self, client, people):
        response = client.get("/api/people/", {"q": "Invented"})
        assert [p["slug"] for p in response.json()["results"]] == ["invented-shown"]

    def test_person_page_is_not_found_but_staff_may_preview(self, client, people):
        assert client.get("/people/invented-shown/").status_code == 200
        assert client.get("/people/invented-hidden/").status_code == 404
        staff = User.objects.create_user("archivist", password="x", is_staff=True)
        client.force_login(staff)
        assert client.get("/people/invented-hidden/").status_code == 200

    def test_sitemap(self, client, people):
        content = client.get("/sitemap-people.xml").content.decode()
        assert "/people/invented-shown/" in content
        assert "invented-hidden" not in content

    def test_people_csv(self, client, people):
        response = client.get("/downloads/people.csv")
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        assert [row["slug"] for row in rows] == ["invented-shown"]

    def test_people_json(self, client, people):
        response = client.get("/downloads/people.json")
        data = json.loads(b"".join(response.streaming_content))
        assert [person["slug"] for person in data] == ["invented-shown"]

    def test_a_hidden_person_is_not_found_by_the_document_filter(self, client, people):
        response = client.get("/documents/", {"person": "invented-hidden"})
        assert response.context["total"] == 1
        assert "No person in the published documents" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_people_list_home_and_autocomplete_agree_with_public(client, role):
    """One definition of a public person: the people list, its count on the home page and
    the autocomplete show exactly Person.objects.public(), with each person's documents."""
    shown = make_person("Invented Shown", slug="invented-shown")
    hidden = make_person("Invented Hidden", slug="invented-hidden")
    link_in_role(role, shown, make_document("Invented published"))
    link_in_role(role, hidden, make_document("Invented draft", status=Status.DRAFT))
    response = client.get("/people/")
    listed = list(response.context["object_list"])
    assert [p.slug for p in listed] == ["invented-shown"]
    assert listed[0].published_documents == 1
    assert client.get("/").context["person_count"] == 1
    found = client.get("/people/autocomplete/", {"q": "Invented"}).json()["results"]
    assert [row["slug"] for row in found] == ["invented-shown"]
