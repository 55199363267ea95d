"""Every change can be seen field by field, attributed to its author, and reverted."""

from io import StringIO

import pytest
from django.core.management import call_command

from catalogue.models import Document, Person, Recipient, Request
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    importer_user_fixture,
)
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


def test_history_shows_the_importer_and_field_differences(archivist, importer_user):
    document = make_document("Invented telegram as imported")
    document.history.update(history_user=importer_user)
    url = admin_url("document_change", document.pk)
    data = change_form_data(archivist.get(url))
    data["title"] = "Invented telegram as corrected"
    archivist.post(url, data)

    html = archivist.get(admin_url("document_history", document.pk)).content.decode()
    assert ">importer</a>" in html
    assert ">archivist</a>" in html
    assert "Invented telegram as imported" in html
    assert "&rarr;" in html and "Invented telegram as corrected" in html


@pytest.mark.parametrize("model_name", ["person", "recipient", "request"])
def test_history_pages_of_the_other_records(archivist, model_name):
    person = make_person("Invented Bulganin", slug="invented-bulganin")
    document = make_document("Invented order")
    objects = {
        "person": person,
        "recipient": make_recipient(document, person),
        "request": make_request(document, asked_by=person),
    }
    obj = objects[model_name]
    response = archivist.get(admin_url(f"{model_name}_history", obj.pk))
    assert response.status_code == 200
    assert 'id="change-history"' in response.content.decode()


def test_revert_restores_an_old_version(archivist):
    person = make_person("Invented Beria", slug="invented-beria", description="Old line")
    first = person.history.first()
    person.description = "A wrong new line"
    person.save()
    url = admin_url("person_simple_history", person.pk, first.history_id)
    response = archivist.get(url)
    assert response.status_code == 200
    assert "Revert" in response.content.decode()
    assert archivist.post(url, {"description": "on"}).status_code == 302
    person.refresh_from_db()
    assert person.description == "Old line"
    assert person.history.first().history_user == archivist.user


def test_recipient_and_request_edits_are_recorded(archivist):
    document = make_document("Invented telegram")
    make_recipient(document, None, name_as_written="Invented clerk")
    make_request(document, number="1")
    url = admin_url("document_change", document.pk)
    data = change_form_data(archivist.get(url))
    data["recipients-0-copies"] = "5"
    data["requests-0-status"] = "granted"
    archivist.post(url, data)
    assert Recipient.history.filter(copies=5, history_user=archivist.user).exists()
    assert Request.history.filter(status="granted", history_user=archivist.user).exists()
    assert Person.history.count() == 0


LONG_TEXT = "\n".join(f"Invented paragraph {n} of a long telegram." for n in range(1, 41))


def test_a_one_line_change_in_a_long_text_shows_just_that_line(archivist):
    document = make_document("Invented long telegram", text=LONG_TEXT)
    document.text = LONG_TEXT.replace("paragraph 20 of", "paragraph twenty of")
    document.save()

    response = archivist.get(admin_url("document_history", document.pk))
    html = response.content.decode()
    [change] = response.context["page_obj"][0].history_delta_changes
    assert change["field"] == "Text"
    assert change["lines"] == [
        ("gap", ""),
        ("same", "Invented paragraph 19 of a long telegram."),
        ("del", "Invented paragraph 20 of a long telegram."),
        ("ins", "Invented paragraph twenty of a long telegram."),
        ("same", "Invented paragraph 21 of a long telegram."),
        ("gap", ""),
    ]
    # Marked by a sign and by the element, not by colour alone; the rest of the text is left
    # out, and nothing is cut to "[N chars]".
    assert '<del><span class="diff-mark" aria-hidden="true">−</span>' in html
    assert "Invented paragraph 20 of a long telegram.</del>" in html
    assert "Invented paragraph twenty of a long telegram.</ins>" in html
    assert "Invented paragraph 5 of" not in html
    assert "chars]" not in html


