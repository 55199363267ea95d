"""Names nobody knows: which become new, unreviewed people and which are misreadings.

A place read where a person stands ("from KASHGAR"), a common word ("Cable", "He", "October",
"New Paragraph") and two known people printed side by side in a column ("Molotov Beria") are
not people; a surname nobody knows ("Zabolotnyakov") still is.  All texts here are invented.
"""

from pathlib import Path

import pytest
from django.conf import settings

from catalogue import seedparser
from catalogue.importer.history import importer_user
from catalogue.importer.people import PeopleIndex
from catalogue.models import Document, Person
from catalogue.names import has_name_shape, trimmed_forms

from .test_import_seeds import run

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    people = PeopleIndex(Path(settings.SEEDS_DIR) / "people.csv", importer_user())
    people.load()
    return people


def name(written):
    return seedparser.Name(as_written=written, name=seedparser.clean_name(written).name)


@pytest.mark.parametrize("written", ["KASHGAR", "Kashgar", "Beijing"])
def test_a_place_is_no_person(index, written):
    created = []
    assert index.resolve(name(written), created) is None
    assert created == []


@pytest.mark.parametrize(
    "written", ["Cable", "He", "October", "New Paragraph", "Foreign Minister", "rade", "NATO"]
)
def test_a_common_word_is_no_person(index, written):
    created = []
    assert index.resolve(name(written), created) is None
    assert created == []


@pytest.mark.parametrize("editorial", ["October", "He", "Soviet Foreign Minister"])
def test_an_editors_bracket_holding_a_common_word_is_no_person(index, editorial):
    created = []
    bracket = seedparser.Name(as_written=f"[{editorial}]", name=editorial, editorial=editorial)
    assert index.resolve(bracket, created) is None
    assert created == []


def test_two_known_people_side_by_side_are_no_new_person(index):
    created = []
    assert index.resolve(name("Molotov Beria"), created) is None
    assert created == []
    assert len(index.joined("Molotov Beria")) == 2


def test_a_surname_nobody_knows_is_still_a_new_person(index):
    created = []
    assert index.resolve(name("Zabolotnyakov"), created) is not None
    assert created == ["Zabolotnyakov"]


def test_a_word_too_many_is_trimmed_to_the_known_name(index):
    assert index.resolve(name("Cdes. Molotov"), []) == index.resolve(name("Molotov"), [])


@pytest.mark.parametrize(
    ("display", "written", "shaped"),
    [
        ("Petrovsky", "PETROVSKY", True),
        ("Ivan Petrovsky", "Ivan Petrovsky", True),
        ("I. Petrovsky", "I. Petrovsky", True),  # an initial is no pronoun
        ("Jafar ogly", "Jafar ogly", True),
        ("Operations Division", "Operations Division", True),
        ("Unit", "Unit", False),
        ("10th Department", "10th Department", False),
        ("Sokk", "SOKK", False),
        ("Petrovsky Your", "Petrovsky Your", False),
    ],
)
def test_name_shape(display, written, shaped):
    assert has_name_shape(display, written) is shaped


def test_trimmed_forms():
    assert trimmed_forms("Com F. Petrovsky") == ["F. Petrovsky"]
    assert trimmed_forms("Petrovsky Your") == ["Petrovsky"]
    assert trimmed_forms("Petrovsky") == []


def test_a_cable_from_a_place_names_no_person_and_stays_a_draft(tmp_path):
    (tmp_path / "cable.txt").write_text(
        "An invented cable for the tests.\n\nCABLE\nfrom KASHGAR\n\n"
        "Cde. Molotov and Cde. Beria are informed. He agrees. New Paragraph.\n\n"
        "Copies to:\nMolotov Beria\n",
        encoding="utf-8",
    )
    run(tmp_path)
    doc = Document.objects.get(source_file__endswith="cable.txt")
    names = set(Person.objects.values_list("name", flat=True))
    assert not names & {"Kashgar", "He", "New Paragraph", "Cable", "Molotov Beria"}
    assert {p.slug for p in doc.people_mentioned.all()} >= {"molotov", "beria"}
    assert doc.sender is None and doc.author is None
    assert doc.status == "draft"


def test_the_office_heading_is_not_mentioned_but_the_text_is(tmp_path):
    (tmp_path / "heading.txt").write_text(
        "FOURTH DIRECTORATE OF THE GENERAL STAFF OF THE SOVIET ARMY\n\n"
        "CIPHERED TELEGRAM No. 4410/sh\n\n"
        "From MOSCOW Sent 3.4.51 10:15\n\nTo Comrade Razuvaev\n\n"
        "Ask the Council of Ministers of the USSR for the invented lorries.\n\nFILIPPOV\n",
        encoding="utf-8",
    )
    run(tmp_path)
    doc = Document.objects.get(source_file__endswith="heading.txt")
    mentioned = {p.slug for p in doc.people_mentioned.all()}
    assert "council-of-ministers-ussr" in mentioned
    assert "general-staff-soviet-army" not in mentioned
