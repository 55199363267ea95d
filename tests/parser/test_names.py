"""Tests for catalogue.names: plain pytest, no Django and no database."""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalogue.names import (
    COLUMNS,
    Authority,
    AuthorityEntry,
    normalise,
    surname_key,
)

ROOT = Path(__file__).resolve().parents[2]
PEOPLE_CSV = ROOT / "seeds" / "people.csv"
SEED_TEXT = ROOT / "seeds" / "000_fffce33f7251ed7a.txt"
HEADER = ",".join(COLUMNS)


@pytest.fixture(scope="module")
def authority() -> Authority:
    return Authority.from_csv(PEOPLE_CSV)


def tiny(*rows: str) -> Authority:
    return Authority.from_csv([HEADER, *rows])


# ------------------------------------------------------------------ the authority file


def test_the_name_authority_module_needs_no_django():
    """The one reader of the authority file stays importable without Django (the importer,
    the synthetic corpus and plain scripts all read the file through it)."""
    code = "import sys, catalogue.names; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_csv_header_is_exactly_the_documented_columns():
    with PEOPLE_CSV.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == list(COLUMNS)


def test_csv_loads_with_at_least_60_unique_rows(authority):
    with PEOPLE_CSV.open(encoding="utf-8", newline="") as handle:
        keys = [row["key"] for row in csv.DictReader(handle)]
    assert len(keys) >= 60
    assert len(keys) == len(set(keys)) == len(authority)


def test_csv_has_people_and_bodies(authority):
    kinds = {entry.kind for entry in authority.entries.values()}
    assert kinds == {"person", "organisation"}


def test_authority_ids_are_left_blank_because_none_could_be_verified(authority):
    assert all(entry.authority_id == "" for entry in authority.entries.values())


def test_every_canonical_name_resolves_to_its_own_key(authority):
    wrong = {
        key: authority.resolve(entry.canonical_name)
        for key, entry in authority.entries.items()
        if authority.resolve(entry.canonical_name) != key
    }
    assert wrong == {}


def test_every_variant_pseudonym_and_sort_name_resolves_to_its_own_key(authority):
    # A form listed under two entries would make both unreachable by that form.
    wrong = [
        (key, form, authority.resolve(form))
        for key, entry in authority.entries.items()
        for form in [*entry.variants, *entry.pseudonyms, entry.sort_name]
        if authority.resolve(form) != key
    ]
    assert wrong == []


def test_every_canonical_name_is_found_in_free_text(authority):
    for key, entry in authority.entries.items():
        text = f"The file mentions {entry.canonical_name} in passing."
        assert (key, entry.canonical_name) in authority.find_mentions(text)


def test_csv_years_are_consistent(authority):
    for entry in authority.entries.values():
        if entry.birth_year and entry.death_year:
            assert entry.birth_year <= entry.death_year
        if entry.kind == "organisation":
            assert entry.birth_year is None and entry.death_year is None


def test_stalin_entry_carries_cover_names(authority):
    entry = authority.entries["stalin"]
    assert entry.canonical_name == "Joseph Stalin"
    assert entry.sort_name == "Stalin, Joseph"
    assert {"Filippov", "Fyn Si", "Feng Xi"} <= set(entry.pseudonyms)
    assert (entry.birth_year, entry.death_year) == (1878, 1953)


# ------------------------------------------------------------------ normalise / surname_key


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kim Il-sung", "kim il sung"),
        ("KIM IL SUNG", "kim il sung"),
        ("Kim  Il\tSung", "kim il sung"),
        ("Comrade STALIN I.V.", "stalin i v"),
        ("Dear Comrade Stalin", "stalin"),
        ("Respected Chairman Mao", "mao"),
        ("Marshal Vasilevsky", "vasilevsky"),
        ("Cde. Shtykov", "shtykov"),
        ("Tov. Molotov", "molotov"),
        ("S H T Y K O V", "shtykov"),
        ("FENG XI [STALIN]", "feng xi"),
        ("Zhōu Ēnlái", "zhou enlai"),
        ("Bolesław Bierut", "boleslaw bierut"),
        ("Ch\u2019oe Yong-gon", "choe yong gon"),
        ("Vyshinskii", "vyshinskii"),
        ("8th Administration of the General Staff", "8th administration of the general staff"),
        ("", ""),
    ],
)
def test_normalise(raw, expected):
    assert normalise(raw) == expected


