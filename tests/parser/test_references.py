"""Numbers and dated messages a document cites, and the direction its wording implies
(pure, no database). The texts are invented in the form of the real telegrams."""

import re

import pytest

from catalogue.references import Reference, find_references, normalise_number
from tests.real_corpus import document_text, expected_entries


def summary(refs):
    return [(r.direction, r.number, r.date) for r in refs]


class TestNormaliseNumber:
    @pytest.mark.parametrize(
        ("written", "number"),
        [
            ("No. 439/sh", "439/sh"),
            ("No. 439/ sh.", "439/sh"),
            ("# 0890", "0890"),
            ("\u2116 77-b", "77-b"),
            ("N\u00ba 25-3-103", "25-3-103"),
            ("0247 -INA", "0247-INA"),
            ("P12/301", "P12/301"),
            ("1212 487", "1212 487"),
            ("802\u2013804", "802-804"),
        ],
    )
    def test_forms(self, written, number):
        assert normalise_number(written) == number


class TestReplyTo:
    def test_to_number_line(self):
        text = "CIPHERED TELEGRAM No. 5120/sh\nTo No. 481/sh\nComrade IVANOV,\nAgreed.\n"
        (ref,) = find_references(text, year=1950)
        assert (ref.direction, ref.number, ref.as_written, ref.kind) == (
            "reply_to",
            "481/sh",
            "To No. 481/sh",
            "",
        )
        assert text[ref.start : ref.end] == "To No. 481/sh"

    @pytest.mark.parametrize(
        ("line", "number"),
        [("to 512/K4", "512/K4"), ("To # 0311", "0311"), ("to 0518 -OLA", "0518-OLA")],
    )
    def test_bare_number_lines_at_the_foot(self, line, number):
        text = f"Please examine.\nP. Orlov\n3 March 1954\n{line}\n"
        assert summary(find_references(text, year=1954)) == [("reply_to", number, "")]

    def test_in_reply_to_your_number_of_date(self):
        text = "In reply to your \u2116 14-2-77 of 9 January we report the following: nothing."
        (ref,) = find_references(text, date="1954-02-01")
        assert (ref.direction, ref.number, ref.date, ref.date_inferred) == (
            "reply_to",
            "14-2-77",
            "1954-01-09",
            True,
        )

    def test_your_telegram_number(self):
        refs = find_references("Your telegram No. 3318 has been received and studied.", year=1951)
        assert summary(refs) == [("reply_to", "3318", "")]
        assert refs[0].kind == "telegram"

    def test_your_cable_of_a_date(self):
        refs = find_references("We have received your cable of 8 September. We agree.", year=1951)
        assert summary(refs) == [("reply_to", "", "1951-09-08")]

    def test_month_first_date(self):
        refs = find_references("We received your telegram of August 27.", year=1951)
        assert summary(refs) == [("reply_to", "", "1951-08-27")]

    def test_a_cited_day_after_the_document_is_the_year_before(self):
        refs = find_references("Your letter of 28 December has reached me.", date="1950-01-04")
        assert summary(refs) == [("reply_to", "", "1949-12-28")]

    def test_a_written_year_wins(self):
        refs = find_references("Your letter of 2 May 1948 is answered here.", date="1950-01-04")
        assert summary(refs) == [("reply_to", "", "1948-05-02")]
        assert refs[0].date_inferred is False

    def test_reply_opening_with_the_number_it_answers(self):
        text = (
            "To p.17(op) pr.PB No. 90\n\n"
            "2214. From your telegram it is not clear who proposed the meeting of the two "
            "delegations and what the friends think of it.\n\n"
            "1. Do not agree to the meeting.\n"
        )
        assert summary(find_references(text, year=1952)) == [("reply_to", "2214", "")]

    def test_a_range_of_numbers_opens_the_reply(self):
        text = (
            "611-613. [Bearing in mind the wish of the other side] to end the talks quickly, "
            "you should be guided by the following:\n"
        )
        assert summary(find_references(text, year=1948)) == [("reply_to", "611-613", "")]


