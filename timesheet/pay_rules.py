"""The Border Patrol pay rules, applied to one pay period of one employee.

Pure Python: no database. The timesheet hands in what was scheduled and
what was entered, and gets back exact hours (``Decimal``) per day, per
administrative week (Sunday to Saturday) and for the pay period, with
plain-language notices.

What the rules do, in short (the README lists the settings):

- Hours are credited to the local day, and so the pay period, in which they
  are worked; a setting credits a shift crossing midnight to the day it
  starts instead.
- An agent's tour (Border Patrol Agent Pay Reform Act) is 8 regular hours a
  workday plus 2 (Level 1), 1 (Level 2) or 0 (Basic) hours of tour
  overtime, by default the last ones of the scheduled shift. Tour overtime
  is owed only on a day with regular-time work; what such a day leaves
  unworked is overtime debt. A day of paid absence only (or advanced
  training within the yearly count) is excused and counts toward the
  pay period's threshold.
- Work outside the tour counts only beyond the biweekly threshold (100, 90
  or 80 hours, paid leave and debt included): scheduled in advance it is
  paid overtime, otherwise compensatory time, capped per pay period and
  per year; a call-back earns at least 2 hours.
- Night differential: regular hours between 18:00 and 06:00 (tour
  overtime only if set), holiday hours off, and paid leave while the pay
  period's paid leave stays under 8 hours. Sunday premium: up to 8
  non-overtime, non-training hours of a tour touching Sunday. Holiday
  premium: up to 8 regular hours of the tour that begins on the observed
  holiday, at least 2 for any work. A workday holiday off is 8 hours of
  holiday.

Sources (the domain notes cite each, with the copies read):

- 5 U.S.C. 5550 (Border Patrol Agent Pay Reform Act of 2014, Pub. L.
  113-277, amended by Pub. L. 114-13) and 5 CFR part 550 subpart P, chiefly
  550.1603 (definitions: basic regular tour, obligated overtime hours),
  550.1623 (overtime outside the regular tour, the biweekly threshold) and
  550.1625 (compensatory time off, its caps and the call-back minimum);
  OPM's final rule, 80 FR 58094 (25 September 2015).
- 5 U.S.C. 5545(a) and 5 CFR 550.121-122 (night pay, and night pay during
  leave); 5 U.S.C. 5546(a) and 5 CFR 550.171 (Sunday premium); 5 U.S.C.
  5546(b)-(d) (holiday premium and its 2-hour minimum); Executive Order
  11582 section 5 and OPM's fact sheet "Federal Holidays - Work Schedules
  and Pay" (the holiday tour is the one that begins on the holiday).
- The CBP directive on these rules as the National Border Patrol Council
  summarizes it (partial-day leave and debt, debt thresholds, advanced
  training days) - second-hand, so those figures are settings.
"""

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from scheduling.models import OvertimeLevel
from timesheet import holidays as holiday_calendar
from timesheet import pay_clock, pay_day
from timesheet.codes import Kind, TimeCode, rules_of
from timesheet.pay_rule_settings import (
    NIGHT_PAY_LEAVE_LIMIT,
    REGULAR_HOURS_A_DAY,
    TOUR_OVERTIME_A_DAY,
    PayRules,
)

ZERO = Decimal("0")
DAYS_IN_PERIOD = 14
# Five workdays an administrative week for every agent's tour.
WORKDAYS_A_PERIOD = 10


@dataclass(frozen=True)
class Entry:
    """One line the employee (or a supervisor) entered."""

    day: date
    code: str
    start: datetime | None = None
    end: datetime | None = None
    hours: Decimal | None = None
    training: bool = False
    # Called back to work on a day off or after leaving the worksite.
    call_back: bool = False


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
    # Work outside the tour paid as overtime (scheduled in advance).
    overtime: Decimal = ZERO
    # Tour overtime not owed (a day of paid absence only, or training) that
    # still counts toward the biweekly threshold.
    excused_tour_overtime: Decimal = ZERO
    # Regular hours worked at night, and those of them with Sunday premium.
    regular_night: Decimal = ZERO
    sunday_night: Decimal = ZERO
    # Work outside the tour that made up a short tour instead of counting as
    # overtime (NFC reports it as regular time).
    tour_fill_in: Decimal = ZERO

    @property
    def paid_absence(self) -> Decimal:
        return _hours_of_kind(self.by_code, Kind.PAID_ABSENCE)


