"""References read on import and matched to the catalogue: the invented thread links as
written, whatever order its documents arrive in; ambiguity is a suggestion; an archivist's
rejection survives a re-import."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from catalogue import threads
from catalogue.models import Document, Person, Recipient, Reference, ReferenceStatus, Request
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db

THREAD = Path(__file__).resolve().parents[1] / "fixtures" / "threads"


def run(*paths, **options):
    call_command("import_seeds", *[str(p) for p in paths], stdout=StringIO(), **options)


def by_number(number):
    (document,) = [d for d in Document.objects.all() if number in d.reference_numbers]
    return document


def links():
    """(citing number, direction, cited number, status) of every reference with a target."""
    return {
        (r.document.reference_numbers[0], r.direction, r.target.reference_numbers[0], r.status)
        for r in Reference.objects.exclude(target=None).select_related("document", "target")
    }


def copy(names, folder):
    for name in names:
        shutil.copy(THREAD / name, folder / name)
    return folder


def test_invented_thread_links_as_written(tmp_path):
    run(copy(sorted(p.name for p in THREAD.glob("*.txt")), tmp_path))
    assert links() == {
        ("7001/sh", "reply_to", "4401/sh", ReferenceStatus.LINKED),
        ("4420/sh", "reply_to", "7001/sh", ReferenceStatus.LINKED),
        ("P82/301", "approves", "7001/sh", ReferenceStatus.LINKED),
    }
    assert not Reference.objects.filter(status=ReferenceStatus.MISSING).exists()


def test_reply_imported_before_its_question_links_when_it_arrives(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    run(copy(["2_reply.txt"], first))
    missing = Reference.objects.get()
    assert (missing.status, missing.target, missing.number) == (
        ReferenceStatus.MISSING,
        None,
        "4401/sh",
    )
    run(copy(["1_question.txt"], second))
    link = Reference.objects.get()
    assert link.status == ReferenceStatus.LINKED
    assert link.target == by_number("4401/sh")


def test_a_later_document_is_not_a_reply_to_an_earlier_one(tmp_path):
    run(copy(["2_reply.txt"], tmp_path))
    reply = by_number("7001/sh")
    make_document(reference_numbers=["4401/sh"], date="1951-09-01", slug="after-the-reply")
    threads.refresh([Document.objects.get(slug="after-the-reply").pk])
    assert Reference.objects.get(document=reply).status == ReferenceStatus.MISSING


def two_same_numbers_and_a_reply():
    stalin, kim = make_person("Invented Stalin"), make_person("Invented Kim")
    older = make_document("Older", reference_numbers=["55/sh"], date="1950-03-01", author=kim)
    newer = make_document("Newer", reference_numbers=["55/sh"], date="1951-03-01", author=kim)
    reply = make_document(
        "Reply", text="To No. 55/sh.\n\nAgreed.", date="1951-06-01", author=stalin
    )
    for document in (older, newer):
        make_recipient(document, stalin)
    make_recipient(reply, kim)
    threads.refresh([older.pk, newer.pk, reply.pk])
    return older, newer, reply


def test_ambiguous_number_is_a_suggestion_never_a_link():
    older, newer, reply = two_same_numbers_and_a_reply()
    rows = Reference.objects.filter(document=reply)
    assert {(r.target_id, r.status) for r in rows} == {
        (older.pk, ReferenceStatus.SUGGESTED),
        (newer.pk, ReferenceStatus.SUGGESTED),
    }
    assert not Reference.objects.links().exists()


def test_a_cited_date_settles_an_ambiguous_number():
    kim, stalin = make_person("Invented Kim"), make_person("Invented Stalin")
    make_document(reference_numbers=["55/sh"], date="1950-03-01", author=kim)
    newer = make_document(reference_numbers=["55/sh"], date="1951-03-01", author=kim)
    reply = make_document(
        text="In reply to your telegram No. 55/sh of 1 March 1951, agreed.",
        date="1951-06-01",
        author=stalin,
    )
    make_recipient(reply, kim)
    threads.refresh([reply.pk])
    assert Reference.objects.get(document=reply).target == newer


def test_rejected_suggestion_is_not_brought_back_by_a_reimport(tmp_path):
    older, newer, reply = two_same_numbers_and_a_reply()
    Reference.objects.filter(document=reply, target=older).update(status=ReferenceStatus.REJECTED)
    # What an import of a changed file does, and a full re-resolution as well.
    threads.refresh([reply.pk, older.pk, newer.pk])
    threads.refresh_all()
    rows = {(r.target_id, r.status) for r in Reference.objects.filter(document=reply)}
    assert rows == {
        (older.pk, ReferenceStatus.REJECTED),
        (newer.pk, ReferenceStatus.SUGGESTED),
    }


def test_rejected_link_is_not_brought_back_by_a_forced_reimport(tmp_path):
    run(copy(["1_question.txt", "2_reply.txt"], tmp_path))
    link = Reference.objects.get()
    link.status = ReferenceStatus.REJECTED
    link.save()
    run(tmp_path, force=True)
    assert list(Reference.objects.values_list("status", flat=True)) == [ReferenceStatus.REJECTED]


def test_confirmed_link_is_kept_and_nothing_else_offered():
    older, newer, reply = two_same_numbers_and_a_reply()
    Reference.objects.filter(document=reply, target=newer).update(status=ReferenceStatus.CONFIRMED)
    threads.refresh([reply.pk])
    rows = {(r.target_id, r.status) for r in Reference.objects.filter(document=reply)}
    assert rows == {(newer.pk, ReferenceStatus.CONFIRMED)}


def test_a_reply_whose_parties_disagree_is_only_a_suggestion():
    kim, stalin, other = (make_person(n) for n in ("Invented Kim", "Invented Stalin", "Other"))
    question = make_document(reference_numbers=["77"], date="1950-01-01", author=other)
    make_recipient(question, make_person("Someone else"))
    reply = make_document(text="To No. 77.\n\nAgreed.", date="1950-02-01", author=stalin)
    make_recipient(reply, kim)
    threads.refresh([question.pk, reply.pk])
    row = Reference.objects.get(document=reply)
    assert (row.status, row.target) == (ReferenceStatus.SUGGESTED, question)


def test_a_date_alone_needs_a_party_in_common():
    kim, stalin = make_person("Invented Kim"), make_person("Invented Stalin")
    make_document(date="1950-09-08", author=make_person("Other"))
    reply = make_document(
        text="We received your telegram of 8 September.", date="1950-09-20", author=stalin
    )
    make_recipient(reply, kim)
    threads.refresh([reply.pk])
    assert Reference.objects.get(document=reply).status == ReferenceStatus.MISSING
    question = make_document(date="1950-09-08", author=kim)
    threads.refresh([question.pk])
    assert Reference.objects.get(document=reply).target == question


def test_text_no_longer_citing_drops_the_automatic_row():
    reply = make_document(text="To No. 12/sh.\n\nAgreed.", date="1950-02-01")
    threads.refresh([reply.pk])
    assert Reference.objects.filter(document=reply).count() == 1
    reply.text = "Agreed."
    reply.save()
    threads.refresh([reply.pk])
    assert not Reference.objects.filter(document=reply).exists()


def test_synthetic_corpus_writes_reply_chains_that_link(tmp_path):
    call_command("make_synthetic_corpus", count=24, seed=3, output=tmp_path, verbosity=0)
    run(tmp_path)
    made = {
        (r.document.source_file.rsplit("/", 1)[-1], r.target.source_file.rsplit("/", 1)[-1])
        for r in Reference.objects.links().select_related("document", "target")
    }
    # Every reply (the second of each eight layouts) answers the telegram just before it.
    assert made == {
        (f"synthetic_{i + 1:05d}.txt", f"synthetic_{i:05d}.txt") for i in range(0, 24, 8)
    }


def test_a_restored_export_reads_its_threads_again(tmp_path):
    run(copy(sorted(p.name for p in THREAD.glob("*.txt")), tmp_path))
    before = links()
    export = tmp_path / "catalogue.json"
    call_command("export_catalogue", output=str(export), stdout=StringIO())
    Reference.objects.all().delete()
    Document.objects.all().delete()
    Person.objects.all().delete()
    call_command("import_catalogue", str(export), stdout=StringIO())
    assert links() == before


def export_and_restore(tmp_path):
    export = tmp_path / "round-trip.json"
    call_command("export_catalogue", output=str(export), stdout=StringIO())
    Reference.objects.all().delete()
    Request.objects.all().delete()
    Recipient.objects.all().delete()
    Document.objects.all().delete()
    Person.objects.all().delete()
    call_command("import_catalogue", str(export), stdout=StringIO())


def decisions():
    """(citing slug, cited number, target slug, status, from the text) of every row."""
    return {
        (r.document.slug, r.number, r.target.slug if r.target else None, r.status, r.from_text)
        for r in Reference.objects.select_related("document", "target")
    }


def test_a_restore_keeps_rejections_confirmations_links_by_hand_and_answers(tmp_path):
    older, newer, reply = two_same_numbers_and_a_reply()
    # Of the two suggestions, one rejected and the other confirmed by an archivist.
    Reference.objects.filter(document=reply, target=older).update(status=ReferenceStatus.REJECTED)
    Reference.objects.filter(document=reply, target=newer).update(status=ReferenceStatus.CONFIRMED)
    # A link the text does not make, added by hand; and a request answered.
    Reference.objects.create(
        document=newer,
        as_written="See the earlier telegram",
        direction="refers_to",
        target=older,
        status=ReferenceStatus.CONFIRMED,
        from_text=False,
    )
    request = make_request(older)
    request.answered_by = reply
    request.save()
    before = decisions()
    assert len(before) == 3
    export_and_restore(tmp_path)
    assert decisions() == before
    assert Request.objects.get().answered_by.slug == reply.slug
    # Reading every text again (what an import does) changes none of it.
    threads.refresh_all()
    assert decisions() == before


def test_a_rejected_link_stays_rejected_after_a_restore_and_a_reimport(tmp_path):
    run(copy(["1_question.txt", "2_reply.txt"], tmp_path))
    Reference.objects.update(status=ReferenceStatus.REJECTED)
    export_and_restore(tmp_path)
    assert list(Reference.objects.values_list("status", flat=True)) == [ReferenceStatus.REJECTED]
    run(tmp_path, force=True)
    assert list(Reference.objects.values_list("status", flat=True)) == [ReferenceStatus.REJECTED]
    assert not Reference.objects.links().exists()
