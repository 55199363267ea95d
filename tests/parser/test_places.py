"""Tests for catalogue.places: plain pytest, no Django and no database.

Texts here are invented; the real documents are only read, in the corpus test at the end.
"""

from __future__ import annotations

import csv
import json
import os
import re
from pathlib import Path

import pytest

from catalogue.names import Authority
from catalogue.places import COLUMNS, KINDS, PlaceAuthority, ascii_form, fold, normalise

ROOT = Path(__file__).resolve().parents[2]
PLACES_CSV = ROOT / "seeds" / "places.csv"
PEOPLE_CSV = ROOT / "seeds" / "people.csv"
# The development corpus sits beside the project; CORPUS_DIR points elsewhere when it does not.
CORPUS = Path(os.environ.get("CORPUS_DIR", ROOT.parent / "shared" / "corpus"))
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def places() -> PlaceAuthority:
    return PlaceAuthority.from_csv(PLACES_CSV)


def tiny(*rows: str, not_places=()) -> PlaceAuthority:
    return PlaceAuthority.from_csv([HEADER, *rows], not_places=not_places)


def keys(authority: PlaceAuthority, text: str) -> list[str]:
    return [key for key, _ in authority.find_mentions(text)]


# ------------------------------------------------------------------ the authority file


class TestPlacesFile:
    def test_header_is_exactly_the_documented_columns(self):
        with PLACES_CSV.open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == list(COLUMNS)

    def test_loads_with_many_unique_places(self, places):
        with PLACES_CSV.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) >= 200
        assert len(rows) == len({row["key"] for row in rows}) == len(places)

    def test_every_kind_is_used(self, places):
        assert {entry.kind for entry in places.entries.values()} == set(KINDS)

    def test_every_written_form_resolves_to_its_own_place(self, places):
        # A form listed under two places would make both unreachable by it.
        wrong = [
            (key, form, places.resolve(form))
            for key, entry in places.entries.items()
            for form in entry.written_forms()
            if places.resolve(form) != key
        ]
        assert wrong == []

    def test_every_canonical_name_is_found_in_free_text(self, places):
        missing = [
            key
            for key, entry in places.entries.items()
            if (key, entry.canonical_name)
            not in places.find_mentions(f"A report from {entry.canonical_name} arrived.")
        ]
        assert missing == []

    def test_every_place_says_where_it_was_and_is(self, places):
        unsaid = [
            key
            for key, entry in places.entries.items()
            if not entry.country_then or not entry.country_now
        ]
        assert unsaid == []

    def test_coordinates_are_given_in_pairs_and_are_plausible(self, places):
        with_coordinates = [e for e in places.entries.values() if e.latitude is not None]
        assert len(with_coordinates) >= 100
        for entry in with_coordinates:
            assert entry.longitude is not None
        # Spot checks against the places' known hemispheres and rough positions.
        moscow, washington = places.entries["moscow"], places.entries["washington"]
        assert 55 < moscow.latitude < 56 and 37 < moscow.longitude < 38
        assert washington.longitude < 0
        pyongyang, seoul = places.entries["pyongyang"], places.entries["seoul"]
        assert pyongyang.latitude > 38 > seoul.latitude

    def test_the_places_historians_asked_for_carry_their_spellings(self, places):
        expected = {
            "beijing": {"Peking", "Peiping", "Beiping"},
            "lushun": {"Lüshun", "Ryojun"},
            "shenyang": {"Mukden"},
            "kaesong": {"Kaeseong"},
            "pyongyang": {"Phenian", "Heijo"},
            "urumqi": {"Urumchi", "Tihwa"},
            "dandong": {"Andong", "Antung"},
            "dalian": {"Dalny", "Dairen"},
        }
        for key, spellings in expected.items():
            assert spellings <= set(places.entries[key].written_forms()), key


# ------------------------------------------------------------------ loading errors


