"""Tests of catalogue.seedparser: the real seed, invented fixtures, helpers, fuzzing.

Pure: no Django, no database.
"""

from __future__ import annotations

import functools
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalogue import seedparser as sp
from catalogue.seedparser import parse

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_fffce33f7251ed7a.txt"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "genre"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def surnames(names) -> list[str]:
    return [sp.surname(n) for n in names]


@functools.cache
def parsed_fixture(name: str) -> sp.ParsedDocument:
    return parse(fixture(name), source_name=name)


@pytest.fixture
def doc(request):
    """The parse of the fixture file named by the test class's FILE."""
    return parsed_fixture(request.cls.FILE)


@pytest.fixture(scope="module")
def seed():
    return parse(SEED.read_text(encoding="utf-8"), source_name=SEED.name)


class TestSeedHeader:
    def test_doc_type(self, seed):
        assert seed.doc_type == "ciphered_telegram"

    def test_reference_numbers(self, seed):
        assert seed.reference_numbers == ["502597/sh", "2250"]

    def test_references_to_other_documents_are_none(self, seed):
        assert seed.references == []

    def test_sent_event_takes_time_from_next_line(self, seed):
        sent = seed.transmission[0]
        assert (sent.event, sent.date, sent.time) == ("sent", "1952-07-17", "18:45")

    def test_correspondent_designation_kept_on_sent_event(self, seed):
        assert seed.transmission[0].by.name == "Correspondent 20"

    def test_received_year_from_context(self, seed):
        rec = seed.transmission[1]
        assert (rec.event, rec.date, rec.time) == ("received", "1952-07-17", "20:50")
        assert "inferred" in rec.note

    def test_forwarded_to_eighth_administration(self, seed):
        fwd = seed.transmission[2]
        assert (fwd.event, fwd.date, fwd.time) == ("forwarded", "1952-07-17", "21:10")
        assert fwd.by.name == "8th Administration of the General Staff of the Soviet Army"
        assert fwd.place == ""

    def test_exactly_three_events(self, seed):
        assert [e.event for e in seed.transmission] == ["sent", "received", "forwarded"]

    def test_date(self, seed):
        assert seed.date == "1952-07-17"
        assert seed.date_inferred is False

    def test_urgency_and_marks(self, seed):
        assert seed.urgency == "Extremely Urgent"
        assert seed.marks == []

    def test_sender_and_author(self, seed):
        assert seed.sender.name == "Razuvaev"
        assert seed.sender.as_written == "RAZUVAEV"
        assert seed.author.name == "Razuvaev"

    def test_no_place_is_guessed(self, seed):
        assert seed.place == ""
        assert "no place of origin found" in seed.warnings


class TestSeedRecipients:
    def test_addressees(self, seed):
        addr = [r for r in seed.recipients if r.role == "addressee"]
        assert [r.name.name for r in addr] == ["A. Vasilevsky", "A.Ia. Vyshinsky"]
        assert addr[1].name.as_written == "Comrade A.Ia. Vyshinsky"

    def test_copies(self, seed):
        copies = [(r.name.name, r.copies) for r in seed.recipients if r.role == "copy"]
        assert copies == [
            ("Stalin", 2),
            ("Molotov", 1),
            ("Malenkov", 1),
            ("Beria", 1),
            ("Mikoyan", 1),
            ("Kaganovich", 1),
            ("Bulganin", 1),
            ("Khrushchev", 1),
            ("Vyshinsky", 1),
            ("Sokolovsky", 1),
        ]
        assert sum(r.copies for r in seed.recipients if r.role == "copy") == 11

    def test_positions_in_order(self, seed):
        # 2 addressees, 10 copies, then the body the telegram was forwarded to.
        assert [r.position for r in seed.recipients] == list(range(13))

    def test_forwarded_body_is_also_a_recipient(self, seed):
        fwd = [r for r in seed.recipients if r.role == "forwarded_to"]
        assert [(r.name.name, r.copies, r.position) for r in fwd] == [
            ("8th Administration of the General Staff of the Soviet Army", 1, 12)
        ]

    def test_no_stated_total(self, seed):
        assert seed.copies_stated is None
        assert not any("copies list" in w for w in seed.warnings)


class TestSeedEnclosure:
    def test_letter_from_kim_to_stalin(self, seed):
        enc = seed.enclosure
        assert enc.doc_type == "letter"
        assert enc.author.name == "Kim Il Sung"
        assert sp.surname(enc.addressee) == "Stalin"

    def test_date_and_place(self, seed):
        assert seed.enclosure.date == "1952-07-16"
        assert seed.enclosure.place == "Pyongyang"

    def test_via_ambassador(self, seed):
        via = seed.enclosure.via
        assert via.name == "Soviet ambassador"
        assert via.as_written == "Respected comrade ambassador"

    def test_also_sent_to_mao(self, seed):
        assert [n.name for n in seed.enclosure.also_sent_to] == ["Mao Zedong"]

    def test_forms_of_address(self, seed):
        assert "Josef Visarrionovich" in seed.enclosure.addressed_as
        assert "Dear Comrade STALIN I.V." in seed.enclosure.addressed_as


def _req(seed, number):
    return next(r for r in seed.requests if r.number == number)


