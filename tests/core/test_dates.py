"""`catalogue.dates`: the one rule for the precision of an unknown date and for line ends."""

import datetime

import pytest

from catalogue.dates import (
    DEFAULT_PRECISION,
    DatePrecision,
    normalise_newlines,
    stored_partial_date,
)
from catalogue.models import Document


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1952-07", (datetime.date(1952, 7, 1), DatePrecision.MONTH)),
        ("", (None, DEFAULT_PRECISION)),
        (None, (None, DEFAULT_PRECISION)),
    ],
)
def test_stored_partial_date_never_leaves_the_precision_empty(value, expected):
    assert stored_partial_date(value) == expected


def test_the_default_precision_is_the_fields_default():
    for name in ("date_precision", "enclosure_date_precision"):
        assert Document._meta.get_field(name).default == DEFAULT_PRECISION


def test_stored_partial_date_refuses_what_is_not_a_date():
    with pytest.raises(ValueError, match="'July 1952' is not a date"):
        stored_partial_date("July 1952")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("one\r\ntwo\rthree\n", "one\ntwo\nthree\n"),
        ("plain\n", "plain\n"),
        ("", ""),
        (None, None),
    ],
)
def test_normalise_newlines(value, expected):
    assert normalise_newlines(value) == expected
