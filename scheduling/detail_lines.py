"""A detail accepted, cancelled or cut short after the G-481s of its days
were built: the lines follow it, as the G-259's cells do (``detail_cells``).

- Accepted: on the home station's days the person's line goes off duty,
  "on detail" at the gaining station, giving back its vehicle; the gaining
  station's G-481s get a line for each day its G-259 has the person
  working, made as the build makes them.
- Ended (cancelled, or cut short from a day): the gaining station's lines
  of those days go, giving back their vehicles; on the home station's days
  the line takes the restored G-259 cell again (the zone and vehicle of
  the person's defaults), and a day without a line gets one.

A line a supervisor changed by hand is left as it is: the step's notice
names it, and the G-481 day page shows the conflict (``detail_notices``) for as
long as the line and the detail disagree.
"""

from bpets.bulk_history import update_with_history
from scheduling import g481, g481_build
from scheduling.models import (
    CellStatus,
    DailyEntry,
    DailySchedule,
    Detail,
    DetailSide,
    ScheduleCell,
    ScheduleDefault,
)
from security import policies as security_policies

APPLIED = "Detail accepted"
ENDED = "Detail ended"


def on_detail_text(detail: Detail) -> str:
    return f"On detail at {detail.gaining_station.name}"


def _lines(detail: Detail, station_id, first_day, last_day) -> list[DailyEntry]:
    return list(
        DailyEntry.objects.select_for_update(of=("self",))
        .filter(
            employee_id=detail.employee_id,
            daily__station_id=station_id,
            daily__day__gte=first_day,
            daily__day__lte=last_day,
        )
        .select_related("daily", "vehicle_assignment__vehicle__station")
        .order_by("daily__day")
    )


def _side_actor(detail: Detail, side: str, actor):
    """Who gives back a station's vehicles: the one acting if they schedule
    there, otherwise the supervisor of that side who agreed to the detail
    (the vehicles module lets only a station's own schedulers do it)."""
    station_id = (
        detail.home_station_id if side == DetailSide.HOME else detail.gaining_station_id
    )
    if security_policies.holds_role(actor, "scheduling", "supervisor", station_id):
        return actor
    if detail.proposed_side == side:
        return detail.proposed_by
    return detail.decided_by or actor


def _give_back(line: DailyEntry, actor) -> None:
    if line.vehicle_assignment is not None:
        g481.release_vehicle(actor, line.vehicle_assignment)
    line.vehicle = None
    line.vehicle_assignment = None


def _add_lines(detail: Detail, station_id, first_day, last_day, actor) -> int:
    """Lines from the station's G-259 cells for the person's days that have
    a G-481 but no line of theirs; how many were made."""
    made = []
    for daily in DailySchedule.objects.filter(
        station_id=station_id, day__gte=first_day, day__lte=last_day
    ).select_related("schedule"):
        made += g481_build.lines_from_cells(
            daily, daily.schedule, daily.day, actor, employee_ids=[detail.employee_id]
        )
    g481_build.assign_default_vehicles(made, actor)
    return len(made)


# ---- a detail accepted -------------------------------------------------------


def accepted(detail: Detail, actor) -> list[DailyEntry]:
    """Move the person's built lines to the gaining station; the home lines
    kept on duty because they were changed by hand."""
    home_actor = _side_actor(detail, DetailSide.HOME, actor)
    kept, changed = [], []
    for line in _lines(
        detail, detail.home_station_id, detail.first_day, detail.last_day
    ):
        if not line.on_duty:
            continue
        if line.changed_by_hand:
            kept.append(line)
            continue
        _give_back(line, home_actor)
        # The shift stays, to say what is not worked here.
        line.on_duty = False
        line.remarks = on_detail_text(detail)[:200]
        line.version += 1
        changed.append(line)
    update_with_history(
        DailyEntry, changed, g481.CHANGED_FIELDS, user=actor, reason=APPLIED
    )
    _add_lines(
        detail,
        detail.gaining_station_id,
        detail.first_day,
        detail.last_day,
        _side_actor(detail, DetailSide.GAINING, actor),
    )
    return kept


# ---- a detail ended -----------------------------------------------------------


def ended(detail: Detail, actor, from_day, through) -> list[DailyEntry]:
    """Bring the person home from ``from_day`` to ``through`` (the last day
    the detail had); the lines left as they were because they were changed
    by hand."""
    kept = []
    gaining_actor = _side_actor(detail, DetailSide.GAINING, actor)
    for line in _lines(detail, detail.gaining_station_id, from_day, through):
        if line.changed_by_hand:
            kept.append(line)
            continue
        _give_back(line, gaining_actor)
        line._history_user = actor
        line._change_reason = ENDED
        line.delete()

    home_actor = _side_actor(detail, DetailSide.HOME, actor)
    cells = {
        cell.day: cell
        for cell in ScheduleCell.objects.filter(
            row__schedule__station_id=detail.home_station_id,
            row__employee_id=detail.employee_id,
            day__gte=from_day,
            day__lte=through,
        )
    }
    zone_id = (
        ScheduleDefault.objects.filter(
            employee_id=detail.employee_id, zone__station_id=detail.home_station_id
        )
        .values_list("zone_id", flat=True)
        .first()
    )
    changed = []
    for line in _lines(detail, detail.home_station_id, from_day, through):
        cell = cells.get(line.daily.day)
        works = _works(cell)
        if line.changed_by_hand:
            if works and not line.on_duty:
                kept.append(line)
            continue
        _give_back(line, home_actor)
        _take_cell(line, cell if works else None, zone_id)
        line.version += 1
        changed.append(line)
    update_with_history(
        DailyEntry, changed, g481.CHANGED_FIELDS, user=actor, reason=ENDED
    )
    g481_build.assign_default_vehicles(
        [line.pk for line in changed if line.on_duty], home_actor
    )
    _add_lines(detail, detail.home_station_id, from_day, through, home_actor)
    return kept


def _works(cell) -> bool:
    return (
        cell is not None
        and cell.status in CellStatus.with_shift()
        and cell.shift_start is not None
    )


def _take_cell(line: DailyEntry, cell, zone_id) -> None:
    """The line as the build makes it from the cell (off without one)."""
    if cell is None:
        line.on_duty = False
        line.remarks = ""
        return
    line.on_duty = True
    line.shift_start, line.shift_end = cell.shift_start, cell.shift_end
    line.activity_id = cell.activity_id
    line.sub_activity_id = cell.sub_activity_id
    line.zone_id = zone_id
    line.remarks = cell.remarks
