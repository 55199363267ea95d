"""The seed parser on layouts of the genre that its first fixtures did not cover.

Each fixture in tests/fixtures/genre_unseen is a short invented text; each test
states what an archivist would catalogue from it.  Pure: no Django, no database.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from catalogue import seedparser as sp
from catalogue.seedparser import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "genre_unseen"


@functools.cache
def parsed(name: str) -> sp.ParsedDocument:
    return parse((FIXTURES / name).read_text(encoding="utf-8"), source_name=name)


@pytest.fixture
def doc(request):
    return parsed(request.cls.FILE)


def events(doc):
    return [(e.event, e.date, e.time) for e in doc.transmission]


def recipients(doc, role=None):
    return [
        (r.name.name, r.role, r.copies) for r in doc.recipients if role is None or r.role == role
    ]


def people(doc):
    return [p.name for p in doc.people_mentioned]


def test_every_fixture_parses_without_a_parser_error():
    files = sorted(FIXTURES.glob("*.txt"))
    assert len(files) >= 10
    for f in files:
        d = parsed(f.name)
        assert not any(w.startswith("parser error") for w in d.warnings), f.name
        assert d.doc_type != "other", f.name


class TestCipheredNosTwoNumbers:
    """TOP SECRET and "Copy No. 3" above the heading; "Nos." with two numbers;
    "From: Beijing  To: Moscow" and "Sent: ...  Received: ..." each on one line."""

    FILE = "unseen_ciphered_nos_two_numbers.txt"

    def test_type_and_both_numbers(self, doc):
        assert doc.doc_type == "ciphered_telegram"
        assert doc.reference_numbers == ["4410", "4411"]

    def test_marks_keep_copy_number_whole(self, doc):
        assert doc.marks == ["TOP SECRET", "Copy No. 3"]

    def test_reply_reference_is_not_own_number(self, doc):
        assert doc.references == ["212"]

    def test_sent_and_received_on_one_line(self, doc):
        assert events(doc) == [
            ("sent", "1951-07-03", "02:40"),
            ("received", "1951-07-03", "09:15"),
        ]
        assert doc.transmission[1].place == "Moscow"

    def test_place_sender_addressee(self, doc):
        assert doc.place == "Beijing"
        assert doc.sender.name == "Krasovsky"
        assert recipients(doc) == [("Filippov", "addressee", 1)]

    def test_city_on_the_to_line_is_not_an_addressee(self, doc):
        assert "Moscow" not in people(doc)

    def test_unnumbered_request(self, doc):
        (req,) = doc.requests
        assert req.number is None
        assert req.category == "military_advisers"
        assert req.summary == "Send 8 instructors for the invented pontoon battalion."
        assert [(q.amount, q.unit) for q in req.quantities] == [(8, "instructors")]

    def test_date_and_title(self, doc):
        assert (doc.date, doc.date_inferred) == ("1951-07-03", False)
        assert doc.title == "Ciphered Telegram No. 4410, Krasovsky to Filippov"
        assert doc.warnings == []


class TestHeaderReordered:
    """Addressee, urgency, Received before Sent and From last; "at 2.40"."""

    FILE = "unseen_header_reordered.txt"

    def test_type_number_urgency(self, doc):
        assert doc.doc_type == "telegram"
        assert doc.reference_numbers == ["318"]
        assert doc.references == ["77"]
        assert doc.urgency == "Extremely Urgent"

    def test_events_in_written_order_with_dotted_times(self, doc):
        assert events(doc) == [
            ("received", "1950-11-05", "02:40"),
            ("sent", "1950-11-04", "23:55"),
        ]

    def test_date_is_the_sending_date(self, doc):
        assert doc.date == "1950-11-04"

    def test_parties(self, doc):
        assert doc.place == "Pyongyang"
        assert doc.sender.name == "Zakharov"
        assert recipients(doc) == [("Zhou Enlai", "addressee", 1)]


class TestTextOfTheLetter:
    """A relayed letter without quotation marks, after "Text of the letter:";
    times "0243 hours"; requests as "First, ..." and "Second, ..."."""

    FILE = "unseen_text_of_the_letter.txt"

    def test_times_with_hours(self, doc):
        assert events(doc) == [
            ("sent", "1951-02-14", "02:43"),
            ("received", "1951-02-14", "06:10"),
        ]
        assert "hours" not in people(doc)
        assert all(e.by is None for e in doc.transmission)

    def test_document_date_is_the_telegram_not_the_letter(self, doc):
        assert doc.date == "1951-02-14"

    def test_enclosure(self, doc):
        enc = doc.enclosure
        assert enc is not None
        assert enc.doc_type == "letter"
        assert enc.author.name == "Kim Il Sung"
        assert enc.addressee.name == "Filippov"
        assert enc.date == "1951-02-13"

    def test_sender_is_the_telegram_signer(self, doc):
        assert doc.sender.name == "Razuvaev"

    def test_ordinal_requests(self, doc):
        assert [(r.number, r.category) for r in doc.requests] == [
            ("1", "materiel"),
            ("2", "military_advisers"),
        ]
        assert doc.requests[0].summary == "Send 30 trucks for the invented road repair unit."
        assert [(q.amount, q.unit) for q in doc.requests[1].quantities] == [
            (4, "military advisers")
        ]
        assert doc.requests[0].asked_by.name == "Kim Il Sung"

    def test_title_names_the_relayed_letter(self, doc):
        assert doc.title == (
            "Ciphered Telegram No. 9051, Razuvaev to Filippov, "
            "transmitting a letter from Kim Il Sung to Filippov"
        )


class TestMemorandumFields:
    """A memorandum with "To:", "From:", "Date: the 5th of June 1950", "Subject:"."""

    FILE = "unseen_memorandum_to_from.txt"

    def test_type_date_subject(self, doc):
        assert doc.doc_type == "memorandum"
        assert (doc.date, doc.date_inferred) == ("1950-06-05", False)
        assert doc.subject == "the invented exchange of students"

    def test_from_is_the_author_not_a_transmission(self, doc):
        assert doc.author.name == "A. Gromyko"
        assert doc.transmission == []

    def test_addressee(self, doc):
        assert recipients(doc) == [("V.M. Molotov", "addressee", 1)]

    def test_requests_with_parenthesis_numbers(self, doc):
        assert [(r.number, r.category) for r in doc.requests] == [
            ("1", "personnel"),
            ("2", "personnel"),
        ]
        assert [(q.amount, q.unit) for q in doc.requests[0].quantities] == [(50, "Korean students")]

    def test_title(self, doc):
        assert doc.title == "Memorandum from Gromyko to Molotov, 5 June 1950"


class TestConversationPresent:
    """Heading over two lines ("of Comrade X with Y") and a "Present:" list."""

    FILE = "unseen_conversation_present.txt"

    def test_type_date_title(self, doc):
        assert doc.doc_type == "record_of_conversation"
        assert doc.date == "1951-03-03"
        assert doc.title == ("Record of Conversation between Filippov and Zhou Enlai, 3 March 1951")

    def test_recorder_is_author(self, doc):
        assert doc.author.name == "N. Fedorenko"

    def test_those_present_are_mentioned(self, doc):
        for name in ("Filippov", "Zhou Enlai", "Molotov", "Malenkov", "Vyshinsky", "Li Fuchun"):
            assert name in people(doc)

    def test_no_recipients_and_no_addressee_warning(self, doc):
        assert doc.recipients == []
        assert "no addressee found" not in doc.warnings


class TestDecisionExtractFromProtocol:
    """ "Extract from protocol No. 87 ...", "Resolved:", points a) b), a bare copies column."""

    FILE = "unseen_decision_extract_protocol.txt"

    def test_type_number_date_marks(self, doc):
        assert doc.doc_type == "decision"
        assert doc.reference_numbers == ["87"]
        assert doc.date == "1951-04-14"
        assert doc.marks == ["Top secret"]

    def test_author_is_the_body(self, doc):
        assert doc.author.name == "Politburo of the CC VKP(b)"
        assert doc.title == "Decision No. 87 of the Politburo of the CC VKP(b)"

    def test_points_decided(self, doc):
        assert [r.number for r in doc.requests] == ["a", "b"]
        assert doc.requests[0].category == "air_defence"
        assert [(q.amount, q.unit) for q in doc.requests[0].quantities] == [
            (2, "invented radar battalions")
        ]

    def test_column_without_heading_is_a_distribution_not_points(self, doc):
        assert recipients(doc) == [
            ("Stalin", "distribution", 1),
            ("Molotov", "distribution", 1),
            ("file", "distribution", 1),
        ]
        assert [r.name.is_person for r in doc.recipients] == [True, True, False]


class TestLetterAddressBlock:
    """An address block over several lines, "With communist greetings," and a
    signature in capitals, dated "Beijing, July 1951" (month precision)."""

    FILE = "unseen_letter_communist_greetings.txt"

    def test_type_author(self, doc):
        assert doc.doc_type == "letter"
        assert doc.author.name == "Mao Zedong"
        assert doc.author.as_written == "MAO ZEDONG"

    def test_month_precision_date_and_place_of_writing(self, doc):
        assert (doc.date, doc.date_inferred) == ("1951-07", False)
        assert doc.place == "Beijing"  # not Moscow, the address

    def test_addressees_from_the_address_block(self, doc):
        assert recipients(doc) == [
            ("Central Committee of the All-Union Communist Party (Bolsheviks)", "addressee", 1),
            ("Filippov", "addressee", 1),
        ]

    def test_lettered_requests(self, doc):
        assert [(r.number, r.category) for r in doc.requests] == [
            ("a", "materiel"),
            ("b", "materiel"),
        ]
        assert (5000, "tons", "fuel") in [
            (q.amount, q.unit, q.note) for q in doc.requests[1].quantities
        ]

    def test_no_warnings(self, doc):
        assert doc.warnings == []


class TestReportYearOnly:
    """ "1951" alone at the end of a heading continued on its second line."""

    FILE = "unseen_report_year_only.txt"

    def test_year_precision(self, doc):
        assert doc.doc_type == "report"
        assert (doc.date, doc.date_inferred) == ("1951", False)
        assert doc.title == "Report from Zakharov, 1951"

    def test_author_and_what_was_not_found(self, doc):
        assert doc.author.name == "Zakharov"
        assert "no addressee found" in doc.warnings
        assert "no place of origin found" in doc.warnings

    def test_division_count_is_not_a_request(self, doc):
        assert doc.requests == []


class TestNoAddressee:
    """A telegram with no "To" line; "Received 3 July 1951 15.30"."""

    FILE = "unseen_no_addressee.txt"

    def test_event(self, doc):
        assert events(doc) == [("received", "1951-07-03", "15:30")]

    def test_no_addressee_is_a_warning_not_a_guess(self, doc):
        assert doc.recipients == []
        assert "no addressee found" in doc.warnings
        assert doc.title == "Ciphered Telegram No. 3318, from Roshchin"

    def test_place_and_sender(self, doc):
        assert doc.place == "Peking"
        assert doc.sender.name == "Roshchin"


class TestForwardedTo:
    """ "Forwarded to: Comrade Bulganin, Comrade Vasilevsky, General Staff"."""

    FILE = "unseen_forwarded_to.txt"

    def test_one_forwarding_per_body(self, doc):
        fwd = [e for e in doc.transmission if e.event == "forwarded"]
        assert [e.by.name for e in fwd] == ["Bulganin", "Vasilevsky", "General Staff"]
        assert all(e.note == "" for e in fwd)

    def test_forwarded_bodies_are_recipients(self, doc):
        assert recipients(doc) == [
            ("Filippov", "addressee", 1),
            ("Bulganin", "forwarded_to", 1),
            ("Vasilevsky", "forwarded_to", 1),
            ("General Staff", "forwarded_to", 1),
        ]
        assert [r.position for r in doc.recipients] == [0, 1, 2, 3]

    def test_third_person_request(self, doc):
        (req,) = doc.requests
        assert req.category == "air_operations"
        assert [(q.amount, q.unit, q.note) for q in req.quantities] == [
            (2, "squadrons", "fighters")
        ]


class TestCurlyQuotesAndDashes:
    """Curly quotation marks around a relayed letter, em dashes in the text and in a
    distribution list whose stated total (9) differs from its entries (6)."""

    FILE = "unseen_curly_quotes.txt"

    def test_enclosure_in_curly_quotes(self, doc):
        enc = doc.enclosure
        assert (enc.author.name, enc.addressee.name) == ("Pak Hon Yong", "Filippov")
        assert enc.date is None  # the letter carries no date: none is invented

    def test_distribution_with_em_dashes(self, doc):
        assert recipients(doc, "distribution") == [
            ("Stalin", "distribution", 2),
            ("Molotov", "distribution", 1),
            ("Beria", "distribution", 1),
            ("Mikoyan", "distribution", 1),
            ("File", "distribution", 1),
        ]
        assert doc.copies_stated == 9

    def test_total_that_differs_is_a_warning(self, doc):
        assert "copies list states 9 copies but its entries add up to 6" in doc.warnings

    def test_request_in_the_letter(self, doc):
        (req,) = doc.requests
        assert req.summary == "Send 20,000 tons of grain."
        assert [(q.amount, q.unit, q.note) for q in req.quantities] == [(20000, "tons", "grain")]
        assert req.asked_by.name == "Pak Hon Yong"

    def test_sender_and_date(self, doc):
        assert doc.sender.name == "Razuvaev"
        assert doc.date == "1951-05-09"


class TestCopiesColumnAbovePoints:
    """A "Copies:" column ("1 - Stalin", "3 - to file") above the heading."""

    FILE = "unseen_copies_column_points.txt"

    def test_type_is_read_past_the_column(self, doc):
        assert doc.doc_type == "ciphered_telegram"
        assert doc.reference_numbers == ["2741/sh"]

    def test_column(self, doc):
        assert recipients(doc) == [
            ("Shtykov", "addressee", 1),
            ("Stalin", "copy", 1),
            ("Molotov", "copy", 1),
            ("file", "copy", 1),
        ]
        assert doc.recipients[-1].name.is_person is False

    def test_points_and_outgoing_sender(self, doc):
        assert [r.number for r in doc.requests] == ["a", "b"]
        assert doc.sender.name == "Filippov"
        assert doc.place == "Moscow"
        assert events(doc) == [("sent", "1950-08-12", "11:20")]


class TestNamesSharingSurname:
    """Two Ivanovs with different initials, two Kims, and "[Peng Dehuai]" alone."""

    FILE = "unseen_names_shared_surname.txt"

    def test_namesakes_stay_apart(self, doc):
        assert "A.I. Ivanov" in people(doc)
        assert "P.S. Ivanov" in people(doc)

    def test_kims_stay_apart(self, doc):
        assert "Kim Il Sung" in people(doc)
        assert "Kim Chaek" in people(doc)

    def test_editorial_name_alone_is_the_name(self, doc):
        peng = [p for p in doc.people_mentioned if p.editorial == "Peng Dehuai"]
        assert len(peng) == 1
        assert (peng[0].name, peng[0].as_written) == ("Peng Dehuai", "[Peng Dehuai]")

    def test_heading_over_two_lines_and_salutation(self, doc):
        assert doc.doc_type == "letter"
        assert doc.author.name == "Kim Il Sung"
        assert recipients(doc) == [("Filippov", "addressee", 1)]
        assert (doc.date, doc.place) == ("1951-04-02", "Pyongyang")


# ---------------------------------------------------------------------------
# Helpers on the same layouts
# ---------------------------------------------------------------------------


class TestMergePeople:
    def test_bare_surname_joins_the_one_with_initials(self):
        merged = sp._merge_people([sp.clean_name("Stalin"), sp.clean_name("STALIN I.V.")])
        assert [p.name for p in merged] == ["I.V. Stalin"]

    def test_different_initials_are_different_people(self):
        merged = sp._merge_people([sp.clean_name("A.I. Ivanov"), sp.clean_name("P.S. Ivanov")])
        assert [p.name for p in merged] == ["A.I. Ivanov", "P.S. Ivanov"]

    def test_ambiguous_bare_surname_adds_no_one(self):
        merged = sp._merge_people(
            [sp.clean_name("A.I. Ivanov"), sp.clean_name("P.S. Ivanov"), sp.clean_name("Ivanov")]
        )
        assert [p.name for p in merged] == ["A.I. Ivanov", "P.S. Ivanov"]

    def test_transliterated_initial_still_merges(self):
        merged = sp._merge_people([sp.clean_name("A.Ya. Vyshinsky"), sp.clean_name("A. Vyshinsky")])
        assert len(merged) == 1


class TestSmallLayouts:
    def test_clean_name_of_editorial_alone(self):
        n = sp.clean_name("[Stalin]")
        assert (n.name, n.editorial, n.as_written) == ("Stalin", "Stalin", "[Stalin]")

    def test_general_staff_is_not_a_general(self):
        assert sp.clean_name("General Staff").name == "General Staff"

    @pytest.mark.parametrize(
        ("text", "iso"),
        [
            ("3 July 1951", "1951-07-03"),
            ("July 1951", "1951-07"),
            ("the 5th of June 1950", "1950-06-05"),
        ],
    )
    def test_dates(self, text, iso):
        assert sp.parse_date(text) == (iso, False)

    def test_nos_range_gives_both_numbers(self):
        doc = parse("CIPHERED TELEGRAM Nos. 118-119\n\nFrom MOSCOW\nSent 2.2.51 10:00\n\nText.")
        assert doc.reference_numbers == ["118", "119"]

    def test_unreadable_date_field_is_a_warning(self):
        doc = parse("MEMORANDUM\n\nTo: Comrade Molotov\nDate: unknown\n\nInvented text.\n")
        assert doc.date is None
        assert "date field not understood: unknown" in doc.warnings

    def test_single_first_is_not_a_point(self):
        doc = parse(
            "LETTER\n\nDear Comrade Filippov!\n\nFirst, I thank you for the invented gift.\n\n"
            "Your Kim Il Sung\n\nPyongyang, 2 April 1951\n"
        )
        assert doc.requests == []

    def test_transmit_text_without_marker_colon(self):
        doc = parse(
            "CIPHERED TELEGRAM No. 55\n\nFrom BEIJING\nSent 2.2.51 10:00\n\nTo Comrade Filippov\n\n"
            "I transmit the text of the telegram of Mao Zedong to Comrade Filippov.\n\n"
            "Comrade Filippov!\n\nWe ask you to send 7 invented instructors.\n\n"
            "With greetings\n\nMAO ZEDONG\n\nROSHCHIN\n"
        )
        assert doc.enclosure is not None
        assert doc.enclosure.author.name == "Mao Zedong"
        assert doc.sender.name == "Roshchin"

    def test_windows_line_endings_change_nothing(self):
        text = (FIXTURES / "unseen_curly_quotes.txt").read_text(encoding="utf-8")
        unix, windows = parse(text), parse(text.replace("\n", "\r\n"))
        assert windows.title == unix.title
        assert recipients(windows) == recipients(unix)
        assert windows.warnings == unix.warnings
        assert [r.summary for r in windows.requests] == [r.summary for r in unix.requests]

    def test_single_forwarding_with_date_is_event_and_recipient(self):
        doc = parse(
            "CIPHERED TELEGRAM No. 12\n\nFrom PYONGYANG\nSent 21.9.50 04:10\n"
            "Forwarded to Comrade Bulganin 21.9.50 09:00\n\nTo Comrade Filippov\n\n"
            "Invented text.\n\nSHTYKOV\n"
        )
        assert events(doc)[-1] == ("forwarded", "1950-09-21", "09:00")
        assert recipients(doc) == [
            ("Filippov", "addressee", 1),
            ("Bulganin", "forwarded_to", 1),
        ]

    def test_month_only_sent_date(self):
        doc = parse(
            "TELEGRAM\n\nFrom: Moscow\nSent: July 1951\n\nTo Comrade Roshchin\n\n"
            "Invented.\n\nFILIPPOV\n"
        )
        assert events(doc) == [("sent", "1951-07", None)]
        assert doc.date == "1951-07"
        assert "no reference number found" in doc.warnings
