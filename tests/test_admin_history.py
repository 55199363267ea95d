"""Every change can be seen field by field, attributed to its author, and reverted."""

import pytest

from catalogue.models import Person, Recipient, Request
from tests.conftest import make_document, make_person, make_recipient, make_request
from tests.test_admin_support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    importer_user_fixture,
)

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
    assert archivist.post(url, change_form_data(response)).status_code == 302
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
