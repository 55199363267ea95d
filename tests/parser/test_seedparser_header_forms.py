"""Header forms of real documents, each rule shown on a short INVENTED text in the same form.

The type a document's text names is stored as read; a type only its form supports is stored
with a warning "document type from its form (...)" for an archivist to confirm.  Addressees,
dates, own numbers and places are read where real headers and closing blocks write them.

Pure: no Django, no database.
"""

from __future__ import annotations

import pytest

from catalogue.seedparser import parse


def form_warned(doc) -> bool:
    return any(w.startswith("document type from its form") for w in doc.warnings)


def addressees(doc) -> list[str]:
    return [r.name.name for r in doc.recipients if r.role == "addressee"]


class TestTypeNamedByTheText:
    @pytest.mark.parametrize(
        ("text", "doc_type"),
        [
            # A type line under an office heading, a handwritten note or a stamp.
            (
                "5th Office of the Invented Ministry\nCiphered Telegram No. 12/sh.\nWe agree.\n",
                "ciphered_telegram",
            ),
            (
                "[handwritten: to Cde. Orlov]\nCABLE Nº 4471\nDeciphered by Ivanova\nAgreed.\n",
                "ciphered_telegram",
            ),
            ("[handwritten: file]\nCABLE Nº 4471\nThe invented barges left.\nPETROV\n", "telegram"),
            # A protocol extract below the party's name and its number line.
            (
                "All-Union Invented Party, CENTRAL COMMITTEE\nNo. P7/12\n"
                "Excerpt from protocol No. 7 of the meeting of the Bureau\nApprove the plan.\n",
                "decision",
            ),
            ("Top Secret\nBUREAU DECREE\nApprove the attached draft reply.\n", "decision"),
            (
                "Notes of A. Orlov on a Phone Call from Petrov\nMay 3, 1947\n"
                "Petrov rang about the invented fair.\n",
                "record_of_conversation",
            ),
            (
                "[Excerpt from a telephonogram sent by A. Orlov in Prague to B. Petrov]\n"
                '"The invented fair opened."\n',
                "telephone_message",
            ),
            # A channel heading with a line naming what it carries.
            (
                "Telephone message via VCh\nText of a telegram to Petrov\n"
                "to Comrade Petrov\nThe invented fair opens on Monday.\n",
                "telegram",
            ),
            (
                "[Orlov's] Comments on the Report about the Invented Fair\n(2 May 1951)\n"
                "Let Petrov see to it.\nOrlov\n",
                "note",
            ),
        ],
    )
    def test_type(self, text, doc_type):
        doc = parse(text)
        assert doc.doc_type == doc_type
        assert not form_warned(doc)

    def test_a_sentence_opening_with_the_word_is_no_type_line(self):
        doc = parse(
            "to Cde. Orlov\nTelegram received from Petrov says the invented barges are late.\n"
            "Orlov\n"
        )
        assert doc.doc_type != "telegram"

    def test_decipher_note_in_the_closing_lines_marks_a_cipher_cable(self):
        doc = parse("CABLE Nº 4471\nThe invented barges left.\nPETROV\nDeciphered at 0340.\n")
        assert doc.doc_type == "ciphered_telegram"

    def test_deciphered_in_running_text_does_not(self):
        text = (
            "CABLE Nº 4471\n"
            + "The invented barges left on time and reached the port before the storm.\n" * 14
            + "Your last message was deciphered late, so we answer only now.\n"
            + "The invented barges left on time and reached the port before the storm.\n" * 14
            + "PETROV\n"
        )
        assert parse(text).doc_type == "telegram"


