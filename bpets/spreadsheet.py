"""CSV files that a spreadsheet opens as data, never as formulas.

A cell whose text begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return, which some spreadsheets skip before looking) is read by
Excel and its kin as a formula: text one user typed (a detail's purpose, an
order's name) would run in another user's spreadsheet. Such a cell gets a
leading apostrophe, which the spreadsheet shows as text. A plain number
("-110.93450") is left as it is. Every CSV export writes through here.
"""

import csv
import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def as_text(value):
    """The value, with an apostrophe before text a spreadsheet would run."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


class Writer:
    """``csv.writer`` whose rows go through ``as_text`` cell by cell."""

    def __init__(self, output, **options):
        self._writer = csv.writer(output, **options)

    def writerow(self, row):
        return self._writer.writerow([as_text(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(output, **options) -> Writer:
    return Writer(output, **options)