class TestLoadingErrors:
    def test_a_good_tiny_file_loads(self):
        authority = tiny("kaesong,city,Kaesong,Kaeseong,Korea,North Korea,37.97,126.55,")
        entry = authority.entries["kaesong"]
        assert entry.variants == ["Kaeseong"]
        assert (entry.latitude, entry.longitude) == (37.97, 126.55)

    @pytest.mark.parametrize(
        ("row", "message"),
        [
            (",city,Moscow,,USSR,Russia,,,", "line 2: missing key"),
            ("Moscow,city,Moscow,,USSR,Russia,,,", "line 2: key 'Moscow' is not a lowercase slug"),
            ("moscow,capital,Moscow,,USSR,Russia,,,", "line 2: kind 'capital' is not one of"),
            ("moscow,city,,,USSR,Russia,,,", "line 2: missing canonical_name"),
            ("moscow,city,Moscow,,USSR,Russia,55.7,,", "line 2: give both latitude and longitude"),
            ("moscow,city,Moscow,,USSR,Russia,95,37,", "line 2: latitude 95.0 is outside"),
            ("moscow,city,Moscow,,USSR,Russia,55N,37E,", "line 2: latitude '55N' is not a decimal"),
            ("moscow,city,Moscow,,USSR,Russia,,,,extra", "line 2: more cells than header"),
        ],
    )
    def test_bad_rows_name_the_line(self, row, message):
        with pytest.raises(ValueError, match=re.escape(message)):
            tiny(row)

    def test_duplicate_key_names_both_lines(self):
        row = "moscow,city,Moscow,,USSR,Russia,,,"
        with pytest.raises(ValueError, match=r"line 3: duplicate key 'moscow' \(first on line 2\)"):
            tiny(row, row)

    def test_missing_columns_are_named(self):
        with pytest.raises(ValueError, match="line 1: missing column.*latitude, longitude"):
            PlaceAuthority.from_csv(
                ["key,kind,canonical_name,variants,country_then,country_now,note"]
            )

    def test_errors_in_a_file_name_the_file(self, tmp_path):
        path = tmp_path / "bad-places.csv"
        path.write_text(HEADER + "\nmoscow,city,Moscow,,USSR,Russia,abc,1,\n", encoding="utf-8")
        with pytest.raises(ValueError, match=r"bad-places\.csv, line 2: latitude 'abc'"):
            PlaceAuthority.from_csv(path)

    def test_empty_file(self):
        with pytest.raises(ValueError, match="line 1: empty file"):
            PlaceAuthority.from_csv([])


# ------------------------------------------------------------------ normalising


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Lüshun", "lushun"),
        ("LÜSHUN", "lushun"),
        ("Port-Arthur", "port arthur"),
        ("Port Arthur.", "port arthur"),
        ("  Port\u2013Arthur ,", "port arthur"),
        ("from URUMCHI", "urumchi"),
        ("From Beijing:", "beijing"),
        ("to the Yalu", "yalu"),
        ("Yan'an", "yanan"),
        ("Yan\u2019an", "yanan"),
        ("Świnoujście", "swinoujscie"),
        ("Staßfurt", "stassfurt"),
        ("Điện Biên Phủ", "dien bien phu"),
        ("U.S.S.R.", "u s s r"),
        # A lone leading word is the name itself, not a preposition to strip.
        ("To", "to"),
        ("", ""),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_fold_and_ascii_form():
    assert fold("Ürümqi") == "urumqi"
    assert ascii_form("Ürümqi") == "Urumqi"
    assert ascii_form("P'yŏngyang") == "P'yongyang"


# ------------------------------------------------------------------ resolving


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Kaesong", "kaesong"),
        ("Kaeseong", "kaesong"),
        ("KAESONG.", "kaesong"),
        ("Peking", "beijing"),
        ("Peiping", "beijing"),
        ("Beiping", "beijing"),
        ("PEKING", "beijing"),
        ("from PEKING", "beijing"),
        ("Port Arthur", "lushun"),
        ("Port-Arthur", "lushun"),
        ("PortArthur", "lushun"),
        ("Lushun", "lushun"),
        ("Lüshun", "lushun"),
        ("Mukden", "shenyang"),
        ("Phenian", "pyongyang"),
        ("P'yŏngyang", "pyongyang"),
        ("Pyong-yang", "pyongyang"),
        ("from URUMCHI", "urumqi"),
        ("Tihwa", "urumqi"),
        ("Yenan", "yanan"),
        ("Yan’an", "yanan"),
        ("U.S.A.", "united-states"),
        ("DPRK", "north-korea"),
        ("Chosen", "korea"),
        ("Ulan-Bator", "ulan-bator"),
        ("Washington, D.C.", "washington"),
    ],
)
def test_resolve(places, raw, key):
    assert places.resolve(raw) == key


@pytest.mark.parametrize("raw", ["Atlantis", "", "   ", "from", "Azerbaijan", "Kim Il Sung"])
def test_resolve_unknown_or_ambiguous_gives_none(places, raw):
    assert places.resolve(raw) is None


