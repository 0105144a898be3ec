"""An accepted detail on the G-259s of both stations, and off them again.

The rules, the same for a G-259 initialized after the detail was accepted
(both initialization paths) and for one that exists when it is accepted,
cancelled or cut short:

- Home station: each day of the detail the person would be there (a
  scheduled workday or training with its shift, or a regular day off)
  reads "detail" (on detail at the gaining station). A workday keeps its
  shift instants, as leave does, so that ending the detail gives the day
  its tour back. Leave and holidays stay what they are (the home station
  charges the leave), and so does a cell a supervisor changed by hand:
  the step that would have changed it names it instead.
- Gaining station: the person gets a row (their overtime level from their
  defaults) with a cell for each day of the detail only. The days off are
  those of their defaults (Saturday and Sunday without defaults); the
  workdays are worked on the detail's shift template, a shift of the
  gaining station, in that station's time; approved leave is taken there as
  on any workday. The activity is left for the gaining supervisor to set:
  the person's own is their home station's.
- Ending a detail (cancelled, or cut short from a day) gives the home
  cells back what they were: the shift makes the day a workday again
  (training if the defaults say so), no shift a day off, and approved leave
  over the day is put back. The gaining station's cells of those days go,
  with their history; hand-changed ones are named in the step's notice.

A finalized G-259 takes the detail too, as it takes approved leave: a
detail agreed by two stations' supervisors is not an ordinary edit, and the
daily schedules built from a finalized G-259 must show where the person is.
The notices name the finalized G-259s changed, so their supervisors know.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from bpets.bulk_history import copy_with_history, update_with_history
from scheduling import detail_selectors, leave_cells, time_rules
from scheduling.cell_rows import CELL_FIELDS, SKIPPED_START
from scheduling.models import (
    CellStatus,
    Detail,
    Schedule,
    ScheduleCell,
    ScheduleDefault,
    ScheduleRow,
    ShiftTemplate,
    weekday_of,
)
from scheduling.models.reference import OvertimeLevel

APPLIED = "Detail accepted"
ENDED = "Detail ended"
INITIALIZED = "Initialized from an accepted detail"
# Saturday and Sunday: the days off of a person without schedule defaults.
WEEKEND = {0, 6}


@dataclass
class Outcome:
    """What a step did to the G-259s, for its notice."""

    changed: int = 0
    kept_by_hand: list = field(default_factory=list)
    removed_by_hand: list = field(default_factory=list)
    finalized: set = field(default_factory=set)
    rows: int = 0
    # G-481 lines changed by hand that the step left as they were.
    lines_kept: list = field(default_factory=list)

    def notes(self) -> str:
        parts = []
        if self.kept_by_hand:
            parts.append(
                f"{len(self.kept_by_hand)} cell(s) changed by hand were left as "
                f"they were ({_days(self.kept_by_hand)}): check them"
            )
        if self.removed_by_hand:
            parts.append(
                f"{len(self.removed_by_hand)} hand-changed cell(s) of the gaining "
                f"station were removed ({_days(self.removed_by_hand)})"
            )
        if self.lines_kept:
            days = ", ".join(
                sorted({f"{line.daily.day:%Y-%m-%d}" for line in self.lines_kept})
            )
            parts.append(
                f"{len(self.lines_kept)} G-481 line(s) changed by hand were left "
                f"as they were ({days}): see the notice on those days' G-481s"
            )
        if self.finalized:
            parts.append(
                f"{len(self.finalized)} finalized G-259(s) changed with the detail"
            )
        return "; ".join(parts)


def _days(cells) -> str:
    return ", ".join(sorted({f"{cell.day:%Y-%m-%d}" for cell in cells}))


def takes_home_cell(status: str, has_shift: bool, on_leave: bool) -> bool:
    """Does a home-station day become "detail"? (Initialization and ``apply``.)"""
    if on_leave:
        return False
    if status == CellStatus.DAY_OFF:
        return True
    return status in CellStatus.with_shift() and has_shift


# ---- a detail accepted -----------------------------------------------------


@transaction.atomic
def apply(detail: Detail, actor) -> Outcome:
    """Put an accepted detail on the existing G-259s of both stations."""
    outcome = Outcome()
    _apply_home(detail, actor, outcome)
    for schedule in _schedules(detail.gaining_station_id, detail):
        rows, cells = add_detailed_in(
            schedule, _days_of(schedule), actor, reason=APPLIED, details=[detail]
        )
        outcome.rows += rows
        outcome.changed += cells
        if cells and schedule.is_finalized:
            outcome.finalized.add(schedule.pk)
    return outcome


def _apply_home(detail: Detail, actor, outcome: Outcome) -> None:
    cells = list(
        ScheduleCell.objects.select_for_update(of=("self",))
        .filter(
            row__employee_id=detail.employee_id,
            row__schedule__station_id=detail.home_station_id,
            day__gte=detail.first_day,
            day__lte=detail.last_day,
            detail__isnull=True,
        )
        .select_related("row__schedule")
        .order_by("day", "pk")
    )
    changed = []
    for cell in cells:
        if not takes_home_cell(
            cell.status, cell.has_shift, cell.leave_request_id is not None
        ):
            continue
        if cell.changed_by_hand:
            outcome.kept_by_hand.append(cell)
            continue
        cell.status = CellStatus.DETAIL
        cell.detail = detail
        cell.version += 1
        changed.append(cell)
        if cell.row.schedule.is_finalized:
            outcome.finalized.add(cell.row.schedule_id)
    update_with_history(
        ScheduleCell,
        changed,
        ["status", "detail", "version"],
        user=actor,
        reason=APPLIED,
    )
    outcome.changed += len(changed)


def _schedules(station_id, detail: Detail, first_day=None):
    first_day = first_day or detail.first_day
    return list(
        Schedule.objects.select_for_update(of=("self",))
        .filter(
            station_id=station_id,
            pay_period__start_date__lte=detail.last_day,
            pay_period__end_date__gte=first_day,
        )
        .select_related("pay_period", "station")
        .order_by("pay_period__start_date")
    )


def _days_of(schedule: Schedule) -> list:
    period = schedule.pay_period
    return [
        period.start_date + timedelta(days=offset)
        for offset in range((period.end_date - period.start_date).days + 1)
    ]


# ---- people detailed in -------------------------------------------------


def add_detailed_in(
    schedule: Schedule, days, actor, *, reason: str = INITIALIZED, details=None
) -> tuple[int, int]:
    """Rows and cells on ``schedule`` for the people detailed to its station
    on ``days`` (all accepted details, or those given); only what is missing.
    Returns (rows made, cells made)."""
    station = schedule.station
    if details is None:
        details = detail_selectors.accepted().filter(
            detail_selectors.overlapping(days[0], days[-1]),
            gaining_station_id=station.pk,
        )
    details = [
        detail
        for detail in details
        if detail.first_day <= days[-1] and detail.last_day >= days[0]
    ]
    if not details:
        return 0, 0
    people = {detail.employee_id for detail in details}
    defaults = ScheduleDefault.objects.in_bulk(list(people), field_name="employee_id")
    rows = {
        row.employee_id: row
        for row in ScheduleRow.objects.filter(schedule=schedule, employee_id__in=people)
    }
    new_rows = [
        ScheduleRow(
            schedule=schedule,
            employee_id=employee_id,
            overtime_level=(
                defaults[employee_id].overtime_level
                if employee_id in defaults
                else OvertimeLevel.LEVEL_1
            ),
        )
        for employee_id in sorted(people - set(rows))
    ]
    ScheduleRow.objects.bulk_create(new_rows)
    rows.update({row.employee_id: row for row in new_rows})

    existing = set(
        ScheduleCell.objects.filter(row__in=list(rows.values())).values_list(
            "row_id", "day"
        )
    )
    leave = leave_cells.approved_leave(people, days[0], days[-1])
    templates = ShiftTemplate.objects.in_bulk(
        {detail.shift_template_id for detail in details}
    )
    zone = ZoneInfo(station.time_zone)
    cells = []
    for detail in details:
        row = rows[detail.employee_id]
        for day in days:
            if detail.covers(day) and (row.pk, day) not in existing:
                taken = leave.get(detail.employee_id, {}).get(day)
                cells.append(
                    gaining_cell(
                        row.pk,
                        detail,
                        templates[detail.shift_template_id],
                        defaults.get(detail.employee_id),
                        day,
                        zone,
                        taken,
                    )
                )
                existing.add((row.pk, day))
    copy_with_history(ScheduleCell, CELL_FIELDS, cells, user=actor, reason=reason)
    return len(new_rows), len(cells)


def gaining_cell(
    row_id, detail: Detail, template, default, day, zone, leave=None
) -> tuple:
    """A day of the detail on the gaining station's G-259, as CELL_FIELDS."""
    days_off = default.days_off if default is not None else WEEKEND
    if weekday_of(day) in days_off:
        return (
            row_id,
            day,
            CellStatus.DAY_OFF,
            "",
            None,
            None,
            None,
            None,
            None,
            "",
            1,
            False,
            None,
            detail.pk,
        )

    status = CellStatus.WORKDAY
    if (
        default is not None
        and default.work_status == ScheduleDefault.WorkStatus.TRAINING
    ):
        status = CellStatus.TRAINING
    leave_type, leave_request_id = "", None
    if leave is not None and status == CellStatus.WORKDAY:
        values = leave_cells.cell_values(leave)
        status = values.get("status", status)
        leave_type = values.get("leave_type", "")
        leave_request_id = leave.pk
    remarks = ""
    try:
        start, end = time_rules.template_instants(
            day, template.start_time, timedelta(minutes=template.length_minutes), zone
        )
    except time_rules.ShiftTimeError:
        start = end = None
        remarks = SKIPPED_START
    return (
        row_id,
        day,
        status,
        leave_type,
        template.pk,
        start,
        end,
        None,  # the activity: the gaining supervisor's to set
        None,
        remarks,
        1,
        False,
        leave_request_id,
        detail.pk,
    )


