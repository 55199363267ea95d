"""Partial dates and line ends: the one definition of each that models, importer, restore and
pages share.

Dates in this genre are often partial ("July 1952"), so a date is stored as the first day of
its period plus a precision. The ISO partial form ("1952", "1952-07", "1952-07-17") is what the
parser gives, the importer records and the export writes.
"""

import datetime

from django.db import models


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


# The precision stored beside an unknown date. It is also the fields' default, so an undated
# row reads the same whether a form, the importer or a restore wrote it.
DEFAULT_PRECISION = DatePrecision.DAY


def parse_partial_date(value):
    """Turn "1952", "1952-07" or "1952-07-17" into (date, precision); (None, "") for empty.

    Raises ValueError naming the value when it is not one of those forms.
    """
    if value in (None, ""):
        return None, ""
    parts = str(value).strip().split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 1 and len(parts[0]) == 4:
            return datetime.date(numbers[0], 1, 1), DatePrecision.YEAR
        if len(numbers) == 2:
            return datetime.date(numbers[0], numbers[1], 1), DatePrecision.MONTH
        if len(numbers) == 3:
            return datetime.date(*numbers), DatePrecision.DAY
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")


def stored_partial_date(value):
    """(date, precision) to store for an ISO partial date: as `parse_partial_date`, with
    DEFAULT_PRECISION beside an unknown date (the precision column is never empty)."""
    date, precision = parse_partial_date(value)
    return date, precision or DEFAULT_PRECISION


def format_partial_date(date, precision):
    """The ISO form of a partial date: "1952", "1952-07" or "1952-07-17"; None when unknown."""
    if date is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def display_partial_date(date, precision):
    """A reader's form of a partial date: "1952", "July 1952" or "17 July 1952"."""
    if date is None:
        return "Undated"
    if precision == DatePrecision.YEAR:
        return str(date.year)
    if precision == DatePrecision.MONTH:
        return date.strftime("%B %Y")
    return f"{date.day} {date.strftime('%B %Y')}"


def normalise_newlines(value):
    """Text with "\n" line breaks only. Files written on Windows end lines with "\r\n" (old
    Macintosh files with "\r"), and browsers submit textareas with "\r\n"; storing that would
    make every admin save look like a change of the whole text to history and to the importer,
    which compares stored text with what it wrote."""
    if not value or "\r" not in value:
        return value
    return value.replace("\r\n", "\n").replace("\r", "\n")
