"""export_catalogue (JSON, CSV), import_catalogue round trip, and the synthetic corpus."""

import csv
import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from catalogue.models import Document, Person, Status
from catalogue.serializers import document_to_dict

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "seeds" / "000_fffce33f7251ed7a.txt"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
DOCUMENT_KEYS = {
    "slug",
    "title",
    "doc_type",
    "reference_numbers",
    "date",
    "transmission",
    "urgency",
    "place",
    "author",
    "sender",
    "recipients",
    "enclosure",
    "requests",
    "people_mentioned",
    "text",
    "summary",
    "status",
    "warnings",
    "source",
}


def export(*args):
    out = StringIO()
    call_command("export_catalogue", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def catalogue(tmp_path):
    for name in ("invented_telegram.txt", "invented_unknown.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    call_command("import_seeds", str(SEED), str(tmp_path), stdout=StringIO(), stderr=StringIO())
    return tmp_path


def test_json_export_has_the_documented_keys(catalogue):
    data = json.loads(export())
    assert set(data) == {"documents", "people", "places"}
    seed = next(d for d in data["documents"] if d["slug"] == "1952-07-17-ciphered-telegram-502597")
    assert set(seed) >= DOCUMENT_KEYS
    assert seed["reference_numbers"] == ["502597/sh", "2250"]
    assert seed["transmission"][0]["at"] == "1952-07-17T18:45"
    assert set(seed["transmission"][0]) >= {"event", "at", "by", "place"}
    assert set(seed["recipients"][0]) >= {
        "name",
        "slug",
        "as_written",
        "role",
        "copies",
        "position",
    }
    assert set(seed["enclosure"]) >= {"doc_type", "author", "addressee", "date", "place"}
    assert set(seed["requests"][0]) >= {
        "number",
        "summary",
        "text",
        "category",
        "status",
        "quantities",
    }
    assert seed["source"]["file"] == "seeds/000_fffce33f7251ed7a.txt"
    assert len(seed["source"]["sha256"]) == 64
    assert any(p["slug"] == "stalin" for p in data["people"])


def test_enclosure_lists_who_else_it_went_to_without_a_query(catalogue, django_assert_num_queries):
    document = Document.objects.for_detail().get(slug="1952-07-17-ciphered-telegram-502597")
    with django_assert_num_queries(0):
        data = document_to_dict(document)
    [mao] = data["enclosure"]["also_sent_to"]
    assert mao["name"] == "Mao Zedong" and mao["slug"] == "mao-zedong"
    assert "MAO ZEDONG" in mao["as_written"].upper()
    assert data["recipients"][-1]["role"] == "also_sent_to"
    other = Document.objects.for_detail().exclude(pk=document.pk).first()
    assert document_to_dict(other)["enclosure"] is None


def test_csv_export_does_not_count_the_enclosures_other_addressee_as_a_copy(catalogue):
    rows = list(csv.DictReader(StringIO(export("--format", "csv"))))
    seed = next(r for r in rows if r["slug"] == "1952-07-17-ciphered-telegram-502597")
    assert "Mao Zedong (enclosure also sent to)" in seed["recipients"]
    assert seed["copies"] == "14"


def test_export_costs_a_fixed_number_of_queries(catalogue, django_assert_max_num_queries):
    # Documents and their prefetches (references decided by archivists, places named), the
    # people with who changed them last, the places with their spellings and redirects:
    # fixed, whatever the number of rows.
    with django_assert_max_num_queries(13):
        export()


def test_csv_export_one_row_per_document(catalogue, tmp_path):
    target = tmp_path / "out.csv"
    export("--format", "csv", "--output", str(target))
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == Document.objects.count() == 3
    seed = next(r for r in rows if r["slug"] == "1952-07-17-ciphered-telegram-502597")
    assert seed["reference_numbers"] == "502597/sh; 2250"
    # 2 addressees + 11 copies + the copy forwarded to the 8th Administration
    assert seed["copies"] == "14"
    assert "Joseph Stalin (2)" in seed["recipients"]


def test_round_trip_restore_keeps_archivists_edits(catalogue, tmp_path):
    doc = Document.objects.get(slug="1952-07-17-ciphered-telegram-502597")
    doc.summary = "An archivist's summary."
    doc.status = Status.PUBLISHED
    doc.save()
    request = doc.requests.get(number="4")
    request.status = "refused"
    request.save()
    before = export()
    target = tmp_path / "export.json"
    target.write_text(before)
    Document.objects.all().delete()
    Person.objects.all().delete()
    call_command("import_catalogue", str(target), stdout=StringIO())
    after = export()
    assert json.loads(after) == json.loads(before)
    restored = Document.objects.get(slug=doc.slug)
    assert restored.summary == "An archivist's summary."
    assert restored.imported_values == doc.imported_values
    # A later import of the unchanged seed finds it by hash and changes nothing.
    out = StringIO()
    call_command("import_seeds", str(SEED), stdout=out, stderr=StringIO())
    assert "unchanged 1" in out.getvalue()


def test_restore_refuses_a_non_empty_database(catalogue, tmp_path):
    target = tmp_path / "export.json"
    target.write_text(export())
    with pytest.raises(CommandError, match="not empty"):
        call_command("import_catalogue", str(target), stdout=StringIO())


def test_restore_names_a_bad_document_and_writes_nothing(catalogue, tmp_path):
    data = json.loads(export())
    slug = data["documents"][0]["slug"]
    del data["documents"][0]["title"]
    target = tmp_path / "export.json"
    target.write_text(json.dumps(data))
    Document.objects.all().delete()
    Person.objects.all().delete()
    with pytest.raises(CommandError, match=rf"export.json: document 1 \({slug}\): KeyError"):
        call_command("import_catalogue", str(target), stdout=StringIO())
    assert not Document.objects.exists() and not Person.objects.exists()


def test_restore_refuses_a_file_that_is_not_an_export(tmp_path):
    target = tmp_path / "x.json"
    target.write_text("[1, 2")
    with pytest.raises(CommandError, match="x.json: not JSON"):
        call_command("import_catalogue", str(target), stdout=StringIO())


def test_synthetic_corpus_is_deterministic_and_marked(tmp_path):
    call_command("make_synthetic_corpus", count=8, seed=3, output=str(tmp_path / "a"), verbosity=0)
    call_command("make_synthetic_corpus", count=8, seed=3, output=str(tmp_path / "b"), verbosity=0)
    call_command("make_synthetic_corpus", count=8, seed=4, output=str(tmp_path / "c"), verbosity=0)
    a = sorted((tmp_path / "a").iterdir())
    assert len(a) == 8 and all(p.name.startswith("synthetic_") for p in a)
    assert [p.read_bytes() for p in a] == [
        p.read_bytes() for p in sorted((tmp_path / "b").iterdir())
    ]
    assert [p.read_bytes() for p in a] != [
        p.read_bytes() for p in sorted((tmp_path / "c").iterdir())
    ]
    assert all("SYNTHETIC" in p.read_text() for p in a)
    call_command("import_seeds", str(tmp_path / "a"), stdout=StringIO(), stderr=StringIO())
    assert Document.objects.filter(synthetic=True).count() == 8
    layouts = set(Document.objects.values_list("doc_type", flat=True))
    assert len(layouts) >= 3


def test_synthetic_corpus_never_goes_into_the_seeds_folder():
    with pytest.raises(CommandError, match="inside the seeds folder"):
        call_command(
            "make_synthetic_corpus",
            count=1,
            output=str(Path(settings.SEEDS_DIR) / "generated"),
            stdout=StringIO(),
        )
    assert not (Path(settings.SEEDS_DIR) / "generated").exists()


def test_round_trip_keeps_place_links_and_archivists_places(catalogue, tmp_path):
    """A document's place of origin and the places it names, a place and a spelling an
    archivist made, and the redirect a merge left, all come back from an export."""
    from catalogue.merge import merge_places
    from catalogue.models import Place, PlaceName, PlaceRedirect

    hamlet = Place.objects.create(slug="invented-hamlet", name="Invented Hamlet", kind="village")
    PlaceName.objects.create(place=hamlet, name="Invented Hamlet")
    PlaceName.objects.create(place=hamlet, name="Invented Hamlett")
    duplicate = Place.objects.create(slug="invented-hamlet-2", name="Hamlet (duplicate)")
    merge_places(hamlet, [duplicate], None)
    document = Document.objects.get(slug="1952-07-17-ciphered-telegram-502597")
    document.origin_place = hamlet
    document.save()
    document.places_mentioned.add(hamlet)
    mentioned = sorted(document.places_mentioned.values_list("slug", flat=True))
    assert len(mentioned) >= 2  # the importer's own links are kept beside the archivist's
    before = export()
    data = json.loads(before)
    exported = next(d for d in data["documents"] if d["slug"] == document.slug)
    assert exported["origin_place"] == {"slug": "invented-hamlet", "name": "Invented Hamlet"}
    assert [p["slug"] for p in exported["places_mentioned"]] == mentioned
    place = next(p for p in data["places"] if p["slug"] == "invented-hamlet")
    assert place["names"] == ["Hamlet (duplicate)", "Invented Hamlet", "Invented Hamlett"]
    assert place["redirects"] == ["invented-hamlet-2"]

    target = tmp_path / "export.json"
    target.write_text(before, encoding="utf-8")
    Document.objects.all().delete()
    Person.objects.all().delete()
    # A place the export does not hold (deleted since, or merged away) does not come back.
    Place.objects.create(slug="not-exported", name="Not exported")
    call_command("import_catalogue", str(target), stdout=StringIO())
    assert json.loads(export()) == data
    restored = Document.objects.get(slug=document.slug)
    assert restored.origin_place.slug == "invented-hamlet"
    assert sorted(restored.places_mentioned.values_list("slug", flat=True)) == mentioned
    assert PlaceRedirect.objects.get(old_slug="invented-hamlet-2").place.slug == hamlet.slug
    assert not Place.objects.filter(slug="not-exported").exists()
    # Search finds the document by the archivist's spelling.
    assert restored in Document.objects.search("Hamlett")


def test_an_export_without_places_still_restores(catalogue, tmp_path):
    data = json.loads(export())
    del data["places"]
    for document in data["documents"]:
        del document["origin_place"], document["places_mentioned"]
    target = tmp_path / "export.json"
    target.write_text(json.dumps(data), encoding="utf-8")
    Document.objects.all().delete()
    Person.objects.all().delete()
    call_command("import_catalogue", str(target), stdout=StringIO())
    assert Document.objects.count() == len(data["documents"])
