"""The JSON API's threads and network: published documents only, errors naming parameters."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from catalogue.models import Document, Status
from tests.factories import queries_for

pytestmark = pytest.mark.django_db

THREAD = Path(__file__).resolve().parents[1] / "fixtures" / "threads"


@pytest.fixture
def thread(tmp_path):
    for path in THREAD.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    call_command("import_seeds", str(tmp_path), stdout=StringIO())
    Document.objects.update(status=Status.PUBLISHED)
    return {d.reference_numbers[0]: d for d in Document.objects.all()}


def test_thread(client, thread):
    url = reverse("api:thread", args=[thread["4420/sh"].slug])
    data = client.get(url).json()
    slugs = [d["slug"] for d in data["documents"]]
    assert slugs[0] == thread["4401/sh"].slug  # by date
    assert set(slugs) == {d.slug for d in thread.values()}
    reply = next(d for d in data["documents"] if d["slug"] == thread["7001/sh"].slug)
    assert reply["references"] == [
        {
            "as_written": "To No. 4401/sh",
            "number": "4401/sh",
            "date": None,
            "direction": "reply_to",
            "document": thread["4401/sh"].slug,
            "status": "linked",
        }
    ]
    # the document, the walk of its links (three levels), the documents and their rows
    assert queries_for(client, url) == 8
    Document.objects.filter(pk=thread["7001/sh"].pk).update(status=Status.DRAFT)
    data = client.get(url).json()
    assert thread["7001/sh"].slug not in str(data)
    assert client.get(reverse("api:thread", args=["nothing"])).status_code == 404


def test_network(client, thread):
    url = reverse("api:network")
    data = client.get(url).json()
    edges = {(e["source"], e["target"]): e["weight"] for e in data["edges"]}
    # Filippov is Stalin's cover name in the authority file; the decision goes to Stalin too.
    assert edges[("stalin", "shtykov")] == 1
    assert edges[("shtykov", "stalin")] == 2
    assert {n["id"]: n["written"] for n in data["nodes"]}["shtykov"] == 2
    around = client.get(url, {"person": "shtykov", "first_year": "1951"}).json()
    assert {n["id"] for n in around["nodes"]} == {"stalin", "shtykov"}
    assert client.get(url, {"first_year": "x"}).status_code == 400
    # Digits that are not ASCII (isdigit() takes superscripts, int() does not).
    assert client.get(url, {"first_year": "¹⁹⁵⁰"}).status_code == 400
    assert client.get(url, {"colour": "red"}).json()["errors"] == {
        "colour": ["is not a parameter here; use first_year, last_year, person."]
    }
    assert client.get(url, {"person": "nobody-at-all"}).status_code == 400