def test_html_in_a_text_change_is_escaped(archivist):
    document = make_document("Invented telegram", text="First line\nSecond line")
    document.text = "First line\n<script>alert('invented')</script> & <b>bold</b>"
    document.save()

    html = archivist.get(admin_url("document_history", document.pk)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;invented&#x27;)&lt;/script&gt; &amp; &lt;b&gt;" in html


def test_short_fields_keep_old_and_new_and_blanks_are_said(archivist):
    person = make_person("Invented Malenkov", slug="invented-malenkov")
    person.authority_id = "Q-invented-1"
    person.save()

    response = archivist.get(admin_url("person_history", person.pk))
    html = response.content.decode()
    [change] = response.context["page_obj"][0].history_delta_changes
    assert (change["old"], change["new"]) == ("(blank)", "Q-invented-1")
    assert "(blank)&nbsp;&rarr;&nbsp;&nbsp;Q-invented-1" in html
    # No change reason: an empty cell, not "None".
    assert "None" not in html


class TestMentionsInHistory:
    def history_changes(self, client, document):
        response = client.get(admin_url("document_history", document.pk))
        return response, [
            record.history_delta_changes
            for record in response.context["page_obj"]
            if hasattr(record, "history_delta_changes")
        ]

    def test_an_archivist_adding_a_mention_shows_in_the_history(self, archivist):
        kept = make_person("Invented Gromyko", slug="invented-gromyko")
        added = make_person("Invented Zhou", slug="invented-zhou")
        document = make_document("Invented telegram")
        document.people_mentioned.add(kept)
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data["people_mentioned"] = [str(kept.pk), str(added.pk)]
        assert archivist.post(url, data).status_code == 302

        latest = document.history.first()
        assert latest.history_user == archivist.user
        assert {row.person_id for row in latest.people_mentioned.all()} == {kept.pk, added.pk}
        response, changes = self.history_changes(archivist, document)
        assert changes[0] == [
            {"field": "People mentioned", "added": ["Invented Zhou"], "removed": []}
        ]
        html = response.content.decode()
        assert '<span class="visually-hidden">Added: </span>Invented Zhou</ins>' in html

    def test_a_batch_action_records_mentions_without_a_false_change(self, archivist):
        person = make_person("Invented Gromyko", slug="invented-gromyko")
        document = make_document(
            "Invented telegram", status="draft", doc_type="telegram", author=person
        )
        document.people_mentioned.add(person)
        archivist.post(
            admin_url("document_changelist"),
            {"action": "publish", "_selected_action": [document.pk]},
        )
        latest = document.history.first()
        assert latest.history_change_reason == "Published"
        assert [row.person_id for row in latest.people_mentioned.all()] == [person.pk]
        _response, changes = self.history_changes(archivist, document)
        assert [c["field"] for c in changes[0]] == ["Status"]

    def test_a_merge_shows_in_the_history_of_the_documents_mentioning(self, archivist):
        survivor = make_person("Invented Kim", slug="invented-kim", reviewed=True)
        duplicate = make_person("Invented Kim Ir Sen", slug="invented-kim-ir-sen")
        document = make_document("Invented telegram")
        document.people_mentioned.add(duplicate)
        archivist.post(
            admin_url("person_changelist"),
            {
                "action": "merge_selected_people",
                "_selected_action": [survivor.pk, duplicate.pk],
                "survivor": str(survivor.pk),
                "confirm": "Merge",
            },
        )
        assert list(document.people_mentioned.all()) == [survivor]
        assert document.history.first().history_change_reason.startswith("Merged")
        _response, changes = self.history_changes(archivist, document)
        assert changes[0] == [
            {
                "field": "People mentioned",
                "added": ["Invented Kim"],
                "removed": [f"deleted record #{duplicate.pk}"],
            }
        ]

    def test_imported_mentions_are_in_the_first_version(self, archivist):
        call_command("import_seeds", "seeds/000_fffce33f7251ed7a.txt", stdout=StringIO())
        document = Document.objects.get(source_file="seeds/000_fffce33f7251ed7a.txt")
        mentioned = set(document.people_mentioned.values_list("pk", flat=True))
        assert mentioned
        first = document.history.get()
        assert {row.person_id for row in first.people_mentioned.all()} == mentioned
        # An archivist's edit of something else shows no change of mentions.
        url = admin_url("document_change", document.pk)
        data = change_form_data(archivist.get(url))
        data["summary"] = "An invented summary."
        archivist.post(url, data)
        _response, changes = self.history_changes(archivist, document)
        assert [c["field"] for c in changes[0]] == ["Summary"], changes[0]

    @pytest.mark.parametrize("versions", [3, 8])
    def test_history_page_queries_do_not_grow_with_versions(
        self, archivist, django_assert_num_queries, versions
    ):
        people = [make_person(f"Invented {n}", slug=f"invented-{n}") for n in range(versions)]
        document = make_document("Invented telegram", text="One\nTwo")
        for n, person in enumerate(people[1:], start=1):
            document.people_mentioned.add(person)
            document.text = f"One\nTwo {n}"
            document.save()
        archivist.get(admin_url("document_history", document.pk))  # warm the caches
        # Three of them read the versions of its recipients and requests and the moment of
        # the version after the page's newest, whatever the number of versions.
        with django_assert_num_queries(11):
            archivist.get(admin_url("document_history", document.pk))
