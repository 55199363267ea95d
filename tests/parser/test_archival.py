"""Archival source citations read into holdings, editions and credits (pure, no database)."""

import pytest

from catalogue.archival import (
    REPOSITORIES,
    Holding,
    browse_key,
    format_edition,
    format_holding,
    parse_citation,
    repository_code,
)
from tests.real_corpus import expected_entries


def only_holding(text):
    result = parse_citation(text)
    assert result.warnings == [] and result.unparsed == []
    assert len(result.holdings) == 1
    return result.holdings[0]


class TestHolding:
    def test_words_spelled_out(self):
        h = only_holding("APRF, fond 45, opis 1, delo 335, list 3")
        assert (h.repository, h.fond, h.opis, h.delo, h.folios) == (
            "APRF",
            "45",
            "1",
            "335",
            (("3", "3"),),
        )
        assert browse_key(h) == "APRF f. 45 op. 1 d. 335"
        assert format_holding(h) == "APRF, f. 45, op. 1, d. 335, l. 3"

    def test_abbreviations_with_papka_and_folio_range(self):
        h = only_holding("AVPRF, f. 07, op. 23a, d. 18, p. 235, ll. 44-45")
        assert (h.fond, h.opis, h.papka, h.delo) == ("07", "23a", "235", "18")
        assert h.folios == (("44", "45"),)
        # The papka comes before the file in the archive's hierarchy, whatever the order written.
        assert browse_key(h) == "AVPRF f. 07 op. 23a p. 235 d. 18"
        assert format_holding(h) == "AVPRF, f. 07, op. 23a, p. 235, d. 18, ll. 44\u201345"

    def test_repository_without_comma_and_no_folio(self):
        h = only_holding("RGASPI f. 558, op. 11, d. 334")
        assert browse_key(h) == format_holding(h).replace(",", "") == "RGASPI f. 558 op. 11 d. 334"
        assert h.folios == ()

    def test_capitals_colon_and_no_space(self):
        h = only_holding("AP RF: F. 3, Op.65, D.826, L.12.")
        assert (h.repository, h.repository_as_written, h.fond, h.opis, h.delo) == (
            "APRF",
            "AP RF",
            "3",
            "65",
            "826",
        )
        assert h.folios == (("12", "12"),)

    def test_leading_zeros_kept(self):
        h = only_holding("RGASPI, f. 17, op. 3, d. 1009, ll. 0012")
        assert h.folios == (("0012", "0012"),)
        assert format_holding(h).endswith("l. 0012")

    def test_folio_lists_and_verso(self):
        h = only_holding("GARF, f. R-5446, op. 1, d. 12, ll. 3, 7-9, 11ob.")
        assert h.fond == "R-5446"
        assert h.folios == (("3", "3"), ("7", "9"), ("11ob.", "11ob."))

    def test_pages_rather_than_folios(self):
        h = only_holding("TsAMO, f. 16, op. 3139, d. 5, pp. 12-13")
        assert (h.folios, h.folio_unit) == ((("12", "13"),), "p")
        assert format_holding(h) == "TsAMO, f. 16, op. 3139, d. 5, pp. 12\u201313"

    def test_other_names_for_the_file_unit_are_kept(self):
        h = only_holding("AVP RF, f. 6, op. 12, por. 7, p. 40, l. 2")
        assert (h.delo, h.delo_label) == ("7", "por")
        assert browse_key(h) == "AVPRF f. 6 op. 12 p. 40 por. 7"
        h = only_holding("CDA, f. 1 B, op. 64, a.e. 200")
        assert (h.fond, h.delo, h.delo_label) == ("1B", "200", "a.e.")

    def test_several_holdings_in_one_citation(self):
        result = parse_citation(
            "AP RF, f. 3, op. 65, d. 826, ll. 12-14; AVP RF, f. 06, op. 9, p. 18, d. 200, l. 7; "
            "and RGASPI, f. 17, op. 162, d. 41, l. 9."
        )
        assert result.warnings == []
        assert [browse_key(h) for h in result.holdings] == [
            "APRF f. 3 op. 65 d. 826",
            "AVPRF f. 06 op. 9 p. 18 d. 200",
            "RGASPI f. 17 op. 162 d. 41",
        ]
        assert [h.repository_as_written for h in result.holdings] == ["AP RF", "AVP RF", "RGASPI"]
        assert result.holdings[1].as_written == "AVP RF, f. 06, op. 9, p. 18, d. 200, l. 7"

    def test_holdings_joined_by_and(self):
        result = parse_citation(
            "APRF, Fond 3, Opis 1, Delo 9, List 2 and GARF, Fond 5, Opis 2, Delo 4"
        )
        assert [h.repository for h in result.holdings] == ["APRF", "GARF"]
        assert result.warnings == []

    def test_a_second_fond_of_the_same_archive_is_a_second_holding(self):
        result = parse_citation(
            "RGASPI, f. 558, op. 11, d. 329, l. 5, and f. 17, op. 162, d. 40, l. 22"
        )
        assert [browse_key(h) for h in result.holdings] == [
            "RGASPI f. 558 op. 11 d. 329",
            "RGASPI f. 17 op. 162 d. 40",
        ]

    def test_microfilm_description_belongs_to_the_holding(self):
        result = parse_citation(
            "RGANI, f. 89, op. 4, d. 7. Records of an invented office, 1950-1952, "
            "microfilm, reel 12."
        )
        assert result.warnings == []
        h = result.holdings[0]
        assert (h.microfilm_reel, h.description) == (
            "12",
            "Records of an invented office, 1950-1952",
        )

    def test_chinese_foreign_ministry_file_number(self):
        h = only_holding("PRC FMA 102-00011-05, 14")
        assert (h.repository, h.delo, h.folios, h.folio_unit) == (
            "PRC FMA",
            "102-00011-05",
            (("14", "14"),),
            "p",
        )
        assert browse_key(h) == "PRC FMA 102-00011-05"


