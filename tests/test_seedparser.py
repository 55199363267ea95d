"""Tests of catalogue.seedparser: the real seed, invented fixtures, helpers, fuzzing.

Pure: no Django, no database.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from catalogue import seedparser as sp
from catalogue.seedparser import parse

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_fffce33f7251ed7a.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "genre"


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
            ("Stalin", 2), ("Molotov", 1), ("Malenkov", 1), ("Beria", 1), ("Mikoyan", 1),
            ("Kaganovich", 1), ("Bulganin", 1), ("Khrushchev", 1), ("Vyshinsky", 1),
            ("Sokolovsky", 1),
        ]
        assert sum(r.copies for r in seed.recipients if r.role == "copy") == 11

    def test_positions_in_order(self, seed):
        assert [r.position for r in seed.recipients] == list(range(12))

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
        assert cats == {"1": "air_defence", "2": "air_operations", "3": "ground_operations",
                        None: "materiel", "4": "armistice"}

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
    PERSONS = ("Razuvaev", "Vasilevsky", "Vyshinsky", "Kim Il Sung", "Stalin", "Mao Zedong",
               "Molotov", "Malenkov", "Beria", "Mikoyan", "Kaganovich", "Bulganin",
               "Khrushchev", "Sokolovsky")

    def test_fourteen_persons(self, seed):
        found = surnames(seed.people_mentioned)
        for person in self.PERSONS:
            assert found.count(person) == 1, person

    def test_nothing_else_but_designations(self, seed):
        extra = set(surnames(seed.people_mentioned)) - set(self.PERSONS)
        assert extra <= {"Correspondent 20",
                         "8th Administration of the General Staff of the Soviet Army"}

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
            ("received", "1951-07-03", "14:05"), ("sent", "1951-07-03", "16:40")]

    def test_marks(self, doc):
        assert doc.marks == ["Series G", "Strictly secret", "Copying prohibited"]
        assert doc.urgency == ""

    def test_place_and_date(self, doc):
        assert doc.place == "Moscow"
        assert doc.date == "1951-07-03"

    def test_copies_list_above_from_line(self, doc):
        copies = [(r.name.name, r.copies, r.name.is_person)
                  for r in doc.recipients if r.role == "copy"]
        assert copies == [("Stalin", 2, True), ("Molotov", 1, True), ("Bulganin", 1, True),
                          ("File", 1, False)]

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
            "FENG XI [STALIN]", "Feng Xi", "Stalin")

    def test_letter_spaced_signature(self, doc):
        assert doc.sender.as_written == "T.  S H T Y K O V"
        assert doc.sender.name == "T. Shtykov"
        assert sp.surname(doc.sender) == "Shtykov"

    def test_distribution_list_wrapped(self, doc):
        dist = [(r.name.name, r.copies) for r in doc.recipients if r.role == "distribution"]
        assert dist == [("Stalin", 2), ("Molotov", 1), ("Bulganin", 1), ("Vasilevsky", 1),
                        ("File", 1)]
        assert doc.copies_stated == 6
        assert not any("copies list" in w for w in doc.warnings)

    def test_bracketed_person_goes_to_editorial(self, doc):
        pak = [p for p in doc.people_mentioned if p.editorial == "Pak Hon Yong"]
        assert len(pak) == 1
        assert pak[0].name == ""
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
            (120, "trucks", ""), (2000, "tons", "aviation fuel")]
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
        assert doc.doc_type == "conversation"
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
        assert dist == [("Stalin", "distribution", True), ("Molotov", "distribution", True),
                        ("Vasilevsky", "distribution", True), ("File", "distribution", False)]

    def test_title(self, doc):
        assert doc.title == "Decision No. P81/215 of the Politburo of the CC VKP(b)"


class TestTelegramFromBeijing:
    FILE = "invented_telegram_from_beijing.txt"

    def test_header(self, doc):
        assert doc.doc_type == "telegram"
        assert doc.place == "Beijing"
        assert [(e.event, e.date, e.time) for e in doc.transmission] == [
            ("received", "1951-03-24", "02:43")]

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