@dataclass(frozen=True)
class PeriodTotals:
    days: dict[date, Totals]
    weeks: tuple[Totals, Totals]
    period: Totals
    flags: tuple[str, ...] = ()
    # Hours counted against the tour's biweekly threshold.
    work_credit: Decimal = ZERO
    # Advanced-training days past the yearly count, paid at the Basic tour.
    basic_pay_days: tuple[date, ...] = ()


def compute_period(
    first_day: date,
    worker: Worker,
    scheduled: Sequence[ScheduledShift],
    entries: Sequence[Entry],
    holidays: Iterable[date] | None = None,
    *,
    rules: PayRules | None = None,
    overtime_debt_before: Decimal = ZERO,
    comp_time_earned_before: Decimal = ZERO,
    training_days_before: int = 0,
) -> PeriodTotals:
    """The pay period's totals.

    ``holidays`` are the calendar dates of the holidays (the federal ones
    when None); the worker's observed dates are worked out here. Pass the
    shift and entries of the day before the period too: the hours of a
    shift crossing into the period belong to it. ``*_before`` are what the
    employee carried in: the overtime debt so far, the compensatory time
    earned so far in the annual period, and the advanced-training days
    so far in the calendar year.
    """
    rules = rules or PayRules.from_settings()
    days = [first_day + timedelta(days=offset) for offset in range(DAYS_IN_PERIOD)]
    observed = _observed_holidays(days, worker, holidays, rules)
    shifts = _by_day(scheduled)
    entries_by_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        entries_by_day[entry.day].append(entry)

    paid_at_tour, basic_days = _training_days(
        days, entries_by_day, training_days_before, rules
    )
    unpaid = _holidays_between_nonpay_days(observed, shifts, entries_by_day)
    observed -= unpaid
    credits: list[pay_day.Credit] = []
    for day in sorted(set(shifts) | set(entries_by_day)):
        on_day = entries_by_day.get(day, [])
        if day not in shifts:
            credits += pay_day.day_off_credits(day, on_day, rules)
            continue
        if day in unpaid and not on_day:
            credits.append(
                pay_day.Credit(
                    day, pay_day.CODE + TimeCode.LWOP, hours=pay_day.REGULAR_HOURS_A_DAY
                )
            )
            continue
        shift = shifts[day]
        begins = pay_clock.local_day(shift.start, worker.zone)
        context = pay_day.DayContext(
            worker, rules, begins in observed, day in paid_at_tour
        )
        credits += pay_day.tour_credits(shift, on_day, context)

    measures = _credit_days(credits, days, worker, rules)
    carried = (overtime_debt_before, comp_time_earned_before)
    result = _period(days, measures, worker, rules, basic_days, carried)
    tour_flags = _tour_flags(days, shifts, worker)
    if not tour_flags:
        return result
    return dataclasses.replace(result, flags=tuple(tour_flags) + result.flags)


def _observed_holidays(days, worker, holidays, rules) -> set[date]:
    if holidays is None:
        holidays = holiday_calendar.holidays_around(
            days[0], days[-1], rules.inauguration_day
        )
    return {
        holiday_calendar.observed_day(
            holiday,
            worker.days_off,
            worker.in_lieu_of_sunday,
            worker.monday_to_friday,
        )
        for holiday in holidays
    }


def _holidays_between_nonpay_days(observed, shifts, entries_by_day) -> set[date]:
    """The observed holidays whose workdays immediately before and after
    are spent wholly in nonpay status (LWOP or AWOL): such a holiday is not
    paid, and is charged as leave without pay (5 U.S.C. 6103 as OPM and
    agencies apply it: nonpay on both sides, not on one)."""

    def in_nonpay_status(day) -> bool:
        entries = entries_by_day.get(day, [])
        return bool(entries) and all(
            rules_of(entry.code).kind == Kind.NONPAY for entry in entries
        )

    workdays = sorted(shifts)
    unpaid = set()
    for holiday in observed & set(shifts):
        before = [day for day in workdays if day < holiday]
        after = [day for day in workdays if day > holiday]
        if (
            before
            and after
            and in_nonpay_status(before[-1])
            and in_nonpay_status(after[0])
        ):
            unpaid.add(holiday)
    return unpaid


