"""An approved schedule change in the G-259 cell of its day, and out again.

The day becomes what was asked: a regular day off (no shift), a workday
on the person's usual shift (their default shift template, or the tour
the cell already names), or a workday on the shift asked for. Shift
instants are worked out in the station's time zone (``time_rules``), so a
shift across a daylight-saving night has its real hours. The cell is
marked changed by hand: the change is a supervisor's decision, which the
G-259 initialization must never undo. Cancelling the approved change puts
back the status and shift the day had before it.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from scheduling import time_rules
from scheduling.models import CellStatus, ScheduleCell, ScheduleChangeRequest

Wanted = ScheduleChangeRequest.Wanted


class ChangeNotApplicable(ValueError):
    """The change cannot be made to the day as it is; the message says why."""


def wanted_shift(change: ScheduleChangeRequest, cell: ScheduleCell | None = None):
    """The (start, end) instants the change asks for, or None for a day off."""
    employee = change.employee
    zone = ZoneInfo(employee.duty_station.time_zone)
    if change.wanted == Wanted.DAY_OFF:
        return None
    if change.wanted == Wanted.SHIFT:
        length = timedelta(minutes=change.shift_length_minutes)
        return time_rules.template_instants(
            change.day, change.shift_start_time, length, zone
        )
    template = cell.shift_template if cell is not None else None
    if template is None:
        default = getattr(employee, "schedule_default", None)
        template = default.shift_template if default is not None else None
    if template is None:
        if cell is not None and cell.has_shift:
            return cell.shift_start, cell.shift_end
        raise ChangeNotApplicable(
            "The person has no usual shift (no shift template in their schedule "
            "defaults): ask for a shift from a start time instead."
        )
    return time_rules.template_instants(
        change.day,
        template.start_time,
        timedelta(minutes=template.length_minutes),
        zone,
    )


def cells_of(change: ScheduleChangeRequest):
    return ScheduleCell.objects.select_for_update(of=("self",)).filter(
        row__employee_id=change.employee_id, day=change.day
    )


@transaction.atomic
def apply(change: ScheduleChangeRequest, actor) -> list[ScheduleCell]:
    changed = []
    for cell in cells_of(change).select_related("shift_template").order_by("pk"):
        if cell.status == CellStatus.LEAVE or cell.leave_request_id:
            raise ChangeNotApplicable(
                "The day is taken by approved leave: cancel the leave first."
            )
        shift = wanted_shift(change, cell)
        change.previous_status = cell.status
        change.previous_shift_start = cell.shift_start
        change.previous_shift_end = cell.shift_end
        if shift is None:
            cell.status = CellStatus.DAY_OFF
            cell.shift_start = cell.shift_end = None
        else:
            cell.status = CellStatus.WORKDAY
            cell.shift_start, cell.shift_end = shift
        _save(cell, actor)
        changed.append(cell)
    return changed


@transaction.atomic
def restore(change: ScheduleChangeRequest, actor) -> list[ScheduleCell]:
    if not change.previous_status:
        return []  # the change met no G-259: nothing to put back
    changed = []
    for cell in cells_of(change).order_by("pk"):
        if cell.status == CellStatus.LEAVE:
            continue  # leave approved since: it decides the day now
        cell.status = change.previous_status
        cell.shift_start = change.previous_shift_start
        cell.shift_end = change.previous_shift_end
        _save(cell, actor)
        changed.append(cell)
    return changed


def _save(cell: ScheduleCell, actor) -> None:
    cell.version += 1
    cell.changed_by_hand = True
    cell._history_user = actor
    cell.save(
        update_fields=[
            "status",
            "shift_start",
            "shift_end",
            "version",
            "changed_by_hand",
        ]
    )
