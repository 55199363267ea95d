"""Merging people: every link moves, names are kept, old addresses redirect, history records it."""

import re

import pytest

from catalogue.merge import (
    documents_of,
    link_counts,
    link_labels,
    merge_people,
    rebuild_search_text,
)
from catalogue.models import (
    Document,
    NameKind,
    Person,
    PersonName,
    PersonRedirect,
    Recipient,
    Request,
    TransmissionEvent,
)
from tests.admin.support import admin_url, archivist_fixture, contributor_fixture  # noqa: F401
from tests.factories import make_document, make_person, make_recipient, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user("merging-archivist")


def person_in_every_role(person, document):
    """Link `person` to `document` in every way the catalogue knows."""
    document.author = person
    document.sender = person
    document.enclosure_author = person
    document.enclosure_addressee = person
    document.save()
    document.people_mentioned.add(person)
    make_recipient(document, person, role="addressee", copies=2)
    make_recipient(document, person, role="copy")
    TransmissionEvent.objects.create(
        document=document, event="deciphered", by=person, position=document.pk
    )
    make_request(document, asked_by=person, asked_of=person)
    PersonName.objects.get_or_create(person=person, name=f"{person.name} alias", normalised="x")


def links_of(person):
    return link_counts([person])[person.pk]


class TestMergeLosesNoLink:
    def test_every_role_moves_to_the_survivor(self, user):
        survivor = make_person("Invented Kim", slug="invented-kim")
        duplicate = make_person("Invented Kim Ir Sen", slug="invented-kim-ir-sen")
        document = make_document("Invented telegram one")
        other_document = make_document("Invented telegram two")
        person_in_every_role(duplicate, document)
        person_in_every_role(duplicate, other_document)
        before = links_of(duplicate)
        # Every kind of link is present, so the test would notice one left behind.
        assert list(before) == link_labels()
        assert all(count >= 2 for label, count in before.items() if label != "names and variants")

        moved = merge_people(survivor, [duplicate], user)

        assert not Person.objects.filter(pk=duplicate.pk).exists()
        after = links_of(survivor)
        names_added = 1  # the duplicate's own name becomes a variant
        assert after == {**before, "names and variants": before["names and variants"] + 1}
        assert moved == sum(before.values())
        assert (
            names_added
            == PersonName.objects.filter(person=survivor, name="Invented Kim Ir Sen").count()
        )
        for doc in (document, other_document):
            doc.refresh_from_db()
            assert doc.author == doc.sender == survivor
            assert doc.enclosure_author == doc.enclosure_addressee == survivor
            assert list(doc.people_mentioned.all()) == [survivor]
        assert Recipient.objects.filter(person=survivor).count() == 4
        assert Request.objects.filter(asked_by=survivor, asked_of=survivor).count() == 2
        assert TransmissionEvent.objects.filter(by=survivor).count() == 2

    def test_old_slug_redirects_and_redirects_to_the_duplicate_follow(self, user):
        survivor = make_person("Invented Zhou", slug="invented-zhou")
        duplicate = make_person("Invented Chou", slug="invented-chou")
        PersonRedirect.objects.create(old_slug="invented-chou-old", person=duplicate)
        merge_people(survivor, [duplicate], user)
        assert dict(PersonRedirect.objects.values_list("old_slug", "person")) == {
            "invented-chou": survivor.pk,
            "invented-chou-old": survivor.pk,
        }

    def test_names_are_kept_without_duplicates(self, user):
        survivor = make_person("Invented Mao", slug="invented-mao")
        PersonName.objects.create(person=survivor, name="Invented Mao Tse-tung", normalised="x")
        one = make_person("Invented Mao Tse-tung", slug="invented-mao-2")
        two = make_person("Invented Mao Zedong", slug="invented-mao-3")
        PersonName.objects.create(
            person=two, name="Invented Filippov", kind=NameKind.PSEUDONYM, normalised="x"
        )
        merge_people(survivor, [one, two], user)
        names = dict(survivor.names.values_list("name", "kind"))
        assert names == {
            "Invented Mao Tse-tung": NameKind.VARIANT,
            "Invented Mao Zedong": NameKind.VARIANT,
            "Invented Filippov": NameKind.PSEUDONYM,
        }
        added = survivor.names.get(name="Invented Mao Zedong")
        assert added.normalised == "invented mao zedong"

    def test_a_document_mentioning_both_keeps_one_mention(self, user):
        survivor, one, two = (
            make_person("Invented A", slug="inv-a"),
            make_person("Invented B", slug="inv-b"),
            make_person("Invented C", slug="inv-c"),
        )
        both = make_document("Invented mentions all")
        both.people_mentioned.add(survivor, one, two)
        only_dupes = make_document("Invented mentions duplicates")
        only_dupes.people_mentioned.add(one, two)
        merge_people(survivor, [one, two], user)
        assert list(both.people_mentioned.all()) == [survivor]
        assert list(only_dupes.people_mentioned.all()) == [survivor]

    def test_history_records_the_merge(self, user):
        survivor = make_person("Invented Peng", slug="invented-peng")
        duplicate = make_person("Invented P'eng", slug="invented-peng-2")
        document = make_document("Invented order", author=duplicate)
        make_recipient(document, duplicate)
        duplicate_pk = duplicate.pk
        merge_people(survivor, [duplicate], user)
        reason = "Merged Invented P'eng into Invented Peng"
        for record in (
            survivor.history.first(),
            document.history.first(),
            Recipient.history.filter(document=document).first(),
            Person.history.filter(id=duplicate_pk).first(),
        ):
            assert record.history_change_reason == reason
            assert record.history_user == user
        assert Person.history.filter(id=duplicate_pk).first().history_type == "-"

    def test_search_text_of_moved_documents_is_rebuilt(self, user):
        survivor = make_person("Invented Vyshinsky", slug="invented-vyshinsky")
        duplicate = make_person("Invented Vishinskii", slug="invented-vishinskii")
        document = make_document("Invented note", sender=duplicate)
        merge_people(survivor, [duplicate], user)
        document.refresh_from_db()
        assert "Invented Vyshinsky" in document.search_text
        assert "Invented Vishinskii" in document.search_text  # now a variant

    def test_refuses_to_merge_a_person_into_itself(self, user):
        person = make_person("Invented Lone", slug="invented-lone")
        with pytest.raises(ValueError, match="other than the survivor"):
            merge_people(person, [person], user)


