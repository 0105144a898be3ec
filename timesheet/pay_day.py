"""What one scheduled day earns: the credits the pay rules hand out for it.

A credit is a measure (regular hours, night differential, the hours of a
time code...) with either a span of time, credited to the local day or days
it covers, or bare hours, credited to the day the entry or tour belongs to.
The pay-rules module adds the credits up per day and applies the rules that
need the whole pay period.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from timesheet import pay_clock
from timesheet.codes import Kind, TimeCode, rules_of
from timesheet.pay_clock import Span
from timesheet.pay_rule_settings import (
    HOLIDAY_PREMIUM_CAP,
    HOLIDAY_WORK_MINIMUM,
    REGULAR_HOURS_A_DAY,
    SUNDAY_PREMIUM_CAP,
    TOUR_OVERTIME_A_DAY,
    PayRules,
)

if TYPE_CHECKING:
    from timesheet.pay_rules import Entry, ScheduledShift, Worker

ZERO = Decimal(0)

REGULAR = "regular"
TOUR_OVERTIME = "tour_overtime"
OVERTIME_DEBT = "overtime_debt"
EXCUSED_TOUR_OVERTIME = "excused_tour_overtime"
NIGHT = "night_differential"
# Night hours of paid leave: paid only if the period's paid leave is short.
LEAVE_NIGHT = "leave_night"
# Night hours of regular work, and of Sunday-premium hours: payroll reports
# regular hours split by the premiums they carry.
REGULAR_NIGHT = "regular_night"
SUNDAY_NIGHT = "sunday_night"
NIGHT_MEASURES = (NIGHT, LEAVE_NIGHT, REGULAR_NIGHT, SUNDAY_NIGHT)
SUNDAY_PREMIUM = "sunday_premium"
HOLIDAY_PREMIUM = "holiday_premium"
# Work outside the tour, before the biweekly threshold decides on it.
SCHEDULED_OUTSIDE_TOUR = "scheduled_outside_tour"
IRREGULAR_OUTSIDE_TOUR = "irregular_outside_tour"
CODE = "code:"


@dataclass(frozen=True)
class Credit:
    home: date
    measure: str
    span: Span | None = None
    hours: Decimal = ZERO


@dataclass(frozen=True)
class DayContext:
    worker: "Worker"
    rules: PayRules
    holiday: bool  # the tour begins on an observed holiday
    training_paid_at_tour: bool  # a training day within the yearly count


def entry_span(entry: "Entry") -> Span | None:
    if entry.start is None or entry.end is None:
        return None
    return Span(entry.start, entry.end)


def code_credits(entry: "Entry") -> list[Credit]:
    span = entry_span(entry)
    hours = entry.hours if span is None else ZERO
    return [Credit(entry.day, CODE + entry.code, span, hours or ZERO)]


def tour_windows(shift: "ScheduledShift", worker: "Worker", rules: PayRules):
    """The regular part and the tour-overtime part of a scheduled shift."""
    obligated = TOUR_OVERTIME_A_DAY[worker.tour]
    whole = Span(shift.start, shift.end)
    if rules.tour_overtime_position == "first":
        overtime, regular = pay_clock.take_first([whole], obligated)
    else:
        regular, overtime = pay_clock.take_first([whole], whole.hours - obligated)
    return regular, overtime


def day_off_credits(day: date, entries: list["Entry"], rules: PayRules):
    """Work on a day without a tour is outside the tour; a call-back earns
    at least the minimum (5 CFR 550.1625)."""
    credits: list[Credit] = []
    for entry in entries:
        credits += code_credits(entry)
        if rules_of(entry.code).kind != Kind.WORK:
            continue
        if entry.code == TimeCode.SCHEDULED_OVERTIME:
            credits.append(_same_time(entry, SCHEDULED_OUTSIDE_TOUR))
        elif entry.code in _EARNING_COMP_TIME:
            worked = _entry_hours(entry)
            credited = max(worked, rules.call_back_minimum_hours)
            credits.append(Credit(day, IRREGULAR_OUTSIDE_TOUR, hours=credited))
    return credits


_EARNING_COMP_TIME = (
    TimeCode.REGULAR,
    TimeCode.IRREGULAR_OVERTIME,
    TimeCode.COMP_TIME_EARNED,
)


def tour_credits(
    shift: "ScheduledShift", entries: list["Entry"], context: DayContext
) -> list[Credit]:
    worker, rules = context.worker, context.rules
    regular_window, overtime_window = tour_windows(shift, worker, rules)
    credits: list[Credit] = []
    for entry in entries:
        credits += code_credits(entry)

    worked_regular, worked_overtime, outside = _worked_regular_time(
        entries, regular_window, overtime_window
    )
    regular, beyond_a_day = pay_clock.take_first(worked_regular, REGULAR_HOURS_A_DAY)
    training = any(e.training and e.code == TimeCode.REGULAR for e in entries)
    credits += _spans(shift.day, REGULAR, regular)
    credits += _spans(shift.day, TOUR_OVERTIME, worked_overtime)
    # Hours of a long (daylight-saving) night beyond 8 regular ones were
    # scheduled in advance; early starts and late stays were not.
    credits += _spans(shift.day, SCHEDULED_OUTSIDE_TOUR, beyond_a_day)
    credits += outside
    credits += _other_work(entries, rules)

    credits += _obligation(shift, entries, regular, worked_overtime, training, context)
    taken = regular + beyond_a_day + worked_overtime
    credits += _absence(shift, entries, regular_window, taken, context)

    credits += _spans(shift.day, NIGHT, regular)
    credits += _spans(shift.day, REGULAR_NIGHT, regular)
    if rules.night_pay_on_tour_overtime:
        credits += _spans(shift.day, NIGHT, worked_overtime)
    credits += _premiums(shift, entries, regular, context)
    return credits


def _worked_regular_time(entries, regular_window, overtime_window):
    """Regular-code work split into the regular window, the tour-overtime
    window and outside the tour; hours entered without times fill the
    windows from the start."""
    in_regular, in_overtime, outside = [], [], []
    untimed = ZERO
    for entry in entries:
        if entry.code != TimeCode.REGULAR:
            continue
        span = entry_span(entry)
        if span is None:
            untimed += entry.hours or ZERO
            continue
        in_regular += _inside(span, regular_window)
        in_overtime += _inside(span, overtime_window)
        for part in pay_clock.free_parts(span, regular_window + overtime_window):
            outside.append(Credit(entry.day, IRREGULAR_OUTSIDE_TOUR, part))
    if untimed:
        taken = in_regular + in_overtime
        free = pay_clock.free_parts_of_all(regular_window, taken) + (
            pay_clock.free_parts_of_all(overtime_window, taken)
        )
        placed, _ = pay_clock.take_first(free, untimed)
        left = untimed - pay_clock.total_hours(placed)
        for span in placed:
            if any(span.overlap(window) for window in regular_window):
                in_regular.append(span)
            else:
                in_overtime.append(span)
        if left > 0:
            day = entries[0].day
            outside.append(Credit(day, IRREGULAR_OUTSIDE_TOUR, hours=left))
    return sorted(in_regular), sorted(in_overtime), outside


def _other_work(entries, rules: PayRules) -> list[Credit]:
    credits = []
    for entry in entries:
        if entry.code == TimeCode.SCHEDULED_OVERTIME:
            credits.append(_same_time(entry, SCHEDULED_OUTSIDE_TOUR))
        elif entry.code not in (TimeCode.IRREGULAR_OVERTIME, TimeCode.COMP_TIME_EARNED):
            continue
        elif entry.call_back:
            credited = max(_entry_hours(entry), rules.call_back_minimum_hours)
            credits.append(Credit(entry.day, IRREGULAR_OUTSIDE_TOUR, hours=credited))
        else:
            credits.append(_same_time(entry, IRREGULAR_OUTSIDE_TOUR))
    return credits


def _obligation(shift, entries, regular, worked_overtime, training, context):
    """Tour overtime is owed only on a day with regular-time work; a
    training day owes none; a day without regular work but paid absence
    (or training within the yearly count) is excused and still counts."""
    obligated = TOUR_OVERTIME_A_DAY[context.worker.tour]
    if not obligated:
        return []
    if training:
        if context.training_paid_at_tour:
            return [Credit(shift.day, EXCUSED_TOUR_OVERTIME, hours=obligated)]
        return []
    if regular:
        short = obligated - pay_clock.total_hours(worked_overtime)
        return [Credit(shift.day, OVERTIME_DEBT, hours=short)] if short > 0 else []
    paid_absence = context.holiday or any(
        rules_of(entry.code).kind == Kind.PAID_ABSENCE for entry in entries
    )
    if paid_absence:
        return [Credit(shift.day, EXCUSED_TOUR_OVERTIME, hours=obligated)]
    return []


def _absence(shift, entries, regular_window, taken, context):
    """Place leave in the tour's regular hours (for night pay), and credit
    the holiday to an agent who has the observed holiday off."""
    credits = []
    absences = [e for e in entries if rules_of(e.code).kind != Kind.WORK]
    if context.holiday and not entries:
        hours = min(REGULAR_HOURS_A_DAY, pay_clock.total_hours(regular_window))
        credits.append(Credit(shift.day, CODE + TimeCode.HOLIDAY, hours=hours))
        placed, _ = pay_clock.take_first(regular_window, hours)
        return credits + _spans(shift.day, NIGHT, placed)

    busy = list(taken)
    timed = [(e, entry_span(e)) for e in absences if entry_span(e)]
    for entry, span in timed:
        inside = _inside(span, regular_window)
        busy += inside
        credits += _absence_night(shift.day, entry.code, inside)
    for entry in absences:
        if entry_span(entry) is not None:
            continue
        free = pay_clock.free_parts_of_all(regular_window, busy)
        placed, _ = pay_clock.take_first(free, entry.hours or ZERO)
        busy += placed
        credits += _absence_night(shift.day, entry.code, placed)
    return credits


def _absence_night(day, code, spans):
    kind = rules_of(code).kind
    if kind != Kind.PAID_ABSENCE:
        return []
    # Holiday hours keep night pay; other paid leave only in a short-leave
    # pay period, which the period decides.
    return _spans(day, NIGHT if code == TimeCode.HOLIDAY else LEAVE_NIGHT, spans)


def _premiums(shift, entries, regular, context):
    zone = context.worker.zone
    credits = []
    whole = Span(shift.start, shift.end)
    if pay_clock.touches_sunday(whole, zone):
        # No Sunday premium during training (5 U.S.C. 5546(a)).
        untrained = _not_training(regular, entries)
        sunday, _ = pay_clock.take_first(untrained, SUNDAY_PREMIUM_CAP)
        credits += _spans(shift.day, SUNDAY_PREMIUM, sunday)
        credits += _spans(shift.day, SUNDAY_NIGHT, sunday)
    if context.holiday and regular:
        holiday, _ = pay_clock.take_first(regular, HOLIDAY_PREMIUM_CAP)
        credits += _spans(shift.day, HOLIDAY_PREMIUM, holiday)
        worked = pay_clock.total_hours(holiday)
        if worked < HOLIDAY_WORK_MINIMUM:
            topped_up = HOLIDAY_WORK_MINIMUM - worked
            credits.append(Credit(shift.day, HOLIDAY_PREMIUM, hours=topped_up))
    return credits


def _not_training(regular: list[Span], entries) -> list[Span]:
    training = [
        entry_span(e) for e in entries if e.training and entry_span(e) is not None
    ]
    if not training:
        return regular
    if any(e.training and entry_span(e) is None for e in entries):
        return []
    return [part for span in regular for part in pay_clock.free_parts(span, training)]


def _inside(span: Span, windows: list[Span]) -> list[Span]:
    return [part for window in windows if (part := span.overlap(window))]


def _spans(day: date, measure: str, spans: list[Span]) -> list[Credit]:
    return [Credit(day, measure, span) for span in spans]


def _same_time(entry: "Entry", measure: str) -> Credit:
    span = entry_span(entry)
    return Credit(entry.day, measure, span, ZERO if span else entry.hours or ZERO)


def _entry_hours(entry: "Entry") -> Decimal:
    span = entry_span(entry)
    return span.hours if span else entry.hours or ZERO
