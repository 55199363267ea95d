"""CSV cells a spreadsheet would run as formulas are written as text (OWASP's rule)."""

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command

from catalogue import csvsafe
from tests.factories import make_document, make_person, make_recipient


@pytest.mark.parametrize(
    "value, written",
    [
        ('=HYPERLINK("http://example.org")', '\'=HYPERLINK("http://example.org")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        # Anything else is left as it is.
        ("Ciphered telegram", "Ciphered telegram"),
        ("a=b", "a=b"),
        ("", ""),
        (" =1", " =1"),
        ("'=1", "'=1"),
        (-5, -5),
        (3, 3),
        (None, None),
        (True, True),
    ],
)
def test_neutralise(value, written):
    assert csvsafe.neutralise(value) == written


def test_writer_neutralises_every_cell_and_quotes_as_csv_does():
    out = io.StringIO()
    writer = csvsafe.writer(out)
    writer.writerow(["=1+1", "plain", 7, 'say "@x", then'])
    writer.writerows([["-1", "+1"]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'=1+1", "plain", "7", 'say "@x", then'], ["'-1", "'+1"]]


@pytest.fixture
def formula_catalogue(db):
    person = make_person("=cmd|' /C calc'!A0", slug="formula-person", sort_name="=cmd")
    document = make_document(
        '=HYPERLINK("http://example.org/x","Click")',
        slug="formula-document",
        place="+Moscow",
        urgency="@Urgent",
        author=person,
    )
    make_recipient(document, None, name_as_written="-File")
    return document


def test_export_catalogue_csv_neutralises_formulas(formula_catalogue):
    out = StringIO()
    call_command("export_catalogue", "--format", "csv", stdout=out)
    rows = list(csv.DictReader(StringIO(out.getvalue())))
    row = next(r for r in rows if r["slug"] == "formula-document")
    assert row["title"] == '\'=HYPERLINK("http://example.org/x","Click")'
    assert row["place"] == "'+Moscow"
    assert row["urgency"] == "'@Urgent"
    assert row["author"] == "'=cmd|' /C calc'!A0"
    assert row["recipients"] == "'-File"
    for cell in (value for r in rows for value in r.values()):
        assert not cell.startswith(csvsafe.FORMULA_STARTS), cell


def test_export_catalogue_json_is_unchanged(formula_catalogue):
    out = StringIO()
    call_command("export_catalogue", stdout=out)
    documents = json.loads(out.getvalue())["documents"]
    document = next(d for d in documents if d["slug"] == "formula-document")
    assert document["title"] == '=HYPERLINK("http://example.org/x","Click")'
    assert document["place"] == "+Moscow"


@pytest.mark.parametrize("name", ["documents", "people", "recipients", "requests", "transmission"])
def test_downloads_neutralise_formulas(client, formula_catalogue, name):
    response = client.get(f"/downloads/{name}.csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    cells = [value for row in csv.reader(StringIO(text)) for value in row]
    assert not [cell for cell in cells if cell.startswith(csvsafe.FORMULA_STARTS)]
