"""Large filtered results (DocumentListView.large_result): a person or a period in more than
BROAD_SEARCH documents keeps its exact total, and its facets are counted in a sample of the
result and scaled, which the page says. Smaller results are counted whole, as before."""

import pytest

from catalogue.models import Document, Status
from catalogue.search import estimate
from tests.factories import make_document, make_person, make_recipient

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(monkeypatch):
    """A person in seven published documents (more than a lowered BROAD_SEARCH of four) in
    1950-1951, another in two, and a draft that counts nowhere."""
    monkeypatch.setattr(estimate, "BROAD_SEARCH", 4)
    subject, other = make_person("Subject Person"), make_person("Other Person")
    for i in range(7):
        document = make_document(
            f"Letter {i}", author=subject, date=f"{1950 + i % 2}-0{1 + i}-01", doc_type="letter"
        )
        if i < 2:
            make_recipient(document, other)
    make_document("Enclosing", enclosure_author=subject, date="1952", doc_type="report")
    make_document("Draft", author=subject, status=Status.DRAFT, date="1950")
    return {"subject": subject, "other": other}


def test_a_person_in_many_documents_keeps_the_exact_total(client, catalogue):
    response = client.get("/documents/", {"person": catalogue["subject"].slug})
    assert response.status_code == 200
    context = response.context
    # From the kept counts: the enclosure's author is one of its people too.
    assert context["total"] == 8
    assert context["estimated"] is False
    assert context["facets"]["sampled_from"] == 4
    assert "estimated from 4 of these documents." in response.content.decode()
    assert "too many documents to rank" not in response.content.decode()
    assert len(context["page_obj"].object_list) == 8
    # Scaled from the sample of four to the total of eight.
    assert sum(count for _, _, count in context["facets"]["doc_type"]) == 8


def test_the_page_says_when_the_people_are_counted_in_fewer(client, catalogue, monkeypatch):
    from catalogue.views import documents

    monkeypatch.setattr(documents, "SAMPLED_PEOPLE", 2)
    response = client.get("/documents/", {"person": catalogue["subject"].slug})
    assert "estimated from 4 of these documents (the leading people from 2)." in (
        response.content.decode()
    )
    # Scaled from the two documents they were counted in: the subject is in both.
    assert response.context["facets"]["people"][0][2] == 8


def test_a_role_takes_its_own_kept_count(client, catalogue):
    response = client.get("/documents/", {"person": catalogue["subject"].slug, "role": "author"})
    assert response.context["total"] == 7
    assert response.context["facets"]["sampled_from"] == 4


def test_a_person_in_few_documents_is_counted_whole(client, catalogue):
    response = client.get("/documents/", {"person": catalogue["other"].slug})
    context = response.context
    assert context["total"] == 2
    assert "sampled_from" not in context["facets"]
    assert "of these documents" not in response.content.decode()


def test_a_long_period_keeps_its_exact_total(client, catalogue):
    response = client.get("/documents/", {"date_from": "1950", "date_to": "1951"})
    context = response.context
    assert context["total"] == 7
    assert context["facets"]["sampled_from"] == 4
    assert context["estimated"] is False


def test_parameters_in_error_alone_keep_the_whole_catalogues_exact_figures(client, catalogue):
    response = client.get("/documents/", {"date_from": "garbage"})
    assert response.status_code == 200
    facets = response.context["facets"]
    assert facets["total"] == 8 and "sampled_from" not in facets
    assert response.context["filter_errors"]


def test_other_filters_are_counted_whole(client, catalogue):
    response = client.get("/documents/", {"doc_type": "letter"})
    assert response.context["total"] == 7
    assert "sampled_from" not in response.context["facets"]


def test_query_count_of_a_large_person_is_pinned(client, catalogue, django_assert_num_queries):
    url = f"/documents/?person={catalogue['subject'].slug}"
    client.get(url)
    # person (with the kept total), first matches, types and years, people, archives, page,
    # addressees
    with django_assert_num_queries(7):
        client.get(url)


def test_among_limits_to_the_keys_given_as_one_parameter(catalogue):
    keys = list(Document.objects.order_by("pk").values_list("pk", flat=True)[:3])
    assert sorted(estimate.among(Document.objects.all(), keys).values_list("pk", flat=True)) == (
        keys
    )
    assert not estimate.among(Document.objects.all(), []).exists()
