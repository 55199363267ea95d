"""Kept counts of archives, archival files and answered requests (catalogue/keptcounts.py):
after every way of writing documents, their citations and their requests, what the database
keeps equals a count from scratch, and the pages that read them show it. Run on SQLite and
PostgreSQL alike."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from catalogue import keptcounts
from catalogue.merge import merge_people, update_with_history
from catalogue.models import ArchiveCount, Document, KeptCount, Request, Status
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
)
from tests.factories import make_document, make_person, make_request

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "import"
# Two holdings in one APRF file (counted once for it) and one in RGASPI.
TWICE = (
    "APRF, f. 3, op. 65, d. 826, l. 1; APRF f. 3, op. 65, d. 826, l. 9; RGASPI f. 17, op. 1, d. 2"
)
APRF_FILE = "APRF f. 3 op. 65 d. 826"


def assert_agree():
    assert keptcounts.differences() == []


def files():
    """{key or archive: documents} as the archive pages read them."""
    return {(row.key or row.repository): row.documents for row in ArchiveCount.objects.all()}


def kept(name):
    row = KeptCount.objects.filter(name=name).first()
    return row.n if row else 0


def publishable(title, **fields):
    """A document with nothing that holds back its publication, as a draft."""
    fields.setdefault("status", Status.DRAFT)
    fields.setdefault("doc_type", "letter")
    fields.setdefault("author", make_person(f"Author of {title}"))
    return make_document(title, **fields)


@pytest.fixture
def held():
    """Two published documents held in APRF, one also in RGASPI, and a draft in GARF."""
    first = make_document("First", source_citation=TWICE)
    second = make_document("Second", source_citation="APRF f. 3, op. 65, d. 900")
    draft = make_document("Draft", source_citation="GARF f. 1, op. 1, d. 1", status=Status.DRAFT)
    return {"first": first, "second": second, "draft": draft}


class TestModelWrites:
    def test_a_document_counts_once_per_file_and_archive(self, held):
        assert files() == {
            "APRF": 2,
            APRF_FILE: 1,
            "APRF f. 3 op. 65 d. 900": 1,
            "RGASPI": 1,
            "RGASPI f. 17 op. 1 d. 2": 1,
        }
        assert_agree()

    def test_citation_edits_publishing_and_deletes(self, held):
        first, second, draft = held["first"], held["second"], held["draft"]
        first.source_citation = "GARF f. 1, op. 1, d. 1"
        first.save()
        assert files()["GARF"] == 1 and "RGASPI" not in files()
        assert_agree()
        draft.status = Status.PUBLISHED
        draft.save()
        assert files()["GARF f. 1 op. 1 d. 1"] == 2
        assert_agree()
        second.status = Status.DRAFT
        second.save()
        assert "APRF" not in files()
        assert_agree()
        first.delete()
        assert files() == {"GARF": 1, "GARF f. 1 op. 1 d. 1": 1}
        assert_agree()

    def test_a_save_that_leaves_the_citation_alone_rewrites_nothing(self, held):
        document = Document.objects.get(pk=held["first"].pk)
        document.title = "First, retitled"
        document.save()
        assert files()[APRF_FILE] == 1
        assert_agree()


class TestAnsweredRequests:
    def test_an_answer_counts_while_it_is_published(self):
        asking = make_document("Asking")
        answer = make_document("Answer", status=Status.DRAFT)
        request = make_request(asking, category="materiel", answered_by=answer)
        make_request(asking, category="materiel")
        assert kept("category:materiel") == 2 and kept("answered:materiel") == 0
        # Publishing the answer, which has no request of its own, answers the other's.
        answer.status = Status.PUBLISHED
        answer.save()
        assert kept("answered:materiel") == 1
        assert_agree()
        update_with_history(
            Document.objects.filter(pk=answer.pk), {"status": Status.DRAFT}, None, "test"
        )
        assert kept("answered:materiel") == 0
        assert_agree()
        answer.status = Status.PUBLISHED
        answer.save()
        request.answered_by = None
        request.save()
        assert kept("answered:materiel") == 0
        request.answered_by = answer
        request.save()
        assert kept("answered:materiel") == 1
        # Deleting the answer empties the request's answer without a signal.
        answer.delete()
        assert kept("answered:materiel") == 0
        assert_agree()


class TestAdmin:
    def test_change_form_with_inlines(self, archivist):
        answer = make_document("Answer")
        document = make_document("Asking", source_citation="APRF f. 3, op. 65, d. 826")
        make_request(document, category="materiel")
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data["source_citation"] = TWICE
        prefix = next(name for name in data if name.endswith("-0-answered_by"))
        data[prefix] = str(answer.pk)
        response = archivist.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert Request.objects.get(document=document).answered_by == answer
        assert files()["RGASPI"] == 1
        assert kept("answered:materiel") == 1
        assert_agree()

    def test_publish_and_unpublish_actions(self, archivist):
        documents = [
            publishable(f"Letter {n}", source_citation="APRF f. 3, op. 65, d. 826")
            for n in range(3)
        ]
        changelist = admin_url("document_changelist")
        selected = [d.pk for d in documents]
        archivist.post(changelist, {"action": "publish", "_selected_action": selected})
        assert Document.objects.published().count() == 3
        assert files() == {"APRF": 3, APRF_FILE: 3}
        archivist.post(changelist, {"action": "unpublish", "_selected_action": selected[:2]})
        assert files() == {"APRF": 1, APRF_FILE: 1}
        assert_agree()

    def test_delete_action_and_delete_view(self, client, held):
        client.force_login(User.objects.create_superuser("admin", password="x"))
        changelist = admin_url("document_changelist")
        response = client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [held["first"].pk], "post": "yes"},
        )
        assert response.status_code == 302
        assert files()["APRF"] == 1
        response = client.post(admin_url("document_delete", held["second"].pk), {"post": "yes"})
        assert response.status_code == 302
        assert files() == {}
        assert_agree()


class TestMergesImportAndRestore:
    def test_merging_people(self, held, django_user_model):
        user = django_user_model.objects.create_user("merger")
        keeper, duplicate = make_person("Test Keeper"), make_person("Test Keeper again")
        make_request(held["first"], asked_by=duplicate, answered_by=held["second"])
        merge_people(keeper, [duplicate], user)
        assert kept("answered:other") == 1
        assert_agree()

    def test_import_and_forced_reimport(self, tmp_path):
        for name in ("invented_telegram.txt", "invented_unknown.txt"):
            shutil.copy(FIXTURES / name, tmp_path / name)
        call_command("import_seeds", str(tmp_path), stdout=StringIO(), stderr=StringIO())
        assert_agree()
        call_command("import_seeds", str(tmp_path), "--force", stdout=StringIO(), stderr=StringIO())
        assert_agree()

    def test_restore(self, held, tmp_path):
        make_request(held["first"], answered_by=held["second"])
        out = StringIO()
        call_command("export_catalogue", stdout=out, stderr=StringIO())
        backup = tmp_path / "backup.json"
        backup.write_text(out.getvalue(), encoding="utf-8")
        before = files()
        Document.objects.all().delete()
        assert files() == {}
        call_command("import_catalogue", str(backup), stdout=StringIO())
        assert files() == before
        assert kept("answered:other") == 1
        assert_agree()


def test_the_command_finds_and_repairs_a_difference(held):
    ArchiveCount.objects.filter(key="").update(documents=7)
    with pytest.raises(CommandError):
        call_command("recount_catalogue", "--check", stdout=StringIO())
    call_command("recount_catalogue", stdout=StringIO())
    call_command("recount_catalogue", "--check", stdout=StringIO())
    assert files()["APRF"] == 2


def test_the_pages_show_a_change_at_once(client, held):
    archives = reverse("catalogue:archive-list")
    assert "APRF (2)" in client.get(archives).content.decode()
    held["draft"].source_citation = "APRF f. 3, op. 65, d. 826"
    held["draft"].status = Status.PUBLISHED
    held["draft"].save()
    page = client.get(archives).content.decode()
    assert "APRF (3)" in page and "GARF" not in page
    documents = client.get(reverse("catalogue:document-list"), {"repository": "aprf"})
    assert documents.context["total"] == 3
