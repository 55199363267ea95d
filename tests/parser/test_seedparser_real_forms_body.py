"""The body of real documents' forms: signatures, copies lists, numbered points, relayed
messages.  The fixtures (tests/fixtures/real_forms, invented texts) are shared with
test_seedparser_real_forms.py, whose tests also check what the headers say; these pin the
body's reading alone, so that it stays read whatever the header's reading becomes.

Pure: no Django, no database.
"""

from __future__ import annotations

import pytest

from catalogue.seedparser.names import clean_name
from catalogue.seedparser.people import _names_in, clerks_in
from catalogue.seedparser.signatures import signature_name

from .test_seedparser_real_forms import FIXTURES, copies, doc, numbered, signer

# ------------------------------------------------------------------ signatures


@pytest.mark.parametrize(
    ("fixture", "surname"),
    [
        # A cover name in capitals with the editor's bracket and a full stop.
        ("office_heading_type_line", "filippov"),
        # The telegram's number before the signer: "No. 274 PETROV, 11 November".
        ("cable_deciphered_one_line_header", "kovalev"),
        # The date before the signer: "11 November 1949 BORISOV".
        ("cable_three_column_copies", "borisov"),
        # A name in ordinary case under which only a date with the editor's year follows.
        ("chinese_edition_title_footnotes", "zedong"),
        ("chinese_salutation_bracketed_name", "enlai"),
        # A body completed by the editor: "[Chinese Communist Party] Central Committee".
        ("chinese_body_signature", "committee"),
        # A surname alone over a date with a Roman month: "Terebin." / "17.XII.1947".
        ("bare_signature_roman_month", "terebin"),
        # "[signature] (Name)" under a title, filing notes below it.
        ("cover_note_draft_attached", "tarakanov"),
        # A name under its title line, then date, place and number.
        ("letter_closing_block_place", "nikolaev"),
        # A surname alone on the last line that the text names elsewhere.
        ("two_column_copies_not_dated", "yudin"),
        # A whole letter on one line: "... Best wishes, FILIPPOV [Stalin]".
        ("single_line_document", "filippov"),
        # Nobody signs the cover text: the quoted message's signer sends it.
        ("for_comrade_quoted_message", "filippov"),
        ("convey_following_telegram", "filippov"),
    ],
)
def test_signer(fixture, surname):
    assert signer(doc(fixture)) == surname


@pytest.mark.parametrize("line", ["FENG XI [Stalin].", "LI XI", "WANG VI"])
def test_chinese_name_spelt_like_a_roman_numeral_signs(line):
    assert signature_name(line) is not None


@pytest.mark.parametrize("line", ["XI", "II. Supply", "STRICTLY SECRET"])
def test_roman_numerals_and_marks_do_not_sign(line):
    assert signature_name(line) is None


def test_co_signed_memorandum_names_both_signers_first_signs():
    d = doc("memorandum_to_cc_signature_pairs")
    sig = d.sender or d.author
    assert sig.name.split()[-1] == "Zaitsev"
    assert "Belyaev" in sig.as_written


def test_two_surnames_in_capitals_sign_together():
    d = doc("report_operations_heading")
    sig = d.sender or d.author
    assert (sig.name, sig.as_written) == ("Krylov", "KRYLOV GORBATOV")
    people = [p.name for p in d.people_mentioned]
    assert "Krylov" in people and "Gorbatov" in people
    assert "Krylov Gorbatov" not in people


# ------------------------------------------------------------------ copies


def test_copies_on_the_number_line():
    assert copies(doc("politburo_protocol_copies_on_number_line")) == {
        "bulganin": 1,
        "vasilevsky": 1,
        "shtemenko": 1,
    }


def test_copy_lines_in_three_flattened_columns():
    assert copies(doc("cable_three_column_copies")) == {
        "stalin": 2,
        "bulganin": 1,
        "vyshinsky": 1,
        "gromyko": 1,
        "molotov": 1,
        "zorin": 1,
        "file": 1,
    }


def test_numbered_list_under_copies_typed():
    assert copies(doc("numbered_copies_under_typed")) == {"stalin": 1, "bulganin": 2}


def test_ordinal_list_under_copies_printed():
    assert copies(doc("ordinal_copies_printed")) == {"addressee": 1, "belyaev": 1, "file": 2}


def test_copies_to_a_and_b_with_a_title():
    assert copies(doc("by_cipher_header_copies")) == {"molotov": 1, "vyshinsky": 1}


# ------------------------------------------------------------------ numbered points


@pytest.mark.parametrize(
    ("fixture", "points"),
    [
        ("chinese_salutation_bracketed_name", 2),  # "(1) ... (2) ..." in one paragraph
        ("chinese_body_signature", 2),  # "(1)" inside a paragraph, "(2)" on its own line
        ("by_cipher_header_copies", 2),  # "First." / "Second."
        ("convey_following_telegram", 2),  # '"1. We ...' inside a quotation
        ("numbered_copies_under_typed", 0),  # a numbered copies list is no request
    ],
)
def test_numbered_points(fixture, points):
    assert numbered(doc(fixture)) == points


# ------------------------------------------------------------------ relayed documents


