"""Inputs that used to answer 500: each now answers 200 or a clear 4xx."""

import pytest

from tests.factories import make_document, make_person, make_recipient, make_request


@pytest.fixture
def small_catalogue(db):
    person = make_person("Invented Person", slug="invented-person")
    document = make_document("Invented telegram", slug="invented-telegram", date="1951-12")
    make_recipient(document, person)
    make_request(document, category="materiel")
    make_document("Invented letter, end of time", slug="far-future", date="9999-12-31")
    return document


@pytest.mark.parametrize("url", ["/documents/", "/requests/", "/api/documents/", "/api/requests/"])
@pytest.mark.parametrize("value", ["9999-12", "9999", "9999-12-31"])
def test_date_to_at_the_end_of_the_calendar(client, small_catalogue, url, value):
    response = client.get(url, {"date_to": value})
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert response.json()["count"] >= 1


@pytest.mark.parametrize("url", ["/documents/", "/api/documents/"])
def test_date_to_9999_12_includes_the_last_day(client, small_catalogue, url):
    response = client.get(url, {"date_from": "9999-12", "date_to": "9999-12"})
    assert response.status_code == 200
    assert b"far-future" in response.content


def test_period_end_of_every_month():
    import datetime

    from catalogue.filters import _period_end
    from catalogue.models import DatePrecision

    assert _period_end(datetime.date(9999, 12, 1), DatePrecision.MONTH) == datetime.date(
        9999, 12, 31
    )
    assert _period_end(datetime.date(1952, 2, 1), DatePrecision.MONTH) == datetime.date(1952, 2, 29)
    assert _period_end(datetime.date(1953, 2, 1), DatePrecision.MONTH) == datetime.date(1953, 2, 28)
    assert _period_end(datetime.date(1952, 7, 17), DatePrecision.DAY) == datetime.date(1952, 7, 17)


@pytest.mark.parametrize(
    "url",
    [
        "/api/documents/invented%00telegram/",
        "/api/people/%00/",
        "/api/documents/%00/",
    ],
)
def test_nul_in_an_api_slug_is_a_json_404(client, small_catalogue, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": {}}
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/documents/a%00b/", "/people/%00/", "/downloads/%00.csv"])
def test_nul_in_a_public_path_is_a_404(client, small_catalogue, url):
    assert client.get(url).status_code == 404