class TestSeedRequests:
    def test_numbers_in_order(self, seed):
        assert [r.number for r in seed.requests] == ["1", "2", "3", None, "4"]

    def test_categories(self, seed):
        cats = {r.number: r.category for r in seed.requests}
        assert cats == {
            "1": "air_defence",
            "2": "air_operations",
            "3": "ground_operations",
            None: "materiel",
            "4": "armistice",
        }

    def test_request_1_includes_follow_on_paragraph(self, seed):
        r = _req(seed, "1")
        assert r.text.startswith("1. To strengthen antiaircraft defense.")
        assert "It is desirable in connection with this" in r.text
        assert "2. To activate" not in r.text
        assert r.summary == "Strengthen antiaircraft defense."

    def test_request_1_quantities(self, seed):
        q = [(x.amount, x.unit, x.note) for x in _req(seed, "1").quantities]
        assert (10, "antiaircraft regiments", "") in q
        assert (3, "antiaircraft regiments", "middle-caliber") in q
        assert (7, "antiaircraft regiments", "small-caliber") in q
        assert any(a == 5 and "from the Chinese" in n for a, _, n in q)
        assert any(a == 5 and n == "directly from the USSR" for a, _, n in q)

    def test_request_2(self, seed):
        r = _req(seed, "2")
        assert "night operations" in r.summary
        assert "if only up to the line of Pyongyang" in r.text
        assert "40 crews of KPA TU-2 pilots" in r.text
        assert [(q.amount, q.unit) for q in r.quantities] == [(40, "crews")]
        assert "KPA TU-2" in r.quantities[0].note

    def test_request_3_does_not_swallow_aside(self, seed):
        r = _req(seed, "3")
        assert "divert the operations of the enemy VVS" in r.text
        assert "Kaeseong" in r.text
        assert "Aside from all of this" not in r.text
        assert r.quantities == []

    def test_unnumbered_materiel_request(self, seed):
        r = _req(seed, None)
        assert r.text.startswith("Aside from all of this")
        assert "technical goods and materials" in r.summary
        assert r.dates_cited == ["1952-01-10", "1952-07-09", "1951-10-06"]

    def test_request_4_stops_before_closing(self, seed):
        r = _req(seed, "4")
        assert "prisoners of war on the basis of the Geneva convention" in r.text
        assert "These demands are supported" in r.text
        assert "The change in the character" not in r.text
        assert "armistice" in r.summary

    def test_asked_by_and_of(self, seed):
        for r in seed.requests:
            assert r.asked_by.name == "Kim Il Sung"
            assert sp.surname(r.asked_of) == "Stalin"

    def test_summaries_are_short_single_sentences(self, seed):
        for r in seed.requests:
            assert 0 < len(r.summary) <= 160
            assert "[" not in r.summary


class TestSeedPeopleAndTitle:
    PERSONS = (
        "Razuvaev",
        "Vasilevsky",
        "Vyshinsky",
        "Kim Il Sung",
        "Stalin",
        "Mao Zedong",
        "Molotov",
        "Malenkov",
        "Beria",
        "Mikoyan",
        "Kaganovich",
        "Bulganin",
        "Khrushchev",
        "Sokolovsky",
    )

    def test_fourteen_persons(self, seed):
        found = surnames(seed.people_mentioned)
        for person in self.PERSONS:
            assert found.count(person) == 1, person

    def test_nothing_else_but_designations(self, seed):
        extra = set(surnames(seed.people_mentioned)) - set(self.PERSONS)
        assert extra <= {
            "Correspondent 20",
            "8th Administration of the General Staff of the Soviet Army",
        }

    def test_patronymic_not_a_separate_person(self, seed):
        names = [p.name for p in seed.people_mentioned]
        assert "Josef Visarrionovich" not in names

    def test_editorial_gloss_is_not_a_person(self, seed):
        names = " ".join(p.name for p in seed.people_mentioned)
        assert "VVS" not in names and "Air Force" not in names

    def test_stalin_keeps_fullest_form(self, seed):
        stalin = next(p for p in seed.people_mentioned if sp.surname(p) == "Stalin")
        assert stalin.name == "I.V. Stalin"

    def test_title(self, seed):
        assert seed.title == (
            "Ciphered Telegram No. 502597, Razuvaev to Vasilevsky and Vyshinsky, "
            "transmitting a letter from Kim Il Sung to Stalin"
        )


class TestSeedTextAndDict:
    def test_text_kept_exactly(self, seed):
        assert seed.text == SEED.read_text(encoding="utf-8")

    def test_body_starts_after_header(self, seed):
        assert seed.body.startswith("I report the letter from KIM IL SUNG")
        assert seed.text.endswith(seed.body)

    def test_to_dict_is_json(self, seed):
        d = sp.to_dict(seed)
        again = json.loads(json.dumps(d))
        assert again["enclosure"]["author"]["name"] == "Kim Il Sung"
        assert again["recipients"][2]["copies"] == 2

    def test_only_expected_warnings(self, seed):
        assert seed.warnings == ["no place of origin found"]


# ---------------------------------------------------------------------------
# Invented fixtures in the genre's forms
# ---------------------------------------------------------------------------


