"""Set-up shared by the tests of leave and schedule change requests."""

from datetime import date, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from scheduling import pay_periods, services, time_rules
from scheduling.models import CellStatus, Schedule, ScheduleCell, ScheduleRow

PHOENIX = ZoneInfo("America/Phoenix")


def future_period():
    """A pay period a month or more away, so that no day of it has begun."""
    return pay_periods.following(
        pay_periods.containing(timezone.localdate() + timedelta(days=28))
    )


PERIOD = future_period()
SUNDAY = PERIOD.start


def day(offset: int) -> date:
    """The day ``offset`` days into the future pay period (0: its Sunday)."""
    return SUNDAY + timedelta(days=offset)


def tour(on: date):
    """A 06:00 tour of 10 hours at Nogales (Arizona: no daylight saving)."""
    return time_rules.template_instants(on, time(6), timedelta(hours=10), PHOENIX)


def g259(employee, statuses: dict[int, str], *, by_hand=()):
    """A G-259 of the future pay period with a row for ``employee``: a cell
    per offset given, workdays on the 06:00 tour."""
    schedule, _ = Schedule.objects.get_or_create(
        station=employee.duty_station, pay_period=services.pay_period_row(SUNDAY)
    )
    row = ScheduleRow.objects.create(schedule=schedule, employee=employee)
    cells = {}
    for offset, status in statuses.items():
        start, end = tour(day(offset)) if status == CellStatus.WORKDAY else (None,) * 2
        cells[offset] = ScheduleCell.objects.create(
            row=row,
            day=day(offset),
            status=status,
            shift_start=start,
            shift_end=end,
            changed_by_hand=offset in by_hand,
        )
    return cells


WEEK = {
    0: CellStatus.DAY_OFF,
    1: CellStatus.WORKDAY,
    2: CellStatus.WORKDAY,
    3: CellStatus.WORKDAY,
    4: CellStatus.WORKDAY,
    5: CellStatus.WORKDAY,
    6: CellStatus.DAY_OFF,
}


def leave_of(user, first: int, last: int, hours=None, leave_type="ANNUAL", **more):
    from scheduling import requests

    days = last - first + 1
    return requests.request_leave(
        actor=user,
        leave_type=leave_type,
        first_day=day(first),
        last_day=day(last),
        hours=Decimal(hours if hours is not None else 8 * days),
        **more,
    )
