"""The Border Patrol pay rules, applied to one pay period of one employee.

Pure Python: no database. The timesheet hands in what was scheduled and
what was entered, and gets back exact hours (``Decimal``) per day, per
administrative week (Sunday to Saturday) and for the pay period.

This first version credits the entered hours to their days and codes; the
premiums and the overtime of the agents' tours follow in the same module.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

ZERO = Decimal("0")
DAYS_IN_PERIOD = 14


@dataclass(frozen=True)
class Entry:
    """One line the employee (or a supervisor) entered."""

    day: date
    code: str
    start: datetime | None = None
    end: datetime | None = None
    hours: Decimal | None = None
    training: bool = False


@dataclass(frozen=True)
class ScheduledShift:
    """The tour the schedule set for one day (G-481, else G-259)."""

    day: date
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Worker:
    tour: str
    zone: ZoneInfo
    days_off: frozenset[int]  # 0 = Sunday ... 6 = Saturday
    in_lieu_of_sunday: int | None
    monday_to_friday: bool


@dataclass(frozen=True)
class Totals:
    """One day, one week or the pay period."""

    by_code: dict[str, Decimal] = field(default_factory=dict)
    regular: Decimal = ZERO
    tour_overtime: Decimal = ZERO
    overtime_debt: Decimal = ZERO
    night_differential: Decimal = ZERO
    sunday_premium: Decimal = ZERO
    holiday_premium: Decimal = ZERO
    comp_time_earned: Decimal = ZERO


@dataclass(frozen=True)
class PeriodTotals:
    days: dict[date, Totals]
    weeks: tuple[Totals, Totals]
    period: Totals
    flags: tuple[str, ...] = ()


def compute_period(
    first_day: date,
    worker: Worker,
    scheduled: Sequence[ScheduledShift],
    entries: Sequence[Entry],
    holidays: Iterable[date] | None = None,
) -> PeriodTotals:
    days = [first_day + timedelta(days=offset) for offset in range(DAYS_IN_PERIOD)]
    by_day: dict[date, dict[str, Decimal]] = {day: {} for day in days}
    for entry in entries:
        if entry.day in by_day:
            codes = by_day[entry.day]
            codes[entry.code] = codes.get(entry.code, ZERO) + _hours(entry)
    day_totals = {
        day: Totals(by_code=codes, regular=codes.get("REGULAR", ZERO))
        for day, codes in by_day.items()
    }
    weeks = (_sum(days[:7], day_totals), _sum(days[7:], day_totals))
    return PeriodTotals(day_totals, weeks, _sum(days, day_totals))


def _hours(entry: Entry) -> Decimal:
    if entry.hours is not None:
        return entry.hours
    seconds = int((entry.end - entry.start).total_seconds())
    return Decimal(seconds) / 3600


def _sum(days: Sequence[date], day_totals: dict[date, Totals]) -> Totals:
    by_code: dict[str, Decimal] = {}
    regular = ZERO
    for day in days:
        for code, hours in day_totals[day].by_code.items():
            by_code[code] = by_code.get(code, ZERO) + hours
        regular += day_totals[day].regular
    return Totals(by_code=by_code, regular=regular)
