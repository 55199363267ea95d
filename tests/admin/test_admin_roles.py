"""Who may do what: archivists publish and merge, contributors edit, visitors get nothing."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from catalogue.models import Document, Person, Status
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    contributor_fixture,
)
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


def action_names(client, changelist):
    form = client.get(admin_url(changelist)).context["action_form"]
    return {name for name, _label in form.fields["action"].choices}


class TestGroups:
    def test_made_by_the_migration(self):
        archivist = set(
            Group.objects.get(name="Archivist").permissions.values_list("codename", flat=True)
        )
        contributor = set(
            Group.objects.get(name="Contributor").permissions.values_list("codename", flat=True)
        )
        assert {"publish_document", "merge_person", "change_document", "add_person"} <= archivist
        assert {"change_document", "add_document", "change_recipient"} <= contributor
        assert {"change_place", "add_placename"} <= contributor
        assert not {"publish_document", "merge_person", "merge_place"} & contributor
        assert archivist - contributor == {"publish_document", "merge_person", "merge_place"}


class TestContributor:
    def test_sees_no_publish_or_merge_action(self, contributor, archivist):
        assert {"publish", "unpublish", "change_document_status"} <= action_names(
            archivist, "document_changelist"
        )
        assert "merge_selected_people" in action_names(archivist, "person_changelist")
        documents = action_names(contributor, "document_changelist")
        assert "mark_documents_reviewed" in documents
        assert not {"publish", "unpublish", "change_document_status"} & documents
        assert "merge_selected_people" not in action_names(contributor, "person_changelist")

    def test_cannot_publish_by_posting_the_action(self, contributor):
        draft = make_document("Invented draft", status=Status.DRAFT)
        for action in ("publish", "change_document_status"):
            contributor.post(
                admin_url("document_changelist"),
                {
                    "action": action,
                    "_selected_action": [draft.pk],
                    "apply": "1",
                    "value": "published",
                },
            )
        draft.refresh_from_db()
        assert draft.status == Status.DRAFT

    def test_cannot_merge_by_posting_the_action(self, contributor):
        a = make_person("Invented One", slug="invented-one")
        b = make_person("Invented Two", slug="invented-two")
        contributor.post(
            admin_url("person_changelist"),
            {
                "action": "merge_selected_people",
                "_selected_action": [a.pk, b.pk],
                "confirm": "1",
                "survivor": a.pk,
            },
        )
        assert Person.objects.count() == 2

    def test_status_is_read_only_on_the_form(self, contributor):
        draft = make_document("Invented draft", status=Status.DRAFT)
        url = admin_url("document_change", draft.pk)
        response = contributor.get(url)
        assert "status" not in response.context["adminform"].form.fields
        data = change_form_data(response)
        data["status"] = Status.PUBLISHED
        data["title"] = "Invented draft, corrected"
        assert contributor.post(url, data).status_code == 302
        draft.refresh_from_db()
        assert (draft.title, draft.status) == ("Invented draft, corrected", Status.DRAFT)

    def test_new_documents_stay_drafts(self, contributor):
        response = contributor.get(admin_url("document_add"))
        assert response.status_code == 200
        assert "status" not in response.context["adminform"].form.fields

    def test_reverting_to_a_published_version_does_not_publish(self, contributor):
        document = make_document("Invented once published", status=Status.PUBLISHED)
        published_version = document.history.first()
        document.status = Status.DRAFT
        document.save()
        url = admin_url("document_simple_history", document.pk, published_version.history_id)
        response = contributor.get(url)
        assert response.status_code == 200
        # The status is not offered to those who may not publish, and not taken if posted.
        assert 'name="status"' not in response.content.decode()
        assert contributor.post(url, {"status": "on"}).status_code == 302
        document.refresh_from_db()
        assert document.status == Status.DRAFT

    def test_can_edit_a_recipient_row(self, contributor):
        document = make_document("Invented telegram")
        make_recipient(document, None, name_as_written="Invented clerk", copies=1)
        url = admin_url("document_change", document.pk)
        data = change_form_data(contributor.get(url))
        data["recipients-0-copies"] = "4"
        assert contributor.post(url, data).status_code == 302
        assert document.recipients.get().copies == 4


def test_anonymous_visitor_reaches_no_admin_page(client):
    person = make_person("Invented Anyone", slug="invented-anyone")
    document = make_document("Invented secret draft", status=Status.DRAFT, author=person)
    recipient = make_recipient(document, person)
    request = make_request(document)
    version = document.history.first().history_id
    urls = [
        "/admin/",
        "/admin/catalogue/",
        "/admin/autocomplete/?app_label=catalogue&model_name=document&field_name=author&term=a",
        admin_url("document_changelist"),
        admin_url("document_add"),
        admin_url("document_change", document.pk),
        admin_url("document_history", document.pk),
        admin_url("document_simple_history", document.pk, version),
        admin_url("document_delete", document.pk),
        admin_url("person_changelist"),
        admin_url("person_change", person.pk),
        admin_url("person_history", person.pk),
        admin_url("recipient_changelist"),
        admin_url("recipient_change", recipient.pk),
        admin_url("request_changelist"),
        admin_url("request_change", request.pk),
        "/admin/auth/user/",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url
    # A posted action is refused just the same.
    response = client.post(
        admin_url("document_changelist"), {"action": "publish", "_selected_action": [document.pk]}
    )
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).status == Status.DRAFT


def test_staff_without_a_group_sees_no_catalogue(django_user_model):
    user = django_user_model.objects.create_user("idle", is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(admin_url("document_changelist")).status_code == 403
