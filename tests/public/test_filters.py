"""Filters and facets of the public lists; the same tests run on SQLite and PostgreSQL."""

import pytest
from django.http import QueryDict

from catalogue.filters import DocumentFilter, PersonFilter, RequestFilter, facets
from catalogue.models import Document, PersonName, PersonRedirect, Status
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


def indexed(title, **fields):
    document = make_document(title, **fields)
    Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
    return document


def listed(params, filterset_class=DocumentFilter, attribute="title"):
    filterset = filterset_class(QueryDict(params))
    assert filterset.is_valid(), filterset.errors
    return [getattr(row, attribute) for row in filterset.qs]


def errors(params, filterset_class=DocumentFilter):
    filterset = filterset_class(QueryDict(params))
    assert not filterset.is_valid()
    list(filterset.qs)  # an invalid parameter must still never make the query fail
    return filterset.errors


@pytest.fixture
def dated():
    indexed("Early 1952", date="1952-01-05")
    indexed("Mid July 1952", date="1952-07-17")
    indexed("Some time in July 1952", date="1952-07")
    indexed("Some time in 1952", date="1952")
    indexed("Last day of 1952", date="1952-12-31")
    indexed("New year 1953", date="1953-01-01")
    indexed("Undated", date=None)


class TestDocumentFilterDates:
    def test_year_bounds_cover_the_whole_year(self, dated):
        assert listed("date_from=1952&date_to=1952&sort=date") == [
            "Some time in 1952",
            "Early 1952",
            "Some time in July 1952",
            "Mid July 1952",
            "Last day of 1952",
        ]

    def test_month_bounds_and_partial_dates_overlap(self, dated):
        assert listed("date_from=1952-07-10&date_to=1952-07") == [
            "Some time in 1952",
            "Some time in July 1952",
            "Mid July 1952",
        ]

    def test_a_month_bound_still_finds_the_year_dated_only(self, dated):
        assert listed("date_from=1952-07&sort=date") == [
            "Some time in 1952",
            "Some time in July 1952",
            "Mid July 1952",
            "Last day of 1952",
            "New year 1953",
        ]

    def test_a_bound_on_the_first_of_a_year_is_one_range_of_dates(self, dated):
        # No precision to test: the date index alone answers it (on SQLite an OR of ranges
        # was one index walk per term, each reading the table for the precision).
        filterset = DocumentFilter(QueryDict("date_from=1952&date_to=1952"))
        assert filterset.is_valid()
        where = str(filterset.qs.query).split(" WHERE ", 1)[1]
        assert "date" in where
        assert "date_precision" not in where

    def test_day_bounds(self, dated):
        assert listed("date_from=1952-12-31") == [
            "Some time in 1952",
            "Last day of 1952",
            "New year 1953",
        ]

    @pytest.mark.parametrize("value", ["1952-13", "July", "52", "1952-02-30", "1952/07", "x" * 500])
    @pytest.mark.parametrize("name", ["date_from", "date_to"])
    def test_bad_date_is_a_form_error_naming_the_parameter(self, dated, name, value):
        found = errors(f"{name}={value}")
        assert list(found) == [name]
        assert "YYYY" in found[name][0]