class TestRepositoryCode:
    @pytest.mark.parametrize(
        ("written", "code"),
        [
            ("AVP RF", "AVPRF"),
            ("avprf", "AVPRF"),
            ("AP RF", "APRF"),
            ("RTsKhIDNI", "RGASPI"),
            ("TsKhSD", "RGANI"),
            ("TsAMO RF", "TsAMO"),
            ("Nowhere Archive", "Nowhere Archive"),
        ],
    )
    def test_spellings(self, written, code):
        assert repository_code(written) == code

    def test_every_code_reads_back_as_itself(self):
        assert all(repository_code(code) == code for code in REPOSITORIES)


class TestEditionsAndCredits:
    def test_edited_volume_with_imprint_and_page(self):
        result = parse_citation(
            "Ivan Petrov and Anna Smirnova, eds., Sbornik vymyshlennykh dokumentov, vol. 4 "
            "(Moscow: Nauka, 1999), 215."
        )
        assert result.holdings == [] and result.warnings == []
        (e,) = result.editions
        assert e.editors == ("Ivan Petrov", "Anna Smirnova")
        assert (e.title, e.volume, e.place, e.publisher, e.year, e.page) == (
            "Sbornik vymyshlennykh dokumentov",
            "4",
            "Moscow",
            "Nauka",
            "1999",
            "215",
        )
        assert format_edition(e) == (
            "Ivan Petrov and Anna Smirnova, Sbornik vymyshlennykh dokumentov, vol. 4 "
            "(Moscow: Nauka, 1999), p. 215"
        )

    def test_holding_reprint_and_translator(self):
        result = parse_citation(
            "RGANI, f. 89, op. 12, d. 3, l. 40. Reprinted in Pavel Orlov, Olga Lebedeva and "
            "Ilya Zotov, Vymyshlennye dokumenty, Vol. 2, Book 1, 1949-1950 (Moscow: Izdatelstvo, "
            "2001), p. 77. Translated for the Project from Russian by Jane Roe."
        )
        assert result.warnings == []
        assert browse_key(result.holdings[0]) == "RGANI f. 89 op. 12 d. 3"
        (e,) = result.editions
        assert e.role == "reprinted"
        assert e.editors == ("Pavel Orlov", "Olga Lebedeva", "Ilya Zotov")
        assert (e.title, e.volume, e.book, e.volume_note, e.page) == (
            "Vymyshlennye dokumenty",
            "2",
            "1",
            "1949-1950",
            "77",
        )
        (c,) = result.credits
        assert (c.role, c.names, c.on_behalf_of, c.detail) == (
            "translated",
            ("Jane Roe",),
            "the Project",
            "from Russian",
        )

    def test_imprint_with_two_publishers_is_not_split(self):
        result = parse_citation(
            "Some Editors, eds., A Title, vol. 2 (Beijing: One Press; Another Press, 2010), 12."
        )
        assert result.warnings == []
        assert result.editions[0].publisher == "One Press; Another Press"

    def test_translation_source_after_semicolon(self):
        result = parse_citation(
            "Invented wengao, vol. 1 (Beijing: Some Press, 1990), 10; translation from "
            "A. Author and B. Author, eds., An English Book, 33."
        )
        assert [e.role for e in result.editions] == ["source", "translation"]
        assert result.editions[1].page == "33"
        assert result.warnings == []

    def test_several_credits(self):
        result = parse_citation(
            "GARF, f. 9401, op. 2, d. 1. Obtained for the Project by A. Smith and translated by "
            "B. Jones and C. Brown. With permission of An Invented Archive. Published in "
            "Invented Bulletin #3."
        )
        assert result.warnings == []
        assert [(c.role, c.names) for c in result.credits] == [
            ("obtained", ("A. Smith",)),
            ("translated", ("B. Jones", "C. Brown")),
            ("permission", ("An Invented Archive",)),
            ("published", ()),
        ]
        assert result.credits[0].on_behalf_of == "the Project"
        assert result.credits[3].detail == "Invented Bulletin #3"


