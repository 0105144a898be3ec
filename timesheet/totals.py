"""A loaded timesheet handed to the pay rules, and their totals back.

A closed shift counts as regular time worked from its actual start to its
actual end; every entry counts as entered. The tour and the days off come
from the person's schedule defaults (Saturday and Sunday off without them).
"""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from scheduling.models import CellStatus
from timesheet import pay_rules
from timesheet.codes import TimeCode

WEEKEND = frozenset({0, 6})


def worker(sheet, default) -> pay_rules.Worker:
    zone = ZoneInfo(sheet.station.time_zone)
    if default is None:
        return pay_rules.Worker(sheet.overtime_level, zone, WEEKEND, None, True)
    days_off = frozenset({default.first_day_off, default.second_day_off})
    return pay_rules.Worker(
        tour=sheet.overtime_level,
        zone=zone,
        days_off=days_off,
        in_lieu_of_sunday=default.in_lieu_of_sunday,
        monday_to_friday=days_off == WEEKEND,
    )


def scheduled_shifts(days) -> list[pay_rules.ScheduledShift]:
    return [
        pay_rules.ScheduledShift(day.day, day.scheduled_start, day.scheduled_end)
        for day in days
        if day.scheduled_start is not None
    ]


def rule_entries(days, entries) -> list[pay_rules.Entry]:
    worked = [
        pay_rules.Entry(
            day=day.day,
            code=TimeCode.REGULAR,
            start=day.actual_start,
            end=day.actual_end,
            training=day.status == CellStatus.TRAINING,
        )
        for day in days
        if day.actual_start is not None
    ]
    entered = [
        pay_rules.Entry(
            day=entry.day,
            code=entry.code,
            start=entry.start,
            end=entry.end,
            hours=None if entry.start is not None else entry.hours,
        )
        for entry in entries
    ]
    return worked + entered


def day_before(sheet) -> tuple[list, list]:
    """The day before the pay period, as the employee's previous timesheet
    holds it (its days and entries): the hours after midnight of a shift
    begun that Saturday night are worked in this pay period and credited
    to it."""
    from timesheet.models import ScheduledDay, TimeEntry

    current = {
        "timesheet__employee_id": sheet.employee_id,
        "timesheet__superseded_at__isnull": True,
        "day": sheet.pay_period.start_date - timedelta(days=1),
    }
    return (
        list(ScheduledDay.objects.filter(**current)),
        list(TimeEntry.objects.filter(**current)),
    )


def compute(sheet, days, entries, default, before=((), ())) -> pay_rules.PeriodTotals:
    """The pay period's totals; ``before`` is ``day_before(sheet)``."""
    first_day: date = sheet.pay_period.start_date
    days_before, entries_before = before
    return pay_rules.compute_period(
        first_day,
        worker(sheet, default),
        scheduled_shifts([*days_before, *days]),
        rule_entries([*days_before, *days], [*entries_before, *entries]),
    )
