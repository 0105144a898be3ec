"""The G-259 as supervisors work on it: who may read and change it, the
grid loaded in a fixed number of queries, edits of one cell or many, the
overrides of its conflicts, and finalizing.

Every change goes through here. An edit names the version of each cell it
was made from; if another supervisor changed a cell since, the whole edit
is refused and the current cells are shown, so nobody's work is lost.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bpets.bulk_history import update_with_history
from bpets.epoch import EpochSeconds, instant
from scheduling import conflicts, g481_build, time_rules
from scheduling.models import (
    CellStatus,
    ConflictOverride,
    LeaveType,
    Schedule,
    ScheduleCell,
    ScheduleDefault,
    ScheduleRow,
    ShiftTemplate,
)
from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit

EDITING_ROLES = ("supervisor", "scheduling_administrator")
CHANGED_FIELDS = [
    "status",
    "leave_type",
    "shift_template",
    "shift_start",
    "shift_end",
    "activity",
    "sub_activity",
    "remarks",
    "version",
    "changed_by_hand",
]


class StaleEdit(Exception):
    """Cells changed by someone else since the editor loaded them."""

    CELLS = (
        "Someone changed these cells after you opened them; nothing was saved. "
        "They are shown as they are now."
    )

    def __init__(self, cells, message: str = CELLS):
        self.cells = cells
        super().__init__(message)


class Blocked(Exception):
    """The edit would bring about conflicts the station does not allow."""

    def __init__(self, found):
        self.conflicts = found
        super().__init__(
            "Not saved: the station does not allow "
            + "; ".join(conflict.message for conflict in found)
        )


def may_read(user, station) -> bool:
    return any(
        security_policies.holds_role(user, "scheduling", role, station)
        for role in EDITING_ROLES
    )


def may_edit(user, station) -> bool:
    return may_read(user, station)


def may_reopen(user, station) -> bool:
    return security_policies.holds_role(
        user, "scheduling", "scheduling_administrator", station
    )


def stations_read_by(user):
    return stations_where(user, EDITING_ROLES)


def stations_where(user, roles):
    """The stations over which the user holds any of the scheduling roles."""
    reached = set()
    for role in roles:
        reached |= security_policies.reach(user, "scheduling", role)
    return OrganizationUnit.objects.filter(
        pk__in=reached, kind=OrganizationUnit.Kind.STATION
    ).select_related("parent")


@dataclass
class Grid:
    schedule: Schedule
    rows: list
    days: list
    conflicts: list

    @property
    def open_conflicts(self):
        return [conflict for conflict in self.conflicts if conflict.is_open]


@dataclass(slots=True)
class CellView:
    """A cell as the grid and its conflicts read it: the fields they need,
    without a model instance's cost (a 400-person grid has 5,600)."""

    pk: int
    row_id: int
    day: date
    status: str
    leave_type: str
    shift_template_id: int | None
    shift_start: datetime | None
    shift_end: datetime | None
    version: int
    leave_request_id: int | None
    detail_id: int | None

    FIELDS = (
        "pk",
        "row_id",
        "day",
        "status",
        "leave_type",
        "shift_template_id",
        "shift_start",
        "shift_end",
        "version",
        "leave_request_id",
        "detail_id",
    )
    # The shift's instants are read as seconds (``bpets.epoch``): a grid
    # holds thousands of them.
    FIELDS_READ = tuple(
        {"shift_start": "start_seconds", "shift_end": "end_seconds"}.get(name, name)
        for name in FIELDS
    )

    @property
    def has_shift(self) -> bool:
        return self.shift_start is not None


def load(schedule: Schedule) -> Grid:
    """The rows (by name), each with its cells by day, and the conflicts."""
    rows = list(
        ScheduleRow.objects.filter(schedule=schedule)
        .select_related("employee")
        .only(
            "schedule_id",
            "employee_id",
            "overtime_level",
            "employee__first_name",
            "employee__last_name",
        )
        .order_by("employee__last_name", "employee__first_name", "employee_id")
    )
    by_pk = {row.pk: row for row in rows}
    for row in rows:
        row.cells_by_day = []
    cells = (
        ScheduleCell.objects.filter(row__schedule=schedule)
        .order_by("row_id", "day")
        .annotate(
            start_seconds=EpochSeconds("shift_start"),
            end_seconds=EpochSeconds("shift_end"),
        )
        .values_list(*CellView.FIELDS_READ)
    )
    for pk, row_id, day, status, leave_type, template_id, start, end, *rest in cells:
        cell = CellView(
            pk,
            row_id,
            day,
            status,
            leave_type,
            template_id,
            instant(start),
            instant(end),
            *rest,
        )
        by_pk[row_id].cells_by_day.append(cell)
    situation = conflicts.situation_of(schedule, [row.employee_id for row in rows])
    days = [
        schedule.pay_period.start_date + timedelta(days=offset) for offset in range(14)
    ]
    return Grid(schedule, rows, days, conflicts.find(rows, situation))


