"""The readings of a text made beside the parser (`importer.reading`) are the ones the writer
makes itself: the people and places the authorities find and the citations, so a first import
stores the same whether its texts were read in the parsing processes or not."""

import shutil
from pathlib import Path

import pytest

from catalogue import threads
from catalogue.importer import reading
from catalogue.importer.files import fingerprint, parse_seed
from catalogue.importer.run import Importer
from catalogue.models import Document

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_fffce33f7251ed7a.txt"


@pytest.fixture
def importer():
    importer = Importer()
    importer.prepare()
    return importer


def test_a_file_is_read_only_in_a_process_forked_with_a_reader(importer, tmp_path):
    shutil.copy(SEED, tmp_path / SEED.name)
    item = fingerprint(tmp_path / SEED.name, tmp_path)
    assert reading.parse_and_read(item).reading is None
    with reading.reader_for_workers(importer.reader):
        read = reading.parse_and_read(fingerprint(tmp_path / SEED.name, tmp_path)).reading
    assert read is not None
    assert reading._worker_reader is None
    assert read == importer.reader.read(parse_seed(item))


def test_the_reading_agrees_with_what_the_stored_document_gives(importer):
    item = parse_seed(fingerprint(SEED, SEED.parent))
    read = importer.reader.read(item)
    outcomes = list(importer.import_files([item], batch_size=10))
    assert [o.result for o in outcomes] == ["created"]
    document = Document.objects.get(pk=outcomes[0].document_id)
    # The place of origin and the places mentioned, as the writer links them on an update.
    assert read.places == importer.places.link(document.place, document.text)
    assert read.places[1] == sorted(document.places_mentioned.values_list("pk", flat=True))
    # The citations, as read again from the stored text and date.
    assert read.citations == threads.read_citations(document)
    assert read.citations, "the seed cites earlier telegrams"
    # The people the authority finds are among those the document mentions.
    mentioned = set(document.people_mentioned.values_list("slug", flat=True))
    assert read.people and set(read.people) <= mentioned


@pytest.mark.parametrize("name", ["invented_telegram.txt", "invented_unknown.txt"])
def test_fixtures_read_in_a_worker_or_by_the_writer_store_the_same(importer, tmp_path, name):
    shutil.copy(FIXTURES / name, tmp_path / name)
    item = parse_seed(fingerprint(tmp_path / name, tmp_path))
    unread = parse_seed(fingerprint(tmp_path / name, tmp_path))
    item.reading = importer.reader.read(item)
    assert unread.reading is None
    assert importer.reading(unread) == item.reading