class TestUnparseable:
    def test_free_text_is_kept_with_a_warning(self):
        result = parse_citation("Private papers of an invented family")
        assert result.holdings == [] and result.editions == []
        assert result.unparsed == ["Private papers of an invented family"]
        assert result.warnings == [
            "citation text not understood: 'Private papers of an invented family'"
        ]

    def test_leftover_inside_a_holding_is_kept_with_a_warning(self):
        result = parse_citation("APRF, f. 45, op. 1, d. 335, box seven")
        assert browse_key(result.holdings[0]) == "APRF f. 45 op. 1 d. 335"
        assert result.unparsed and "box seven" in result.unparsed[0]
        assert "not understood" in result.warnings[0]

    @pytest.mark.parametrize("text", ["", "   ", None])
    def test_nothing(self, text):
        result = parse_citation(text)
        assert (result.holdings, result.editions, result.credits, result.warnings) == (
            [],
            [],
            [],
            [],
        )

    def test_a_repository_alone(self):
        result = parse_citation("GARF.")
        assert [h.repository for h in result.holdings] == ["GARF"]
        assert browse_key(result.holdings[0]) == "GARF"

    def test_holding_values_are_frozen(self):
        h = Holding(repository="APRF", fond="45")
        with pytest.raises(AttributeError):
            h.fond = "46"


def test_every_real_citation_is_read_whole():
    """Each source citation of the real corpus parses with nothing left over: every sentence
    is a holding, an edition or a credit."""
    citations = [e["source_citation"] for e in expected_entries() if e.get("source_citation")]
    assert len(citations) >= 25
    for text in citations:
        result = parse_citation(text)
        assert result.warnings == [] and result.unparsed == [], text
        assert result.holdings or result.editions or result.credits, text
        for h in result.holdings:
            assert h.repository in REPOSITORIES, text
            assert browse_key(h).startswith(h.repository), text
            # The browse key reads back as the same file.
            again = parse_citation(browse_key(h)).holdings
            assert [browse_key(x) for x in again] == [browse_key(h)], text
    read = [parse_citation(t) for t in citations]
    assert sum(len(r.holdings) for r in read) >= 25
    assert sum(len(r.editions) for r in read) >= 8