# ---- a detail ended ------------------------------------------------------


@transaction.atomic
def restore(detail: Detail, actor, from_day=None) -> Outcome:
    """Take the detail off the G-259s from ``from_day`` (its first day: all
    of it), giving the home station's days back their schedule."""
    from_day = from_day or detail.first_day
    outcome = Outcome()
    cells = list(
        ScheduleCell.objects.select_for_update(of=("self",))
        .filter(detail=detail, day__gte=from_day)
        .select_related("row__schedule")
        .order_by("day", "pk")
    )
    home = [c for c in cells if c.row.schedule.station_id == detail.home_station_id]
    gaining = [c for c in cells if c not in home]
    for cell in cells:
        if cell.row.schedule.is_finalized:
            outcome.finalized.add(cell.row.schedule_id)
    _restore_home(detail, home, actor)
    outcome.changed = len(cells)

    outcome.removed_by_hand = [cell for cell in gaining if cell.changed_by_hand]
    row_ids = {cell.row_id for cell in gaining}
    for cell in gaining:
        cell._history_user = actor
        cell._change_reason = ENDED
        cell.delete()
    # A row left without a day is not the gaining station's any more.
    ScheduleRow.objects.filter(pk__in=row_ids, cells__isnull=True).delete()
    return outcome


def _restore_home(detail: Detail, cells, actor) -> None:
    if not cells:
        return
    default = ScheduleDefault.objects.filter(employee_id=detail.employee_id).first()
    in_training = (
        default is not None
        and default.work_status == ScheduleDefault.WorkStatus.TRAINING
    )
    leave = leave_cells.approved_leave(
        [detail.employee_id], cells[0].day, cells[-1].day
    ).get(detail.employee_id, {})
    for cell in cells:
        if cell.status == CellStatus.DETAIL:
            if not cell.has_shift:
                cell.status = CellStatus.DAY_OFF
            elif in_training:
                cell.status = CellStatus.TRAINING
            else:
                cell.status = CellStatus.WORKDAY
                taken = leave.get(cell.day)
                if taken is not None:
                    for name, value in leave_cells.cell_values(taken).items():
                        setattr(cell, name, value)
        cell.detail = None
        cell.version += 1
    update_with_history(
        ScheduleCell,
        cells,
        ["status", "leave_type", "leave_request", "detail", "version"],
        user=actor,
        reason=ENDED,
    )


def home_days(station, employee_ids, first_day, last_day) -> dict:
    """{(employee id, day): detail id} of the accepted details taking the
    station's people away between the two days: what a new home G-259
    starts from."""
    return {
        (employee_id, day): detail.pk
        for employee_id, by_day in detail_selectors.days_by_person(
            employee_ids, first_day, last_day, home_station_id=station.pk
        ).items()
        for day, detail in by_day.items()
    }
