"""Reading and checking a snapshot file, whole, before anything is loaded.

The format is documented in the README ("The statistical snapshot file").
Every problem is reported with its line (the header is line 1) and column;
a file with any problem is refused and nothing of it is loaded.
"""

import csv
import hashlib
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from bpets.line_problems import Problem
from reporting import areas

COLUMNS = (
    "fiscal_year",
    "month",
    "sector_code",
    "station",
    "zone",
    "canine",
    "measure",
    "value",
    "unit",
)
FIRST_FISCAL_YEAR = 1925  # the agency's first published year
LAST_FISCAL_YEAR = 2100
MAX_ERRORS = 100  # a file wrong throughout is refused on its first hundred
MAX_DIGITS = 14


@dataclass
class Checked:
    rows: list = field(default_factory=list)  # tuples in COLUMNS order, unit left out
    problems: list = field(default_factory=list)
    more_problems: int = 0
    lines: int = 0

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(Problem(line, column, message))
        else:
            self.more_problems += 1

    def coverage(self) -> set[tuple[int, str, str, bool]]:
        """(fiscal year, sector code, measure, monthly) of every row."""
        return {(row[0], row[2], row[6], row[1] is not None) for row in self.rows}


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def decode(content: bytes, checked: Checked) -> str | None:
    """The text, with or without a byte order mark; None if not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        checked.add(
            line, "", "The file is not UTF-8 text (saved as UTF-8, it will do)."
        )
        return None


def check(
    content: bytes,
    places: areas.Places,
    measures: dict,
    *,
    may_import=None,
    progress=None,
) -> Checked:
    """Every row of the file, checked; ``measures`` maps a code to its
    (unit, whole) and ``may_import(sector_code)`` says whether the importer
    may bring in rows of that place (None: anywhere)."""
    checked = Checked()
    text = decode(content, checked)
    if text is None:
        return checked
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        checked.add(1, "", "The file is empty.")
        return checked
    if [name.strip().lower() for name in header] != list(COLUMNS):
        checked.add(1, "", "The header must be exactly: " + ",".join(COLUMNS) + ".")
        return checked

    row_check = _RowCheck(checked, places, measures, may_import)
    for fields in reader:
        line = reader.line_num
        if not any(value.strip() for value in fields):
            continue
        row_check(line, fields)
        checked.lines += 1
        if progress is not None and checked.lines % 50_000 == 0:
            progress(checked.lines)
    if not checked.rows and not checked.problems:
        checked.add(2, "", "The file has a header and no rows.")
    if checked.problems:
        checked.rows = []
    return checked


class _RowCheck:
    """Checks one row after another. A file repeats its years, places,
    measures and values on many lines, so each distinct text is checked
    once and its outcome (value and problems) remembered."""

    def __init__(self, checked, places, measures, may_import):
        self.checked = checked
        self.places = places
        self.measures = measures
        self.may_import = may_import
        self.seen = {}
        self.allowed = {}
        self.periods = {}
        self.where = {}
        self.what = {}
        self.amounts = {}

    def __call__(self, line: int, fields: list[str]) -> None:
        if len(fields) != len(COLUMNS):
            self.checked.add(
                line, "", f"{len(fields)} columns where the header has {len(COLUMNS)}."
            )
            return
        fy_text, month_text, sector, station, zone, canine, measure, value, unit = map(
            str.strip, fields
        )
        period = (fy_text, month_text)
        if period not in self.periods:
            self.periods[period] = self._outcome(
                lambda: (self._year(fy_text), self._month(month_text))
            )
        place = (sector, station, zone, canine)
        if place not in self.where:
            self.where[place] = self._outcome(
                lambda: self._place(sector, station, zone, canine)
            )
        kind = (measure, unit)
        if kind not in self.what:
            self.what[kind] = self._outcome(lambda: self._measure(measure, unit))
        amount = (value, measure)
        if amount not in self.amounts:
            self.amounts[amount] = self._outcome(lambda: self._value(measure, value))

        outcomes = (
            self.periods[period],
            self.where[place],
            self.what[kind],
            self.amounts[amount],
        )
        if outcomes[0][1] or outcomes[1][1] or outcomes[2][1] or outcomes[3][1]:
            for _, problems in outcomes:
                for column, message in problems:
                    self.checked.add(line, column, message)
            return
        (fiscal_year, month), station = outcomes[0][0], outcomes[1][0]
        key = (fiscal_year, month, sector, station, zone, canine, measure)
        first = self.seen.setdefault(key, line)
        if first != line:
            self.checked.add(
                line,
                "",
                f"The same fiscal year, month, place and measure as line {first}.",
            )
            return
        self.checked.rows.append(
            (fiscal_year, month, sector, station, zone, canine, measure, outcomes[3][0])
        )

    def _outcome(self, check) -> tuple:
        """What ``check`` returns, and the problems it found as (column,
        message), collected through ``self.problems``."""
        self.problems = []
        value = check()
        return value, tuple(self.problems)

    def _problem(self, column: str, message: str) -> None:
        self.problems.append((column, message))

    def _year(self, text):
        if not text.isdigit() or not FIRST_FISCAL_YEAR <= int(text) <= LAST_FISCAL_YEAR:
            self._problem(
                "fiscal_year",
                f"{text!r} is not a fiscal year "
                f"({FIRST_FISCAL_YEAR}-{LAST_FISCAL_YEAR}).",
            )
            return None
        return int(text)

    def _month(self, text):
        if not text:
            return None
        if not text.isdigit() or not 1 <= int(text) <= 12:
            self._problem("month", f"{text!r} is not a month (1-12, or empty).")
            return None
        return int(text)

    def _place(self, sector, station, zone, canine):
        add = self._problem
        if sector not in self.places.sectors and not areas.is_total(sector):
            add(
                "sector_code",
                f"{sector!r} is not a sector code, a region code or {areas.NATION}.",
            )
            return station
        if not self._may_import(sector):
            add("sector_code", f"You may not import rows for {sector}.")
        if station:
            if areas.is_total(sector):
                add("station", "A region's or the nation's row names no station.")
                return station
            unit = self.places.station(sector, station)
            if unit is None:
                add("station", f"{station!r} is not a station of {sector}.")
                return station
            station = unit.name
        elif zone:
            add("zone", "A zone is given with its station.")
        for column, text in (("zone", zone), ("canine", canine)):
            if text and (len(text) > 20 or not text.replace("-", "").isalnum()):
                add(column, f"{text!r}: letters, digits and dashes, at most 20.")
        return station

    def _may_import(self, sector):
        if self.may_import is None:
            return True
        if sector not in self.allowed:
            self.allowed[sector] = self.may_import(sector)
        return self.allowed[sector]

    def _measure(self, measure, unit):
        spec = self.measures.get(measure)
        if spec is None:
            self._problem("measure", f"{measure!r} is not a measure of the catalog.")
        elif unit != spec[0]:
            self._problem("unit", f"{measure} is counted in {spec[0]}, not {unit!r}.")
        return spec

    def _value(self, measure, text):
        whole = self.measures.get(measure, (None, False))[1]
        try:
            value = Decimal(text)
        except InvalidOperation:
            self._problem("value", f"{text!r} is not a number.")
            return None
        if not value.is_finite() or value < 0:
            self._problem("value", f"{text!r} is not a number of zero or more.")
        elif whole and value != value.to_integral_value():
            self._problem("value", f"{measure} is a whole number; {text!r} is not.")
        elif value.as_tuple().exponent < -2 or value.adjusted() >= MAX_DIGITS:
            self._problem(
                "value", f"{text!r}: at most {MAX_DIGITS} digits and 2 decimals."
            )
        return value
