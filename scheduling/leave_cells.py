"""Approved leave in the G-259 cells it covers, and out again when cancelled.

A leave turns each scheduled workday it covers, on every G-259 that has
the person, into a day of leave of its type. The cell keeps its shift
instants: they say which tour the leave replaces, and cancelling gives the
day that tour back. Regular days off, holidays, training and details in
the range stay what they are (no leave is charged on them). A finalized G-259
takes the leave too: approved leave is not an ordinary edit, and the daily
schedules built from it must show it.

A part-day leave (one day, fewer hours than a full day's regular time)
leaves the day a workday: the person still works the rest of the tour.
The cell is linked to the leave all the same, so the grid, the daily
schedule and the timesheet show the hours taken, and a conflict check
knows the workday is not a scheduling mistake.
"""

from collections import defaultdict
from datetime import timedelta

from django.db import transaction

from scheduling.models import CellStatus, LeaveRequest, RequestStatus, ScheduleCell


def covers_whole_day(leave_request: LeaveRequest) -> bool:
    return not leave_request.is_part_day


def cell_values(leave_request: LeaveRequest) -> dict:
    """What a scheduled workday under the leave holds, for a cell being made
    (the G-259 initialization) or changed (``apply``)."""
    if not covers_whole_day(leave_request):
        return {"leave_request": leave_request}
    return {
        "status": CellStatus.LEAVE,
        "leave_type": leave_request.leave_type,
        "leave_request": leave_request,
    }


@transaction.atomic
def apply(leave_request: LeaveRequest, actor) -> list[ScheduleCell]:
    """Put approved leave in the existing cells it covers; the changed cells."""
    cells = ScheduleCell.objects.select_for_update().filter(
        row__employee_id=leave_request.employee_id,
        day__gte=leave_request.first_day,
        day__lte=leave_request.last_day,
        status=CellStatus.WORKDAY,
        leave_request__isnull=True,
    )
    values = cell_values(leave_request)
    changed = []
    for cell in cells.order_by("day", "pk"):
        for name, value in values.items():
            setattr(cell, name, value)
        _save(cell, actor)
        changed.append(cell)
    return changed


@transaction.atomic
def restore(leave_request: LeaveRequest, actor) -> list[ScheduleCell]:
    """Give the cells a cancelled leave covered back their workday.

    A cell someone changed since (a day off given instead, say) keeps what
    they made of it, and loses only its link to the leave.
    """
    changed = []
    cells = ScheduleCell.objects.select_for_update().filter(leave_request=leave_request)
    for cell in cells.order_by("day", "pk"):
        if (
            cell.status == CellStatus.LEAVE
            and cell.leave_type == leave_request.leave_type
        ):
            cell.status = CellStatus.WORKDAY
            cell.leave_type = ""
        cell.leave_request = None
        _save(cell, actor)
        changed.append(cell)
    return changed


def _save(cell: ScheduleCell, actor) -> None:
    cell.version += 1
    cell._history_user = actor
    cell.save(update_fields=["status", "leave_type", "leave_request", "version"])


def approved_leave(employee_ids, first_day, last_day) -> dict:
    """{employee id: {day: approved leave}} for the days between the two
    (inclusive), in one query: what a new G-259's cells start from.

    Cells made from it take ``cell_values(leave)`` on the days the defaults
    make workdays, and keep the shift the defaults give them, so that
    cancelling the leave gives back a whole workday.
    """
    by_employee = defaultdict(dict)
    approved = LeaveRequest.objects.filter(
        employee_id__in=list(employee_ids),
        status=RequestStatus.APPROVED,
        first_day__lte=last_day,
        last_day__gte=first_day,
    ).order_by("first_day", "pk")
    for leave in approved:
        day = max(leave.first_day, first_day)
        while day <= min(leave.last_day, last_day):
            by_employee[leave.employee_id].setdefault(day, leave)
            day += timedelta(days=1)
    return dict(by_employee)
