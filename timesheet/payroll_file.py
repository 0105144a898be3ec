"""The payroll file of a certified pay period: time and attendance
transactions, one line per employee, transaction code and hours.

Format (CSV, UTF-8, a header line, lines ending in a line feed), in the
README too::

    pay_period,employee_hash_id,transaction_code,prefix,hours,item,mapping
    2025-13,1a2b...,01,,64.00,REGULAR_BASE,confirmed

- ``pay_period``: year and number, ``YYYY-NN``;
- ``employee_hash_id``: the employee's hash ID, never a name or SSN;
- ``transaction_code``, ``prefix``: NFC's code, empty where none is known;
- ``hours``: two decimals, exact;
- ``item``: what the product counted (a time code or a premium);
- ``mapping``: ``confirmed``, ``unconfirmed`` or ``none`` (see
  ``payroll_codes``).

Lines run by employee, then code, then item; items with no hours are left
out. Regular hours are split, as NFC's base-hour codes split them, into
plain (01), with Sunday premium (04), with Sunday premium at night (05)
and at night (11).
"""

import io
from collections.abc import Iterable
from decimal import Decimal

from bpets import spreadsheet
from scheduling.pay_periods import PayPeriodDates
from timesheet.codes import Kind, TimeCode, rules_of
from timesheet.pay_rules import Totals
from timesheet.payroll_codes import mapping

HEADER = (
    "pay_period",
    "employee_hash_id",
    "transaction_code",
    "prefix",
    "hours",
    "item",
    "mapping",
)
CENTS = Decimal("0.01")
# Entered codes sent as they are: absences and work the tour does not
# count. Regular, overtime and comp time go out as the rules worked them.
SENT_AS_ENTERED = tuple(
    code
    for code in TimeCode
    if rules_of(code).kind != Kind.WORK
    or code in (TimeCode.TRAVEL_COMP_TIME, TimeCode.CREDIT_HOURS_EARNED)
)


def payroll_items(totals: Totals) -> dict[str, Decimal]:
    """A pay period's totals as payroll items (names in the mapping)."""
    sunday_only = totals.sunday_premium - totals.sunday_night
    night_only = totals.regular_night - totals.sunday_night
    items = {
        # Work outside the tour that made up a short tour is regular time.
        "REGULAR_BASE": totals.regular
        + totals.tour_fill_in
        - totals.sunday_premium
        - night_only,
        "SUNDAY_BASE": sunday_only,
        "SUNDAY_NIGHT_BASE": totals.sunday_night,
        "NIGHT_BASE": night_only,
        "HOLIDAY_PREMIUM": totals.holiday_premium,
        "OVERTIME": totals.overtime,
        "COMP_TIME_EARNED": totals.comp_time_earned,
        "TOUR_OVERTIME": totals.tour_overtime,
        "NIGHT_OTHER": totals.night_differential - totals.regular_night,
    }
    for code in SENT_AS_ENTERED:
        items[str(code)] = totals.by_code.get(code, Decimal(0))
    negative = [item for item, hours in items.items() if hours < 0]
    if negative:
        raise ValueError(f"Negative payroll hours for {', '.join(negative)}.")
    return {item: hours for item, hours in items.items() if hours}


def payroll_lines(
    pay_period: PayPeriodDates,
    employee_ids_and_totals: Iterable[tuple[str, Totals]],
) -> list[str]:
    """The file's lines, header first, without line ends."""
    return item_lines(
        pay_period,
        (
            (employee_id, item, hours)
            for employee_id, totals in employee_ids_and_totals
            for item, hours in payroll_items(totals).items()
        ),
    )


def item_lines(pay_period, items: Iterable[tuple[str, str, Decimal]]) -> list[str]:
    """The file's lines from (employee hash ID, item, hours) triples."""
    codes = mapping()
    period = f"{pay_period.year}-{pay_period.number:02d}"
    rows = []
    for employee_id, item, hours in items:
        code = codes[item]
        rows.append(
            (
                period,
                employee_id,
                code.transaction_code,
                code.prefix,
                f"{hours.quantize(CENTS)}",
                item,
                code.status,
            )
        )
    rows.sort(key=lambda row: (row[1], row[2] or "~", row[3], row[5]))
    return [_line(HEADER)] + [_line(row) for row in rows]


def payroll_file(pay_period, employee_ids_and_totals) -> str:
    return file_text(payroll_lines(pay_period, employee_ids_and_totals))


def file_text(lines) -> str:
    """The file as it is downloaded: each line ended by a newline."""
    return "".join(line + "\n" for line in lines)


def _line(row) -> str:
    output = io.StringIO()
    spreadsheet.writer(output, lineterminator="").writerow(row)
    return output.getvalue()