def test_a_form_two_places_share_resolves_to_neither():
    authority = tiny(
        "andong-china,city,Dandong,Andong,China,China,,,",
        "andong-korea,city,Andong (Korea),Andong,South Korea,South Korea,,,",
    )
    assert authority.resolve("Andong") is None
    assert authority.resolve("Dandong") == "andong-china"
    assert authority.find_mentions("Trains left Andong at dawn.") == []


# ------------------------------------------------------------------ expanding search terms


class TestExpand:
    def test_a_place_gives_all_its_spellings(self, places):
        assert {"Kaesong", "Kaeseong", "Kaesŏng", "Kaijo"} <= places.expand("Kaesong")

    def test_any_spelling_gives_the_same_set(self, places):
        assert places.expand("Kaeseong") == places.expand("Kaesong") | {"Kaeseong"}
        assert places.expand("peiping") - {"peiping"} == places.expand("Beijing")

    def test_spellings_with_diacritics_come_with_their_plain_form(self, places):
        forms = places.expand("Port Arthur")
        assert {"Port Arthur", "Lüshun", "Lushun", "Ryojun"} <= forms
        assert "Shingishu" in places.expand("Sinuiju")  # plain form of Shingishū

    def test_what_was_typed_is_kept(self, places):
        assert "Port-Arthur" in places.expand("Port-Arthur")

    def test_an_unknown_term_gives_itself(self, places):
        assert places.expand(" negotiat ") == {"negotiat"}
        assert places.expand("") == set()


# ------------------------------------------------------------------ free text


class TestFindMentions:
    def test_places_in_order_of_first_mention(self, places):
        text = (
            "The delegation left Peking for Mukden, then went on to Port-Arthur.\n"
            "From Mukden it wired Moscow."
        )
        assert places.find_mentions(text) == [
            ("beijing", "Peking"),
            ("shenyang", "Mukden"),
            ("lushun", "Port-Arthur"),
            ("moscow", "Moscow"),
        ]

    def test_mentions_give_every_occurrence_with_offsets(self, places):
        text = "Kaesong talks; later Kaeseong again."
        found = places.mentions(text)
        assert [(m.key, m.as_written) for m in found] == [
            ("kaesong", "Kaesong"),
            ("kaesong", "Kaeseong"),
        ]
        assert all(text[m.start : m.end] == m.as_written for m in found)

    def test_header_in_capitals(self, places):
        assert places.find_mentions("from URUMCHI No 100 Received 10:20") == [("urumqi", "URUMCHI")]

    def test_diacritics_and_their_absence(self, places):
        assert keys(places, "Lüshun and Lushun and LÜSHUNKOU") == ["lushun"]
        assert len(places.mentions("Lüshun and Lushun and LÜSHUNKOU")) == 3

    def test_hyphenated_and_run_together_words(self, places):
        text = "along the Pyongyang-Wonsan line; From PekingReceived at 06:10"
        assert keys(places, text) == ["pyongyang", "wonsan", "beijing"]

    def test_longest_form_wins(self, places):
        assert keys(places, "troops in North Korea and in Korea") == ["north-korea", "korea"]
        assert keys(places, "the Mongolian People's Republic") == ["mongolia"]
        assert keys(places, "newspapers in Southern Azerbaijan") == ["iranian-azerbaijan"]

    def test_possessive(self, places):
        assert places.find_mentions("China's position") == [("china", "China")]

    def test_dotted_acronyms_keep_their_last_stop(self, places):
        assert places.find_mentions("the U.S.S.R. and the U.S.A.") == [
            ("soviet-union", "U.S.S.R."),
            ("united-states", "U.S.A."),
        ]

    def test_words_are_whole(self, places):
        # Chinese, Korean, Muscovite, Berliner, Hamilton: no place inside another word.
        assert keys(places, "Chinese and Korean troops; a Muscovite; the Berliner; Hamilton") == []

    def test_a_comma_or_full_stop_ends_a_name(self, places):
        assert keys(places, "New. York") == []
        assert keys(places, "Port, Arthur") == []

    @pytest.mark.parametrize(
        "text",
        [
            "a set of fine china and a canton of cloth",
            "every hue of red on manila paper",
            "we have chosen the turkey",
            "Chosen delegates met at noon.",
        ],
    )
    def test_everyday_words_are_not_places(self, places, text):
        assert places.find_mentions(text) == []

    def test_everyday_words_count_when_capitalised(self, places):
        assert keys(places, "Canton fell; CHINA replied; Hue was taken") == [
            "guangzhou",
            "china",
            "hue",
        ]

    def test_acronyms_count_only_in_capitals(self, places):
        assert keys(places, "the usa and the prc") == []
        assert keys(places, "the USA and the PRC") == ["united-states", "china"]

    def test_us_is_the_country_in_prose_and_the_pronoun_in_a_capitals_line(self, places):
        assert keys(places, "the US delegation said") == ["united-states"]
        assert keys(places, "tell us what the plans are") == []
        assert keys(places, "PLEASE LET US KNOW AT ONCE\nThe plans follow.") == []

    def test_a_name_after_a_title_is_a_person(self, places):
        assert keys(places, "Comrade Harbin reported. Marshal Sochi agreed.") == []
        assert keys(places, "The comrade in Harbin reported.") == ["harbin"]

    def test_not_places_hide_peoples_names(self):
        authority = tiny(
            "washington,city,Washington,,United States,United States,,,",
            "sofia,city,Sofia,,Bulgaria,Bulgaria,,,",
            not_places=["George Washington", "Sofia"],
        )
        text = "George Washington slept here; Washington replied; Sofia wrote."
        assert [(m.as_written, m.start) for m in authority.mentions(text)] == [
            ("Washington", text.index("Washington replied"))
        ]
        # resolve is for strings known to be places, so it still knows them.
        assert authority.resolve("Sofia") == "sofia"

    def test_personal_names_of_the_period_are_not_places(self, places):
        text = (
            "Kim Il Sung met Mao Zedong, Zhou Enlai and Peng Dehuai; Pak Hon Yong, "
            "Ho Chi Minh, Pham Van Dong, Nam Il and Liu Shaoqi were present."
        )
        assert places.find_mentions(text) == []

    def test_ho_chi_minh_city_is_a_place_but_ho_chi_minh_is_not(self, places):
        assert keys(places, "Ho Chi Minh visited Ho Chi Minh City") == ["saigon"]

    def test_empty_and_placeless_text(self, places):
        assert places.find_mentions("") == []
        assert places.find_mentions("No places are named in this sentence.") == []