class TestOutgoingTelegram:
    FILE = "invented_outgoing_telegram.txt"

    def test_type_and_numbers(self, doc):
        assert doc.doc_type == "ciphered_telegram"
        assert doc.reference_numbers == ["7731/sh", "1476/sh"]

    def test_reference_to_other_telegram(self, doc):
        assert doc.references == ["483/sh"]
        assert "483/sh" not in doc.reference_numbers

    def test_received_before_sent_kept_in_order(self, doc):
        assert [(e.event, e.date, e.time) for e in doc.transmission] == [
            ("received", "1951-07-03", "14:05"),
            ("sent", "1951-07-03", "16:40"),
        ]

    def test_marks(self, doc):
        assert doc.marks == ["Series G", "Strictly secret", "Copying prohibited"]
        assert doc.urgency == ""

    def test_place_and_date(self, doc):
        assert doc.place == "Moscow"
        assert doc.date == "1951-07-03"

    def test_copies_list_above_from_line(self, doc):
        copies = [
            (r.name.name, r.copies, r.name.is_person) for r in doc.recipients if r.role == "copy"
        ]
        assert copies == [
            ("Stalin", 2, True),
            ("Molotov", 1, True),
            ("Bulganin", 1, True),
            ("File", 1, False),
        ]

    def test_addressee_after_copies_in_positions(self, doc):
        assert doc.recipients[0].name.name == "Shtykov"
        assert doc.recipients[0].role == "addressee"
        assert [r.position for r in doc.recipients] == list(range(5))

    def test_cover_name_kept_as_written(self, doc):
        assert doc.sender.name == "Filippov"
        assert doc.sender.editorial == ""
        assert sp.COVER_NAMES["filippov"] == "Stalin"

    def test_file_is_not_a_person_mentioned(self, doc):
        assert "File" not in [p.name for p in doc.people_mentioned]

    def test_numbered_instructions(self, doc):
        assert [r.number for r in doc.requests] == ["1", "2"]
        assert [(q.amount, q.unit) for q in doc.requests[0].quantities] == [(12, "instructors")]
        assert [(q.amount, q.unit) for q in doc.requests[1].quantities] == [(300, "trucks")]
        assert "Confirm receipt" not in doc.requests[1].text

    def test_title(self, doc):
        assert doc.title == "Ciphered Telegram No. 7731, Filippov to Shtykov"


class TestIncomingTelegramUSDates:
    FILE = "invented_incoming_telegram_us_dates.txt"

    def test_hash_number_and_closing_block(self, doc):
        assert doc.reference_numbers == ["2218/sh", "1476/sh"]
        assert doc.date == "1950-10-14"

    def test_quoted_date_and_declassification_are_not_the_date(self, doc):
        assert doc.references == ["361"]
        assert doc.date != "1950-10-12"
        assert "Declassified on 12.5.1994" in doc.marks

    def test_from_place(self, doc):
        assert doc.place == "Pyongyang"

    def test_events(self, doc):
        got = [(e.event, e.date, e.time) for e in doc.transmission]
        assert got == [
            ("sent", "1950-10-14", "03:15"),
            ("received", "1950-10-14", "06:20"),
            ("deciphered", "1950-10-14", "07:10"),
            ("typed", "1950-10-14", "09:12"),
            ("dispatched", "1950-10-14", "09:40"),
        ]

    def test_event_details(self, doc):
        sent, rec, dec, typed, disp = doc.transmission
        assert sent.note == "by wire"
        assert rec.place == "Moscow" and rec.by is None
        assert dec.by.name == "Ivanova" and dec.note == "07:10-08:30"
        assert typed.by.name == "Petrova" and typed.note == "4 copies"
        assert disp.by.name == "8th Department"

    def test_editorial_bracket_on_addressee(self, doc):
        addr = doc.recipients[0]
        assert addr.role == "addressee"
        assert (addr.name.as_written, addr.name.name, addr.name.editorial) == (
            "FENG XI [STALIN]",
            "Feng Xi",
            "Stalin",
        )

    def test_letter_spaced_signature(self, doc):
        assert doc.sender.as_written == "T.  S H T Y K O V"
        assert doc.sender.name == "T. Shtykov"
        assert sp.surname(doc.sender) == "Shtykov"

    def test_distribution_list_wrapped(self, doc):
        dist = [(r.name.name, r.copies) for r in doc.recipients if r.role == "distribution"]
        assert dist == [
            ("Stalin", 2),
            ("Molotov", 1),
            ("Bulganin", 1),
            ("Vasilevsky", 1),
            ("File", 1),
        ]
        assert doc.copies_stated == 6
        assert not any("copies list" in w for w in doc.warnings)

    def test_bracketed_person_goes_to_editorial(self, doc):
        pak = [p for p in doc.people_mentioned if p.editorial == "Pak Hon Yong"]
        assert len(pak) == 1
        assert pak[0].name == "Pak Hon Yong"  # the editor's words stand in for a name
        assert pak[0].as_written == "[Pak Hon Yong]"

    def test_gloss_is_not_a_person(self, doc):
        written = " ".join(p.as_written for p in doc.people_mentioned)
        assert "VVS" not in written and "air force" not in written

    def test_lettered_points(self, doc):
        assert [r.number for r in doc.requests] == ["a", "b"]
        a, b = doc.requests
        assert a.category == "military_advisers"
        assert [(q.amount, q.unit) for q in a.quantities] == [(25, "advisers")]
        assert [(q.amount, q.unit, q.note) for q in b.quantities] == [
            (120, "trucks", ""),
            (2000, "tons", "aviation fuel"),
        ]
        assert b.category == "materiel"
        assert "VVS" not in b.text

    def test_title(self, doc):
        assert doc.title == "Ciphered Telegram No. 2218, Shtykov to Feng Xi"


