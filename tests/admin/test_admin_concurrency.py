"""Two archivists saving the same record from the same loaded version: the second save is
refused with what the first changed beside what the second typed; the first's data stays;
nothing the second typed is lost, and saving again after looking goes through."""

import pytest

from catalogue.models import Document, Person, Place, Recipient, Reference, Request
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    contributor_fixture,
)
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


def records():
    person = make_person("Invented Gromova", slug="invented-gromova", description="Before")
    document = make_document("Invented note", summary="Before", author=person)
    make_recipient(document, person, name_as_written="GROMOVA")
    make_request(document, asked_by=person, summary="Before")
    place = Place.objects.create(name="Invented Harbour", slug="invented-harbour", note="Before")
    # Added by hand: a save's re-read of the text keeps it.
    Reference.objects.create(
        document=document,
        as_written="your invented telegram No. 1",
        status="confirmed",
        target=make_document("Invented telegram No. 1"),
        from_text=False,
    )
    return {
        "document": document,
        "person": person,
        "place": place,
        "request": document.requests.get(),
        "recipient": document.recipients.get(),
    }


# model name, the field both change, the value it takes there
EDITS = {
    "document": ("summary", "Summary"),
    "person": ("description", "Description"),
    "place": ("note", "Note"),
    "request": ("summary", "Summary"),
    "recipient": ("name_as_written", "Name as written"),
}


def two_forms(model_name, obj, archivist, contributor):
    url = admin_url(f"{model_name}_change", obj.pk)
    return url, change_form_data(archivist.get(url)), change_form_data(contributor.get(url))


@pytest.mark.parametrize("model_name", sorted(EDITS))
def test_the_second_save_is_refused_with_what_the_first_changed(archivist, contributor, model_name):
    obj = records()[model_name]
    field, label = EDITS[model_name]
    url, mine, theirs = two_forms(model_name, obj, archivist, contributor)
    theirs[field] = "Their invented value"
    assert contributor.post(url, theirs).status_code == 302
    mine[field] = "My invented value"
    response = archivist.post(url, mine)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Not saved: contributor saved this {type(obj)._meta.verbose_name}" in html
    form = response.context["adminform"].form
    [conflict] = form.conflicts
    assert (conflict.field, conflict.theirs, conflict.yours) == (
        label,
        "Their invented value",
        "My invented value",
    )
    assert "Their invented value" in html and "Changed by someone else" in html
    # What was typed is still in the form.
    assert form[field].value() == "My invented value"
    obj.refresh_from_db()
    assert getattr(obj, field) == "Their invented value"
    # Having looked, the archivist saves again, and it goes through.
    again = change_form_data(response)
    assert archivist.post(url, again).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == "My invented value"


def test_a_field_only_the_other_changed_takes_their_value(archivist, contributor):
    person = records()["person"]
    url, mine, theirs = two_forms("person", person, archivist, contributor)
    theirs["description"] = "Their description"
    assert contributor.post(url, theirs).status_code == 302
    mine["sort_name"] = "Gromova, Invented"
    response = archivist.post(url, mine)
    assert response.status_code == 200
    [conflict] = response.context["adminform"].form.conflicts
    assert (conflict.theirs, conflict.yours, conflict.kept) == (
        "Their description",
        "Before",
        "theirs",
    )
    assert archivist.post(url, change_form_data(response)).status_code == 302
    person.refresh_from_db()
    # Saving again keeps both changes: nothing of theirs undone by a stale field.
    assert (person.description, person.sort_name) == ("Their description", "Gromova, Invented")


def inline_rows(data, prefix):
    return sorted(key for key in data if key.startswith(prefix) and key.endswith("-id"))


@pytest.mark.parametrize(
    ("prefix", "field", "value", "label"),
    [
        ("recipients", "role", "copy", "Recipient"),
        ("requests", "summary", "Their invented summary", "Request"),
        ("references_made", "as_written", "their invented telegram", "Reference"),
    ],
)
def test_a_document_refuses_a_save_over_changed_inline_rows(
    archivist, contributor, prefix, field, value, label
):
    document = records()["document"]
    url, mine, theirs = two_forms("document", document, archivist, contributor)
    [row_id] = inline_rows(theirs, f"{prefix}-0")
    theirs[row_id.replace("-id", f"-{field}")] = value
    response = contributor.post(url, theirs)
    assert response.status_code == 302, response.context["adminform"].form.errors
    mine["summary"] = "My summary"
    response = archivist.post(url, mine)
    assert response.status_code == 200
    conflicts = response.context["adminform"].form.conflicts
    assert any(c.field.startswith(label) and c.theirs != c.yours for c in conflicts), conflicts
    document.refresh_from_db()
    assert document.summary == "Before"
    model = {"recipients": Recipient, "requests": Request, "references_made": Reference}[prefix]
    stored = model.objects.filter(document=document).values_list(field, flat=True)
    assert value in list(stored)


def test_a_row_someone_added_is_reported(archivist, contributor):
    document = records()["document"]
    url, mine, _theirs = two_forms("document", document, archivist, contributor)
    make_recipient(document, None, name_as_written="INVENTED ARCHIVE", role="copy")
    Document.objects.filter(pk=document.pk).update(summary="Changed elsewhere")
    mine["summary"] = "My summary"
    response = archivist.post(url, mine)
    assert response.status_code == 200
    fields = [c.field for c in response.context["adminform"].form.conflicts]
    assert "Summary" in fields
    assert any("INVENTED ARCHIVE" in field for field in fields)


def test_an_untouched_record_saves_as_before(archivist):
    person = make_person("Invented Zorina", slug="invented-zorina")
    url = admin_url("person_change", person.pk)
    data = change_form_data(archivist.get(url))
    assert data["seen_version"]
    data["description"] = "Mine"
    assert archivist.post(url, data).status_code == 302
    assert Person.objects.get(pk=person.pk).description == "Mine"


def test_publishing_over_a_changed_author_is_refused_not_broken(archivist, contributor):
    document = records()["document"]
    document.status = "draft"
    document.save()
    other = make_person("Invented Vorontsova", slug="invented-vorontsova")
    url, mine, theirs = two_forms("document", document, archivist, contributor)
    theirs["author"] = str(other.pk)
    assert contributor.post(url, theirs).status_code == 302
    mine["status"] = "published"
    response = archivist.post(url, mine)
    assert response.status_code == 200
    [conflict] = response.context["adminform"].form.conflicts
    assert (conflict.theirs, conflict.yours, conflict.kept) == (
        "Invented Vorontsova",
        "Invented Gromova",
        "theirs",
    )
    assert response.context["adminform"].form["author"].value() == str(other.pk)
    document.refresh_from_db()
    assert (document.status, document.author) == ("draft", other)