def test_normalise_keeps_transliterations_distinct():
    assert normalise("Vyshinskii") != normalise("Vyshinsky")


def test_two_initials_are_not_taken_for_letter_spacing():
    assert normalise("T F Shtykov") == "t f shtykov"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A.Ia. Vyshinsky", "vyshinsky"),
        ("A.Ya. Vyshinsky", "vyshinsky"),
        ("STALIN I.V.", "stalin"),
        ("I.V. Stalin", "stalin"),
        ("T. SHTYKOV", "shtykov"),
        ("T F Shtykov", "shtykov"),
        ("Comrade A. Vasilevsky", "vasilevsky"),
        ("Yu.V. Andropov", "andropov"),
        ("Kim Il Sung", "kim il sung"),
        ("Pak Il-u", "pak il u"),
    ],
)
def test_surname_key(raw, expected):
    assert surname_key(raw) == expected


# ------------------------------------------------------------------ resolve


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Comrade A.Ia. Vyshinsky", "vyshinsky"),
        ("Vyshinskii", "vyshinsky"),
        ("Filippov", "stalin"),
        ("Fyn Si", "stalin"),
        ("FENG XI [STALIN]", "stalin"),
        ("Dear Comrade STALIN I.V.", "stalin"),
        ("Josef Visarrionovich", "stalin"),
        ("S H T Y K O V", "shtykov"),
        ("T. SHTYKOV", "shtykov"),
        ("Kim Il-sung", "kim-il-sung"),
        ("KIM IL SUNG", "kim-il-sung"),
        ("Kim Ir Sen", "kim-il-sung"),
        ("Mao Tse-tung", "mao-zedong"),
        ("Chairman Mao", "mao-zedong"),
        ("Chou En-lai", "zhou-enlai"),
        ("Zhōu Ēnlái", "zhou-enlai"),
        ("[Pak Hon Yong]", "pak-hon-yong"),
        ("Kim [Il Sung]", "kim-il-sung"),
        ("RAZUVAEV", "razuvaev"),
        ("Ambassador V. Razuvaev", "razuvaev"),
        ("Chai Junwu", "chai-chengwen"),
        (
            "8th Administration of the General Staff of the Soviet Army",
            "8th-administration-general-staff",
        ),
        ("Korean Peoples Army", "korean-peoples-army"),
        ("Politburo CC VKP(b)", "politburo-cc-vkpb"),
    ],
)
def test_resolve(authority, name, key):
    assert authority.resolve(name) == key


@pytest.mark.parametrize("name", ["John Smith", "Comrade", "", "   ", "[illegible]", "Ivanov"])
def test_resolve_unknown_names_give_none(authority, name):
    assert authority.resolve(name) is None


def test_resolve_never_guesses_between_two_entries_with_one_surname():
    two_kims = tiny(
        "kim-il-sung,person,Kim Il Sung,Kim Il Sung,Kim Il-sung,,,,,",
        "kim-chaek,person,Kim Chaek,Kim Chaek,,,,,,",
    )
    assert two_kims.resolve("Kim") is None
    assert two_kims.resolve("Comrade KIM") is None
    assert two_kims.resolve("Kim Chaek") == "kim-chaek"
    assert two_kims.resolve("Kim Il-sung") == "kim-il-sung"


def test_resolve_uses_a_surname_only_when_one_entry_has_it():
    one_kim = tiny("kim-chaek,person,Kim Chaek,Kim Chaek,,,,,,")
    assert one_kim.resolve("Comrade Kim") == "kim-chaek"


def test_resolve_refuses_conflicting_editorial_insertion(authority):
    assert authority.resolve("Roshchin [Stalin]") is None


def test_resolve_a_form_listed_under_two_entries_gives_none():
    clash = tiny(
        'a,person,Ivan Petrov,"Petrov, Ivan",I. Petrov,,,,,',
        'b,person,Igor Petrov,"Petrov, Igor",I. Petrov,,,,,',
    )
    assert clash.resolve("I. Petrov") is None
    assert clash.resolve("Igor Petrov") == "b"


# ------------------------------------------------------------------ find_mentions


