"""Tests of catalogue.seedparser: the real seed, invented fixtures, helpers, fuzzing.

Pure: no Django, no database.
"""

from __future__ import annotations

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
    PERSONS = ["Razuvaev", "Vasilevsky", "Vyshinsky", "Kim Il Sung", "Stalin", "Mao Zedong",
               "Molotov", "Malenkov", "Beria", "Mikoyan", "Kaganovich", "Bulganin",
               "Khrushchev", "Sokolovsky"]

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