class TestLetter:
    FILE = "invented_letter.txt"

    def test_letter_without_header(self, doc):
        assert doc.doc_type == "letter"
        assert doc.transmission == []
        assert doc.body == doc.text

    def test_parties(self, doc):
        assert doc.author.name == "Kim Il Sung"
        assert doc.author.as_written == "Your Kim Il Sung"
        assert [(r.name.name, r.role) for r in doc.recipients] == [("Filippov", "addressee")]

    def test_roman_month_and_place(self, doc):
        assert doc.date == "1950-03-24"
        assert doc.place == "Pyongyang"

    def test_paren_points(self, doc):
        assert [r.number for r in doc.requests] == ["1", "2"]
        assert doc.requests[1].category == "economic_aid"
        assert doc.requests[1].quantities[0].amount == 30
        assert doc.requests[0].asked_of.name == "Filippov"

    def test_title(self, doc):
        assert doc.title == "Letter from Kim Il Sung to Filippov, 24 March 1950"


class TestMemorandum:
    FILE = "invented_memorandum.txt"

    def test_type_parties_date(self, doc):
        assert doc.doc_type == "memorandum"
        assert doc.author.name == "A. Vasilevsky"
        assert doc.recipients[0].name.name == "I.V. Stalin"
        assert doc.date == "1951-06-13"  # the foot date, not the 1 September in point 1

    def test_points_and_quantities(self, doc):
        q = [(x.amount, x.unit) for r in doc.requests for x in r.quantities]
        assert q == [(40, "pilots"), (12, "instructors"), (30, "MIG-15 aircraft")]

    def test_title(self, doc):
        assert doc.title == "Memorandum from Vasilevsky to Stalin, 13 June 1951"


class TestConversation:
    FILE = "invented_conversation.txt"

    def test_type_date_recorder(self, doc):
        assert doc.doc_type == "record_of_conversation"
        assert doc.date == "1952-07-16"
        assert doc.author.name == "A. Ivanov"

    def test_people(self, doc):
        names = surnames(doc.people_mentioned)
        for who in ("Filippov", "Zhou Enlai", "Molotov", "Vyshinsky", "Mao Zedong"):
            assert who in names

    def test_title(self, doc):
        assert doc.title == "Record of Conversation between Filippov and Zhou Enlai, 16 July 1952"


class TestDecision:
    FILE = "invented_decision.txt"

    def test_header(self, doc):
        assert doc.doc_type == "decision"
        assert doc.reference_numbers == ["P81/215"]
        assert doc.date == "1951-07-03"
        assert doc.marks == ["Strictly secret"]
        assert doc.author.name == "Politburo of the CC VKP(b)"

    def test_numbered_distribution_is_not_requests(self, doc):
        assert [r.number for r in doc.requests] == ["1", "2"]
        dist = [(r.name.name, r.role, r.name.is_person) for r in doc.recipients]
        assert dist == [
            ("Stalin", "distribution", True),
            ("Molotov", "distribution", True),
            ("Vasilevsky", "distribution", True),
            ("File", "distribution", False),
        ]

    def test_title(self, doc):
        assert doc.title == "Decision No. P81/215 of the Politburo of the CC VKP(b)"


class TestTelegramFromBeijing:
    FILE = "invented_telegram_from_beijing.txt"

    def test_header(self, doc):
        assert doc.doc_type == "telegram"
        assert doc.place == "Beijing"
        assert [(e.event, e.date, e.time) for e in doc.transmission] == [
            ("received", "1951-03-24", "02:43")
        ]

    def test_date_is_not_the_quoted_one(self, doc):
        assert doc.date == "1951-03-24"
        assert doc.references == ["123"]

    def test_cover_name_without_bracket(self, doc):
        addr = doc.recipients[0].name
        assert (addr.name, addr.editorial) == ("Fyn Si", "")

    def test_copies_total_mismatch_warns(self, doc):
        assert doc.copies_stated == 11
        assert "copies list states 11 copies but its entries add up to 7" in doc.warnings
        copy = doc.recipients[-1].name
        assert (copy.name, copy.is_person) == ("Copy", False)

    def test_unnumbered_request_in_plain_paragraph(self, doc):
        assert len(doc.requests) == 1
        r = doc.requests[0]
        assert r.number is None and r.category == "air_defence"
        assert [(q.amount, q.unit) for q in r.quantities] == [(10, "antiaircraft regiments")]

    def test_missing_number_warned(self, doc):
        assert "no reference number found" in doc.warnings

    def test_title_falls_back_to_date(self, doc):
        assert doc.title == "Telegram, Zhou Enlai to Fyn Si, 24 March 1951"


# ---------------------------------------------------------------------------
# Helpers: dates, times, names
# ---------------------------------------------------------------------------


class TestParseDate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("17.7.52", "1952-07-17"),
            ("3.7.1951", "1951-07-03"),
            ("24.III.50", "1950-03-24"),
            ("10/14/50", "1950-10-14"),
            ("14/10/50", "1950-10-14"),
            ("4/5/51", "1951-04-05"),
            ("14 October 1950", "1950-10-14"),
            ("14 Oct. 1950", "1950-10-14"),
            ("13.June.1951", "1951-06-13"),
            ("July 16, 1952", "1952-07-16"),
            ("January 10, 1952", "1952-01-10"),
            ("July 1952", "1952-07"),
            ("Pyongyang 16.7.52.", "1952-07-16"),
            ("1.1.05", "1905-01-01"),
        ],
    )
    def test_forms(self, text, expected):
        assert sp.parse_date(text) == (expected, False)

    def test_year_from_context(self):
        assert sp.parse_date("17.7", context_year=1952) == ("1952-07-17", True)
        assert sp.parse_date("16 July", context_year=1950) == ("1950-07-16", True)

    def test_no_year_no_context(self):
        assert sp.parse_date("17.7") == (None, False)

    @pytest.mark.parametrize("text", ["32.1.50", "29.2.51", "13/13/50", "no date here", ""])
    def test_impossible_or_absent(self, text):
        assert sp.parse_date(text)[0] is None

    def test_leap_day(self):
        assert sp.parse_date("29.2.52") == ("1952-02-29", False)

    def test_find_dates_in_order(self):
        hits = sp.find_dates("notes of January 10, 1952 and 6.10.51")
        assert [h.iso for h in hits] == ["1952-01-10", "1951-10-06"]