# ------------------------------------------------------------------ the real documents


def _corpus_docs() -> list[Path]:
    docs = sorted((CORPUS / "docs").glob("*.txt"))
    if not docs:
        pytest.skip(f"development corpus not found at {CORPUS} (set CORPUS_DIR to its folder)")
    return docs


class TestCorpus:
    def test_no_place_found_is_a_persons_name(self, places):
        docs = _corpus_docs()
        # Bodies are left out: "Council of Ministers of the USSR" does name a place.
        people = Authority.from_csv(PEOPLE_CSV)
        person_forms = {
            normalise(form)
            for entry in people.entries.values()
            if entry.kind == "person"
            for form in [*entry.written_forms(), entry.sort_name]
            if form
        }
        expected = {
            Path(item["file"]).name: item
            for item in json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
        }
        wrong = []
        found_any = 0
        for path in docs:
            text = path.read_text(encoding="utf-8")
            mentions = places.mentions(text)
            found_any += bool(mentions)
            # Spans of the names of people the archivists read in this document.
            named = [
                *(
                    as_written
                    for key, as_written in people.find_mentions(text)
                    if people.entries[key].kind == "person"
                ),
                *(expected.get(path.name, {}).get("people_mentioned") or []),
            ]
            person_spans = [
                (match.start(), match.end())
                for name in named
                for match in re.finditer(re.escape(name), text)
            ]
            for mention in mentions:
                inside_a_name = any(
                    start <= mention.start and mention.end <= end for start, end in person_spans
                )
                if (
                    inside_a_name
                    or people.resolve(mention.as_written) is not None
                    or normalise(mention.as_written) in person_forms
                ):
                    wrong.append((path.name, mention.as_written))
        assert wrong == []
        # The check means something only if places were found: nearly every document names one.
        assert found_any >= 55

    def test_every_place_of_origin_the_archivists_read_resolves(self, places):
        _corpus_docs()
        expected = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
        origins = [item["place"] for item in expected if item.get("place")]
        assert origins, "expected.json records no place of origin"
        assert [p for p in origins if places.resolve(p) is None] == []

    def test_the_spellings_in_the_documents_are_known(self, places):
        found: set[str] = set()
        for path in _corpus_docs():
            found.update(key for key, _ in places.find_mentions(path.read_text(encoding="utf-8")))
        # Places a historian of the genre expects these documents to name, under any spelling.
        assert {"moscow", "beijing", "pyongyang", "kaesong", "urumqi", "dandong"} <= found
        assert len(found) >= 80
