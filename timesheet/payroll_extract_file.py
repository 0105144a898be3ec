"""Reading and checking a payroll extract file, whole, before anything is
loaded.

The format is documented in the README ("The payroll extract"). Every
problem is reported with its line (the header is line 1) and column; a
file with any problem is refused and nothing of it is loaded. A message
never repeats a hash ID or anything that may be a Social Security number:
the report is shown and kept where identity data is not.
"""

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from bpets.line_problems import Problem
from scheduling import pay_periods
from timesheet.models import BalanceType

IDENTIFYING = ("pay_period", "hash_id")
PAY_COLUMNS = (
    "pay_plan",
    "grade",
    "step",
    "next_within_grade_increase_date",
    "service_computation_date",
)
LEAVE_COLUMNS = {f"leave_{kind.lower()}": kind for kind in BalanceType.values}
COLUMNS = IDENTIFYING + PAY_COLUMNS + tuple(LEAVE_COLUMNS)
MAX_ERRORS = 100
MAX_HOURS = Decimal("99999.99")
HASH_ID = re.compile(r"^[0-9a-f]{64}$")
LOOKS_LIKE_SSN = re.compile(r"^\d{3}-?\d{2}-?\d{4}$")
PAY_PLAN = re.compile(r"^[A-Z]{2}$")
PAY_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Row:
    """One employee's line, its values checked and typed."""

    line: int
    hash_id: str
    pay_plan: str
    grade: int
    step: int
    next_within_grade_increase_date: date | None
    service_computation_date: date
    balances: dict[str, Decimal]  # BalanceType value -> hours


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    lines: int = 0
    pay_period: pay_periods.PayPeriodDates | None = None

    @property
    def refused(self) -> bool:
        return bool(self.problems)

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_ERRORS:
            self.problems.append(Problem(line, column, message))
        else:
            self.more_problems += 1


def parse(
    content: bytes,
    *,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Every line of the file read and checked on its own; what needs the
    database (who the hash IDs are, an earlier extract) is checked after."""
    checked = Checked()
    text = _decode(content, checked)
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

    seen: dict[str, int] = {}
    first_period: tuple[int, str] | None = None
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        checked.lines += 1
        if progress is not None and checked.lines % 500 == 0:
            progress(checked.lines)
        if len(cells) != len(COLUMNS):
            checked.add(
                line, "", f"{len(cells)} columns where the header has {len(COLUMNS)}."
            )
            continue
        values = dict(zip(COLUMNS, (cell.strip() for cell in cells), strict=True))
        if first_period is None:
            first_period = (line, values["pay_period"])
            checked.pay_period = _pay_period(values["pay_period"], line, checked, today)
        elif values["pay_period"] != first_period[1]:
            checked.add(
                line,
                "pay_period",
                f"{values['pay_period']!r}: one extract holds one pay period, "
                f"{first_period[1]!r} as on line {first_period[0]}.",
            )
        row = _row(line, values, checked, today)
        if row is None:
            continue
        first = seen.setdefault(row.hash_id, line)
        if first != line:
            checked.add(line, "hash_id", f"The same employee as on line {first}.")
            continue
        checked.rows.append(row)
    if checked.lines == 0 and not checked.problems:
        checked.add(2, "", "The file has a header and no employees.")
    return checked


def _decode(content: bytes, checked: Checked) -> str | None:
    """The text, with or without a byte order mark; None if not UTF-8."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        checked.add(
            line, "", "The file is not UTF-8 text (saved as UTF-8, it will do)."
        )
        return None


def _pay_period(text, line, checked, today) -> pay_periods.PayPeriodDates | None:
    matched = PAY_PERIOD.match(text)
    if matched is None:
        checked.add(line, "pay_period", f"{text!r} is not a pay period (YYYY-NN).")
        return None
    try:
        period = pay_periods.numbered(int(matched[1]), int(matched[2]))
    except ValueError as error:
        checked.add(line, "pay_period", f"{text!r}: {error}")
        return None
    if period.end >= today:
        checked.add(
            line,
            "pay_period",
            f"{period.label} ends on {period.end:%Y-%m-%d}: its balances at the "
            "end are known only once it is over.",
        )
        return None
    return period


def _row(line: int, values: dict, checked: Checked, today: date) -> Row | None:
    problems_before = len(checked.problems) + checked.more_problems

    def add(column, message):
        checked.add(line, column, message)

    hash_id = values["hash_id"]
    if LOOKS_LIKE_SSN.match(hash_id):
        add(
            "hash_id",
            "This looks like a Social Security number: the extract names people "
            "by hash ID only. Nothing of this file was kept.",
        )
    elif not HASH_ID.match(hash_id):
        add("hash_id", "A hash ID is 64 lower-case hexadecimal characters.")
    pay_plan = values["pay_plan"]
    if not PAY_PLAN.match(pay_plan):
        add("pay_plan", f"{pay_plan!r} is not a pay plan (two capital letters).")
    grade = _whole(values["grade"], "grade", 1, 15, add)
    step = _whole(values["step"], "step", 1, 10, add)
    increase = _date(values, "next_within_grade_increase_date", add, optional=True)
    service = _date(values, "service_computation_date", add)
    if service is not None and service > today:
        add("service_computation_date", f"{service:%Y-%m-%d} is still to come.")
    balances = {}
    for column, kind in LEAVE_COLUMNS.items():
        balances[kind] = _hours(values[column], column, add)
    if len(checked.problems) + checked.more_problems > problems_before:
        return None
    return Row(
        line=line,
        hash_id=hash_id,
        pay_plan=pay_plan,
        grade=grade,
        step=step,
        next_within_grade_increase_date=increase,
        service_computation_date=service,
        balances=balances,
    )


def _whole(text, column, low, high, add) -> int | None:
    if not text.isdigit() or not low <= int(text) <= high:
        add(column, f"{text!r} is not a {column} ({low}-{high}).")
        return None
    return int(text)


def _date(values, column, add, *, optional=False) -> date | None:
    text = values[column]
    if not text:
        if not optional:
            add(column, "A date is needed (YYYY-MM-DD).")
        return None
    try:
        if not ISO_DATE.match(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        add(column, f"{text!r} is not a date (YYYY-MM-DD).")
        return None


def _hours(text, column, add) -> Decimal | None:
    try:
        hours = Decimal(text)
    except InvalidOperation:
        add(column, f"{text!r} is not a number of hours.")
        return None
    if not hours.is_finite() or abs(hours) > MAX_HOURS:
        add(column, f"{text!r} is not a number of hours.")
        return None
    if hours.as_tuple().exponent < -2:
        add(column, f"{text!r}: hours have at most two decimals.")
        return None
    return hours


def render(pay_period: pay_periods.PayPeriodDates, rows: list[Row]) -> bytes:
    """An extract in this format (the demo's, and the README's example),
    each line ending in a line feed."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        increase = row.next_within_grade_increase_date
        writer.writerow(
            (
                f"{pay_period.year}-{pay_period.number:02d}",
                row.hash_id,
                row.pay_plan,
                row.grade,
                row.step,
                increase.isoformat() if increase else "",
                row.service_computation_date.isoformat(),
                *(f"{row.balances[kind]:.2f}" for kind in LEAVE_COLUMNS.values()),
            )
        )
    return out.getvalue().encode()