class TestTypeOnlyTheFormSupports:
    @pytest.mark.parametrize(
        ("text", "doc_type"),
        [
            (
                "8th Department of the General Staff of the Invented Army\n"
                "Minsk. To Comrade Orlov.\nSend the invented maps.\nPETROV\nNo. 5/sh\n",
                "ciphered_telegram",
            ),
            (
                "Cable                Strictly Secret\nSpets. Nº 71\nThe invented bridge is open.\n"
                "PETROV\n",
                "ciphered_telegram",
            ),
            ("Petrov [Orlov]:\nThe invented maps came.\nLi Ming\nMay 4 [1951]\n", "telegram"),
            (
                "Visit Cde. Orlov and tell him that the invented fair is put off.\n"
                "Telegraph the results.\n",
                "telegram",
            ),
            (
                "I.V. PETROV to A.B. ORLOV 3 May 1949 (12/III)\nTo Orlov.\n"
                "Answer about the invented fair.\nPETROV\n",
                "telegram",
            ),
            (
                "To Com[rade] Orlov\nI report: the invented fair opened.\nPetrov.\n4.V.1948\n",
                "telegram",
            ),
            (
                "for Comrade Orlov\n“Comrade Orlov!\nThe invented fair is open.\nPETROV.”\n",
                "telegram",
            ),
            (
                "No. 731\n8 May 1950   11.20\nOn 8 May I met Orlov about the invented fair.\n",
                "telegram",
            ),
            (
                "OPERATIONS DIVISION,\nGENERAL STAFF OF THE INVENTED ARMY\nTo Comrade ORLOV, A.B.\n"
                "I report that the invented exercise ended.\nPETROV\n",
                "report",
            ),
            (
                "TO THE CENTRAL COMMITTEE of the Invented Party\n"
                "The invented club asks for a room.\nA draft decree is attached.\n"
                "[signature] (A. Orlov)\n4 July 1955\n",
                "memorandum",
            ),
            ("[to]  Cde. B. ORLOV!\nWe write about the invented engineers.\nPetrov\n", "letter"),
            # A covering note submitting a draft: no word names it a note, and a leader away
            # from the capital received such notes by cable.
            ("to Cde. ORLOV\nI attach a draft reply to the invented letter.\n", "note"),
            ("to Cde. ORLOV.\nPlease approve the following text of a reply.\n", "note"),
            # Under "FOR Comrade X" a message not in quotation marks is handed over as written.
            ("FOR Comrade ORLOV\nThe invented maps are ready.\nPETROV\n2 May 1951\n", "letter"),
            # The leadership's letters address the leader alone, by title.
            (
                "Chairman [Li Ming]:\nThe invented maps came.\nZhou\nMay 9 [1951]\n",
                "letter",
            ),
            # The title cut short on the wire and completed by the editor; no signature.
            ("To Com[rade] Orlov\nThe invented fair opened.\nThe barges are late.\n", "telegram"),
            # A number of the cipher service on a message to a person.
            (
                "to Cde. ORLOV\nWe propose to open the invented fair. Nº 77/sh\n3 May 1945\n",
                "telegram",
            ),
            # An excerpt printed from its first numbered point.
            (
                "(1) The invented barges wait at the lock until the river rises; keep the "
                "crews on board and the cargo sealed.\n",
                "telegram",
            ),
            (
                "to Generalissimo ORLOV,\nChairman of the Invented Council\n"
                "I thank you for the invented gifts.\n",
                "letter",
            ),
        ],
    )
    def test_type_with_a_warning(self, text, doc_type):
        doc = parse(text)
        assert doc.doc_type == doc_type
        assert form_warned(doc)

    def test_a_sentence_ending_in_a_colon_is_no_address_line(self):
        doc = parse("We write about the invented engineers:\n1) a bridge engineer.\nPetrov\n")
        assert doc.doc_type != "telegram"


class TestAddressees:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("Minsk. To Comrade Orlov.\nSend the maps.\nPETROV\n", ["Orlov"]),
            ("Prague. Soviet Ambassador.\nSend the maps.\nPETROV\n", ["Soviet Ambassador"]),
            (
                "Draft\nMINSK\nSOVIET AMBASSADOR\nVisit cde. Orlov and tell him.\n",
                ["Soviet Ambassador"],
            ),
            ("FOR Comrade ORLOV\nThe invented maps are ready.\nPETROV\n", ["Orlov"]),
            ("Pass to Comrade Orlov the following answer:\n“Agreed.”\n", ["Orlov"]),
            (
                "Ambassador Li [Wenming]:\nThe invented maps came.\nZhou\nMay 4 [1951]\n",
                ["Li Wenming"],
            ),
            ("Chairman [Li Ming]:\nThe invented maps came.\nZhou\n", ["Li Ming"]),
            (
                "Wu [Dawei] [and] Qiao [Ming]:\nKeep to the invented plan.\nZhou\n",
                ["Wu Dawei", "Qiao Ming"],
            ),
            ("CC CPSU\nThe invented club asks for a room.\n[signature] (A. Orlov)\n", ["CC CPSU"]),
            (
                "Sent to Cdes. Orlov, Petrov, and the 2nd Unit\nfrom MINSK\nAgreed.\n",
                ["Orlov", "Petrov"],
            ),
            ("12 May 1951 To Comrade Li Ming We agree to the invented fair. PETROV\n", ["Li Ming"]),
        ],
    )
    def test_addressees(self, text, expected):
        assert [a.lower() for a in addressees(parse(text))] == [e.lower() for e in expected]

    def test_intermediary_and_final_addressees(self):
        doc = parse(
            "CIPHERED TELEGRAM No. 8\nMINSK - To Comrade ORLOV\nfor Comrade LI MING\n"
            "Agreed.\nPETROV\n"
        )
        assert [(r.name.name.lower(), r.role) for r in doc.recipients] == [
            ("li ming", "addressee"),
            ("orlov", "via"),
        ]

    def test_a_destination_is_not_the_origin(self):
        assert parse("Minsk. To Comrade Orlov.\nSend the maps.\nPETROV\n").place == ""

    def test_a_decision_has_no_salutation_addressee(self):
        doc = parse("DECISION of the Bureau\nDistribution:\n1 - Orlov\nApprove the plan.\n")
        assert addressees(doc) == []