class TestDocumentFilterPeople:
    @pytest.fixture
    def cast(self):
        kim = make_person("Kim Il Sung", slug="kim")
        stalin = make_person("Joseph Stalin", slug="stalin")
        wrote = indexed("Kim wrote", author=kim)
        indexed("Kim sent", sender=kim)
        to = indexed("To Kim")
        make_recipient(to, kim, role="addressee")
        make_recipient(to, stalin, role="copy")
        copy = indexed("Copy to Kim")
        make_recipient(copy, kim, role="copy")
        make_recipient(copy, kim, role="distribution", position=5)
        about = indexed("About Kim")
        about.people_mentioned.add(kim)
        wrote.people_mentioned.add(kim)
        indexed("Nobody")
        return kim

    @pytest.mark.parametrize(
        ("role", "expected"),
        [
            ("author", ["Kim wrote"]),
            ("sender", ["Kim sent"]),
            ("addressee", ["To Kim"]),
            ("copy", ["Copy to Kim"]),
            ("mentioned", ["About Kim", "Kim wrote"]),
            ("any", ["About Kim", "Copy to Kim", "Kim sent", "Kim wrote", "To Kim"]),
            ("", ["About Kim", "Copy to Kim", "Kim sent", "Kim wrote", "To Kim"]),
        ],
    )
    def test_person_and_role_without_duplicates(self, cast, role, expected):
        assert listed(f"person=kim&role={role}&sort=title") == expected

    def test_old_slug_after_a_merge(self, cast):
        PersonRedirect.objects.create(old_slug="kim-il-song", person=cast)
        filterset = DocumentFilter(QueryDict("person=kim-il-song&role=author"))
        assert [d.title for d in filterset.qs] == ["Kim wrote"]
        assert filterset.selected_person == cast

    def test_unknown_person_is_a_form_error(self, cast):
        assert "No person" in errors("person=nobody-at-all")["person"][0]

    def test_bad_role_is_a_form_error(self, cast):
        assert list(errors("person=kim&role=king")) == ["role"]

    def test_pseudonym_search_finds_documents_to_the_person(self):
        stalin = make_person("Joseph Stalin", slug="stalin")
        PersonName.objects.create(person=stalin, name="Filippov", normalised="filippov")
        document = make_document("To the chairman")
        make_recipient(document, stalin)
        Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())
        indexed("Elsewhere")
        assert listed("q=Filippov") == ["To the chairman"]