class TestBulkSearchText:
    def test_matches_build_search_text(self):
        people = [
            make_person(f"Invented P{i}", slug=f"inv-p{i}", sort_name=f"P{9 - i}") for i in range(5)
        ]
        PersonName.objects.create(person=people[0], name="Invented alias", normalised="x")
        document = make_document(
            "Invented composite",
            author=people[0],
            sender=people[1],
            enclosure_author=people[2],
            reference_numbers=["1/a", "2/b"],
            marks=["Strictly secret"],
            urgency="Urgent",
            place="Invented City",
            summary="A summary",
            author_as_written="P0 as written",
        )
        make_recipient(document, people[3])
        make_recipient(document, None, name_as_written="File")
        document.people_mentioned.add(people[4], people[0])
        plain = make_document("Invented plain")
        rebuild_search_text([document.pk, plain.pk])
        for doc in (document, plain):
            doc.refresh_from_db()
            assert doc.search_text == doc.build_search_text()

    def test_costs_a_fixed_number_of_queries(self, django_assert_num_queries):
        person = make_person("Invented Many", slug="inv-many")
        documents = [make_document(f"Invented {i}", author=person) for i in range(12)]
        for document in documents:
            make_recipient(document, person)
        pks = documents_of([person.pk])
        assert len(pks) == 12
        # documents, recipients, mentions, places named, people, their names, one UPDATE
        # (and two more, places and their spellings, when the documents name any)
        with django_assert_num_queries(7):
            rebuild_search_text(pks)


def test_merged_names_are_normalised_like_the_authority_file():
    from catalogue.names import normalise

    assert normalise("  Zhou  Énlái ") == "zhou enlai"
    assert normalise("Kim Il-sung") == normalise("KIM IL SUNG")


class TestMergeInTheAdmin:
    def post_merge(self, client, people, **extra):
        return client.post(
            admin_url("person_changelist"),
            {
                "action": "merge_selected_people",
                "_selected_action": [p.pk for p in people],
                **extra,
            },
        )

    def test_preview_then_confirm(self, archivist):
        survivor = make_person("Invented Molotov", slug="invented-molotov")
        duplicate = make_person("Invented Molotoff", slug="invented-molotoff")
        document = make_document("Invented instruction", author=duplicate)
        make_recipient(document, duplicate, copies=3)
        response = self.post_merge(archivist, [survivor, duplicate])
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="merge-preview"' in html
        assert "Invented Molotoff" in html and "Invented Molotov" in html
        rows = dict(response.context["rows"])
        labels = response.context["labels"]
        assert rows[duplicate][labels.index("author of")] == 1
        assert rows[duplicate][labels.index("recipient rows")] == 1
        assert Person.objects.filter(pk=duplicate.pk).exists()  # nothing merged yet

        response = self.post_merge(
            archivist, [survivor, duplicate], confirm="1", survivor=survivor.pk
        )
        assert response.status_code == 302
        assert response["Location"] == admin_url("person_change", survivor.pk)
        assert not Person.objects.filter(pk=duplicate.pk).exists()
        document.refresh_from_db()
        assert document.author == survivor
        assert survivor.history.first().history_user == archivist.user

    def test_the_reviewed_person_is_offered_as_survivor(self, archivist):
        curated = make_person("Invented Curated", slug="invented-curated")
        duplicate = make_person("Invented Duplicate", slug="invented-dup", reviewed=False)
        response = self.post_merge(archivist, [duplicate, curated])
        assert response.context["form"]["survivor"].value() == curated.pk
        checked = re.findall(r'<input type="radio"[^>]*value="(\d+)"[^>]*checked', response.text)
        assert checked == [str(curated.pk)]

    def test_needs_two_people(self, archivist):
        person = make_person("Invented Single", slug="invented-single")
        response = self.post_merge(archivist, [person], confirm="1", survivor=person.pk)
        assert response.status_code == 302
        assert Person.objects.filter(pk=person.pk).exists()

    def test_survivor_must_be_one_of_the_selected(self, archivist):
        a, b, c = (make_person(f"Invented {x}", slug=f"invented-{x}") for x in "xyz")
        response = self.post_merge(archivist, [a, b], confirm="1", survivor=c.pk)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert Person.objects.count() == 3

    def test_documents_count_unchanged(self, archivist):
        a = make_person("Invented Q", slug="invented-q")
        b = make_person("Invented Q2", slug="invented-q2")
        make_document("Invented D", author=b)
        before = Document.objects.count()
        self.post_merge(archivist, [a, b], confirm="1", survivor=a.pk)
        assert Document.objects.count() == before
