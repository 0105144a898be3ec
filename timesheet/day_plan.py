"""What a timesheet's day starts from: the schedule as the supervisor set it.

The G-481 line of the day wins where there is one, then the finalized
G-259 cell; a day of a detail is read from the gaining station's schedules.
``initialization_sql`` applies the same rules in the database; a test
initializes one station both ways and compares every day.
"""

from dataclasses import dataclass
from datetime import datetime

from scheduling.models import CellStatus
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
