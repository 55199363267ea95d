"""Full-text search: the same tests run on SQLite (FTS5) and PostgreSQL (tsvector)."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue.models import Document, PersonName, Status
from catalogue.search.backends import search_documents
from catalogue.search.query import SearchQueryError, parse_query, validate_query
from catalogue.search.snippets import MatchedName, highlight, mark_matches
from tests.factories import make_document, make_person, make_recipient

pytestmark = pytest.mark.django_db


def indexed(title, text="Invented text for a test.", **fields):
    """A published document whose search text is built, as the importer does after saving."""
    document = make_document(title, text=text, **fields)
    refresh_search_text(document)
    return document


def refresh_search_text(document):
    Document.objects.filter(pk=document.pk).update(search_text=document.build_search_text())


def titles(queryset):
    return sorted(queryset.values_list("title", flat=True))


def found(q):
    return titles(Document.objects.published().search(q))


class TestParseQuery:
    def test_words_phrases_or_and_exclusion(self):
        parsed = parse_query('air "anti aircraft" -Korea or Filippov')
        assert parsed.as_websearch() == '"air" "anti aircraft" -"Korea" or "Filippov"'
        assert parsed.as_fts5() == (
            '(("air" AND "anti aircraft") NOT "Korea") OR '
            '((("Filippov"* OR "Filippo"* OR "Filipp"*)))'
        )
        assert parsed.as_tsquery() == (
            "(('air') & ('anti' <-> 'aircraft') & !('Korea')) | "
            "(('Filippov':* | 'Filippo':* | 'Filipp':*))"
        )

    def test_prefixes_only_for_single_unquoted_words_of_four_letters(self):
        terms = parse_query('negotiat "negotiat" -negotiat air 1952 Kaes').alternatives[0]
        assert [t.prefixes for t in terms] == [
            ("negotiat", "negotia", "negoti"),
            (),
            (),
            (),
            (),
            ("Kaes",),
        ]

    def test_punctuation_inside_a_word_makes_a_phrase(self):
        assert parse_query("502597/sh").as_fts5() == '(("502597 sh"))'

    def test_operators_typed_by_visitors_are_only_words(self):
        parsed = parse_query('NEAR(a b) AND * "unclosed')
        assert parsed.as_fts5() == '(("NEAR a" AND "b" AND "AND" AND "unclosed"))'

    @pytest.mark.parametrize("q", ["", "   ", '"', "(", "*", "-", "OR OR", '""', "- -"])
    def test_nothing_to_look_for(self, q):
        assert not parse_query(q)

    def test_only_exclusions_is_explained(self):
        with pytest.raises(SearchQueryError, match="leave out"):
            validate_query("-Stalin")

    def test_junk_is_explained(self):
        with pytest.raises(SearchQueryError, match="at least one word"):
            validate_query("*(")
        validate_query("")
        validate_query("Stalin")


class TestSearch:
    def test_blank_query_leaves_the_queryset_alone(self):
        indexed("Telegram about invented wheat")
        queryset = Document.objects.published()
        assert search_documents(queryset, "  ") is queryset

    def test_all_words_must_match(self):
        indexed("Invented wheat and coal")
        indexed("Invented wheat only")
        assert found("wheat coal") == ["Invented wheat and coal"]

    def test_phrase(self):
        indexed("One", text="The invented regiments of anti aircraft guns.")
        indexed("Two", text="Aircraft of the invented anti-tank regiments.")
        assert found('"anti aircraft"') == ["One"]
        assert found("anti aircraft") == ["One", "Two"]

    def test_or(self):
        indexed("About wheat")
        indexed("About coal")
        indexed("About steel")
        assert found("wheat OR coal") == ["About coal", "About wheat"]
        assert found("wheat or coal") == ["About coal", "About wheat"]

    def test_exclusion(self):
        indexed("Wheat for Korea")
        indexed("Wheat for China")
        assert found("wheat -Korea") == ["Wheat for China"]
        assert found('wheat -"for Korea"') == ["Wheat for China"]

    def test_stemming_is_the_same_on_both_backends(self):
        indexed("Invented note", text="Send ten regiments.")
        assert found("regiment") == ["Invented note"]

    def test_ranking_puts_title_matches_first(self):
        indexed("A note on coal", text="Invented text about nothing.")
        indexed("Another note", text="Invented text that mentions coal once among many words.")
        ranked = list(Document.objects.published().search("coal").order_by("-rank"))
        assert [d.title for d in ranked] == ["A note on coal", "Another note"]
        assert ranked[0].rank > ranked[1].rank

    def test_ranking_prefers_more_occurrences(self):
        indexed("Note one", text="Coal. Coal is needed; coal, more coal, and again coal.")
        indexed("Note two", text="Coal is mentioned once, among many other invented words.")
        ranked = Document.objects.published().search("coal").order_by("-rank")
        assert [d.title for d in ranked] == ["Note one", "Note two"]

    @pytest.mark.parametrize(
        ("stored", "typed"), [("Zhōu Ēnlái", "Zhou Enlai"), ("Zhou Enlai", "Zhōu Ēnlái")]
    )
    def test_diacritics_fold_both_ways(self, stored, typed):
        indexed("Invented telegram", text=f"Message to {stored}.")
        assert found(typed) == ["Invented telegram"]

    def test_case_is_folded(self):
        indexed("Invented telegram", text="To KIM IL SUNG.")
        assert found("kim il sung") == ["Invented telegram"]

    def test_pseudonym_finds_the_persons_documents(self):
        stalin = make_person("Joseph Stalin", slug="stalin")
        PersonName.objects.create(person=stalin, name="Filippov", kind="pseudonym")
        document = make_document("Invented telegram to the chairman")
        make_recipient(document, stalin)
        refresh_search_text(document)
        indexed("Unrelated invented telegram")
        assert found("Filippov") == ["Invented telegram to the chairman"]

    @pytest.mark.parametrize("typed", ["502597", "502597/sh", '"502597/sh"'])
    def test_reference_number(self, typed):
        indexed("Invented ciphered telegram", reference_numbers=["502597/sh", "2250"])
        indexed("Another invented telegram", reference_numbers=["502598/sh"])
        assert found(typed) == ["Invented ciphered telegram"]

    def test_drafts_never_match_from_published(self):
        indexed("Published wheat")
        indexed("Draft wheat", status=Status.DRAFT)
        assert found("wheat") == ["Published wheat"]

    def test_index_follows_updates_and_deletes(self):
        document = indexed("Invented wheat")
        document.title = "Invented coal"
        document.save()
        refresh_search_text(document)
        assert found("wheat") == []
        assert found("coal") == ["Invented coal"]
        document.delete()
        assert found("coal") == []

    def test_query_with_nothing_to_look_for_matches_nothing(self):
        indexed("Invented wheat")
        assert found("-wheat") == []
        assert found("*") == []

    def test_searching_twice_narrows(self):
        indexed("Wheat and coal")
        indexed("Wheat only")
        queryset = Document.objects.published().search("wheat").filter(title__contains="coal")
        assert titles(queryset) == ["Wheat and coal"]

    def test_search_in_a_subquery(self):
        indexed("Wheat and coal")
        indexed("Wheat only")
        matches = Document.objects.published().search("coal")
        assert titles(Document.objects.filter(pk__in=matches.values("pk"))) == ["Wheat and coal"]

    def test_counting_and_paging_take_one_query_each(self, django_assert_num_queries):
        for n in range(30):
            indexed(f"Invented wheat {n}")
        queryset = Document.objects.published().for_list().search("wheat").order_by("-rank", "pk")
        with django_assert_num_queries(2):
            assert queryset.count() == 30
            assert len(list(queryset[:25])) == 25

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(q=st.text(max_size=60))
    def test_any_text_is_safe(self, q):
        # The database is shared across examples: this only asserts nothing ever raises.
        list(Document.objects.published().search(q).values_list("pk", flat=True))
        highlight(list(Document.objects.all()[:3]), q)

    @pytest.mark.parametrize(
        "q", ['"', "(", ")", "*", "NEAR", "NEAR(", "-", "OR OR", "AND", "NOT x", "a:b", "^x", "'"]
    )
    def test_junk_never_raises(self, q):
        indexed("Invented NEAR telegram")
        list(Document.objects.published().search(q))


class TestHighlight:
    def test_marks_the_match_and_escapes_the_text(self):
        document = indexed(
            "Invented note", text="Before <script>alert('x')</script> the wheat & coal arrive."
        )
        snippet = highlight([document], "wheat")[document.pk].html
        assert "<mark>wheat</mark>" in snippet
        assert "&lt;script&gt;" in snippet
        assert "<script>" not in snippet
        assert "&amp; coal" in snippet
        assert snippet.replace("<mark>", "").replace("</mark>", "").count("<") == 0

    def test_escapes_inside_a_match(self):
        document = indexed("Invented note", text="Invented <b>wheat</b> note")
        snippet = highlight([document], "wheat")[document.pk].html
        assert "&lt;b&gt;<mark>wheat</mark>&lt;/b&gt;" in snippet

    def test_reference_number_is_shown_as_written(self):
        document = indexed("Invented telegram", reference_numbers=["502597/sh"])
        assert "502597" in highlight([document], "502597")[document.pk].html
        assert "/sh" in highlight([document], "502597")[document.pk].html

    def test_one_query_for_the_page(self, django_assert_num_queries):
        documents = [indexed(f"Invented wheat {n}", text="The wheat arrives.") for n in range(25)]
        with django_assert_num_queries(1):
            snippets = highlight(documents, "wheat")
        assert len(snippets) == 25

    def test_blank_query_gives_nothing(self, django_assert_num_queries):
        document = indexed("Invented wheat")
        with django_assert_num_queries(0):
            assert highlight([document], "") == {}

    def test_stray_markers_never_leave_a_tag_open(self):
        assert mark_matches("a \ue000b \ue000c\ue001 d\ue001 <e>") == (
            "a <mark>b c</mark> d &lt;e&gt;"
        )


def test_backend_under_test_has_its_index():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'catalogue_document_fts%'"
            )
            assert cursor.fetchone()[0] >= 4
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE indexname = %s",
                ["catalogue_document_search_vector"],
            )
            assert cursor.fetchone()[0] == 1


def test_triggers_come_back_after_a_migration_rebuilds_the_table():
    """SQLite alters a table by copying it, which drops its triggers; post_migrate restores
    them and rebuilds the index. On PostgreSQL the generated column needs no such care."""
    from catalogue.search.schema import restore_sqlite_triggers

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for action in ["insert", "update", "delete"]:
                cursor.execute(f"DROP TRIGGER catalogue_document_fts_{action}")
    indexed("Written while the trigger was missing")
    restore_sqlite_triggers(using="default")
    indexed("Written after it came back")
    assert found("written") == [
        "Written after it came back",
        "Written while the trigger was missing",
    ]


class TestNameOnlyMatches:
    """A document found only through the names index (everyone involved, with variants) shows
    the start of its own text and which name matched, never the index itself."""

    @pytest.fixture
    def premier(self):
        person = make_person("Invented Premier", slug="invented-premier")
        PersonName.objects.create(person=person, name="Vostokov", normalised="vostokov")
        PersonName.objects.create(person=person, name="Premier Invented", normalised="x")
        return person

    def test_shows_the_start_of_the_text_and_the_matched_variant(self, premier):
        document = make_document(
            "Invented telegram to the premier",
            text="The invented regiments arrive tomorrow by rail. " * 10,
        )
        make_recipient(document, premier)
        other = make_person("Invented Aide", slug="invented-aide")
        PersonName.objects.create(person=other, name="Aide Invented", normalised="aide")
        make_recipient(document, other, role="copy")
        refresh_search_text(document)
        snippet = highlight([document], "Vostokov")[document.pk]
        assert snippet.html.startswith("The invented regiments arrive tomorrow by rail.")
        assert snippet.html.endswith("\u2026")
        assert "Vostokov" not in snippet.html and "Premier Invented" not in snippet.html
        assert "Aide" not in snippet.html
        assert snippet.names == (MatchedName("Vostokov", "Invented Premier"),)

    def test_a_match_in_the_text_is_shown_there_with_no_name_line(self, premier):
        document = make_document(
            "Invented telegram", text="Opening words. Then Vostokov writes to the premier."
        )
        make_recipient(document, premier)
        refresh_search_text(document)
        snippet = highlight([document], "Vostokov")[document.pk]
        assert "<mark>Vostokov</mark> writes" in snippet.html
        assert snippet.names == ()
        assert "Premier Invented" not in snippet.html

    def test_a_canonical_name_is_shown_alone(self, premier):
        document = make_document("Invented note", text="Nothing by name here.")
        document.people_mentioned.add(premier)
        refresh_search_text(document)
        snippet = highlight([document], "Premier")[document.pk]
        assert snippet.html == "Nothing by name here."
        assert set(snippet.names) == {
            MatchedName("Invented Premier", None),
            MatchedName("Premier Invented", "Invented Premier"),
        }

    def test_the_page_shows_the_name_line(self, client, premier):
        document = make_document("Invented telegram to the premier", text="Invented opening.")
        make_recipient(document, premier)
        refresh_search_text(document)
        html = client.get("/documents/", {"q": "Vostokov"}).content.decode()
        assert '<p class="snippet">Invented opening.</p>' in html
        assert "Matched a name: <mark>Vostokov</mark> — Invented Premier" in html

    def test_two_queries_for_a_page_of_name_only_matches(self, premier, django_assert_num_queries):
        documents = []
        for n in range(25):
            document = make_document(f"Invented telegram {n}", text="Invented opening.")
            make_recipient(document, premier)
            refresh_search_text(document)
            documents.append(document)
        with django_assert_num_queries(2):
            snippets = highlight(documents, "Vostokov")
        assert len(snippets) == 25
        assert all(
            s.names == (MatchedName("Vostokov", "Invented Premier"),) for s in snippets.values()
        )