class TestParseTime:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("18:45", ("18:45", "")),
            ("0243", ("02:43", "")),
            ("03:15 a.m.", ("03:15", "")),
            ("3:05 p.m.", ("15:05", "")),
            ("12:10 a.m.", ("00:10", "")),
            ("12:10 p.m.", ("12:10", "")),
            ("10:00-11:30", ("10:00", "10:00-11:30")),
            ("20.50", ("20:50", "")),
            ("nothing", (None, "")),
        ],
    )
    def test_forms(self, text, expected):
        assert sp.parse_time(text) == expected

    def test_strict_mode_ignores_compact_numbers(self):
        assert sp.parse_time("No. 1952", loose=False) == (None, "")


class TestCleanName:
    @pytest.mark.parametrize(
        ("written", "name", "editorial"),
        [
            ("Comrade A.Ia. Vyshinsky", "A.Ia. Vyshinsky", ""),
            ("FENG XI [STALIN]", "Feng Xi", "Stalin"),
            ("S H T Y K O V", "Shtykov", ""),
            ("T. SHTYKOV", "T. Shtykov", ""),
            ("Comrade STALIN I.V.", "I.V. Stalin", ""),
            ("KIM IL SUNG", "Kim Il Sung", ""),
            ("Your Kim Il Sung", "Kim Il Sung", ""),
            ("Marshal of the Soviet Union A. Vasilevsky", "A. Vasilevsky", ""),
            (
                "8th Administration of the General Staff",
                "8th Administration of the General Staff",
                "",
            ),
        ],
    )
    def test_forms(self, written, name, editorial):
        n = sp.clean_name(written)
        assert (n.as_written, n.name, n.editorial, n.is_person) == (written, name, editorial, True)

    @pytest.mark.parametrize("written", ["Copy", "File", "file"])
    def test_not_parties(self, written):
        n = sp.clean_name(written)
        assert n.is_person is False
        assert n.name == written

    def test_surnames(self):
        assert sp.surname(sp.clean_name("A.Ia. Vyshinsky")) == "Vyshinsky"
        assert sp.surname(sp.clean_name("Zhou Enlai")) == "Zhou Enlai"
        assert sp.surname(sp.clean_name("FENG XI")) == "Feng Xi"
        assert sp.surname(sp.clean_name("Josef Visarrionovich Stalin")) == "Stalin"

    def test_cover_names_table(self):
        assert sp.COVER_NAMES == {"filippov": "Stalin", "feng xi": "Stalin", "fyn si": "Stalin"}


# ---------------------------------------------------------------------------
# Small invented documents for single behaviours
# ---------------------------------------------------------------------------


class TestSmallCases:
    def test_declassification_stamp_is_not_the_date(self):
        doc = parse(
            "TELEGRAM\nDeclassified 1994\nFrom BEIJING\nSent 5.6.51 10:00\n\n"
            "To Comrade Filippov\n\nText.\n\nZHOU ENLAI\n"
        )
        assert doc.date == "1951-06-05"
        assert doc.marks == ["Declassified 1994"]

    def test_arrived_is_a_received_event(self):
        doc = parse(
            "CIPHERED TELEGRAM No. 12/sh\nArrived at 8th Department on 15.10.50 at 10:05\n\nText.\n"
        )
        ev = doc.transmission[0]
        assert (ev.event, ev.date, ev.time, ev.by.name) == (
            "received",
            "1950-10-15",
            "10:05",
            "8th Department",
        )
        assert "arrived" in ev.note

    def test_date_without_any_year_is_not_guessed(self):
        doc = parse("CIPHERED TELEGRAM No. 9/sh\nReceived 17.7 20:50\n\nText.\n")
        ev = doc.transmission[0]
        assert ev.date is None and ev.time == "20:50"
        assert "date without year: 17.7" in ev.note
        assert doc.date is None
        assert "no date found" in doc.warnings

    def test_quoted_date_in_body_is_a_reference_not_the_date(self):
        doc = parse(
            "TELEGRAM No. 44\nFrom PYONGYANG\n\nTo Comrade Filippov\n\n"
            "In answer to your No. 123 of 5.6.51 we report that all is ready.\n\n"
            "SHTYKOV\n"
        )
        assert doc.references == ["123"]
        assert doc.date is None
        assert doc.reference_numbers == ["44"]

    def test_numbered_name_list_is_not_requests(self):
        doc = parse(
            "MEMORANDUM\n\nTo Comrade Molotov\n\nInvented text.\n\n"
            "Copies to:\n1. Stalin\n2. Bulganin\n\nA. IVANOV\n3.7.1951\n"
        )
        assert doc.requests == []
        assert [r.name.name for r in doc.recipients] == ["Molotov", "Stalin", "Bulganin"]

    def test_closing_block_number_and_date(self):
        doc = parse(
            "CIPHERED TELEGRAM\nFrom PYONGYANG\n\nTo Comrade Filippov\n\nText.\n\n"
            "SHTYKOV\n\nNo. 1476/sh / 14 October 1950\n"
        )
        assert doc.reference_numbers == ["1476/sh"]
        assert doc.date == "1950-10-14"
        assert doc.title == "Ciphered Telegram No. 1476, Shtykov to Filippov"

    def test_range_time_on_event(self):
        doc = parse("CIPHERED TELEGRAM No. 3\nDeciphered 14.10.50 10:00-11:30\n\nText.\n")
        ev = doc.transmission[0]
        assert (ev.time, ev.note) == ("10:00", "10:00-11:30")

    def test_urgency_as_written(self):
        doc = parse("TELEGRAM No. 8\nURGENT\nFrom MOSCOW\n\nTo Comrade Shtykov\n\nText.\n")
        assert doc.urgency == "URGENT"

    def test_copies_with_stated_total_matching(self):
        doc = parse(
            "TELEGRAM No. 8\nFrom MOSCOW\n\nTo Comrade Shtykov\n\nText.\n\nFILIPPOV\n\n"
            "Distribution list - 3 copies: Stalin - 2, File - 1\n"
        )
        assert doc.copies_stated == 3
        assert [(r.name.name, r.copies) for r in doc.recipients[1:]] == [("Stalin", 2), ("File", 1)]
        assert not any("copies list" in w for w in doc.warnings)

    def test_resolution_heading(self):
        doc = parse(
            "Resolution of the Council of Ministers of the USSR\n\n"
            "1. To deliver 50 trucks to the invented depot.\n"
        )
        assert doc.doc_type == "decision"
        assert doc.author.name == "Council of Ministers of the USSR"
        assert doc.requests[0].quantities[0].amount == 50

    def test_untyped_text_warns(self):
        doc = parse("Some invented words with no form at all.")
        assert doc.doc_type == "other"
        assert "document type not recognised" in doc.warnings
        assert doc.title == "Document, undated"


