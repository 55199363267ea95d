"""CSV cells a spreadsheet will not run as formulas.

A spreadsheet opening a CSV file takes a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a tab or carriage return before one hides it; a seed or an archivist's edit could
put one at the start of a title, a name or a place. Following OWASP's rule for CSV injection,
such a cell is written with a leading apostrophe, which spreadsheets show as text and do not
evaluate. Only text is touched: numbers, booleans and empty cells are written as they are.
"""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` with a leading apostrophe when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Writer:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(out, *args, **kwargs):
    """``csv.writer(out, ...)`` whose rows are neutralised cell by cell."""
    return _Writer(csv.writer(out, *args, **kwargs))
