"""Forms of real documents of the period that the seed parser does not read yet.

Each fixture in tests/fixtures/real_forms is a short INVENTED text in a form that real cables,
letters, memoranda and decisions of 1945-1955 take (office headings, one-line cipher headers,
copies lists in columns, Chinese-edition titles, salutations that name the addressee, ...). Each
test states what an archivist reads in it and is marked xfail(strict=True) with the form the
parser does not read yet: when the parser learns the form the test passes, strict xfail turns
that into a failure, and the marker is removed so the reading stays pinned.

Pure: no Django, no database.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from catalogue.seedparser import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real_forms"


def not_read_yet(form: str):
    return pytest.mark.xfail(strict=True, reason=f"not read yet: {form}")


@functools.cache
def doc(name: str):
    return parse((FIXTURES / f"{name}.txt").read_text(encoding="utf-8"), source_name=name)


def surname(name) -> str | None:
    """Last word of a parsed name, lower case, for comparisons that do not depend on how much
    of a title or initials the parser keeps."""
    return name.name.split()[-1].lower() if name and name.name.split() else None


def signer(d) -> str | None:
    return surname(d.sender or d.author)


def recipients(d, *roles) -> list[tuple[str, int]]:
    return [(r.name.name, r.copies) for r in d.recipients if r.role in roles]


def addressees(d) -> list[str]:
    return [r.name.name for r in d.recipients if r.role in ("addressee", "via")]


def copies(d) -> dict[str, int]:
    return {
        r.name.name.split()[-1].lower(): r.copies
        for r in d.recipients
        if r.role in ("copy", "distribution")
    }


def numbered(d) -> int:
    return sum(1 for r in d.requests if r.number)


def test_every_fixture_is_invented():
    files = sorted(FIXTURES.glob("*.txt"))
    assert len(files) >= 25
    for path in files:
        assert "invented" in path.read_text(encoding="utf-8").lower(), path.name


# ------------------------------------------------------------------ cipher offices' headers


def test_office_heading_type_line_and_number():
    d = doc("office_heading_type_line")
    assert d.doc_type == "ciphered_telegram"
    assert "41207/sh" in d.reference_numbers and "518/sh" in d.reference_numbers


def test_destination_line_names_addressee_by_office():
    d = doc("office_heading_type_line")
    assert addressees(d) == ["Soviet Ambassador"]
    assert d.place == ""  # Beijing is the destination, not the origin


def test_deciphered_cable_type_and_numbers():
    d = doc("cable_deciphered_one_line_header")
    assert d.doc_type == "ciphered_telegram"
    assert {"61144", "311", "8120"} <= set(d.reference_numbers)


def test_one_line_from_received_header():
    d = doc("cable_deciphered_one_line_header")
    assert d.place.lower() == "harbin"
    assert d.date == "1949-12-03"


def test_numbered_signature_line_and_addressee():
    d = doc("cable_deciphered_one_line_header")
    assert signer(d) == "kovalev"
    assert [a.lower() for a in addressees(d)] == ["filippov"]


def test_numbered_copies_flattened_with_bars():
    d = doc("cable_deciphered_one_line_header")
    assert copies(d) == {"stalin": 1, "kaganovich": 1, "malenkov": 2, "beria": 1}


def test_three_column_copies_and_spaced_header():
    d = doc("cable_three_column_copies")
    assert copies(d) == {
        "stalin": 2,
        "bulganin": 1,
        "vyshinsky": 1,
        "gromyko": 1,
        "molotov": 1,
        "zorin": 1,
        "file": 1,
    }
    assert {"40718", "512"} <= set(d.reference_numbers)
    assert d.place.lower() == "kashgar"


def test_date_before_name_signature():
    d = doc("cable_three_column_copies")
    assert signer(d) == "borisov"
    assert d.date == "1949-11-11"


def test_incoming_sent_to_line():
    d = doc("incoming_sent_to_line")
    assert d.doc_type == "ciphered_telegram"
    assert "4107/sh" in d.reference_numbers
    assert d.place.lower() == "gagra"
    assert d.sender is None  # the origin is not a sender
    assert sorted(a.split()[-1].lower() for a in addressees(d)) == ["molotov", "zhdanov"]


def test_by_cipher_via_and_header_copies():
    d = doc("by_cipher_header_copies")
    assert d.doc_type == "ciphered_telegram"
    assert "2214/sh" in d.reference_numbers
    assert signer(d) == "stalin"
    assert {(r.name.name.split()[-1].lower(), r.role) for r in d.recipients} == {
        ("zorin", "via"),
        ("gottwald", "addressee"),
        ("molotov", "copy"),
        ("vyshinsky", "copy"),
    }


def test_ordinal_word_points():
    assert numbered(doc("by_cipher_header_copies")) == 2


def test_sh_number_and_numbered_copy_list_under_typed():
    d = doc("numbered_copies_under_typed")
    assert d.doc_type == "ciphered_telegram"
    assert {"5120", "611/sh", "7702"} <= set(d.reference_numbers)
    assert copies(d) == {"stalin": 1, "bulganin": 2}
    assert numbered(d) == 0


def test_relay_instruction_names_addressee():
    assert [a.split()[-1].lower() for a in addressees(doc("numbered_copies_under_typed"))] == [
        "sung"
    ]


# ------------------------------------------------------------------ decisions


def test_protocol_extract_number_and_copies():
    d = doc("politburo_protocol_copies_on_number_line")
    assert d.doc_type == "decision"
    assert "P91/117" in d.reference_numbers
    assert "2210" not in d.reference_numbers
    assert set(copies(d)) == {"bulganin", "vasilevsky", "shtemenko"}


def test_protocol_extract_enclosure_author():
    d = doc("politburo_protocol_copies_on_number_line")
    assert d.enclosure is not None
    assert surname(d.enclosure.author) == "filippov"


def test_decree_draft_names_everyone_the_instructions_go_to():
    d = doc("decree_draft_with_instructions")
    assert d.doc_type == "decision"
    # "to Cdes. Lebedev and Sorokin": the plural title covers both names.
    assert {"Lebedev", "Sorokin"} <= {n.name for n in d.people_mentioned}


def test_decree_draft():
    d = doc("decree_draft_with_instructions")
    assert signer(d) is None  # the addressees of the instructions are not their author


# ------------------------------------------------------------------ header lines and salutations


def test_sender_to_addressee_header_line():
    d = doc("header_line_sender_to_addressee")
    assert d.doc_type == "telegram"
    assert "72/III" in d.reference_numbers
    assert [a.split()[-1].lower() for a in addressees(d)] == ["vyshinsky"]


def test_telephone_message_address_block():
    d = doc("telephone_message_vch")
    # The heading names the channel and nothing else names the kind: a telephone message.
    assert d.doc_type == "telephone_message"
    assert [a.split()[-1].lower() for a in addressees(d)] == ["gottwald"]


def test_chinese_edition_title():
    d = doc("chinese_edition_title_footnotes")
    assert d.doc_type == "telegram"
    assert d.date == "1951-04-04"
    assert signer(d) == "zedong"
    assert [a.lower() for a in addressees(d)] == ["filippov"]


def test_chinese_edition_minute_is_a_note():
    d = doc("chinese_edition_comment")
    assert d.doc_type == "note"
    assert d.date == "1951-05-02"
    assert signer(d) == "enlai"
    assert addressees(d) == []


def test_chinese_salutation_with_bracketed_given_name():
    d = doc("chinese_salutation_bracketed_name")
    assert d.doc_type == "telegram"
    assert d.date == "1951-03-04"
    assert signer(d) == "enlai"
    assert addressees(d) == ["Wang Jiaxiang"]
    assert numbered(d) == 2


def test_joint_salutation_and_body_signature():
    d = doc("chinese_body_signature")
    assert addressees(d) == ["Li Kenong", "Deng Hua"]
    assert "central committee" in (d.sender or d.author).name.lower()
    assert d.date == "1952-01-09"
    assert numbered(d) == 2


def test_russian_salutation_and_partial_date():
    d = doc("russian_salutation_partial_date")
    assert d.doc_type == "letter"
    assert [a.split()[-1].lower() for a in addressees(d)] == ["molotov"]
    assert signer(d) == "shaoqi"
    assert d.date == "1950-03"


def test_bracket_completed_title_and_bare_signature():
    d = doc("bare_signature_roman_month")
    assert d.doc_type == "telegram"
    assert signer(d) == "terebin"
    assert addressees(d) == ["Vasilevsky"]
    assert all("com " not in n.name.lower() for n in d.people_mentioned)


def test_for_comrade_line_names_addressee():
    d = doc("for_comrade_quoted_message")
    assert addressees(d) == ["Kim Il Sung"]
    assert "Kim Il" not in [n.name for n in d.people_mentioned]


def test_single_line_document():
    d = doc("single_line_document")
    assert d.date == "1951-05-12"
    assert addressees(d) == ["Kim Il Sung"]
    assert signer(d) == "filippov"
    assert "Kim Il Sung We" not in [n.name for n in d.people_mentioned]


def test_relayed_telegram():
    d = doc("convey_following_telegram")
    assert addressees(d) == ["Kim Il Sung"]
    assert d.enclosure is not None and surname(d.enclosure.author) == "filippov"
    assert numbered(d) == 2


# ------------------------------------------------------------------ memoranda, letters, reports


def test_memorandum_to_the_central_committee():
    d = doc("memorandum_to_cc_signature_pairs")
    assert d.doc_type == "memorandum"
    assert signer(d) == "zaitsev"
    assert d.date == "1955-07-04"  # not the filing date below it
    assert {"25-S-1408", "31877"} <= set(d.reference_numbers)
    assert len(addressees(d)) == 1
    assert "central committee of the cpsu" in addressees(d)[0].lower()


def test_letter_closing_block():
    d = doc("letter_closing_block_place")
    assert d.doc_type == "letter"
    assert signer(d) == "nikolaev"
    assert d.place == "Tashkent"
    assert "244" in d.reference_numbers


def test_reply_letter_with_ordinal_copies():
    d = doc("ordinal_copies_printed")
    assert d.doc_type == "letter"
    assert "212s" in d.reference_numbers
    assert signer(d) == "rustamov"
    assert [a.split()[-1].lower() for a in addressees(d)] == ["cc", "zaitsev"]
    assert copies(d) == {"addressee": 1, "belyaev": 1, "file": 2}


def test_operations_report():
    d = doc("report_operations_heading")
    assert d.doc_type == "report"
    assert len(addressees(d)) == 1
    assert "vasilevsky" in addressees(d)[0].lower()


def test_cover_note():
    d = doc("cover_note_draft_attached")
    assert d.doc_type == "note"
    assert signer(d) == "tarakanov"
    assert "22-G-310" in d.reference_numbers


def test_draft_with_destination_block():
    d = doc("draft_destination_block")
    assert d.doc_type == "telegram"
    assert [a.lower() for a in addressees(d)] == ["soviet ambassador"]
    assert d.author is None and d.sender is None


def test_notes_on_a_phone_call():
    d = doc("notes_on_a_phone_call")
    assert d.doc_type == "record_of_conversation"
    assert signer(d) == "kolarov"


def test_two_column_copies():
    d = doc("two_column_copies_not_dated")
    assert copies(d) == {"molotov": 1, "malenkov": 1, "beria": 1, "bulganin": 1, "mikoyan": 1}
    assert signer(d) == "yudin"


def test_editorial_introduction_of_an_excerpt():
    d = doc("telephonogram_editorial_intro")
    assert signer(d) == "grechko"
    assert [a.split()[-1].lower() for a in addressees(d)] == ["bulganin"]
    assert d.place == "Berlin"
    assert d.date == "1953-07-02"


# ------------------------------------------------------------------ types only the form supports


def form_warned(d) -> bool:
    return any(w.startswith("document type from its form") for w in d.warnings)


def test_spets_number_below_a_long_copies_list():
    # A long copies list pushes the special communications number far below the type line.
    d = doc("cable_long_copies_spets")
    assert d.doc_type == "ciphered_telegram"
    assert form_warned(d)
    assert d.place.lower() == "khotan"


def test_for_comrade_message_not_quoted_is_a_letter():
    # Not in quotation marks: the message itself, handed to the addressee as written.
    d = doc("for_comrade_unquoted_letter")
    assert (d.doc_type, form_warned(d)) == ("letter", True)
    assert signer(d) == "filippov"
    assert d.date == "1951-10-04"


def test_for_comrade_quoted_message_is_a_telegram():
    # In quotation marks: a text an intermediary is to pass on.
    d = doc("for_comrade_quoted_message")
    assert (d.doc_type, form_warned(d)) == ("telegram", True)


def test_address_to_the_chairman_alone_is_a_letter():
    d = doc("chairman_alone_letter")
    assert (d.doc_type, form_warned(d)) == ("letter", True)
    assert signer(d) == "ming"
    assert d.date == "1951-03-03"


def test_title_cut_short_on_the_wire_marks_a_telegram():
    d = doc("telegraphic_title_unsigned")
    assert (d.doc_type, form_warned(d)) == ("telegram", True)
    # Unsigned and undated: both stay empty, with warnings.
    assert d.sender is None and d.author is None and d.date is None
    assert "no date found" in d.warnings


def test_cipher_service_number_marks_a_telegram():
    d = doc("cipher_number_in_text")
    # The number says the cipher service handled it, not that this text says "ciphered".
    assert (d.doc_type, form_warned(d)) == ("telegram", True)
    assert d.sender is None  # the clerk who authenticated the copy is not its sender
    assert d.date == "1946-10-06"


def test_excerpt_from_its_first_numbered_point():
    d = doc("first_point_excerpt")
    assert (d.doc_type, form_warned(d)) == ("telegram", True)
    assert d.date is None  # the footnote's season is no date of the document


def test_cover_note_type_is_from_its_form():
    assert form_warned(doc("cover_note_draft_attached"))


# ---------------------------------------------------------- a citizen's letter, dates by hand


def test_writer_and_place_from_the_address_block():
    d = doc("citizen_letter_registry_head")
    assert d.doc_type == "letter"
    assert signer(d) == "ilyasov"
    assert d.place == "Tashkent"
    assert any(w.startswith("place of origin from the writer's address") for w in d.warnings)
    assert [a.lower() for a in addressees(d)] == ["malenkov"]


def test_closing_date_over_the_registry_date_at_the_head():
    d = doc("citizen_letter_registry_head")
    # The date under the registry numbers is the registration; the closing one the writer's.
    assert d.date == "1954-06-02"
    assert any(w.startswith("two dates:") for w in d.warnings)


def test_handwritten_date_at_the_head_broken_over_lines():
    d = doc("handwritten_corner_date_letter")
    assert d.date == "1947-03-14"
    assert any(w.startswith("date from a handwritten note") for w in d.warnings)
    assert d.sender is None and d.author is None  # the translator is not the writer


@pytest.mark.parametrize(
    ("line", "iso"),
    [("T. 4/May 1951", "1951-05-04"), ("4 / October 1950", "1950-10-04"), ("(12/III)", None)],
)
def test_day_slash_month_word(line, iso):
    from catalogue.seedparser.dates import parse_date

    assert parse_date(line)[0] == iso


def test_closing_date_without_a_year_is_not_completed():
    d = doc("chinese_closing_date_no_year")
    # The text gives no year: none is guessed, the archivist is told.
    assert d.date is None
    assert any(w.startswith("the closing date gives no year") for w in d.warnings)
    # Addressed to the Chairman with the Central Committee: the form of a telegram.
    assert d.doc_type == "telegram"
