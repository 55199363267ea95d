"""Property test: no value of any parameter of a public or API list answers 5xx.

Every parameter of every list is first asked alone with every edge value; then hypothesis
combines them.

Each example is a query string built from a list's own parameters (read from its FilterSet,
so a new filter is fuzzed without editing this file), its pagination and one parameter it does
not know, with values drawn from hostile and edge cases (NUL, the ends of the calendar, huge
numbers, search syntax, long and non-Latin text) and arbitrary text. The test client raises
any exception a view lets out, so a 500 fails with its traceback.

The number of examples per list is bounded for CI (FUZZ_EXAMPLES, default 40) and the
examples are derandomised, so a run is repeatable; raise FUZZ_EXAMPLES for a deeper search.
"""

import os
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.api.oai import VERBS
from catalogue.filters import DocumentFilter, PersonFilter, RequestFilter
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

EDGE_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "100",
    "101",
    "99999999999999999999999",
    "1e9",
    "NaN",
    "true",
    "false",
    "unknown",
    "any",
    "1952",
    "1952-07",
    "1952-07-17",
    "1952-13",
    "1952-02-30",
    "0000",
    "0001-01",
    "0001-01-01",
    "9999",
    "9999-12",
    "9999-12-31",
    "10000",
    "-1952",
    "1952-07-17T00:00:00Z",
    "\x00",
    "a\x00b",
    "%00",
    "'",
    '"',
    "\\",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "&",
    "|",
    "!",
    ":*",
    "(",
    ")",
    "a & | b",
    '"unclosed',
    "-",
    "OR",
    "-a -b",
    "invented-person",
    "Invented Person",
    "Сталин",
    "\u202e",
    "a" * 1000,
]


def values(extra=()):
    return st.one_of(
        st.sampled_from(EDGE_VALUES + list(extra)),
        st.text(max_size=40),
        st.integers().map(str),
        # A whole date, or its year or month.
        st.builds(lambda d, n: d.isoformat()[:n], st.dates(), st.sampled_from([4, 7, 10])),
    )


def filter_parameters(filterset):
    """The FilterSet's parameter names and the choices its choice filters offer."""
    names = list(filterset.base_filters)
    choices = [
        str(value)
        for f in filterset.base_filters.values()
        for value, _label in f.extra.get("choices", ())
    ]
    return names, choices


def query_strings(names, extra_values=()):
    pair = st.tuples(st.sampled_from([*names, "unknown_parameter"]), values(extra_values))
    return st.lists(pair, max_size=5).map(urlencode)


LISTS = {
    "/documents/": (DocumentFilter, ["page"]),
    "/requests/": (RequestFilter, ["page"]),
    "/people/": (PersonFilter, ["page"]),
    "/api/documents/": (DocumentFilter, ["page", "page_size"]),
    "/api/requests/": (RequestFilter, ["page", "page_size"]),
    "/api/people/": (PersonFilter, ["page", "page_size"]),
}


@pytest.fixture
def catalogue(db):
    person = make_person("Invented Person", slug="invented-person")
    for n in range(3):
        document = make_document(
            f"Invented telegram {n}", slug=f"invented-{n}", date=f"195{n}-0{n + 1}", author=person
        )
        make_recipient(document, person)
        make_request(document, category="materiel")
    make_document("Invented undated letter", slug="invented-undated", date="")
    return person


def check(client, url):
    response = client.get(url)
    assert response.status_code < 500, url


@pytest.mark.parametrize("path", LISTS)
def test_list_parameters_never_answer_5xx(client, catalogue, path):
    filterset, pagination = LISTS[path]
    names, choices = filter_parameters(filterset)

    @FUZZ
    @given(query=query_strings(names + pagination, choices))
    def run(query):
        check(client, f"{path}?{query}")

    run()


@pytest.mark.parametrize("path", LISTS)
def test_every_parameter_with_every_edge_value(client, catalogue, path):
    """Each parameter alone with each edge value: the cases a bounded random search could miss
    (date_to=9999-12 was one), all asked every run, and every failure listed at once."""
    filterset, pagination = LISTS[path]
    names, _choices = filter_parameters(filterset)
    client.raise_request_exception = False
    failures = []
    for name in [*names, *pagination, "unknown_parameter"]:
        for value in EDGE_VALUES:
            url = f"{path}?{urlencode({name: value})}"
            if client.get(url).status_code >= 500:
                failures.append(url)
    assert failures == []


def test_person_autocomplete_never_answers_5xx(client, catalogue):
    @FUZZ
    @given(query=query_strings(["q"]))
    def run(query):
        check(client, f"/people/autocomplete/?{query}")

    run()


def test_oai_parameters_never_answer_5xx(client, catalogue):
    names = ["verb", "metadataPrefix", "identifier", "from", "until", "set", "resumptionToken"]
    extra = [*VERBS, "oai_dc", "oai:testserver:invented-0", "letter", "ciphered_telegram"]
    edge = st.sampled_from(EDGE_VALUES + extra)
    value = st.one_of(edge, st.text(max_size=40), st.dates().map(lambda d: d.isoformat()))
    pairs = st.lists(st.tuples(st.sampled_from(names), value), max_size=5)

    @FUZZ
    @given(query=pairs.map(urlencode))
    def run(query):
        check(client, f"/oai/?{query}")

    run()


@pytest.mark.parametrize("until", ["9999-12-31", "9999-12-31T23:59:59Z"])
def test_oai_until_at_the_end_of_time(client, catalogue, until):
    from lxml import etree

    response = client.get(
        "/oai/", {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": until}
    )
    assert response.status_code == 200
    error = etree.fromstring(response.content).find("{http://www.openarchives.org/OAI/2.0/}error")
    assert error is not None and error.get("code") == "badArgument"