@pytest.mark.parametrize(
    ("fixture", "author"),
    [
        ("politburo_protocol_copies_on_number_line", "Filippov"),  # signed inside quotes
        ("convey_following_telegram", "Filippov"),
        ("relayed_message_new_paragraph", "Kim Il Sung"),  # signed, then "NEW PARAGRAPH."
    ],
)
def test_enclosure_author(fixture, author):
    assert doc(fixture).enclosure.author.name == author


def test_transmitter_signs_under_new_paragraph():
    assert signer(doc("relayed_message_new_paragraph")) == "razuvaev"


# ------------------------------------------------------------------ people


def test_the_cipher_offices_clerks_are_people():
    people = {p.name for p in doc("cable_deciphered_one_line_header").people_mentioned}
    text = (FIXTURES / "cable_deciphered_one_line_header.txt").read_text(encoding="utf-8")
    clerks = {n.name for n in clerks_in(text)}
    assert clerks and clerks <= people


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Deciphered by Petrova at 1430 5 May", ["Petrova"]),
        ("Typed by Ivanova", ["Ivanova"]),
        ("Three copies printed. Orlova, Sidorova", ["Orlova", "Sidorova"]),
        ("Authenticated: (Kozlov)", ["Kozlov"]),
        ("Verified: shift chief Belov", ["Belov"]),
        ("Typed on 21 May at 1325", []),
        ("Eight copies printed. No. 8 to file", []),
    ],
)
def test_clerks_in(line, names):
    assert [n.name for n in clerks_in(line)] == names


def test_names_after_cde_and_without_the_possessive():
    names = [n.name for n in _names_in("We agree with Cde. Petrovsky's proposal; ask Cdes. Orlov.")]
    assert names == ["Petrovsky", "Orlov"]


# ------------------------------------------------------------------ people and addressees


def people(d) -> list[str]:
    return [n.name for n in d.people_mentioned]


def test_people_named_with_initials_signatures_and_clerks():
    d = doc("memorandum_clerks_and_initials")
    named = people(d)
    # Two initials before a surname name a person wherever they stand; "'s" is no part of it.
    for name in ("A. P. Zarubin", "G. M. Malenkov", "Sh. K. Aliyev", "I. D. Gasanov"):
        assert name in named
    assert not any(n.endswith("'s") for n in named)
    # "Cdes. A, B and C": the plural title covers every name of the list.
    assert {"Orbeliani", "Mamedov", "Tagiyev"} <= set(named)
    # A line that is a signature and nothing else: "[signature] (X)", "X date", "[X]".
    assert {"I. Sidorenko", "V. Kornilov", "P. Avdeev"} <= set(named)
    # "Translated [by] X"; a name the editor completed is the name the text writes.
    assert {"N. Belousova", "Tolstyk"} <= set(named)
    assert "Tolstyk[ova]" in [n.as_written for n in d.people_mentioned]


def test_telephone_clerks_own_lines_name_them():
    d = doc("telephone_clerks_lines")
    assert {"Gusakova", "Lapteva"} <= set(people(d))


def test_chinese_names_completed_by_the_editor_and_in_running_text():
    d = doc("chinese_completions_in_text")
    # "Luo [Mingzhi]:": the editor completes the given name; the addressee is written whole,
    # without the brackets, as the convention records names.
    assert [(r.name.name, r.name.as_written) for r in d.recipients if r.role == "addressee"] == [
        ("Luo Mingzhi", "Luo Mingzhi")
    ]
    named = people(d)
    assert {"Kim Il Sung", "Song Minghua", "Ma Dejun", "Wang Hanlin", "Chen Yun"} <= set(named)
    # A family name before an English word, or a place, is no one.
    assert not any(n.startswith(("Song D", "Han R")) for n in named)
    # "Comrade Chen Yun agrees!": the exclamation mark ends the name.
    assert "Kim Il" not in named


def test_person_visited_and_briefed_is_no_addressee():
    # "Visit X and inform him of the contents of ...": instructions to the envoy, who is the
    # telegram's addressee (unnamed here); X is mentioned, not addressed.
    d = doc("visit_and_inform_instructions")
    assert [r for r in d.recipients if r.role in ("addressee", "via")] == []
    assert {"Kim Il Sung", "Orlov"} <= set(people(d))


@pytest.mark.parametrize(
    ("written", "name", "editorial"),
    [
        ("Com[rade] Petrov", "Petrov", ""),  # a completed title is a title
        ("Sadov[ina]", "Sadov", ""),  # a completed name is the name the text writes
        ("Chen [Mingzhi]:", "Chen Mingzhi", ""),  # an East Asian given name completed
        ("Premier Kim [Il Sung]", "Kim Il Sung", ""),
        ("Ding [Ho Chi Minh]", "Ding", "Ho Chi Minh"),  # an identification stays one
        ("FENG XI [STALIN]", "Feng Xi", "Stalin"),
    ],
)
def test_editors_completions_in_names(written, name, editorial):
    cleaned = clean_name(written)
    assert (cleaned.name, cleaned.editorial) == (name, editorial)


def test_sent_to_line_over_an_address_line_lists_the_copies():
    # The office's "sent to:" list over the cable's own address line: who received copies,
    # units included; the address line names the addressees.
    d = doc("sent_to_over_address_line")
    assert [r.name.name for r in d.recipients if r.role == "addressee"] == ["Molotov", "Zhdanov"]
    assert [r.name.name for r in d.recipients if r.role == "copy"] == [
        "Molotov",
        "Zhdanov",
        "the second unit",
    ]