# ---------------------------------------------------------------------------
# Edge input: never raise, say what is missing
# ---------------------------------------------------------------------------

ISO_PARTIAL = r"^\d{4}(-\d{2}(-\d{2})?)?$"


def check_invariants(doc: sp.ParsedDocument, text: str) -> None:
    """What every parse must satisfy, whatever the input."""
    assert not any(w.startswith("parser error") for w in doc.warnings), doc.warnings
    assert doc.text == text
    assert text.endswith(doc.body)
    assert doc.doc_type in sp.DOC_TYPES
    for ev in doc.transmission:
        assert ev.event in sp.EVENTS
        assert ev.date is None or re.match(ISO_PARTIAL, ev.date)
        assert ev.time is None or re.match(r"^([01]\d|2[0-3]):[0-5]\d$", ev.time)
    assert doc.date is None or re.match(ISO_PARTIAL, doc.date)
    for r in doc.recipients:
        assert r.role in sp.ROLES
        assert r.copies >= 1
    assert [r.position for r in doc.recipients] == list(range(len(doc.recipients)))
    for q in doc.requests:
        assert q.category in sp.CATEGORIES
        assert q.text.strip()
    json.dumps(sp.to_dict(doc))


class TestEdgeInput:
    @pytest.mark.parametrize("text", ["", "   ", "\n\n\t\n", "\r\n\r\n"])
    def test_empty_and_blank(self, text):
        doc = parse(text)
        check_invariants(doc, text)
        assert doc.doc_type == "other"
        assert doc.requests == [] and doc.recipients == []
        assert "empty text" in doc.warnings

    def test_only_a_header(self):
        text = "CIPHERED TELEGRAM No. 5/sh"
        doc = parse(text)
        check_invariants(doc, text)
        assert doc.doc_type == "ciphered_telegram"
        assert doc.reference_numbers == ["5/sh"]
        assert doc.body == ""
        for w in (
            "no date found",
            "no sender found",
            "no addressee found",
            "no text after the header",
        ):
            assert w in doc.warnings

    def test_binary_junk(self):
        text = bytes(range(256)).decode("latin-1") * 3
        doc = parse(text)
        check_invariants(doc, text)
        assert "text contains control characters" in doc.warnings

    def test_very_long_lines_are_fast(self):
        text = (
            "CIPHERED TELEGRAM No. 1/sh\n"
            + "KIM IL SUNG asked 10 regiments of " * 20000
            + "\n"
            + "1. "
            + "x" * 200000
            + "\n"
            + "Copies: "
            + "Stalin, " * 5000
            + "\n"
        )
        # A guard against patterns that backtrack without bound (minutes, not seconds, on this
        # input), not a speed target: CPU time, so a busy machine does not make it fail.
        start = time.process_time()
        doc = parse(text)
        assert time.process_time() - start < 10
        check_invariants(doc, text)

    def test_windows_line_endings_parse_like_unix(self, seed):
        text = SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
        doc = parse(text)
        check_invariants(doc, text)
        assert doc.text == text
        assert "\r\n" in doc.body
        assert doc.title == seed.title
        assert [e.time for e in doc.transmission] == ["18:45", "20:50", "21:10"]
        assert [r.number for r in doc.requests] == ["1", "2", "3", None, "4"]
        assert [r.name.name for r in doc.recipients] == [r.name.name for r in seed.recipients]

    def test_non_str_input_is_tolerated(self):
        doc = parse(None)  # type: ignore[arg-type]
        assert doc.text == ""

    def test_seed_and_fixtures_satisfy_invariants(self, seed):
        check_invariants(seed, SEED.read_text(encoding="utf-8"))
        for path in sorted(FIXTURES.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            check_invariants(parse(text), text)


# ---------------------------------------------------------------------------
# Fuzzing
# ---------------------------------------------------------------------------


GENRE_LINES = [
    "CIPHERED TELEGRAM No. 502597/sh",
    "Ciphered Telegram # 12/sh",
    "TELEGRAM",
    "MEMORANDUM",
    "Record of conversation between Comrade Filippov and Zhou Enlai",
    "Decision of the Politburo",
    "From Correspondent 20 Sent 17.7.52",
    "18:45 Received 17.7 20:50",
    "FROM: PYONGYANG",
    "Sent by wire on 10/14/50 at 03:15 a.m.",
    "Received in Moscow on 10/14/50 at 06:20 a.m.",
    "Deciphered by Ivanova on 14 October 1950 at 07:10-08:30",
    "Typed by Petrova 14.10.50",
    "Dispatched to 8th Department",
    "Sent to 8th Administration 17.7 21:10",
    "Arrived at",
    "Extremely Urgent",
    "Strictly secret",
    "Series G",
    "Copying prohibited",
    "Declassified 1994",
    "To Comrade A.Ia. Vyshinsky",
    "To FENG XI [STALIN]",
    "To No. 483/sh",
    "To",
    "From",
    "No.",
    "Copies: Stalin (2), Molotov,",
    "Distribution list - 11 copies: Stalin - 2, Molotov-1,",
    "Distribution:",
    "1 - Stalin",
    "1. Stalin",
    "File - 1",
    "Copy",
    "Dear Comrade STALIN I.V.",
    '"Respected comrade ambassador, I ask you to bring this to Comrade STALIN:',
    "I report the letter from KIM IL SUNG to Comrade STALIN I.V. of 16.7.52.",
    "1. To strengthen antiaircraft defense with ten antiaircraft regiments.",
    "a) to send 25 advisers;",
    "2) To grant 30 million rubles.",
    "(3) half",
    "Aside from all of this, it is necessary to receive goods per the note of 6 October 1951.",
    "A telegram of analogous content was sent to comrade MAO ZEDONG.",
    "Your Kim Il Sung",
    "S H T Y K O V",
    "T. SHTYKOV",
    "RAZUVAEV",
    'Pyongyang 16.7.52."',
    "No. 1476/sh / 14 October 1950",
    "24.III.50",
    "July 16, 1952",
    "13.June.1951",
    "0243",
    "Josef Visarrionovich",
    "[Pak Hon Yong]",
    "VVS [air force]",
    '"',
    "«",
    "»",
    "",
    " ",
    "[",
    "]",
    "(",
    "Recorded by",
    "the Chinese comrades put out half",
]
genre_text = st.lists(
    st.one_of(st.sampled_from(GENRE_LINES), st.text(max_size=40)), max_size=30
).flatmap(lambda ls: st.sampled_from(["\n", "\r\n", "\n\n", " "]).map(lambda sep: sep.join(ls)))


class TestFuzz:
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text())
    def test_any_text(self, text):
        check_invariants(parse(text), text)

    @settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(genre_text)
    def test_genre_shaped_text(self, text):
        check_invariants(parse(text), text)

    @settings(max_examples=200, deadline=None)
    @given(st.text(), st.integers(min_value=1900, max_value=1999) | st.none())
    def test_helpers_never_raise(self, text, year):
        iso, inferred = sp.parse_date(text, context_year=year)
        assert iso is None or re.match(ISO_PARTIAL, iso)
        assert isinstance(inferred, bool)
        t, _ = sp.parse_time(text)
        assert t is None or len(t) == 5
        n = sp.clean_name(text)
        assert n.as_written == text.strip()
        assert "[" not in n.name or "]" not in n.name


