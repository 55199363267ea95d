"""People and requests in the workspace: counts by role, review filter, names fixed once."""

import pytest

from catalogue.models import Document, NameKind, Person, PersonName, Request, RequestStatus
from catalogue.serializers import document_to_dict
from tests.admin.support import (  # noqa: F401  (fixtures)
    admin_url,
    archivist_fixture,
    change_form_data,
    importer_user_fixture,
)
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


class TestPersonChangelist:
    def test_document_counts_by_role(self, archivist):
        person = make_person("Invented Gromyko", slug="invented-gromyko")
        for i in range(3):
            make_document(f"Invented letter {i}", author=person)
        sent = make_document("Invented sent", sender=person)
        make_recipient(sent, person)
        make_recipient(sent, person, role="copy")  # the same document twice: counted once
        make_document("Invented mention").people_mentioned.add(person)
        response = archivist.get(admin_url("person_changelist"))
        person_row = next(obj for obj in response.context["cl"].result_list if obj == person)
        assert (
            person_row.authored_count,
            person_row.sent_count,
            person_row.received_count,
            person_row.mentioned_count,
        ) == (3, 1, 1, 1)
        html = response.content.decode()
        assert '<td class="field-authored">3</td>' in html

    def test_sorting_by_a_count(self, archivist):
        busy = make_person("Invented Busy", slug="invented-busy", sort_name="B")
        make_person("Invented Idle", slug="invented-idle", sort_name="A")
        make_document("Invented by busy", author=busy)
        response = archivist.get(admin_url("person_changelist"), {"o": "-3"})
        assert list(response.context["cl"].result_list)[0] == busy

    def test_importer_unreviewed_filter(self, archivist, importer_user):
        from_import = make_person("Invented Imported", slug="inv-imported", reviewed=False)
        from_import.history.update(history_user=importer_user)
        by_hand = make_person("Invented By Hand", slug="inv-by-hand", reviewed=False)
        reviewed = make_person("Invented Reviewed", slug="inv-reviewed")
        reviewed.history.update(history_user=importer_user)
        response = archivist.get(admin_url("person_changelist"), {"origin": "importer"})
        assert list(response.context["cl"].result_list) == [from_import]
        assert by_hand.reviewed is False

    def test_search_finds_variants(self, archivist):
        person = make_person("Invented Stalin", slug="invented-stalin")
        PersonName.objects.create(
            person=person, name="Invented Filippov", kind=NameKind.PSEUDONYM, normalised="x"
        )
        response = archivist.get(admin_url("person_changelist"), {"q": "Filippov"})
        assert list(response.context["cl"].result_list) == [person]

    def test_autocomplete_finds_a_person_by_variant(self, archivist):
        person = make_person("Invented Stalin", slug="invented-stalin")
        PersonName.objects.create(person=person, name="Invented Filippov", normalised="x")
        response = archivist.get(
            "/admin/autocomplete/",
            {
                "term": "Filippov",
                "app_label": "catalogue",
                "model_name": "document",
                "field_name": "author",
            },
        )
        assert response.status_code == 200
        assert [r["text"] for r in response.json()["results"]] == ["Invented Stalin"]

    def test_mark_reviewed(self, archivist):
        person = make_person("Invented Unsure", slug="inv-unsure", reviewed=False)
        archivist.post(
            admin_url("person_changelist"),
            {"action": "mark_people_reviewed", "_selected_action": [person.pk]},
        )
        person.refresh_from_db()
        assert person.reviewed is True


class TestFixingANameOnce:
    def test_fixes_it_on_every_document_and_in_search(self, archivist):
        person = make_person("Invented Kim Il Sunk", slug="invented-kim")
        documents = [make_document(f"Invented telegram {i}", author=person) for i in range(3)]
        make_recipient(documents[0], person)
        for document in documents:
            document.search_text = document.build_search_text()
            document.save()
        url = admin_url("person_change", person.pk)
        data = change_form_data(archivist.get(url))
        data["name"] = "Invented Kim Il Sung"
        data["names-0-name"] = "Invented Kim Ir Sen"
        data["names-0-kind"] = NameKind.VARIANT
        response = archivist.post(url, data)
        assert response.status_code == 302
        for document in Document.objects.filter(pk__in=[d.pk for d in documents]):
            assert document_to_dict(document)["author"]["name"] == "Invented Kim Il Sung"
            assert "Invented Kim Il Sung" in document.search_text
            assert "Invented Kim Ir Sen" in document.search_text
            assert "Sunk" not in document.search_text
        variant = PersonName.objects.get(person=person)
        assert variant.normalised == "invented kim ir sen"


class TestRequestChangelist:
    @pytest.fixture
    def requests(self):
        early = make_document("Invented 1950 telegram", date="1950-06-25")
        late = make_document("Invented 1952 telegram", date="1952-07-17")
        answer = make_document("Invented reply", date="1952-08-01")
        return [
            make_request(early, number="1", category="air_defence"),
            make_request(late, number="1", category="materiel", answered_by=answer),
        ]

    def test_columns_and_answer_link(self, archivist, requests):
        html = archivist.get(admin_url("request_changelist")).content.decode()
        assert "Invented 1950 telegram" in html
        assert admin_url("document_change", requests[1].answered_by_id) in html
        assert "Invented reply" in html

    @pytest.mark.parametrize(
        "params, expected",
        [
            ({"category__exact": "air_defence"}, [0]),
            ({"status__exact": "unknown"}, [0, 1]),
            ({"year": "1952"}, [1]),
            ({"year": "nonsense"}, []),
        ],
    )
    def test_filters(self, archivist, requests, params, expected):
        response = archivist.get(admin_url("request_changelist"), params)
        assert response.status_code == 200
        assert set(response.context["cl"].result_list) == {requests[i] for i in expected}

    def test_status_is_editable_in_the_list(self, archivist, requests):
        data = {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "_save": "Save",
        }
        response = archivist.get(admin_url("request_changelist"))
        for i, obj in enumerate(response.context["cl"].result_list):
            data[f"form-{i}-id"] = str(obj.pk)
            data[f"form-{i}-status"] = RequestStatus.GRANTED if obj == requests[0] else obj.status
        response = archivist.post(admin_url("request_changelist"), data)
        assert response.status_code == 302
        assert Request.objects.get(pk=requests[0].pk).status == RequestStatus.GRANTED
        assert Request.objects.get(pk=requests[1].pk).status == RequestStatus.UNKNOWN

    def test_batch_change_category(self, archivist, requests):
        archivist.post(
            admin_url("request_changelist"),
            {
                "action": "change_request_category",
                "_selected_action": [r.pk for r in requests],
                "apply": "1",
                "value": "diplomatic",
            },
        )
        assert set(Request.objects.values_list("category", flat=True)) == {"diplomatic"}

    def test_request_is_also_inline_on_the_document(self, archivist, requests):
        html = archivist.get(admin_url("document_change", requests[0].document_id)).content.decode()
        assert 'id="requests-group"' in html
        assert "Send ten invented regiments" in html


def test_person_pages_render(archivist):
    person = make_person("Invented Person", slug="invented-person")
    for url in (
        admin_url("person_change", person.pk),
        admin_url("person_add"),
        admin_url("person_history", person.pk),
        admin_url("recipient_changelist"),
    ):
        assert archivist.get(url).status_code == 200, url
    assert Person.objects.count() == 1
