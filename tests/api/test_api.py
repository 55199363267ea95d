"""The JSON API: published records only, slugs, pagination, the public list's filters, CORS,
400 for bad parameters and query counts that do not grow with the page."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from catalogue.api.views import DocumentListView, PersonListView, RequestListView
from catalogue.filters import DocumentFilter, PersonFilter, RequestFilter
from catalogue.models import Document, PersonName, PersonRedirect, Status
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    stalin = make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph")
    # The folded form, as the importer and the admin store it.
    PersonName.objects.create(
        person=stalin, name="Filippov", kind="pseudonym", normalised="filippov"
    )
    kim = make_person("Kim Il Sung", slug="kim-il-sung")
    letter = make_document(
        "Invented letter about regiments",
        slug="invented-letter",
        doc_type="letter",
        date="1950-07",
        author=kim,
        place="Pyongyang",
        urgency="Extremely Urgent",
    )
    make_recipient(letter, stalin, role="addressee")
    make_request(letter, number="1", category="materiel")
    telegram = make_document(
        "Invented telegram about aircraft",
        slug="invented-telegram",
        doc_type="ciphered_telegram",
        date="1952-01-03",
        author=stalin,
        place="Moscow",
    )
    make_request(telegram, number="1", category="air_defence", answered_by=letter)
    make_document("Invented memorandum", slug="invented-memo", doc_type="memorandum", date="1953")
    draft = make_document(
        "Invented draft about regiments",
        slug="invented-draft",
        doc_type="letter",
        author=kim,
        status=Status.DRAFT,
    )
    make_request(draft, number="1", category="materiel")
    # A published request answered by a draft must not name the draft.
    make_request(telegram, number="2", category="materiel", answered_by=draft)
    return {"stalin": stalin, "kim": kim}


def slugs(response):
    return [row["slug"] for row in response.json()["results"]]


def all_pages(client, url, params):
    """Every result of a list, following the next links."""
    response = client.get(url, params)
    assert response.status_code == 200, response.json()
    assert response.status_code == 200, response.json()
    results = response.json()["results"]
    while response.json()["next"]:
        response = client.get(response.json()["next"])
        results += response.json()["results"]
    return results


class TestDocuments:
    def test_list_is_published_documents_in_export_form(self, client, catalogue):
        response = client.get("/api/documents/")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        data = response.json()
        assert data["count"] == 3
        assert data["next"] is None and data["previous"] is None
        assert sorted(slugs(response)) == ["invented-letter", "invented-memo", "invented-telegram"]
        letter = next(r for r in data["results"] if r["slug"] == "invented-letter")
        assert letter["date"] == "1950-07"
        assert letter["author"]["slug"] == "kim-il-sung"
        assert letter["recipients"][0]["slug"] == "stalin"
        assert letter["requests"][0]["category"] == "materiel"

    def test_detail_by_slug(self, client, catalogue):
        response = client.get("/api/documents/invented-telegram/")
        assert response.status_code == 200
        assert response.json()["title"] == "Invented telegram about aircraft"
        assert response.json()["requests"][0]["answered_by"] == "invented-letter"

    def test_drafts_are_nowhere(self, client, catalogue):
        assert client.get("/api/documents/invented-draft/").status_code == 404
        for url in ("/api/documents/", "/api/requests/"):
            content = client.get(url, {"page_size": 100}).content
            assert b"invented-draft" not in content, url

    def test_unknown_slug_is_json_404(self, client, catalogue):
        response = client.get("/api/documents/nothing-here/")
        assert response.status_code == 404
        assert "nothing-here" in response.json()["detail"]

    def test_pagination_links_keep_the_filters(self, client, db):
        for n in range(5):
            make_document(f"Invented {n}", slug=f"invented-{n}", doc_type="letter")
        make_document("Invented report", slug="invented-report", doc_type="report")
        response = client.get("/api/documents/", {"doc_type": "letter", "page_size": 2})
        data = response.json()
        assert data["count"] == 5
        assert data["next"] == (
            "http://testserver/api/documents/?doc_type=letter&page_size=2&page=2"
        )
        last = client.get("/api/documents/", {"doc_type": "letter", "page_size": 2, "page": 3})
        assert len(last.json()["results"]) == 1
        assert last.json()["next"] is None
        assert "page=2" in last.json()["previous"]
        walked = all_pages(client, "/api/documents/", {"doc_type": "letter", "page_size": 2})
        assert len({row["slug"] for row in walked}) == 5

    def test_query_count_does_not_grow_with_rows(self, client, db, django_assert_num_queries):
        person = make_person("Invented Person")

        def add(n):
            for i in range(n):
                document = make_document(f"Invented {i}", author=person, sender=person)
                make_recipient(document, person)
                make_request(document, asked_by=person)
                document.people_mentioned.add(person)

        add(2)
        # count + page + recipients + requests + transmission + people mentioned
        with django_assert_num_queries(6):
            client.get("/api/documents/")
        add(10)
        with django_assert_num_queries(6):
            client.get("/api/documents/")

    def test_detail_query_count(self, client, catalogue, django_assert_num_queries):
        with django_assert_num_queries(5):
            client.get("/api/documents/invented-letter/")


# Each combination is run through the API (every page, one document a page) and through the
# public list's FilterSet with the same query string: the same documents in the same order.
FILTER_CASES = [
    {},
    {"doc_type": "letter"},
    {"doc_type": ["letter", "ciphered_telegram"]},
    {"date_from": "1951"},
    {"date_from": "1950-01-01", "date_to": "1952-12"},
    {"q": "regiments"},
    {"q": "regiments", "sort": "title"},
    {"person": "kim-il-sung"},
    {"person": "stalin", "role": "addressee"},
    # People by any of their names, as a visitor types them.
    {"person": "Filippov"},
    {"person": "Kim Il-sung"},
    {"person": "kim il sung", "role": "author"},
    {"person": "JOSEPH STALIN"},
    {"person": "Stalin, Joseph"},
    {"place": "moscow"},
    {"urgency": "extremely urgent"},
    {"has_requests": "true"},
    {"has_requests": "false"},
    {"request_category": "air_defence"},
    {"sort": "-date"},
    {"sort": "title", "doc_type": "ciphered_telegram"},
]


@pytest.mark.parametrize("params", FILTER_CASES)
def test_api_filters_agree_with_the_public_filterset(client, catalogue, params):
    query = urlencode(params, doseq=True)
    api = all_pages(client, f"/api/documents/?{query}&page_size=1", None)
    public = DocumentFilter(QueryDict(query), queryset=Document.objects.for_list())
    assert public.is_valid(), public.errors
    assert [row["slug"] for row in api] == [document.slug for document in public.qs]


def test_the_api_uses_the_public_filterset():
    assert DocumentListView.filterset_class is DocumentFilter
    assert PersonListView.filterset_class is PersonFilter
    assert RequestListView.filterset_class is RequestFilter


def test_the_public_list_finds_people_by_name_as_the_api_does(client, catalogue):
    for params in ({"person": "Filippov"}, {"person": "Kim Il-sung"}):
        page = client.get("/documents/", params)
        api = client.get("/api/documents/", params)
        assert api.status_code == 200, api.json()
        public = [document.slug for document in page.context["page_obj"].object_list]
        assert public == slugs(api) != []


class TestPersonByName:
    """The person filter of both lists takes a slug, an old slug or any name."""

    def test_a_pseudonym_finds_the_person(self, client, catalogue):
        response = client.get("/api/documents/", {"person": "Filippov", "role": "addressee"})
        assert slugs(response) == ["invented-letter"]

    def test_an_old_slug_finds_the_merged_person(self, client, catalogue):
        PersonRedirect.objects.create(old_slug="j-stalin", person=catalogue["stalin"])
        response = client.get("/api/documents/", {"person": "j-stalin", "role": "author"})
        assert slugs(response) == ["invented-telegram"]

    def test_a_name_several_people_go_by_lists_them(self, client, catalogue):
        other = make_person("Kim Il Sung", slug="kim-il-sung-2", sort_name="Kim Il Sung (2)")
        make_document("Invented note", slug="invented-note", author=other)
        response = client.get("/api/documents/", {"person": "Kim Il-sung"})
        assert response.status_code == 400
        message = response.json()["errors"]["person"][0]
        assert "Several people" in message
        assert "(kim-il-sung)" in message and "(kim-il-sung-2)" in message
        # Their slugs still tell them apart.
        assert slugs(client.get("/api/documents/", {"person": "kim-il-sung-2"})) == [
            "invented-note"
        ]

    def test_an_exact_name_wins_over_longer_ones(self, client, catalogue):
        make_document("Invented note", author=make_person("Kim Il Sung Junior"))
        response = client.get("/api/documents/", {"person": "Kim Il Sung", "role": "author"})
        assert slugs(response) == ["invented-letter"]

    def test_part_of_a_name_that_fits_one_person(self, client, catalogue):
        response = client.get("/api/documents/", {"person": "Stal", "role": "author"})
        assert slugs(response) == ["invented-telegram"]

    def test_no_one_by_that_name(self, client, catalogue):
        response = client.get("/api/documents/", {"person": "Nobody At All"})
        assert response.status_code == 400
        assert response.json()["detail"].startswith("person: No person")

    def test_people_only_in_drafts_are_not_found(self, client, catalogue):
        hidden = make_person("Invented Hidden", slug="invented-hidden")
        make_document("Invented secret", author=hidden, status=Status.DRAFT)
        for value in ("invented-hidden", "Invented Hidden"):
            assert client.get("/api/documents/", {"person": value}).status_code == 400

    def test_requests_by_name_of_who_asked_and_who_was_asked(self, client, db):
        stalin = make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph")
        PersonName.objects.create(
            person=stalin, name="Filippov", kind="pseudonym", normalised="filippov"
        )
        kim = make_person("Kim Il Sung", slug="kim-il-sung")
        letter = make_document("Invented letter", slug="invented-letter")
        make_request(letter, number="1", asked_by=kim, asked_of=stalin)
        make_request(letter, number="2", asked_by=stalin, asked_of=kim)
        by_name = client.get("/api/requests/", {"asked_by": "Kim Il-sung", "asked_of": "Filippov"})
        assert [r["number"] for r in by_name.json()["results"]] == ["1"]
        public = client.get("/requests/", {"asked_of": "Kim Il-sung"})
        assert [r.number for r in public.context["page_obj"].object_list] == ["2"]


class TestPeople:
    def test_list_and_detail(self, client, catalogue):
        people = all_pages(client, "/api/people/", {})
        assert {p["slug"] for p in people} == {"stalin", "kim-il-sung"}
        stalin = client.get("/api/people/stalin/").json()
        assert stalin["pseudonyms"] == ["Filippov"]

    def test_merged_person_redirects(self, client, catalogue):
        PersonRedirect.objects.create(old_slug="j-stalin", person=catalogue["stalin"])
        response = client.get("/api/people/j-stalin/")
        assert response.status_code == 301
        assert response["Location"] == "/api/people/stalin/"
        assert client.get("/api/people/nobody/").status_code == 404

    def test_query_counts(self, client, db, django_assert_num_queries):
        for n in range(6):
            person = make_person(f"Invented {n}")
            PersonName.objects.create(person=person, name=f"Variant {n}")
            make_document(f"Invented {n}", author=person)
        with django_assert_num_queries(3):  # count + page + names
            client.get("/api/people/")
        with django_assert_num_queries(2):
            client.get(f"/api/people/{person.slug}/")


class TestRequests:
    def test_list_names_the_document_and_hides_draft_answers(self, client, catalogue):
        rows = all_pages(client, "/api/requests/", {})
        assert sorted((r["document"]["slug"], r["number"]) for r in rows) == [
            ("invented-letter", "1"),
            ("invented-telegram", "1"),
            ("invented-telegram", "2"),
        ]
        answers = {(r["document"]["slug"], r["number"]): r["answered_by"] for r in rows}
        assert answers[("invented-telegram", "1")] == "invented-letter"
        assert answers[("invented-telegram", "2")] is None
        assert rows[0]["anchor"] == "request-1"

    def test_query_count(self, client, db, django_assert_num_queries):
        person = make_person("Invented Person")
        for n in range(6):
            make_request(make_document(f"Invented {n}"), asked_by=person, asked_of=person)
        with django_assert_num_queries(2):  # count + page
            client.get("/api/requests/")


BAD_PARAMETERS = [
    ("/api/documents/", {"page_size": "1000"}, "page_size"),
    ("/api/documents/", {"page_size": "0"}, "page_size"),
    ("/api/documents/", {"page_size": "ten"}, "page_size"),
    ("/api/documents/", {"page": "-1"}, "page"),
    ("/api/documents/", {"page": "x"}, "page"),
    ("/api/documents/", {"date_from": "last tuesday"}, "date_from"),
    ("/api/documents/", {"doc_type": "novel"}, "doc_type"),
    ("/api/documents/", {"sort": "evil"}, "sort"),
    ("/api/documents/", {"colour": "red"}, "colour"),
    ("/api/people/", {"page_size": "-5"}, "page_size"),
    ("/api/people/", {"junk": "\x00"}, "junk"),
    ("/api/requests/", {"page": "0"}, "page"),
    ("/api/requests/", {"nonsense": "1"}, "nonsense"),
    ("/api/documents/", {"has_requests": "yes"}, "has_requests"),
    ("/api/documents/", {"has_requests": "maybe"}, "has_requests"),
    ("/api/documents/", {"page": "0"}, "page"),
    ("/api/documents/", {"date_from": "1953", "date_to": "1950"}, "date_from"),
    ("/api/documents/", {"date_from": "1952-08-01", "date_to": "1952-07"}, "date_from"),
    ("/api/requests/", {"date_from": "1953", "date_to": "1950-12-31"}, "date_from"),
    ("/api/documents/", {"person": "x" * 121}, "person"),
    ("/api/requests/", {"asked_by": "Nobody At All"}, "asked_by"),
]


@pytest.mark.parametrize(("url", "params", "parameter"), BAD_PARAMETERS)
def test_bad_parameters_answer_400_naming_the_parameter(client, catalogue, url, params, parameter):
    params = {k: v for k, v in params.items()}
    response = client.get(url, params)
    assert response.status_code == 400
    data = response.json()
    assert parameter in data["errors"]
    assert data["detail"].startswith(parameter)


def test_a_backwards_date_range_names_both_parameters(client, catalogue):
    data = client.get("/api/documents/", {"date_from": "1953", "date_to": "1950"}).json()
    assert set(data["errors"]) == {"date_from", "date_to"}
    for messages in data["errors"].values():
        assert "date_from" in messages[0] and "date_to" in messages[0]
    # A range within one period is not backwards.
    ok = client.get("/api/documents/", {"date_from": "1950-07-15", "date_to": "1950-07"})
    assert slugs(ok) == ["invented-letter"]


@pytest.mark.parametrize(("value", "expected"), [("1", True), ("0", False), ("TRUE", True)])
def test_has_requests_takes_true_false_1_and_0(client, catalogue, value, expected):
    with_requests = {"invented-letter", "invented-telegram"}
    found = set(slugs(client.get("/api/documents/", {"has_requests": value})))
    assert found == (with_requests if expected else {"invented-memo"})


def test_a_page_past_the_end_is_not_found(client, catalogue):
    response = client.get("/api/documents/", {"page": 99})
    assert response.status_code == 404
    assert response.json()["errors"] == {"page": ["99 is past the last page (1)."]}


def test_junk_query_strings_never_500(client, catalogue):
    junk = ["%00", "%ff%fe", "'; DROP TABLE", "<script>", "9" * 400, "1e309", "-0", " "]
    for url in ("/api/documents/", "/api/people/", "/api/requests/"):
        for name in ["page", "page_size", *DocumentFilter.base_filters]:
            for value in junk:
                response = client.get(f"{url}?{name}={value}")
                assert response.status_code in (200, 400, 404), (url, name, value)


class TestCrossOrigin:
    @pytest.mark.parametrize(
        "url",
        ["/api/", "/api/documents/", "/api/documents/invented-letter/", "/api/openapi.json"],
    )
    def test_gets_allow_any_origin(self, client, catalogue, url):
        response = client.get(url, HTTP_ORIGIN="https://elsewhere.example")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_errors_too(self, client, catalogue):
        assert client.get("/api/documents/nope/")["Access-Control-Allow-Origin"] == "*"
        assert client.get("/api/documents/?page=x")["Access-Control-Allow-Origin"] == "*"

    def test_preflight(self, client, catalogue):
        response = client.options("/api/documents/", HTTP_ORIGIN="https://elsewhere.example")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"

    def test_read_only(self, client, catalogue):
        for method in (client.post, client.put, client.delete, client.patch):
            response = method("/api/documents/invented-letter/")
            assert response.status_code == 405
            assert "read-only" in response.json()["detail"]
        assert Document.objects.filter(slug="invented-letter").exists()


def test_index_lists_the_ways_in(client, db):
    data = client.get("/api/").json()
    assert data["openapi"] == "http://testserver/api/openapi.json"
    assert data["oai_pmh"] == "http://testserver/oai/?verb=Identify"