class TestRefersTo:
    def test_the_cable_we_sent_you(self):
        refs = find_references(
            "Recall the cable we sent you on February 3 about the gold.", year=1949
        )
        assert summary(refs) == [("refers_to", "", "1949-02-03")]

    def test_on_a_date_we_sent_you_a_cable(self):
        refs = find_references("On March 5 we sent you a long cable of six points.", year=1949)
        assert summary(refs) == [("refers_to", "", "1949-03-05")]
        assert refs[0].kind == "cable"

    def test_our_number(self):
        refs = find_references("As stated in our telegram No. 2201, the train leaves.", year=1950)
        assert summary(refs) == [("refers_to", "2201", "")]

    def test_agenda_item_of_a_decision(self):
        text = (
            "Excerpt from protocol No. 91 of the meeting of the Politburo\n"
            "Decision of 3 April 1951\n"
            "301. Telegram of Comrade Orlov of 1 April (No. 5521)\n\n"
            "To adopt the attached draft answer of Comrade Filippov to Comrade Orlov.\n"
        )
        refs = find_references(text, date="1951-04-03")
        assert summary(refs) == [
            ("refers_to", "5521", "1951-04-01"),
            ("approves", "", ""),
        ]
        assert refs[1].kind == "draft answer"

    def test_agenda_item_with_the_number_on_the_next_line(self):
        text = (
            "415. Telegram of Comrade Orlov\nNo. 1770.\n\n"
            "To adopt the attached draft instruction.\n"
        )
        refs = find_references(text, year=1951)
        assert summary(refs)[0] == ("refers_to", "1770", "")

    def test_agenda_item_and_its_answer_are_one_reference(self):
        text = (
            "301. Telegram of Comrade Orlov of 1 April (No. 5521)\n\n"
            "To adopt the attached draft answer.\n\n"
            "To Comrade Orlov.\nWe received your telegram of April 1. We agree.\n"
        )
        refs = [r for r in find_references(text, year=1951) if r.number or r.date]
        assert len(refs) == 1
        (ref,) = refs
        # The decision's attached answer replies to the telegram on its agenda.
        assert (ref.direction, ref.number, ref.date) == ("reply_to", "5521", "1951-04-01")
        assert ref.also_written == ("your telegram of April 1",)

    def test_a_resolution_cited_by_number_and_date(self):
        text = (
            "In accordance with the resolution of the Council of Ministers No. 3301 212 "
            "of 4 June 1952, the adviser left."
        )
        refs = find_references(text, year=1952)
        assert summary(refs) == [("refers_to", "3301 212", "1952-06-04")]
        assert refs[0].kind == "resolution"

    def test_a_message_named_by_its_channel(self):
        text = (
            "The ambassador reports (by special telephone from Rangoon #712) that the talks failed."
        )
        assert summary(find_references(text, year=1955)) == [("refers_to", "712", "")]

    def test_someone_elses_telegram_in_reply(self):
        refs = find_references(
            "a draft reply to Mao in response to his telegram of 2 May:", year=1950
        )
        assert summary(refs) == [("reply_to", "", "1950-05-02")]


class TestTransmitsAndApproves:
    def test_forwarding_the_text(self):
        refs = find_references(
            "I am forwarding the text of the telegram of Comrade Orlov No. 617 of 4 May.", year=1950
        )
        assert summary(refs) == [("transmits", "617", "1950-05-04")]

    def test_attached_draft(self):
        refs = find_references(
            "A draft telegram to the ambassador in Prague is attached.", year=1955
        )
        assert summary(refs) == [("transmits", "", "")]
        assert refs[0].kind == "draft telegram"

    def test_approve_the_draft_telegram(self):
        refs = find_references(
            "Approve the draft telegram to Comrade Orlov (attached).\n", year=1949
        )
        assert summary(refs) == [("approves", "", "")]
        assert (refs[0].kind, refs[0].as_written) == (
            "draft telegram",
            "Approve the draft telegram",
        )

    def test_approve_a_numbered_draft(self):
        refs = find_references("Approve the draft of the Ministry No. 44/s of 2 July.", year=1953)
        assert summary(refs) == [("approves", "44/s", "1953-07-02")]


class TestNotReferences:
    def test_own_heading_and_own_number(self):
        text = (
            "CIPHERED TELEGRAM No. 7731/sh\nTOP SECRET\nFrom Beijing\n"
            "To Comrade FILIPPOV\nI have read your telegram.\nORLOV\nNo. 1200\n"
        )
        assert find_references(text, year=1950) == []

    def test_a_word_ending_in_my(self):
        text = "MAIN ADMINISTRATION OF THE ARMY\nCIPHERED TELEGRAM No. 4410.\n"
        assert find_references(text, year=1950) == []

    def test_numbered_points_and_years(self):
        text = (
            "1. Agree with the proposal of the other side and report the results quickly.\n"
            "1950. The year opened with a long discussion of the railways and the ports.\n"
        )
        assert find_references(text, year=1950) == []

    def test_excerpt_from_the_protocol_is_the_document_itself(self):
        assert find_references("Excerpt from the protocol No. 83 of the meeting.", year=1951) == []

    def test_annex_mark(self):
        assert find_references("To p.280(op) pr.PB No. 83\n", year=1951) == []

    def test_empty(self):
        assert find_references("") == []

    def test_bad_context_date_is_ignored(self):
        assert summary(find_references("To No. 5/sh", date="not a date")) == [
            ("reply_to", "5/sh", "")
        ]

    def test_references_are_frozen(self):
        with pytest.raises(AttributeError):
            Reference(direction="reply_to", as_written="x").number = "1"


def _key(number):
    """The comparison the corpus scorer makes: the first run of digits and slashes."""
    m = re.findall(r"\d[\d/]*", number.lower().replace(" sh", "/sh"))
    return m[0] if m else number


def test_real_corpus_cited_numbers():
    """Every number the careful reading says a real document cites is found, and no number is
    found that the reading does not list (the module reports only citations, not a document's
    own numbers). Recall and precision are printed for the record."""
    entries = expected_entries()
    hits = missed = extra = 0
    problems = []
    for entry in entries:
        refs = find_references(
            document_text(entry), date=entry.get("date_sent") or entry.get("archive_date")
        )
        expected = {_key(n) for n in entry["referenced_numbers"]}
        found = {_key(r.number) for r in refs if r.number}
        hits += len(expected & found)
        missed += len(expected - found)
        extra += len(found - expected)
        if expected != found:
            problems.append((entry["file"], sorted(expected), sorted(found)))
    recall = hits / max(hits + missed, 1)
    precision = hits / max(hits + extra, 1)
    print(f"cited numbers: recall {hits}/{hits + missed}, precision {hits}/{hits + extra}")
    assert hits + missed >= 8
    assert recall == 1.0 and precision == 1.0, problems