@dataclass
class CellChange:
    """What an editor asks for: the same change for every selected cell."""

    status: str
    leave_type: str = ""
    shift_template: ShiftTemplate | None = None
    start_time: time | None = None
    end_time: time | None = None
    activity: object = None
    sub_activity: object = None
    remarks: str | None = None


def parse_tokens(tokens) -> dict[int, int]:
    """``["12:3", ...]`` (cell id and the version the editor saw) as a dict."""
    seen = {}
    for token in tokens:
        cell_id, _, version = str(token).partition(":")
        if not (cell_id.isdigit() and version.isdigit()):
            raise ValidationError("A selected cell could not be read; reload the page.")
        seen[int(cell_id)] = int(version)
    if not seen:
        raise ValidationError("Select at least one cell.")
    return seen


@transaction.atomic
def change_cells(
    *, actor, schedule: Schedule, seen: dict[int, int], change: CellChange
):
    """Apply ``change`` to the cells ``seen`` (id → version), or nothing."""
    _check_may_edit(actor, schedule)
    locked = {
        cell.pk: cell
        for cell in ScheduleCell.objects.select_for_update()
        .filter(pk__in=seen, row__schedule=schedule)
        .select_related("row__employee", "row__schedule")
    }
    if len(locked) != len(seen):
        raise ValidationError("A selected cell is not on this schedule.")
    stale = [cell for pk, cell in locked.items() if cell.version != seen[pk]]
    if stale:
        raise StaleEdit(stale)
    own = getattr(actor, "employee", None)
    if own is not None and any(
        cell.row.employee_id == own.pk for cell in locked.values()
    ):
        raise PermissionDenied("Nobody changes their own schedule.")

    grid = load(schedule)
    before = {(c.kind, c.key) for c in grid.conflicts if c.blocking}
    # The cells being changed are the locked instances, in their place on
    # the grid, so that the conflicts after the change see it.
    for row in grid.rows:
        row.cells_by_day = [locked.get(cell.pk, cell) for cell in row.cells_by_day]
    cells = list(locked.values())
    zone = ZoneInfo(schedule.station.time_zone)
    defaults = _defaults_of({cell.row_id for cell in cells}, grid)
    for cell in cells:
        _apply(cell, change, zone, defaults.get(cell.row_id))

    situation = conflicts.situation_of(schedule, [row.employee_id for row in grid.rows])
    after = conflicts.find(grid.rows, situation)
    brought_about = [c for c in after if c.blocking and (c.kind, c.key) not in before]
    if brought_about:
        raise Blocked(brought_about)

    for cell in cells:
        cell.version += 1
        cell.changed_by_hand = True
    update_with_history(
        ScheduleCell, cells, CHANGED_FIELDS, user=actor, reason="Edited on the G-259"
    )
    return cells


def _defaults_of(row_ids, grid: Grid) -> dict[int, ScheduleDefault]:
    employee_of_row = {
        row.pk: row.employee_id for row in grid.rows if row.pk in row_ids
    }
    by_employee = ScheduleDefault.objects.in_bulk(
        list(employee_of_row.values()), field_name="employee_id"
    )
    return {
        row_id: by_employee[employee]
        for row_id, employee in employee_of_row.items()
        if employee in by_employee
    }


def _apply(cell: ScheduleCell, change: CellChange, zone, default) -> None:
    cell.status = change.status
    if change.remarks is not None:
        cell.remarks = change.remarks

    if change.status in (CellStatus.LEAVE, CellStatus.HOLIDAY):
        if not cell.has_shift:
            raise ValidationError(
                f"{cell.day:%a %d %b} is not a workday of {cell.row.employee}: "
                "leave and holidays excuse a scheduled shift."
            )
        if change.status == CellStatus.LEAVE and change.leave_type not in (
            LeaveType.values
        ):
            raise ValidationError({"leave_type": "Choose the type of leave."})
        # The shift stays: it says which tour the leave or holiday excuses.
        cell.leave_type = change.leave_type if change.status == CellStatus.LEAVE else ""
        return
    cell.leave_type = ""

    if change.status not in CellStatus.with_shift():
        cell.shift_template = None
        cell.shift_start = cell.shift_end = None
        cell.activity = cell.sub_activity = None
        return

    _set_shift(cell, change, zone)
    if change.activity is not None:
        cell.activity = change.activity
        cell.sub_activity = change.sub_activity
    elif cell.activity_id is None and default is not None:
        cell.activity_id = default.activity_id
        cell.sub_activity_id = default.sub_activity_id