class TestDocumentFilterOthers:
    def test_drafts_are_never_listed(self):
        indexed("Published wheat")
        indexed("Draft wheat", status=Status.DRAFT)
        assert listed("") == ["Published wheat"]
        assert listed("q=wheat") == ["Published wheat"]
        assert DocumentFilter(QueryDict(""), queryset=Document.objects.all()).qs.count() == 1

    def test_type_place_urgency(self):
        indexed("A", doc_type="letter", place="Moscow", urgency="Extremely Urgent")
        indexed("B", doc_type="telegram", place="Moscow")
        indexed("C", doc_type="memorandum", place="Beijing")
        assert listed("doc_type=letter&doc_type=telegram&sort=title") == ["A", "B"]
        assert listed("place=moscow&sort=title") == ["A", "B"]
        assert listed("urgency=extremely urgent") == ["A"]
        assert list(errors("doc_type=poem")) == ["doc_type"]

    def test_requests_and_their_category(self):
        armed = indexed("Armed")
        make_request(armed, category="air_defence")
        make_request(armed, category="air_defence", summary="More")
        fed = indexed("Fed")
        make_request(fed, category="economic_aid")
        indexed("Asks nothing")
        assert listed("has_requests=true&sort=title") == ["Armed", "Fed"]
        assert listed("has_requests=false") == ["Asks nothing"]
        assert listed("request_category=air_defence") == ["Armed"]
        assert list(errors("request_category=bombs")) == ["request_category"]

    def test_sorting(self):
        indexed("Beta", date="1950")
        indexed("Alpha", date="1951-03-02")
        indexed("Gamma wheat", date="1949", text="wheat wheat wheat wheat")
        indexed("Delta", date="1952", text="Only one wheat among many other invented words.")
        # Relevance weighs rare words: without other documents "wheat" would say nothing.
        for n in range(6):
            indexed(f"Filler {n}", date=None, status=Status.DRAFT)
        assert listed("") == ["Gamma wheat", "Beta", "Alpha", "Delta"]
        assert listed("sort=-date") == ["Delta", "Alpha", "Beta", "Gamma wheat"]
        assert listed("sort=title") == ["Alpha", "Beta", "Delta", "Gamma wheat"]
        assert listed("q=wheat") == ["Gamma wheat", "Delta"]
        assert listed("q=wheat&sort=-date") == ["Delta", "Gamma wheat"]
        # Relevance means nothing without a search: date order instead of an error.
        assert listed("sort=relevance") == ["Gamma wheat", "Beta", "Alpha", "Delta"]
        assert list(errors("sort=colour")) == ["sort"]

    def test_filters_combine(self):
        kim = make_person("Kim Il Sung", slug="kim")
        match = indexed("Wheat from Kim", author=kim, date="1952-07-01", doc_type="letter")
        make_request(match, category="economic_aid")
        indexed("Wheat from Kim, too late", author=kim, date="1953", doc_type="letter")
        indexed("Wheat from someone else", date="1952-07-01", doc_type="letter")
        params = (
            "q=wheat&person=kim&role=author&date_from=1952&date_to=1952&doc_type=letter"
            "&has_requests=1&request_category=economic_aid"
        )
        assert listed(params) == ["Wheat from Kim"]

    @pytest.mark.parametrize("q", ["*", "-wheat", '"', "OR OR"])
    def test_unsearchable_query_is_a_form_error(self, q):
        indexed("Wheat")
        assert list(errors(f"q={q}")) == ["q"]

    def test_junk_parameters_never_fail(self):
        indexed("Wheat")
        junk = "q=%00%22(&date_from=%FF&person=%3Cb%3E&role=*&sort=&doc_type=&page=x&unknown=1"
        filterset = DocumentFilter(QueryDict(junk))
        filterset.is_valid()
        list(filterset.qs)

    def test_query_count(self, django_assert_num_queries):
        kim = make_person("Kim Il Sung", slug="kim")
        for n in range(30):
            indexed(f"Wheat {n}", author=kim)
        filterset = DocumentFilter(QueryDict("q=wheat&person=kim&date_from=1952"))
        # One query resolves the person's slug; a capped count tells a broad search
        # (catalogue/search/estimate.py); then a count and a page.
        with django_assert_num_queries(4):
            queryset = filterset.qs.for_list()
            assert queryset.count() == 30
            assert len(list(queryset[:25])) == 25


class TestFacets:
    @pytest.fixture
    def result(self):
        kim = make_person("Kim Il Sung", slug="kim")
        stalin = make_person("Joseph Stalin", slug="stalin")
        mao = make_person("Mao Zedong", slug="mao")
        for n, (doc_type, date) in enumerate(
            [("letter", "1950"), ("letter", "1951-02"), ("telegram", "1951-03-04")]
        ):
            document = indexed(f"Wheat {n}", doc_type=doc_type, date=date, author=kim, sender=kim)
            make_recipient(document, stalin)
            make_recipient(document, stalin, role="copy", position=4)
        make_recipient(document, mao)
        indexed("Wheat undated", date=None, doc_type="memorandum")
        indexed("Draft wheat", status=Status.DRAFT, author=mao)
        indexed("Coal", author=mao)

    @pytest.mark.parametrize("params", ["q=wheat", "doc_type=letter&doc_type=telegram"])
    def test_counts_of_the_current_result(self, result, params, django_assert_num_queries):
        queryset = DocumentFilter(QueryDict(params)).qs
        # Total, types and years in one pass over the result; the people in another.
        with django_assert_num_queries(2):
            counts = facets(queryset)
        wheat = params.startswith("q=")
        assert counts["total"] == (4 if wheat else 3)
        assert counts["doc_type"] == [
            ("letter", "Letter", 2),
            *([("memorandum", "Memorandum", 1)] if wheat else []),
            ("telegram", "Telegram", 1),
        ]
        assert counts["year"] == [(1950, "1950", 1), (1951, "1951", 2)]
        # A person twice in a document (author and sender, addressee and copy) counts once.
        assert counts["people"] == [
            ("stalin", "Joseph Stalin", 3),
            ("kim", "Kim Il Sung", 3),
            ("mao", "Mao Zedong", 1),
        ]

    def test_leading_ten_only(self):
        for n in range(12):
            person = make_person(f"Person {n:02d}", slug=f"p{n}")
            for _ in range(n + 1):
                make_recipient(indexed("Wheat"), person)
        people = facets(DocumentFilter(QueryDict("q=wheat")).qs)["people"]
        assert [slug for slug, _, _ in people] == [f"p{n}" for n in range(11, 1, -1)]