class TestSignaturesAndPlaces:
    def test_caps_signature_with_short_word(self):
        doc = parse(
            "CIPHERED TELEGRAM No. 77\nFROM: PYONGYANG TO: MOSCOW\n"
            "Sent 17.7.52 20.50 Received 17.7.52 22.10\nTo FILIPPOV\n\n"
            "Invented report. Comrade Peng Dehuai agrees.\n\nKIM IL SUNG\n"
        )
        assert doc.sender.name == "Kim Il Sung"
        assert doc.place == "Pyongyang"
        assert [(e.event, e.time) for e in doc.transmission] == [
            ("sent", "20:50"),
            ("received", "22:10"),
        ]
        assert "Peng Dehuai" in surnames(doc.people_mentioned)
        assert doc.title == "Ciphered Telegram No. 77, Kim Il Sung to Filippov"

    def test_ordinary_case_signature_after_sign_off(self):
        doc = parse(
            "Respected Comrade Stalin,\n\nWe ask you to send 200 trucks.\n\n"
            "With respect,\nMao Zedong\n\nBeijing, 3 July 1951\n"
        )
        assert doc.doc_type == "letter"
        assert doc.author.name == "Mao Zedong"
        assert (doc.date, doc.place) == ("1951-07-03", "Beijing")
        assert doc.requests[0].quantities[0].amount == 200
        assert doc.title == "Letter from Mao Zedong to Stalin, 3 July 1951"

    def test_place_and_date_line_under_heading(self):
        doc = parse(
            "MEMORANDUM\nMoscow, 14 October 1950\n\nTo Comrade Molotov V.M.\n\n"
            "Invented text about Marshal Zakharov.\n\nA. Gromyko\n"
        )
        assert (doc.date, doc.place) == ("1950-10-14", "Moscow")
        assert doc.author.name == "A. Gromyko"
        assert doc.recipients[0].name.name == "V.M. Molotov"

    def test_a_last_line_that_is_a_word_does_not_sign(self):
        doc = parse("TELEGRAM No. 3\nFrom MOSCOW\n\nTo Comrade Shtykov\n\nAgreed.\n")
        assert doc.sender is None
        assert "no sender found" in doc.warnings

    def test_enclosure_without_introduction_and_signature_after_it(self):
        doc = parse(
            "CIPHERED TELEGRAM No. 8/sh\nFrom Pyongyang\nTo Comrade Filippov\n\n"
            'I transmit the following.\n\n"Dear Comrade Filippov!\n\n'
            '1. Please send 5 divisions.\n\nKim Il Sung"\n\nSHTYKOV\n'
        )
        assert doc.sender.name == "Shtykov"
        assert doc.enclosure.author.name == "Kim Il Sung"
        assert doc.enclosure.addressee.name == "Filippov"
        assert doc.requests[0].asked_by.name == "Kim Il Sung"
        assert doc.title == (
            "Ciphered Telegram No. 8, Shtykov to Filippov, "
            "transmitting a letter from Kim Il Sung to Filippov"
        )

    def test_document_date_with_inferred_year_is_flagged(self):
        doc = parse(
            "CIPHERED TELEGRAM No. 4\nSent 17.7 18:45\n\nTo Comrade Filippov\n\n"
            "Invented report on the note of 10.7.52.\n\nSHTYKOV\n"
        )
        assert doc.date == "1952-07-17"
        assert doc.date_inferred is True
        assert doc.transmission[0].note == "year inferred from context (17.7)"