def _set_shift(cell: ScheduleCell, change: CellChange, zone) -> None:
    template = change.shift_template
    try:
        if template is not None:
            cell.shift_start, cell.shift_end = time_rules.template_instants(
                cell.day,
                template.start_time,
                timedelta(minutes=template.length_minutes),
                zone,
            )
        elif change.start_time is not None and change.end_time is not None:
            cell.shift_start, cell.shift_end = time_rules.shift_instants(
                cell.day, change.start_time, change.end_time, zone
            )
            template = _matching_template(cell, change)
        elif not cell.has_shift:
            raise ValidationError(
                {"start_time": "A workday needs a shift: a template, or start and end."}
            )
    except time_rules.ShiftTimeError as error:
        raise ValidationError({"start_time": str(error)}) from None
    if template is not None or change.start_time is not None:
        cell.shift_template = template


def _matching_template(cell, change) -> ShiftTemplate | None:
    """The station's template with this start and length, so that a shift
    typed by hand still counts towards that shift's minimum."""
    wall = (
        timedelta(hours=change.end_time.hour, minutes=change.end_time.minute)
        - timedelta(hours=change.start_time.hour, minutes=change.start_time.minute)
    ) % timedelta(days=1) or timedelta(days=1)
    return ShiftTemplate.objects.filter(
        station_id=cell.row.schedule.station_id,
        start_time=change.start_time,
        length_minutes=wall // timedelta(minutes=1),
        is_active=True,
    ).first()


@transaction.atomic
def override(*, actor, schedule: Schedule, kind: str, key: str, reason: str):
    """Keep a warning, with the supervisor's reason; an audit event."""
    _check_may_edit(actor, schedule)
    grid = load(schedule)
    conflict = next((c for c in grid.conflicts if (c.kind, c.key) == (kind, key)), None)
    return keep(
        actor=actor,
        schedule=schedule,
        conflict=conflict,
        kind=kind,
        key=key,
        reason=reason,
    )


def keep(*, actor, schedule: Schedule, conflict, kind: str, key: str, reason: str):
    """Record the override of ``conflict`` (None: no longer there), on the
    G-259 whose schedule it is about; the G-481s keep theirs here too."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the schedule stays as it is."})
    if conflict is None:
        raise ValidationError("That conflict is no longer on the schedule.")
    if conflict.blocking:
        raise ValidationError(
            "The station does not allow this conflict: change the schedule instead."
        )
    if conflict.override is not None:
        return conflict.override

    kept = ConflictOverride(
        schedule=schedule, kind=kind, key=key, reason=reason, overridden_by=actor
    )
    kept._history_user = actor
    kept.save()
    audit.record(
        audit.Kind.CONFLICT_OVERRIDDEN,
        actor=actor,
        target=schedule,
        details={"kind": kind, "key": key, "reason": reason},
    )
    return kept


@transaction.atomic
def finalize(*, actor, schedule: Schedule) -> Schedule:
    """Lock the G-259 for ordinary edits, once no conflict is open."""
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    _check_may_edit(actor, schedule)
    open_conflicts = load(schedule).open_conflicts
    if open_conflicts:
        raise ValidationError(
            f"{len(open_conflicts)} conflict{'s' if len(open_conflicts) != 1 else ''}"
            " must be resolved or overridden first."
        )
    schedule.status = Schedule.Status.FINALIZED
    schedule.finalized_by = actor
    schedule.finalized_at = timezone.now()
    schedule._history_user = actor
    schedule.save()
    # The G-481s follow: their run adds only what they lack, so a G-259
    # finalized again keeps every change made to its days.
    g481_build.start(schedule, started_by=actor)
    return schedule


@transaction.atomic
def reopen(*, actor, schedule: Schedule, reason: str) -> Schedule:
    """Undo a finalization (a scheduling administrator, with a reason)."""
    schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
    if not may_reopen(actor, schedule.station):
        _refuse(actor, schedule, "reopen G-259")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the schedule is reopened."})
    if not schedule.is_finalized:
        return schedule
    schedule.status = Schedule.Status.DRAFT
    schedule.finalized_by = None
    schedule.finalized_at = None
    schedule._history_user = actor
    schedule._change_reason = reason.strip()[:100]
    schedule.save()
    audit.record(
        audit.Kind.SCHEDULE_REOPENED,
        actor=actor,
        target=schedule,
        details={"reason": reason.strip()},
    )
    return schedule


def _check_may_edit(actor, schedule: Schedule) -> None:
    if not may_edit(actor, schedule.station):
        _refuse(actor, schedule, "edit G-259")
    if schedule.is_finalized:
        raise ValidationError(
            "This G-259 is finalized. A scheduling administrator may reopen it."
        )


def _refuse(actor, schedule, action: str):
    audit.record(
        audit.Kind.DENIED, actor=actor, target=schedule, details={"action": action}
    )
    raise PermissionDenied(
        "Only the station's scheduling supervisors and administrators do that."
    )