class TestRequestFilter:
    def test_filters(self):
        kim = make_person("Kim Il Sung", slug="kim")
        stalin = make_person("Joseph Stalin", slug="stalin")
        early = indexed("Early", date="1951-02")
        late = indexed("Late", date="1952-07-17")
        draft = indexed("Draft", status=Status.DRAFT)
        make_request(early, summary="Planes", category="air_defence", asked_by=kim, asked_of=stalin)
        make_request(late, summary="Wheat", category="economic_aid", asked_by=kim, status="granted")
        make_request(draft, summary="Secret", asked_by=kim)
        summaries = lambda params: sorted(listed(params, RequestFilter, "summary"))  # noqa: E731
        assert summaries("") == ["Planes", "Wheat"]
        assert summaries("asked_by=kim") == ["Planes", "Wheat"]
        assert summaries("asked_of=stalin") == ["Planes"]
        assert summaries("category=economic_aid") == ["Wheat"]
        assert summaries("status=granted") == ["Wheat"]
        assert summaries("date_from=1952") == ["Wheat"]
        assert summaries("date_to=1951") == ["Planes"]
        assert list(errors("date_to=1951-99", RequestFilter)) == ["date_to"]
        assert list(errors("asked_by=nobody", RequestFilter)) == ["asked_by"]


class TestPersonFilter:
    def test_any_name_with_case_and_diacritics_folded(self):
        bierut = make_person("Bolesław Bierut", slug="bierut", sort_name="Bierut, Bolesław")
        PersonName.objects.create(
            person=bierut, name="Boleslaw Bierut", normalised="boleslaw bierut"
        )
        stalin = make_person("Joseph Stalin", slug="stalin", sort_name="Stalin, Joseph")
        PersonName.objects.create(person=stalin, name="Filippov", normalised="filippov")
        PersonName.objects.create(person=stalin, name="Fyn Si", normalised="fyn si")
        make_person("Mao Zedong", slug="mao", sort_name="Mao Zedong")
        assert listed("q=FILIPPOV", PersonFilter, "slug") == ["stalin"]
        assert listed("q=fyn", PersonFilter, "slug") == ["stalin"]
        assert listed("q=bolesław", PersonFilter, "slug") == ["bierut"]
        assert listed("q=BOLESLAW", PersonFilter, "slug") == ["bierut"]
        assert listed("q=", PersonFilter, "slug") == ["bierut", "mao", "stalin"]

    def test_one_person_with_many_matching_names_is_listed_once(self):
        stalin = make_person("Joseph Stalin", slug="stalin")
        for name in ["Stalin", "I.V. Stalin", "J.V. Stalin"]:
            PersonName.objects.create(person=stalin, name=name, normalised=name.lower())
        assert listed("q=stalin", PersonFilter, "slug") == ["stalin"]


def test_people_facet_counts_a_sample_of_a_large_result(monkeypatch):
    import catalogue.filters

    monkeypatch.setattr(catalogue.filters, "PEOPLE_FACET_SAMPLE", 2)
    kim = make_person("Kim Il Sung", slug="kim")
    for n in range(3):
        indexed(f"Wheat {n}", author=kim)
    counts = facets(DocumentFilter(QueryDict("q=wheat")).qs)
    assert counts["people_sampled"] is True
    assert counts["people"] == [("kim", "Kim Il Sung", 2)]