def test_seed_document_mentions(authority):
    mentions = authority.find_mentions(SEED_TEXT.read_text(encoding="utf-8"))
    keys = [key for key, _ in mentions]
    assert len(keys) == len(set(keys))
    expected = {
        "stalin",
        "kim-il-sung",
        "mao-zedong",
        "molotov",
        "malenkov",
        "beria",
        "mikoyan",
        "kaganovich",
        "bulganin",
        "khrushchev",
        "vyshinsky",
        "sokolovsky",
        "vasilevsky",
        "razuvaev",
    }
    assert expected <= set(keys)
    written = dict(mentions)
    assert written["vyshinsky"] == "A.Ia. Vyshinsky"
    assert written["vasilevsky"] == "A. Vasilevsky"
    assert written["stalin"] == "STALIN I.V."
    assert written["kim-il-sung"] == "KIM IL SUNG"
    assert written["8th-administration-general-staff"] == (
        "8th Administration of the General Staff of the Soviet Army"
    )
    # The body inside the longer name is not reported separately.
    assert "general-staff-soviet-army" not in written


def test_mentions_are_in_first_occurrence_order(authority):
    text = "Molotov met Stalin; later Stalin and Molotov met Mao Tse-tung."
    assert authority.find_mentions(text) == [
        ("molotov", "Molotov"),
        ("stalin", "Stalin"),
        ("mao-zedong", "Mao Tse-tung"),
    ]


@pytest.mark.parametrize(
    ("text", "key", "written"),
    [
        ("report to comrade MAO ZEDONG today", "mao-zedong", "MAO ZEDONG"),
        ("I report to you, Josef Visarrionovich, that", "stalin", "Josef Visarrionovich"),
        ("telegram from Filippov to Kim", "stalin", "Filippov"),
        ("Kim Il-sung's letter", "kim-il-sung", "Kim Il-sung"),
        ("a letter from Zhōu Ēnlái", "zhou-enlai", "Zhōu Ēnlái"),
        ("the Politburo of the CC VKP(b) met", "politburo-cc-vkpb", "Politburo of the CC VKP(b)"),
        ("the Korean People\u2019s Army", "korean-peoples-army", "Korean People\u2019s Army"),
        ("Rhee Syngman announced", "syngman-rhee", "Rhee Syngman"),
        ("General Ridgway proposed", "ridgway", "Ridgway"),
    ],
)
def test_find_mentions_forms(authority, text, key, written):
    assert (key, written) in authority.find_mentions(text)


def test_multi_word_name_preferred_over_its_surname(authority):
    assert authority.find_mentions("signed, Mark Clark") == [("clark", "Mark Clark")]
    mentions = authority.find_mentions("Trygve Lie replied")
    assert mentions == [("trygve-lie", "Trygve Lie")]


@pytest.mark.parametrize(
    "text",
    [
        "It would be a lie to say the troops marshall their reserves.",
        "Stalinism and Molotovsky are not names in the file.",
        "The Viet Nam. Il Duce is long dead.",
        "He paid the price; the young and the little ones stayed at home.",
    ],
)
def test_no_false_hits_on_ordinary_words_or_inside_words(authority, text):
    assert authority.find_mentions(text) == []


def test_surname_listed_under_two_entries_is_not_reported_in_text():
    two_ivanovs = tiny(
        'ivanov-a,person,Aleksei Ivanov,"Ivanov, Aleksei",Ivanov,,,,,',
        'ivanov-b,person,Boris Ivanov,"Ivanov, Boris",Ivanov,,,,,',
    )
    assert two_ivanovs.find_mentions("Ivanov reported.") == []
    assert two_ivanovs.find_mentions("Boris Ivanov reported.") == [("ivanov-b", "Boris Ivanov")]


def test_unlisted_bare_surname_is_not_reported_in_text(authority):
    # Admiral N.G. Kuznetsov must not be indexed as the diplomat V.V. Kuznetsov.
    assert authority.find_mentions("Admiral Kuznetsov reported.") == []
    assert authority.find_mentions("V.V. Kuznetsov reported.") == [
        ("kuznetsov-vasily", "V.V. Kuznetsov")
    ]
    # Two Kuznetsovs are listed (the diplomat and the intelligence chief F.F. Kuznetsov), so
    # the bare surname picks neither; initials tell them apart.
    assert authority.resolve("Kuznetsov") is None
    assert authority.resolve("F. Kuznetsov") == "kuznetsov-fyodor"
    assert authority.resolve("Kuznetsov V.V.") == "kuznetsov-vasily"


def test_common_word_listed_as_a_variant_is_ignored_in_text():
    listed = tiny('trygve-lie,person,Trygve Lie,"Lie, Trygve",Lie,,,,,')
    assert listed.find_mentions("It would be a lie to deny it.") == []
    assert listed.find_mentions("Trygve Lie replied.") == [("trygve-lie", "Trygve Lie")]
    assert listed.resolve("Lie") == "trygve-lie"