def _tour_flags(days, shifts, worker) -> list[str]:
    """The schedule against the elected tour (rule: 10 workdays of 8 hours
    plus the tour's overtime). Shift lengths are read on the clock, so a
    night across a daylight-saving change is not flagged."""
    a_day = REGULAR_HOURS_A_DAY + TOUR_OVERTIME_A_DAY[worker.tour]
    tour = OvertimeLevel(worker.tour).label.split(" (")[0]
    flags = []
    in_period = [shifts[day] for day in days if day in shifts]
    if len(in_period) != WORKDAYS_A_PERIOD:
        flags.append(
            f"The schedule sets {len(in_period)} workdays; the {tour} tour has "
            f"{WORKDAYS_A_PERIOD} workdays of {_say(a_day)}."
        )
    for shift in in_period:
        start = shift.start.astimezone(worker.zone).replace(tzinfo=None)
        end = shift.end.astimezone(worker.zone).replace(tzinfo=None)
        on_the_clock = pay_clock.hours_between(start, end)
        if on_the_clock != a_day:
            flags.append(
                f"{shift.day:%Y-%m-%d}: the scheduled shift is "
                f"{_say(on_the_clock)}; a {tour} workday is {_say(a_day)}."
            )
    return flags


def _by_day(scheduled: Sequence[ScheduledShift]) -> dict[date, ScheduledShift]:
    shifts: dict[date, ScheduledShift] = {}
    for shift in scheduled:
        if shift.day in shifts:
            raise ValueError(f"Two tours are scheduled on {shift.day:%Y-%m-%d}.")
        shifts[shift.day] = shift
    return shifts


def _training_days(days, entries_by_day, days_before: int, rules: PayRules):
    """Advanced-training workdays of the period: those within the yearly
    count keep the elected tour's pay, later ones are paid at Basic."""
    training = [
        day
        for day in days
        if any(e.training and e.code == TimeCode.REGULAR for e in entries_by_day[day])
    ]
    room = max(0, rules.training_days_at_elected_tour - days_before)
    return set(training[:room]), tuple(training[room:])


def _fill_in_flag(fill_in: Decimal, credited: Decimal, threshold: Decimal) -> str:
    """Work outside the tour counts first toward a short tour; it made the
    tour up only if the pay period's credit reaches the threshold."""
    if credited < threshold:
        return (
            f"{_say(fill_in)} worked outside the tour counted toward the "
            f"{_say(threshold)} of the tour, still {_say(threshold - credited)} "
            "short: not overtime."
        )
    return (
        f"{_say(fill_in)} worked outside the tour made up the "
        f"{_say(threshold)} of the tour: not overtime."
    )


def _credit_days(credits, days, worker, rules) -> dict[date, dict[str, Decimal]]:
    """Each credit's hours on the days it is credited to, by measure."""
    measures: dict[date, dict[str, Decimal]] = {
        day: defaultdict(lambda: ZERO) for day in days
    }
    by_start = rules.credit_crossing_hours == "start"
    for credit in credits:
        if credit.span is None or by_start:
            parts = [(credit.home, credit.span)]
        else:
            parts = pay_clock.split_by_local_day(credit.span, worker.zone)
        for day, span in parts:
            if day not in measures:
                continue
            measures[day][credit.measure] += _value(credit, span, worker)
    return measures


def _value(credit, span, worker) -> Decimal:
    if span is None:
        return credit.hours
    if credit.measure in pay_day.NIGHT_MEASURES:
        return pay_clock.night_hours(span, worker.zone)
    return span.hours


