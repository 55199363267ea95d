"""`import_seeds`: relative source paths, titles from the authority file, the synthetic corpus,
the enclosure's other addressees and line endings."""

import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from catalogue.models import Document, Recipient, Request, Role, Status
from catalogue.serializers import document_to_dict

pytestmark = pytest.mark.django_db

SEED = Path(settings.BASE_DIR) / "seeds" / "000_fffce33f7251ed7a.txt"
FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"


def run(*args, **options):
    out, err = StringIO(), StringIO()
    call_command("import_seeds", *[str(a) for a in args], stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def telegram(number, sender, addressee):
    """A short invented ciphered telegram."""
    return (
        f"CIPHERED TELEGRAM No. {number}\n\nFrom Beijing Sent 3.5.51 10:00\n\n"
        f"To Comrade {addressee}\n\nThe invented matter is reported for a test.\n\n{sender}\n"
    )


# --- 1. source paths ------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path):
    """A folder outside the project holding one invented telegram and one in a subfolder."""
    root = tmp_path / "x"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(telegram(501, "SHTYKOV", "Filippov"), encoding="utf-8")
    (root / "sub" / "b.txt").write_text(telegram(502, "SHTYKOV", "Filippov"), encoding="utf-8")
    return root


def test_source_file_outside_the_project_is_relative_to_the_folder_named(outside):
    run(outside)
    assert sorted(Document.objects.values_list("source_file", flat=True)) == ["a.txt", "sub/b.txt"]
    doc = Document.objects.for_detail().get(source_file="a.txt")
    assert str(outside) not in document_to_dict(doc)["source"]["file"]


def test_a_file_named_alone_keeps_the_name_its_folder_gave_it(outside):
    run(outside)
    out, _err = run(outside / "a.txt", verbosity=3)
    assert "unchanged 1" in out and "duplicates 0" in out
    assert Document.objects.count() == 2


def test_source_file_inside_the_project_is_relative_to_the_project():
    run(SEED.parent)
    run(SEED)
    assert list(Document.objects.values_list("source_file", flat=True)) == [
        "seeds/000_fffce33f7251ed7a.txt"
    ]


def test_a_document_recorded_under_an_absolute_path_is_renamed_on_reimport(outside):
    run(outside)
    absolute = (outside / "a.txt").resolve().as_posix()
    Document.objects.filter(source_file="a.txt").update(source_file=absolute)
    out, err = run(outside)
    assert "duplicate:" not in err and "unchanged 2" in out
    assert not Document.objects.filter(source_file=absolute).exists()
    assert Document.objects.filter(source_file="a.txt").count() == 1


# --- 2. titles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sender", "addressee", "title"),
    [
        ("SHI ZHE", "Roshchin", "Ciphered Telegram No. 100200, Shi Zhe to Roshchin"),
        ("MACARTHUR", "Kim Tu-bong", "Ciphered Telegram No. 100200, MacArthur to Kim Tu-bong"),
        (
            "LEE SANG-JO",
            "Chiang Kai-shek",
            "Ciphered Telegram No. 100200, Lee Sang-jo to Chiang Kai-shek",
        ),
        ("HO KA-I", "Filippov", "Ciphered Telegram No. 100200, Ho Ka-i to Filippov [Stalin]"),
        (
            "VYSHINSKY",
            "the Council of Ministers of the USSR",
            "Ciphered Telegram No. 100200, Vyshinsky to Council of Ministers of the USSR",
        ),
    ],
)
def test_titles_take_names_from_the_authority_file(tmp_path, sender, addressee, title):
    (tmp_path / "t.txt").write_text(telegram(100200, sender, addressee), encoding="utf-8")
    run(tmp_path)
    assert Document.objects.get().title == title


def test_the_seed_title_is_unchanged():
    run(SEED)
    assert Document.objects.get().title == (
        "Ciphered Telegram No. 502597, Razuvaev to Vasilevsky and Vyshinsky, "
        "transmitting a letter from Kim Il Sung to Stalin"
    )