def test_find_mentions_on_empty_authority_and_text():
    assert Authority().find_mentions("Stalin") == []
    assert tiny().find_mentions("") == []


def test_find_mentions_is_fast_enough_for_the_whole_archive(authority):
    # The brief: 10,000 documents of about 5 KB against about 100 entries well under 10 s.
    # CPU time rather than wall time, so other jobs on a shared machine cannot fail it.
    words = SEED_TEXT.read_text(encoding="utf-8").split()
    shuffled = words * 40
    random.Random(0).shuffle(shuffled)
    docs = [" ".join(shuffled[i * 2 : i * 2 + 650])[:5000] for i in range(10_000)]
    started = time.process_time()
    found = sum(len(authority.find_mentions(doc)) for doc in docs)
    elapsed = time.process_time() - started
    assert found > 10_000
    assert elapsed < 5, f"{elapsed:.1f} s of CPU"


# ------------------------------------------------------------------ bad CSV


@pytest.mark.parametrize(
    ("row", "fragment"),
    [
        (",person,Nobody,,,,,,,", "missing key"),
        ("Bad Key,person,Nobody,,,,,,,", "slug"),
        ("x,alien,Nobody,,,,,,,", "kind"),
        ("x,person,,,,,,,,", "canonical_name"),
        ("x,person,Nobody,,,,,19xx,,", "birth_year"),
        ("x,person,Nobody,,,,,1900,1800,", "before"),
        ("x,person,Nobody,,,,,,c. 1950,", "death_year"),
        ("x,person,Nobody,,,,,,,,extra", "more cells"),
    ],
)
def test_bad_row_raises_with_line_number(row, fragment):
    good = 'stalin,person,Joseph Stalin,"Stalin, Joseph",,,,1878,1953,'
    with pytest.raises(ValueError, match="line 3") as excinfo:
        tiny(good, row)
    assert fragment in str(excinfo.value)


def test_duplicate_key_names_both_lines():
    row = "stalin,person,Joseph Stalin,,,,,,,"
    with pytest.raises(ValueError, match=r"line 3: duplicate key 'stalin' \(first on line 2\)"):
        tiny(row, row)


def test_missing_column_is_reported_on_line_1():
    with pytest.raises(ValueError, match="line 1: missing column"):
        Authority.from_csv(["key,kind,canonical_name", "x,person,Nobody"])


def test_from_csv_accepts_text_and_a_byte_order_mark(tmp_path):
    text = "\ufeff" + HEADER + "\nx,person,Nobody Known,,A|B||,,,,,\n"
    from_text = Authority.from_csv(text)
    path = tmp_path / "people.csv"
    path.write_text(text, encoding="utf-8")
    from_path = Authority.from_csv(path)
    for loaded in (from_text, from_path):
        assert loaded.entries["x"].variants == ["A", "B"]
        assert loaded.entries["x"].birth_year is None


def test_authority_rejects_duplicate_entries_built_in_code():
    entry = AuthorityEntry(key="x", kind="person", canonical_name="X Y")
    with pytest.raises(ValueError, match="duplicate"):
        Authority([entry, entry])


# ------------------------------------------------------------------ fuzz


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(authority, text):
    assert isinstance(normalise(text), str)
    assert isinstance(surname_key(text), str)
    result = authority.resolve(text)
    assert result is None or result in authority.entries
    for key, written in authority.find_mentions(text):
        assert key in authority.entries
        assert written


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, "kim " * 100_000, "Kim" + " -" * 100_000 + "x", "a." * 100_000, "S " * 50_000],
)
def test_pathological_input_stays_linear(authority, text):
    started = time.process_time()
    normalise(text)
    surname_key(text)
    authority.resolve(text)
    authority.find_mentions(text)
    assert time.process_time() - started < 2


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["Stalin", "Kim Il Sung", "A.Ia. Vyshinsky", "Mao Zedong"]),
    st.text(alphabet=st.characters(categories=["Zs", "Pd", "Po", "Ll"]), max_size=20),
)
def test_known_name_is_found_whatever_surrounds_it(authority, name, noise):
    text = f"{noise} {name} {noise}"
    assert authority.resolve(name) in {key for key, _ in authority.find_mentions(text)}
