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