# ---------------------------------------------------------------------------
# Names brought to ordinary case, titles composed with another form of names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("MACARTHUR", "MacArthur"),
        ("MCCLURE", "McClure"),
        ("KIM TU-BONG", "Kim Tu-bong"),
        ("CHIANG KAI-SHEK", "Chiang Kai-shek"),
        ("LEE SANG-JO", "Lee Sang-jo"),
        ("HO KA-I", "Ho Ka-i"),
        ("COUNCIL OF MINISTERS OF THE USSR", "Council of Ministers of the USSR"),
        ("Government of the PRC", "Government of the PRC"),
        ("Politburo of the CC VKP(b)", "Politburo of the CC VKP(b)"),
        ("RIMSKY-KORSAKOV", "Rimsky-Korsakov"),
    ],
)
def test_names_in_capitals_take_the_authority_files_case(written, expected):
    assert sp.clean_name(written).name == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Shi Zhe", "Shi Zhe"), ("Wu Xiuquan", "Wu Xiuquan"), ("A.Ia. Vyshinsky", "Vyshinsky")],
)
def test_surname_keeps_east_asian_names_whole(name, expected):
    assert sp.surname(name) == expected


INVENTED_SHI_ZHE = """CIPHERED TELEGRAM No. 100200

From Beijing Sent 3.5.51 10:00

To Comrade Roshchin

The invented matter is reported for a test.

SHI ZHE
"""


def test_a_chinese_signature_in_capitals_is_not_read_given_name_first():
    doc = parse(INVENTED_SHI_ZHE)
    assert doc.title == "Ciphered Telegram No. 100200, Shi Zhe to Roshchin"


def test_compose_title_with_another_short_name_changes_only_the_names(seed):
    forms = {"Razuvaev": "R.", "Kim Il Sung": "K."}
    title = sp.compose_title(seed, lambda name: forms.get(name.name, sp.surname(name)))
    assert title == (
        "Ciphered Telegram No. 502597, R. to Vasilevsky and Vyshinsky, "
        "transmitting a letter from K. to Stalin"
    )
    assert sp.compose_title(seed) == seed.title


def test_compose_title_names_the_sides_of_a_conversation():
    doc = parsed_fixture("invented_conversation.txt")
    assert [p.name for p in doc.participants] == ["Filippov", "Zhou Enlai"]
    assert sp.compose_title(doc, lambda name: name.name.upper()) == (
        "Record of Conversation between FILIPPOV and ZHOU ENLAI, 16 July 1952"
    )


def test_compose_title_of_a_decision_uses_the_short_name_of_its_body():
    doc = parsed_fixture("invented_decision.txt")
    assert doc.heading_body
    assert (
        sp.compose_title(doc, lambda name: "Politburo") == "Decision No. P81/215 of the Politburo"
    )
    assert sp.compose_title(doc) == doc.title


INVENTED_MEMORANDUM_SIGNED_BELOW = """MEMORANDUM

Top secret

To the Ministry of Foreign Affairs of the USSR

3.June.1951

1. To send 4 invented advisers to the training centres.

Yakov Malik

[Note of the editor: an invented test text]
"""


def test_a_memorandum_signed_in_ordinary_case_before_an_editors_note_has_its_author():
    doc = parse(INVENTED_MEMORANDUM_SIGNED_BELOW)
    assert doc.author is not None and doc.author.name == "Yakov Malik"
    assert "no author found" not in doc.warnings
    assert doc.title.startswith("Memorandum from Malik to Ministry of Foreign Affairs of the USSR")


def test_a_name_alone_in_the_middle_of_a_memorandum_does_not_sign_it():
    text = INVENTED_MEMORANDUM_SIGNED_BELOW.replace(
        "Yakov Malik\n", "Yakov Malik\n\nThe invented matter continues after the name.\n"
    )
    assert parse(text).author is None


@pytest.mark.parametrize("signer", ["George F. Kennan", "Douglas MacArthur", "A.Ia. Vyshinsky"])
def test_a_memorandum_signed_with_initials_or_a_mac_name_has_its_author(signer):
    doc = parse(INVENTED_MEMORANDUM_SIGNED_BELOW.replace("Yakov Malik", signer))
    assert doc.author is not None and doc.author.name == signer