class TestDates:
    @pytest.mark.parametrize(
        ("text", "date"),
        [
            ("Petrov [Orlov]:\nThe maps came.\nLi Ming\nNight of May 9 [1951]\n", "1951-05-09"),
            (
                "On the Invented Maps[1]\n(4 April 1951)\nComrade Orlov:[2]\nThey came.\n",
                "1951-04-04",
            ),
            ("To Orlov\nThe maps came.\nPETROV\n18 June 1953, 2:30 p.m.53\n", "1953-06-18"),
            (
                "To Orlov\nThe maps came.\n20 May 1949 PETROV\nTyped on 21 May at 1325\n",
                "1949-05-20",
            ),
            (
                "CABLE\nfrom MINSK sent at 0140 18 May 1945 to the Bureau\nAgreed.\nPETROV\n",
                "1945-05-18",
            ),
            (
                "TO THE CENTRAL COMMITTEE of the Invented Party\nA room is asked for.\n"
                "[signature] (A. Orlov)\n4 July 1955\nto the archives\n   B. Petrov\n9 July 1955\n",
                "1955-07-04",
            ),
        ],
    )
    def test_date(self, text, date):
        assert parse(text).date == date

    def test_a_day_without_a_year_stays_without_one(self):
        assert parse("Petrov [Orlov]:\nThe maps came.\nLi Ming\nMay 9\n").date is None


class TestNumbersAndPlaces:
    def test_own_and_cited_numbers(self):
        doc = parse(
            "CABLE Nº 4471 TOP SECRET\nfrom MINSK  Nº 3310  Received at 1020 21 May 1949\n"
            "In reply to your Nº 25-3-10 we report that the invented barges left.\n"
            "Nº 27 PETROV, 20 May\nFour copies typed Ivanova Nº 6601\nNº 8 to file\n"
        )
        assert {"4471", "3310", "27", "6601"} <= set(doc.reference_numbers)
        assert "8" not in doc.reference_numbers
        assert "25-3-10" in doc.references
        assert doc.place == "Minsk"

    def test_protocol_extract_keeps_the_protocol_number(self):
        doc = parse(
            "No. P7/12 Copies: Orlov, Petrov\n3 March 1952\n"
            "Excerpt from protocol No. 7 of the meeting of the Bureau\n"
            "12. Telegram of Comrade Orlov\nNo. 4410.\nApprove the draft answer.\n"
        )
        assert doc.doc_type == "decision"
        assert doc.reference_numbers == ["P7/12"]
        assert "4410" in doc.references

    def test_an_archival_citation_is_no_number_of_the_document(self):
        doc = parse(
            "to Cde. Orlov\nThe invented maps came.\nPETROV\n12 May 1948\n"
            "[handwritten: a copy was sent with inventory [opis’] Nº 31 of 14 May 1948]\n"
        )
        assert "31" not in doc.reference_numbers

    def test_city_beside_the_closing_date(self):
        doc = parse(
            "To the Invented Commissariat\nPlease hasten the paper.\nSecretary\nA. B. Orlov\n"
            "24 July 1945\nTashkent\nN 191\n"
        )
        assert doc.place == "Tashkent"
        assert "191" in doc.reference_numbers

    def test_writer_and_addressees_of_an_editorial_introduction(self):
        doc = parse(
            "[The following is an excerpt of a telephonogram by A. Orlov and B. Petrov in "
            "Berlin to C. Ivanov, sent on 19 June 1953 at 5 p.m.]\n"
            '"The invented bridge is open."\n'
        )
        assert doc.place == "Berlin"
        assert (doc.author or doc.sender).name == "A. Orlov"
        assert [a.split()[-1] for a in addressees(doc)] == ["Ivanov"]
