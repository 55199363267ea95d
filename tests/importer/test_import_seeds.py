"""`import_seeds`: the seed in the database, re-imports that keep archivists' work, bad input."""

import datetime
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from catalogue.importer import MAX_FILE_BYTES, is_designation, publishable
from catalogue.models import Document, Person, Recipient, Request, Status

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "seeds" / "000_fffce33f7251ed7a.txt"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
FOURTEEN = {
    "razuvaev",
    "vasilevsky",
    "vyshinsky",
    "stalin",
    "molotov",
    "malenkov",
    "beria",
    "mikoyan",
    "kaganovich",
    "bulganin",
    "khrushchev",
    "sokolovsky",
    "kim-il-sung",
    "mao-zedong",
}


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_failing(*args, **options):
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_seeds", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue(), str(failure.value)


@pytest.fixture
def folder(tmp_path):
    """A seed folder holding the two invented fixtures."""
    for name in ("invented_telegram.txt", "invented_unknown.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def seed_document():
    run(SEED)
    return Document.objects.get(source_file="seeds/000_fffce33f7251ed7a.txt")


def test_seed_document_in_the_database(seed_document):
    doc = seed_document
    assert doc.slug == "1952-07-17-ciphered-telegram-502597"
    assert doc.doc_type == "ciphered_telegram"
    assert doc.reference_numbers == ["502597/sh", "2250"]
    assert doc.title == (
        "Ciphered Telegram No. 502597, Razuvaev to Vasilevsky and Vyshinsky, "
        "transmitting a letter from Kim Il Sung to Stalin"
    )
    assert doc.date == datetime.date(1952, 7, 17) and doc.date_precision == "day"
    assert doc.urgency == "Extremely Urgent"
    assert doc.sender.slug == "razuvaev"
    assert doc.sender_as_written == "RAZUVAEV"
    events = [(e.event, e.date, e.time) for e in doc.transmission_events.all()]
    assert events == [
        ("sent", datetime.date(1952, 7, 17), datetime.time(18, 45)),
        ("received", datetime.date(1952, 7, 17), datetime.time(20, 50)),
        ("forwarded", datetime.date(1952, 7, 17), datetime.time(21, 10)),
    ]
    forwarded = doc.transmission_events.get(event="forwarded")
    assert forwarded.by.slug == "8th-administration-general-staff"


def test_seed_recipients_and_copies(seed_document):
    rows = list(seed_document.recipients.select_related("person"))
    addressees = [r.person.slug for r in rows if r.role == "addressee"]
    copies = {r.person.slug: r.copies for r in rows if r.role == "copy"}
    assert addressees == ["vasilevsky", "vyshinsky"]
    assert len(copies) == 10 and sum(copies.values()) == 11
    assert copies["stalin"] == 2
    assert set(copies) == {
        "stalin",
        "molotov",
        "malenkov",
        "beria",
        "mikoyan",
        "kaganovich",
        "bulganin",
        "khrushchev",
        "vyshinsky",
        "sokolovsky",
    }


def test_seed_enclosure_requests_and_people(seed_document):
    doc = seed_document
    assert doc.enclosure_type == "letter"
    assert doc.enclosure_author.slug == "kim-il-sung"
    assert doc.enclosure_addressee.slug == "stalin"
    assert doc.enclosure_date == datetime.date(1952, 7, 16)
    assert doc.enclosure_place == "Pyongyang"
    assert "ambassador" in doc.enclosure_via
    requests = list(doc.requests.all())
    assert [r.number for r in requests if r.number] == ["1", "2", "3", "4"]
    assert [r.category for r in requests if r.number] == [
        "air_defence",
        "air_operations",
        "ground_operations",
        "armistice",
    ]
    unnumbered = [r for r in requests if not r.number]
    assert len(unnumbered) == 1 and unnumbered[0].category == "materiel"
    amounts = {q["amount"] for q in requests[0].quantities}
    assert {10, 3, 7, 5} <= amounts
    assert any(q["amount"] == 40 for q in doc.requests.get(number="2").quantities)
    mentioned = set(doc.people_mentioned.values_list("slug", flat=True))
    assert mentioned >= FOURTEEN
    reviewed_people = set(
        doc.people_mentioned.filter(kind="person", reviewed=True).values_list("slug", flat=True)
    )
    assert reviewed_people == FOURTEEN
    # The fourteen people and nothing else but bodies: no "Correspondent 20", no one unreviewed.
    others = doc.people_mentioned.exclude(slug__in=FOURTEEN)
    assert set(others.values_list("kind", flat=True)) <= {"organisation"}
    assert not doc.people_mentioned.filter(reviewed=False).exists()
    assert not Person.objects.filter(name__icontains="correspondent").exists()
    assert "Filippov" in doc.search_text or "Stalin" in doc.search_text


def test_provenance_and_history_user(seed_document):
    doc = seed_document
    assert len(doc.content_hash) == 64
    assert doc.imported_at is not None
    assert doc.imported_values["title"] == doc.title
    # 2 addressees, 10 copy recipients, the 8th Administration it was forwarded to, and Mao
    # Zedong, to whom a telegram of analogous content to the enclosed letter was sent
    assert len(doc.imported_values["recipients"]) == 14
    importer = get_user_model().objects.get(username="importer")
    assert not importer.has_usable_password()
    assert doc.history.first().history_user == importer
    assert Recipient.history.filter(document_id=doc.pk).exclude(history_user=importer).count() == 0
    assert Person.history.filter(slug="stalin").first().history_user == importer


def test_search_text_matches_the_models_own(seed_document):
    # The importer composes search text from its caches; it must say what the model would.
    built = seed_document.build_search_text()
    assert set(seed_document.search_text.splitlines()) == set(built.splitlines())


def test_seed_is_published_with_its_warnings_kept(seed_document):
    # The parser warns (no place of origin) but read the type, date and sender: published,
    # with the warning shown to archivists and the document marked for review.
    assert seed_document.status == Status.PUBLISHED
    assert seed_document.needs_review is True
    assert "no place of origin found" in seed_document.parser_warnings


def test_document_without_core_facts_is_a_draft(folder):
    (folder / "undated.txt").write_text(
        "MEMORANDUM\n\nAn invented note for the tests about invented supplies.\n\nIVANOV\n"
    )
    run(folder)
    doc = Document.objects.get(source_file__endswith="undated.txt")
    assert doc.doc_type == "memorandum" and doc.date is None
    assert (doc.status, doc.needs_review) == (Status.DRAFT, True)


FACTS = {"doc_type": "ciphered_telegram", "date": "1951-07-03", "author": None, "sender": 7}


@pytest.mark.parametrize(
    "change, warnings, published",
    [
        ({}, [], True),
        ({}, ["no place of origin found"], True),
        ({"author": 7, "sender": None}, [], True),
        ({"doc_type": "other"}, [], False),
        ({"date": None}, [], False),
        ({"sender": None}, [], False),
        # A decision speaks for the body whose protocol it is: no one signs it.
        ({"doc_type": "decision", "sender": None}, [], True),
        ({"doc_type": "decision", "sender": None, "date": None}, [], False),
        ({}, ["parser error: ValueError: invented"], False),
        # A year the text does not state, or a core fact read from the form alone, waits for
        # an archivist.
        ({"date_inferred": True}, [], False),
        ({}, ["document type letter read from the form of the text, to confirm"], False),
    ],
)
def test_publication_policy(change, warnings, published):
    assert publishable({**FACTS, **change}, warnings) is published


def test_publication_policy_of_the_fixtures(folder):
    run(folder)
    for doc in Document.objects.all():
        if doc.parser_warnings:
            assert doc.needs_review is True
        assert doc.status == Status.PUBLISHED  # both fixtures have type, date and sender


@pytest.mark.parametrize("text", ["Correspondent 20", "Agent 7", "No. 12", "Correspondent No. 3"])
def test_designations_are_not_people(text):
    assert is_designation(text)


@pytest.mark.parametrize("text", ["Razuvaev", "Kim Il Sung", "8th Administration", "No one"])
def test_names_are_not_designations(text):
    assert not is_designation(text)


def test_seed_correspondent_stays_as_written(seed_document):
    sent = seed_document.transmission_events.get(event="sent")
    assert (sent.by, sent.by_as_written) == (None, "Correspondent 20")
    assert not Person.objects.filter(name__icontains="correspondent").exists()
    assert not seed_document.people_mentioned.filter(name__icontains="correspondent").exists()


def test_designation_as_signer_is_no_person(folder):
    (folder / "agent.txt").write_text(
        "CIPHERED TELEGRAM No. 12/sh\n\nFrom BEIJING Sent 5.8.51 09:10\n\n"
        "To Comrade Molotov\n\nAn invented report for the tests.\n\nAgent 7\n"
    )
    run(folder)
    assert not Person.objects.filter(name__iexact="agent 7").exists()
    doc = Document.objects.get(source_file__endswith="agent.txt")
    assert doc.sender is None and doc.author is None
    assert doc.status == Status.DRAFT  # nobody it can name signed it


def test_cover_name_and_non_person_entries(folder):
    run(folder)
    doc = Document.objects.get(source_file="invented_telegram.txt")
    assert doc.recipients.filter(role="addressee").get().person.slug == "stalin"
    file_copy = doc.recipients.get(name_as_written="File")
    assert file_copy.person is None
    assert not Person.objects.filter(name__iexact="file").exists()


def test_unknown_name_becomes_an_unreviewed_person(folder):
    out, _err = run(folder, verbosity=2)
    person = Person.objects.get(name__iexact="Zabolotnyakov")
    assert person.reviewed is False
    assert "Zabolotnyakov" in out
    doc = Document.objects.get(source_file__endswith="invented_unknown.txt")
    assert doc.sender == person


def test_reimport_unchanged_changes_nothing_and_is_cheap(folder, django_assert_max_num_queries):
    run(folder)
    before = list(Document.objects.values_list("pk", "modified", "imported_at"))
    history = Document.history.count()
    # Places and threads each read their rows once for the run.
    with django_assert_max_num_queries(13):
        out, _err = run(folder)
    assert "unchanged 2" in out
    assert list(Document.objects.values_list("pk", "modified", "imported_at")) == before
    assert Document.history.count() == history


def test_changed_file_updates_but_keeps_archivist_edits(folder):
    run(folder)
    path = folder / "invented_telegram.txt"
    doc = Document.objects.get(source_file__endswith="invented_telegram.txt")
    doc.title = "An archivist's better title"
    doc.status = Status.DRAFT if doc.status == Status.PUBLISHED else Status.PUBLISHED
    doc.save()
    status = doc.status
    stalin = doc.recipients.get(role="addressee")
    stalin.copies = 3
    stalin.save()
    path.write_text(path.read_text().replace("Urgent", "Extremely Urgent"))
    out, _err = run(folder)
    doc.refresh_from_db()
    assert doc.urgency == "Extremely Urgent"  # the parser's new value is applied
    assert doc.title == "An archivist's better title"  # the edit is kept
    assert doc.recipients.get(role="addressee").copies == 3
    assert doc.status == status
    assert "kept the archivist's edits of title, recipients" in out
    assert "updated 1" in out


def test_force_reparses_unchanged_files(folder):
    run(folder)
    out, _err = run(folder, force=True, verbosity=1)
    assert "unchanged 2" in out and "created 0" in out


def test_removing_a_file_keeps_the_document(folder):
    run(folder)
    (folder / "invented_unknown.txt").unlink()
    run(folder)
    assert Document.objects.filter(source_file__endswith="invented_unknown.txt").exists()


def test_dry_run_writes_nothing(folder):
    out, _err = run(folder, dry_run=True)
    assert "Would have: created 2" in out
    assert Document.objects.count() == 0
    assert Person.objects.count() == 0
    assert not get_user_model().objects.filter(username="importer").exists()


@pytest.mark.parametrize("batch_size", [1, 200])
def test_duplicate_content_within_one_batch(folder, batch_size):
    for name in ("a_copy.txt", "b_copy.txt"):
        shutil.copy(FIXTURES / "invented_telegram.txt", folder / name)
    out, err = run(folder, batch_size=batch_size)
    # Four files, one content three times: imported once, the later names are duplicates.
    assert Document.objects.count() == 2
    assert Document.objects.filter(source_file__endswith="a_copy.txt").exists()
    assert err.count(": duplicate: same content as") == 2
    assert "created 2" in out and "duplicates 2" in out


def test_duplicate_content_in_a_batch_that_is_retried(folder, monkeypatch):
    from catalogue.importer import run as importer_run

    original = importer_run.new_request

    def broken(document, position, row, *make):
        if "fuel" in row["text"]:
            raise RuntimeError("invented database failure")
        return original(document, position, row, *make)

    monkeypatch.setattr(importer_run, "new_request", broken)
    shutil.copy(FIXTURES / "invented_telegram.txt", folder / "a_copy.txt")
    out, err, _failure = run_failing(folder)
    assert Document.objects.count() == 1
    assert err.count(": duplicate: same content as") == 1
    assert "created 1" in out and "failed 1" in out


def test_duplicate_content_under_two_names(folder):
    shutil.copy(folder / "invented_telegram.txt", folder / "zz_copy.txt")
    out, err = run(folder)
    assert Document.objects.count() == 2
    assert "zz_copy.txt: duplicate: same content as" in err
    assert "duplicates 1" in out


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
        ("huge.txt", b"A line of text.\n" * (MAX_FILE_BYTES // 16 + 1), "over the size limit"),
        ("header.txt", b"CIPHERED TELEGRAM No. 12/sh\n\nFrom PYONGYANG\n", "only a header"),
    ],
)
def test_bad_input_is_refused_alone(folder, name, content, message):
    (folder / name).write_bytes(content)
    out, err, failure = run_failing(folder)
    lines = [line for line in err.splitlines() if name in line]
    assert len(lines) == 1 and message in lines[0]
    assert "1 file(s) failed" in failure
    assert Document.objects.count() == 2  # the others are imported
    assert not Document.objects.filter(source_file__endswith=name).exists()


def test_non_utf8_text_is_read_with_a_warning(folder):
    text = (FIXTURES / "invented_unknown.txt").read_text().replace("invented officer", "café")
    (folder / "latin.txt").write_bytes(text.replace("9902", "9903").encode("latin-1"))
    run(folder)
    doc = Document.objects.get(source_file__endswith="latin.txt")
    assert "café" in doc.text
    assert any("not UTF-8" in w for w in doc.parser_warnings)
    assert doc.needs_review is True


def test_windows_1251_text_is_read_as_cyrillic(folder):
    text = (FIXTURES / "invented_unknown.txt").read_text()
    text = text.replace("9902", "9904").replace("for the tests only", "Совершенно секретно")
    (folder / "cyrillic.txt").write_bytes(text.encode("cp1251"))
    run(folder)
    doc = Document.objects.get(source_file__endswith="cyrillic.txt")
    assert "Совершенно секретно" in doc.text
    assert any("Windows-1251" in w for w in doc.parser_warnings)
    assert doc.needs_review is True


def test_a_failing_write_leaves_nothing_half_written(folder, monkeypatch):
    from catalogue.importer import run as importer_run

    original = importer_run.new_request

    def broken(document, position, row, *make):
        if "fuel" in row["text"]:
            raise RuntimeError("invented database failure")
        return original(document, position, row, *make)

    monkeypatch.setattr(importer_run, "new_request", broken)
    _out, err, _failure = run_failing(folder)
    assert "invented_unknown.txt: not imported: invented database failure" in err
    assert Document.objects.count() == 1
    assert not Recipient.objects.filter(document__source_file__endswith="unknown.txt").exists()
    assert Request.objects.count() == Document.objects.get().requests.count()


def test_missing_path_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no-such-folder: no such file or folder"):
        call_command("import_seeds", str(tmp_path / "no-such-folder"), stdout=StringIO())


def test_default_import_reads_only_the_seeds_folder():
    out, _err = run()
    assert "created 1," in out
    assert not Document.objects.filter(synthetic=True).exists()
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text()
    assert "manage.py import_seeds seeds/" in makefile
    assert not list((Path(settings.BASE_DIR) / "seeds").rglob("synthetic_*"))


def test_fast_inserts_keep_ids_history_and_sequences_right(folder):
    from catalogue.models import TransmissionEvent
    from tests.factories import make_document, make_recipient

    (folder / "invented_unknown.txt").unlink()
    run(folder)
    doc = Document.objects.get()
    deleted = set(doc.recipients.values_list("pk", flat=True))
    doc.delete()  # ids of deleted rows are never given again
    shutil.copy(FIXTURES / "invented_unknown.txt", folder / "invented_unknown.txt")
    run(folder, batch_size=200)
    new = Document.objects.get(source_file__endswith="invented_unknown.txt")
    assert not deleted & set(new.recipients.values_list("pk", flat=True))
    # One "+" history row per inserted row, with the same values.
    for model in (Document, Recipient, Request, TransmissionEvent):
        rows = model.objects.all()
        assert rows.exists()
        history = model.history.filter(history_type="+", id__in=rows.values("pk"))
        assert history.count() == rows.count()
    assert new.history.get().title == new.title
    assert new.history.get().created == new.created
    assert new.people_mentioned.filter(slug="molotov").exists()
    # The database's own sequences still give fresh ids after the importer's inserts.
    other = make_document()
    assert other.pk > new.pk
    recipient = make_recipient(other)
    assert recipient.pk > max(new.recipients.values_list("pk", flat=True))


@pytest.mark.parametrize(
    "row, message",
    [
        (
            "Bad Key,person,Nobody,,,,,,,",
            "people.csv, line 2: key 'Bad Key' is not a lowercase slug",
        ),
        ("nobody,person,Nobody,,,,,1950,1940,", "line 2: death_year 1940 is before birth_year"),
    ],
)
def test_a_bad_authority_file_is_refused_with_file_and_line(folder, tmp_path, row, message):
    """The importer and the synthetic corpus read the authority file through the one reader in
    `catalogue.names`, so the same file is refused by both with the same message."""
    people = tmp_path / "people.csv"
    header = (Path(settings.SEEDS_DIR) / "people.csv").read_text().splitlines()[0]
    people.write_text(f"{header}\n{row}\n")
    with pytest.raises(CommandError, match=message):
        run(folder, people=str(people))
    assert not Document.objects.exists() and not Person.objects.exists()
    with pytest.raises(CommandError, match=message):
        call_command("make_synthetic_corpus", count=1, output=str(tmp_path / "out"), people=people)


def test_an_unreadable_authority_file_is_a_clear_error(folder, tmp_path):
    missing = tmp_path / "missing.csv"
    with pytest.raises(CommandError, match="missing.csv: cannot read the authority file"):
        run(folder, people=str(missing))