def test_an_unknown_name_keeps_the_parsers_form_in_the_title(tmp_path):
    shutil.copy(FIXTURES / "invented_unknown.txt", tmp_path / "u.txt")
    run(tmp_path)
    assert "Zabolotnyakov" in Document.objects.get().title


# --- 3. the synthetic corpus ------------------------------------------------------------


def test_the_synthetic_corpus_imports_mostly_published_in_every_layout(tmp_path):
    call_command("make_synthetic_corpus", count=70, seed=3, output=tmp_path, stdout=StringIO())
    run(tmp_path)
    documents = Document.objects.all()
    assert documents.count() == 70 and all(d.synthetic for d in documents)
    types = Counter(documents.values_list("doc_type", flat=True))
    assert {
        "ciphered_telegram",
        "telegram",
        "letter",
        "memorandum",
        "record_of_conversation",
        "decision",
    } <= (set(types))
    memoranda = documents.filter(doc_type="memorandum")
    assert memoranda.exists()
    assert not memoranda.filter(author__isnull=True).exists()
    assert not any("no author found" in d.parser_warnings for d in memoranda)
    published = documents.filter(status=Status.PUBLISHED).count()
    assert published >= 0.9 * 70, types

    categories = set(Request.objects.values_list("category", flat=True))
    assert len(categories - {"other"}) >= 8, categories


# --- 4. the enclosure's other addressees ------------------------------------------------


def test_the_seeds_analogous_telegram_to_mao_is_an_also_sent_to_recipient():
    run(SEED)
    doc = Document.objects.get()
    rows = list(doc.recipients.order_by("position"))
    also = [r for r in rows if r.role == Role.ALSO_SENT_TO]
    assert [r.person.slug for r in also] == ["mao-zedong"]
    assert rows[-1] == also[0]  # after every other recipient
    assert "MAO ZEDONG" in also[0].name_as_written.upper()
    assert Recipient.objects.filter(role=Role.ALSO_SENT_TO).count() == 1


# --- 5. line endings --------------------------------------------------------------------


def test_a_crlf_file_is_stored_with_lf_and_reimports_unchanged(tmp_path):
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    (tmp_path / "crlf.txt").write_bytes(text.encode("utf-8"))
    run(tmp_path)
    doc = Document.objects.get()
    assert "\r" not in doc.text and doc.text.count("\n") > 20
    assert not any("\r" in r.text or "\r" in r.summary for r in doc.requests.all())
    assert "\r" not in str(doc.imported_values)
    modified = doc.modified
    out, _err = run(tmp_path, force=True)
    assert "unchanged 1" in out and "kept the archivist" not in out
    doc.refresh_from_db()
    assert doc.modified == modified


def test_a_lone_cr_file_is_stored_with_lf(tmp_path):
    text = telegram(77, "SHTYKOV", "Filippov").replace("\n", "\r")
    (tmp_path / "cr.txt").write_bytes(text.encode("utf-8"))
    run(tmp_path)
    doc = Document.objects.get()
    assert "\r" not in doc.text and doc.title.startswith("Ciphered Telegram No. 77, Shtykov")


def test_crlf_text_of_an_earlier_import_saved_by_an_archivist_is_no_edit(tmp_path):
    (tmp_path / "t.txt").write_text(telegram(88, "SHTYKOV", "Filippov"), encoding="utf-8")
    run(tmp_path)
    doc = Document.objects.get()
    # As an earlier import would have stored a CRLF file, then an admin save normalised.
    values = dict(doc.imported_values, text=doc.text.replace("\n", "\r\n"))
    Document.objects.filter(pk=doc.pk).update(imported_values=values)
    (tmp_path / "t.txt").write_text(
        telegram(88, "SHTYKOV", "Filippov") + "\nA line added to the invented file.\n",
        encoding="utf-8",
    )
    out, _err = run(tmp_path)
    assert "updated 1" in out and "kept the archivist" not in out
    assert "A line added" in Document.objects.get().text