def _period(days, measures, worker, rules, basic_days, carried) -> PeriodTotals:
    debt_before, comp_before = carried
    flags: list[str] = []
    totals = {day: _day_totals(measures[day]) for day in days}
    period = _sum(totals.values())

    # Night pay covers leave only in a pay period with under 8 hours of it.
    paid_leave = period.paid_absence - period.by_code.get(TimeCode.HOLIDAY, ZERO)
    if paid_leave < NIGHT_PAY_LEAVE_LIMIT:
        totals = {
            day: _replace(
                totals[day],
                night_differential=totals[day].night_differential
                + measures[day][pay_day.LEAVE_NIGHT],
            )
            for day in days
        }
        period = _sum(totals.values())

    work_credit = (
        period.regular
        + period.tour_overtime
        + period.excused_tour_overtime
        + period.overtime_debt
        + period.paid_absence
    )
    scheduled_out = [measures[d][pay_day.SCHEDULED_OUTSIDE_TOUR] for d in days]
    irregular_out = [measures[d][pay_day.IRREGULAR_OUTSIDE_TOUR] for d in days]
    outside = sum(scheduled_out, ZERO) + sum(irregular_out, ZERO)
    threshold = rules.biweekly_thresholds[worker.tour]
    beyond = min(outside, max(ZERO, work_credit + outside - threshold))
    if beyond < outside:
        flags.append(_fill_in_flag(outside - beyond, work_credit + outside, threshold))
    overtime = min(sum(scheduled_out, ZERO), beyond)
    comp_time = min(sum(irregular_out, ZERO), beyond - overtime)
    comp_cap = max(
        ZERO,
        min(
            rules.comp_time_cap_per_period,
            rules.comp_time_cap_per_year - comp_before,
        ),
    )
    if comp_time > comp_cap:
        flags.append(
            f"{_say(comp_time)} of compensatory time earned but only "
            f"{_say(comp_cap)} credited (pay-period and yearly caps): exception."
        )
        comp_time = comp_cap

    overtime_by_day = _from_last(days, scheduled_out, overtime)
    earned_by_day = _from_last(
        days, irregular_out, min(sum(irregular_out, ZERO), beyond - overtime)
    )
    comp_by_day = _from_last(days, irregular_out, comp_time)
    totals = {
        day: _replace(
            totals[day],
            overtime=overtime_by_day[index],
            comp_time_earned=comp_by_day[index],
            tour_fill_in=scheduled_out[index]
            + irregular_out[index]
            - overtime_by_day[index]
            - earned_by_day[index],
        )
        for index, day in enumerate(days)
    }
    period = _sum(totals.values())
    flags += _debt_flags(debt_before + period.overtime_debt, rules)
    for day in basic_days:
        flags.append(
            f"{day:%Y-%m-%d}: advanced training beyond "
            f"{rules.training_days_at_elected_tour} days this year, paid at "
            "the Basic tour."
        )
    weeks = (_sum(totals[d] for d in days[:7]), _sum(totals[d] for d in days[7:]))
    return PeriodTotals(
        totals, weeks, period, tuple(flags), work_credit, tuple(basic_days)
    )


def _day_totals(measured: dict[str, Decimal]) -> Totals:
    by_code = {
        name.removeprefix(pay_day.CODE): hours
        for name, hours in measured.items()
        if name.startswith(pay_day.CODE) and hours
    }
    return Totals(
        by_code=by_code,
        regular=measured[pay_day.REGULAR],
        tour_overtime=measured[pay_day.TOUR_OVERTIME],
        overtime_debt=measured[pay_day.OVERTIME_DEBT],
        night_differential=measured[pay_day.NIGHT],
        sunday_premium=measured[pay_day.SUNDAY_PREMIUM],
        holiday_premium=measured[pay_day.HOLIDAY_PREMIUM],
        excused_tour_overtime=measured[pay_day.EXCUSED_TOUR_OVERTIME],
        regular_night=measured[pay_day.REGULAR_NIGHT],
        sunday_night=measured[pay_day.SUNDAY_NIGHT],
    )


def _from_last(days, available: list[Decimal], hours: Decimal) -> list[Decimal]:
    """Spread hours over the days that offer them, latest first: the hours
    past the threshold are the last ones worked."""
    spread = [ZERO] * len(days)
    for index in reversed(range(len(days))):
        taken = min(available[index], hours)
        spread[index] = taken
        hours -= taken
    return spread


def _debt_flags(debt: Decimal, rules: PayRules) -> list[str]:
    if debt >= rules.debt_basic_tour_hours:
        return [
            f"Overtime debt of {_say(debt)} reaches "
            f"{_say(rules.debt_basic_tour_hours)}: move the agent to the Basic tour."
        ]
    if debt >= rules.debt_consultation_hours:
        return [
            f"Overtime debt of {_say(debt)} reaches "
            f"{_say(rules.debt_consultation_hours)}: supervisor consultation."
        ]
    return []


def _say(hours: Decimal) -> str:
    """Hours as a person writes them: "1 hour", "2.5 hours"."""
    figure = f"{hours.normalize():f}"
    return f"{figure} hour" if hours == 1 else f"{figure} hours"


def _hours_of_kind(by_code: dict[str, Decimal], kind: str) -> Decimal:
    return sum(
        (hours for code, hours in by_code.items() if rules_of(code).kind == kind),
        ZERO,
    )


def _replace(totals: Totals, **changes) -> Totals:
    return dataclasses.replace(totals, **changes)


def _sum(many: Iterable[Totals]) -> Totals:
    by_code: dict[str, Decimal] = defaultdict(lambda: ZERO)
    sums = {name: ZERO for name in _SUMMED}
    for totals in many:
        for code, hours in totals.by_code.items():
            by_code[code] += hours
        for name in _SUMMED:
            sums[name] += getattr(totals, name)
    return Totals(by_code=dict(by_code), **sums)


_SUMMED = tuple(f.name for f in dataclasses.fields(Totals) if f.name != "by_code")
