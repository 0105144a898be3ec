"""What a timesheet's day starts from: the schedule as the supervisor set it.

The G-481 line of the day wins where there is one, then the finalized
G-259 cell; a day of a detail is read from the gaining station's schedules.
``initialization_sql`` applies the same rules in the database; a test
initializes one station both ways and compares every day.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from scheduling.models import CellStatus, DailyEntry, Schedule, ScheduleCell
from timesheet.models import ScheduledDay


@dataclass(frozen=True)
class Scheduled:
    """The part of a G-481 line or a G-259 cell a timesheet day copies."""

    status: str
    leave_type: str
    start: datetime | None
    end: datetime | None


def plan(
    *, line: Scheduled | None, cell: Scheduled | None, on_detail: bool
) -> tuple[str, Scheduled]:
    """(source, what the day holds) from the day's G-481 line and G-259 cell."""
    if line is not None:
        return ScheduledDay.Source.G481, _from_line(line, cell)
    if cell is not None:
        return ScheduledDay.Source.G259, cell
    status = CellStatus.DETAIL if on_detail else CellStatus.DAY_OFF
    return ScheduledDay.Source.NONE, Scheduled(status, "", None, None)


def _from_line(line: Scheduled, cell: Scheduled | None) -> Scheduled:
    # A G-481 line says whether the person works and when; the G-259 cell
    # under it still says whether the work is training, or what the day is
    # when the line takes the person off duty.
    cell_status = cell.status if cell is not None else None
    if line.start is not None:
        training = cell_status == CellStatus.TRAINING
        status = CellStatus.TRAINING if training else CellStatus.WORKDAY
        return Scheduled(status, "", line.start, line.end)
    if cell_status is None or cell_status in CellStatus.with_shift():
        return Scheduled(CellStatus.DAY_OFF, "", None, None)
    return Scheduled(cell_status, cell.leave_type, None, None)


def g481_lines(ids, first, last) -> dict:
    """{(employee, day, station): Scheduled} of the people's G-481 lines."""
    found = {}
    lines = DailyEntry.objects.filter(
        employee_id__in=ids, daily__day__gte=first, daily__day__lte=last
    ).values_list(
        "employee_id",
        "daily__day",
        "daily__station_id",
        "on_duty",
        "shift_start",
        "shift_end",
    )
    for employee, day, station, on_duty, start, end in lines:
        shift = (start, end) if on_duty else (None, None)
        found[(employee, day, station)] = Scheduled("", "", *shift)
    return found


def g259_cells(ids, pay_period) -> dict:
    """{(employee, day, station): Scheduled} of the people's cells on the
    finalized G-259s of the pay period."""
    cells = ScheduleCell.objects.filter(
        Q(row__employee_id__in=ids),
        row__schedule__pay_period=pay_period,
        row__schedule__status=Schedule.Status.FINALIZED,
    ).values_list(
        "row__employee_id",
        "day",
        "row__schedule__station_id",
        "status",
        "leave_type",
        "shift_start",
        "shift_end",
    )
    return {
        (employee, day, station): Scheduled(status, leave_type, start, end)
        for employee, day, station, status, leave_type, start, end in cells
    }
