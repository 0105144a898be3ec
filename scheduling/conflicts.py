"""The conflicts of a G-259, graded.

Conflicts are worked out from the cells whenever they are needed, never
stored: what is kept is a supervisor's override of one, named by its kind
and key, which lapses by itself once the schedule no longer has it. Each
kind is a warning, unless the station's rules list it as blocking: then no
edit may bring it about and no override keeps it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import models

from scheduling import leave_cells, time_rules
from scheduling.models import (
    TOUR_HOURS,
    CellStatus,
    ConflictOverride,
    OvertimeLevel,
    ScheduleCell,
    ShiftMinimum,
    StationScheduleRules,
)

WORKWEEK_DAYS = 5

# Days that belong to the tour: worked, or excused from work that was
# scheduled. Regular days off are the rest of the week.
TOUR_DAYS = (
    CellStatus.WORKDAY,
    CellStatus.TRAINING,
    CellStatus.LEAVE,
    CellStatus.HOLIDAY,
    CellStatus.DETAIL,
)


class Kind(models.TextChoices):
    ON_LEAVE = "ON_LEAVE", "Scheduled on approved leave"
    OVERLAP = "OVERLAP", "Shifts overlap"
    SHORT_REST = "SHORT_REST", "Too little rest between shifts"
    WORKWEEK = "WORKWEEK", "Workweek of other than five days"
    TOUR_HOURS = "TOUR_HOURS", "Hours off the elected tour"
    SHIFT_MINIMUM = "SHIFT_MINIMUM", "Shift short of its minimum"
    # On a G-481 (``g481.find_conflicts``), a zone on one shift.
    ZONE_MINIMUM = "ZONE_MINIMUM", "Zone short of its minimum"


# Kinds about a person's week or pay period as a whole: no one day of it is
# at fault, so the grid marks the person's row rather than each of its days.
WHOLE_ROW_KINDS = frozenset({Kind.WORKWEEK, Kind.TOUR_HOURS})


@dataclass
class Conflict:
    kind: str
    key: str
    message: str
    days: tuple[date, ...]
    employee_id: int | None = None
    blocking: bool = False
    override: ConflictOverride | None = None

    @property
    def label(self) -> str:
        return Kind(self.kind).label

    @property
    def is_of_whole_row(self) -> bool:
        return self.kind in WHOLE_ROW_KINDS

    @property
    def is_open(self) -> bool:
        """Still in the way of finalizing: blocking, or a warning not overridden."""
        return self.blocking or self.override is None


@dataclass
class Situation:
    """What the conflicts are worked out from, loaded in a fixed number of
    queries whatever the size of the station."""

    minimum_rest: timedelta
    blocking: frozenset[str]
    minimums: dict[int, int]
    template_names: dict[int, str]
    overrides: dict[tuple[str, str], ConflictOverride]
    # Each person's last shift of the pay period before, for the rest and
    # overlap at the boundary.
    shifts_before: dict[int, ScheduleCell] = field(default_factory=dict)
    leave_days: dict[int, set[date]] = field(default_factory=dict)


def situation_of(schedule, employee_ids) -> Situation:
    rules = StationScheduleRules.objects.filter(station_id=schedule.station_id).first()
    if rules is None:
        rules = StationScheduleRules(station_id=schedule.station_id)
    minimums = {
        minimum.shift_template_id: (minimum.minimum_agents, minimum.shift_template.name)
        for minimum in ShiftMinimum.objects.filter(
            shift_template__station_id=schedule.station_id
        ).select_related("shift_template")
    }
    overrides = {
        (override.kind, override.key): override
        for override in schedule.overrides.select_related("overridden_by")
    }
    return Situation(
        minimum_rest=timedelta(hours=rules.minimum_rest_hours),
        blocking=frozenset(rules.blocking),
        minimums={pk: count for pk, (count, _) in minimums.items()},
        template_names={pk: name for pk, (_, name) in minimums.items()},
        overrides=overrides,
        shifts_before=_last_shifts_before(schedule, employee_ids),
        leave_days=_whole_days_of_leave(schedule, employee_ids),
    )


def _whole_days_of_leave(schedule, employee_ids) -> dict[int, set[date]]:
    """The days of approved leave that excuse a whole tour; a part-day leave
    leaves the person a workday, which is no conflict."""
    approved = leave_cells.approved_leave(
        employee_ids, schedule.pay_period.start_date, schedule.pay_period.end_date
    )
    return {
        employee_id: {
            day for day, leave in by_day.items() if leave_cells.covers_whole_day(leave)
        }
        for employee_id, by_day in approved.items()
    }


def _last_shifts_before(schedule, employee_ids) -> dict[int, ScheduleCell]:
    """The latest worked shift of each person in the day before the pay
    period (a shift starting earlier has ended long before the next)."""
    day_before = schedule.pay_period.start_date - timedelta(days=1)
    cells = ScheduleCell.objects.filter(
        row__employee_id__in=employee_ids,
        day=day_before,
        status__in=CellStatus.with_shift(),
        shift_start__isnull=False,
    ).values("row__employee_id", "day", "shift_start", "shift_end")
    return {
        cell["row__employee_id"]: ScheduleCell(
            day=cell["day"],
            shift_start=cell["shift_start"],
            shift_end=cell["shift_end"],
        )
        for cell in cells
    }


def find(rows, situation: Situation) -> list[Conflict]:
    """Every conflict of a G-259 whose ``rows`` carry their cells (a
    list, by day) and their ``overtime_level``."""
    found = []
    for row in rows:
        found += _of_person(row, situation)
    found += _short_shifts(rows, situation)

    for conflict in found:
        conflict.blocking = conflict.kind in situation.blocking
        if not conflict.blocking:
            conflict.override = situation.overrides.get((conflict.kind, conflict.key))
    return found


def _of_person(row, situation: Situation) -> list[Conflict]:
    employee = row.employee_id
    cells = row.cells_by_day
    found = []

    on_leave = situation.leave_days.get(employee, set())
    for cell in cells:
        if cell.status in CellStatus.with_shift() and cell.day in on_leave:
            found.append(
                Conflict(
                    Kind.ON_LEAVE,
                    f"{employee}:{cell.day}",
                    f"Scheduled to work on {cell.day:%a %d %b}, a day of approved "
                    "leave.",
                    (cell.day,),
                    employee,
                )
            )

    found += _between_shifts(row, situation)

    # A person on detail for part of the period works it at two stations:
    # neither G-259 alone holds their weeks or their tour, so neither
    # judges them (the G-259 that has them on detail shows where they are).
    if any(getattr(cell, "detail_id", None) for cell in cells):
        return found

    for week, days in enumerate((cells[:7], cells[7:]), start=1):
        tour_days = sum(1 for cell in days if cell.status in TOUR_DAYS)
        if days and tour_days != WORKWEEK_DAYS:
            found.append(
                Conflict(
                    Kind.WORKWEEK,
                    f"{employee}:week{week}",
                    f"Week {week} has {tour_days} workdays; the basic workweek "
                    f"has {WORKWEEK_DAYS}.",
                    tuple(cell.day for cell in days),
                    employee,
                )
            )

    tour = _tour_hours(cells)
    expected = TOUR_HOURS[OvertimeLevel(row.overtime_level)]
    if tour is not None and tour != expected:
        found.append(
            Conflict(
                Kind.TOUR_HOURS,
                f"{employee}:period",
                f"{_hours_text(tour)} hours scheduled in the pay period; "
                f"{row.get_overtime_level_display()} was elected.",
                tuple(cell.day for cell in cells),
                employee,
            )
        )
    return found


def _between_shifts(row, situation: Situation) -> list[Conflict]:
    employee = row.employee_id
    shifts = [
        cell
        for cell in row.cells_by_day
        if cell.status in CellStatus.with_shift() and cell.has_shift
    ]
    before = situation.shifts_before.get(employee)
    if before is not None:
        shifts.insert(0, before)
    shifts.sort(key=lambda cell: cell.shift_start)

    found = []
    for earlier, later in zip(shifts, shifts[1:], strict=False):
        rest = later.shift_start - earlier.shift_end
        if rest < timedelta(0):
            found.append(
                Conflict(
                    Kind.OVERLAP,
                    f"{employee}:{later.day}",
                    f"The shift of {later.day:%a %d %b} starts before the shift "
                    f"of {earlier.day:%a %d %b} ends.",
                    (earlier.day, later.day),
                    employee,
                )
            )
        elif rest < situation.minimum_rest:
            rested = _hours_text(rest / time_rules.HOUR)
            asked = _hours_text(situation.minimum_rest / time_rules.HOUR)
            found.append(
                Conflict(
                    Kind.SHORT_REST,
                    f"{employee}:{later.day}",
                    f"{rested} hours of rest before the shift of "
                    f"{later.day:%a %d %b}; the station asks for {asked}.",
                    (earlier.day, later.day),
                    employee,
                )
            )
    return found


def _tour_hours(cells) -> float | None:
    """Hours of the tour in the pay period, worked or excused; None when a
    day's hours are not known here (a detail elsewhere, a shift not set)."""
    total = 0.0
    for cell in cells:
        if cell.status not in TOUR_DAYS:
            continue
        if not cell.has_shift:
            return None
        total += time_rules.hours(cell.shift_start, cell.shift_end)
    return total


def _short_shifts(rows, situation: Situation) -> list[Conflict]:
    if not situation.minimums:
        return []
    on_shift = defaultdict(int)
    days = set()
    for row in rows:
        for cell in row.cells_by_day:
            days.add(cell.day)
            if cell.status == CellStatus.WORKDAY and cell.has_shift:
                on_shift[(cell.day, cell.shift_template_id)] += 1

    found = []
    for day in sorted(days):
        for template_id, minimum in situation.minimums.items():
            count = on_shift[(day, template_id)]
            if count < minimum:
                name = situation.template_names[template_id]
                found.append(
                    Conflict(
                        Kind.SHIFT_MINIMUM,
                        f"{day}:{template_id}",
                        f"{count} on {name} on {day:%a %d %b}; the station's "
                        f"minimum is {minimum}.",
                        (day,),
                    )
                )
    return found


def _hours_text(hours: float) -> str:
    return f"{hours:g}"
