"""How a G-259 reads on screen and on paper: each cell's short label in the
station's local time, the conflicts marked on their cells (or, for a
person's week or pay period, on their row), and the changes in words.

Everything a cell shows is worked out here once, so that the template of a
400-person grid only prints strings.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from zoneinfo import ZoneInfo

from django.utils.safestring import mark_safe

from scheduling.models import CellStatus, Detail, LeaveType, ScheduleCell

LEAVE_CODES = {
    LeaveType.ANNUAL: "AL",
    LeaveType.SICK: "SL",
    LeaveType.COMPENSATORY: "CT",
    LeaveType.CREDIT_HOURS: "CH",
    LeaveType.ADMINISTRATIVE: "AD",
    LeaveType.MILITARY: "ML",
    LeaveType.COURT: "CL",
    LeaveType.LWOP: "LWOP",
    LeaveType.AWOL: "AWOL",
}
STATUS_CODES = {
    CellStatus.DAY_OFF: "RDO",
    CellStatus.HOLIDAY: "HOL",
    CellStatus.DETAIL: "DET",
}
LEGEND = [
    ("06–16", "Scheduled workday, 06:00 to 16:00 local time"),
    ("TRN", "Training"),
    ("RDO", "Regular day off"),
    ("HOL", "Holiday"),
    ("DET", "On detail"),
] + [(code, LeaveType(leave).label) for leave, code in LEAVE_CODES.items()]


@dataclass
class ShownCell:
    cell: ScheduleCell | None  # None: a day the person is not on this G-259
    label: str
    day: str
    css: str
    token: str
    conflicts: list = field(default_factory=list)
    # Said in words beside the label: where a person on detail is.
    note: str = ""


@dataclass
class ShownRow:
    row: object
    name: str
    cells: list
    is_own: bool
    level: str = ""
    html: str = ""
    # The conflicts of the person's week or pay period, marked once on the
    # row's heading (``flag``, with ``css`` while one is open).
    conflicts: list = field(default_factory=list)
    flag: str = ""
    css: str = ""

    def cells_html(self, cell_url: str, editable: bool, ticked=frozenset()) -> str:
        """The row's cells as table cells, ticked and opened when
        ``editable``; ``cell_url`` ends in the cell's id, written as 0;
        the cells whose token is in ``ticked`` come ticked."""
        base = cell_url[:-2]
        name = escape(self.name)
        parts = []
        for item in self.cells:
            flag = _flag(item.conflicts)
            label = escape(item.label)
            title = ""
            if item.note:
                label += f'<span class="usa-sr-only"> ({escape(item.note)})</span>'
                title = f' title="{escape(item.note)}"'
            if item.cell is None:
                body = f"<span>{label}</span>"
            elif editable and not self.is_own:
                pk = item.cell.pk
                checked = " checked" if item.token in ticked else ""
                body = (
                    f'<input type="checkbox" class="bpets-g259__pick" name="cells" '
                    f'value="{item.token}"{checked} '
                    f'aria-label="Select {item.day}, {name}">'
                    f'<a class="bpets-g259__cell" href="{base}{pk}/">{label}</a>'
                )
            else:
                body = f"<span>{label}</span>"
            parts.append(f'<td class="{item.css}"{title}>{body}{flag}</td>')
        return mark_safe("".join(parts))  # noqa: S308 (every value escaped above)


@dataclass
class ShownGrid:
    schedule: object
    days: list
    rows: list
    conflicts: list
    open_count: int
    legend: list


def present(
    grid, *, viewer, cell_url: str = "", editable: bool = False, ticked=frozenset()
) -> ShownGrid:
    """The grid as it is shown; with ``cell_url`` (a cell's editor, its id
    written as 0) each row's cells come as HTML, ready to print, those
    whose token is in ``ticked`` ticked."""
    zone = ZoneInfo(grid.schedule.station.time_zone)
    own = getattr(getattr(viewer, "employee", None), "pk", None)
    marked = defaultdict(list)
    of_rows = defaultdict(list)
    for conflict in grid.conflicts:
        if conflict.is_of_whole_row:
            of_rows[conflict.employee_id].append(conflict)
            continue
        for day in conflict.days:
            marked[(conflict.employee_id, day)].append(conflict)

    # Most cells share their label and look with others: each is worked
    # out once per page.
    css_of = {
        status: f"bpets-cell bpets-cell--{status.lower().replace('_', '-')}"
        for status in CellStatus.values
    }
    day_text = {day: f"{day:%a %d %b}" for day in grid.days}
    notes = _detail_notes(grid)
    labels = {}
    names = {}
    rows = []
    for row in grid.rows:
        employee = row.employee
        name = f"{employee.last_name}, {employee.first_name}"
        names[employee.pk] = name
        cells = []
        present_days = {cell.day for cell in row.cells_by_day}
        for cell in row.cells_by_day:
            key = (cell.status, cell.leave_type, cell.shift_start, cell.shift_end)
            label = labels.get(key)
            if label is None:
                label = labels[key] = _label(cell, zone)
            mine = marked.get((employee.pk, cell.day), [])
            css = css_of[cell.status]
            if mine and any(conflict.is_open for conflict in mine):
                css += " bpets-cell--conflict"
            cells.append(
                ShownCell(
                    cell=cell,
                    label=label,
                    day=day_text.get(cell.day) or f"{cell.day:%a %d %b}",
                    css=css,
                    token=f"{cell.pk}:{cell.version}",
                    conflicts=mine,
                    note=notes.get(cell.detail_id, ""),
                )
            )
        if len(present_days) < len(grid.days):
            cells = _with_days_away(cells, grid.days, day_text)
        row_conflicts = of_rows.get(employee.pk, [])
        rows.append(
            ShownRow(
                row,
                name,
                cells,
                is_own=employee.pk == own,
                level=row.get_overtime_level_display().split(" (")[0],
                conflicts=row_conflicts,
                flag=_flag(row_conflicts),
                css="bpets-cell--conflict"
                if any(conflict.is_open for conflict in row_conflicts)
                else "",
            )
        )

    if cell_url:
        for shown in rows:
            shown.html = shown.cells_html(cell_url, editable, ticked)
    for conflict in grid.conflicts:
        conflict.person = names.get(conflict.employee_id, "")
    return ShownGrid(
        schedule=grid.schedule,
        days=grid.days,
        rows=rows,
        conflicts=grid.conflicts,
        open_count=len(grid.open_conflicts),
        legend=LEGEND,
    )


def _flag(conflicts) -> str:
    """The "!" that marks ``conflicts`` on the grid, their messages in its
    title (empty without conflicts)."""
    if not conflicts:
        return ""
    messages = " ".join(conflict.message for conflict in conflicts)
    count = len(conflicts)
    return mark_safe(  # noqa: S308 (the messages are escaped)
        f'<span class="bpets-g259__flag" title="{escape(messages)}">!'
        f'<span class="usa-sr-only"> {count} conflict'
        f"{'s' if count != 1 else ''}</span></span>"
    )


def _detail_notes(grid) -> dict:
    """{detail id: words}: on the home station's G-259 a day of
    detail says where the person is; on the gaining station's, whence they
    came. One query, for the details the grid's cells name."""
    ids = {
        cell.detail_id
        for row in grid.rows
        for cell in row.cells_by_day
        if cell.detail_id is not None
    }
    notes = {}
    details = Detail.objects.filter(pk__in=ids).select_related(
        "home_station", "gaining_station"
    )
    for detail in details:
        here = grid.schedule.station_id == detail.gaining_station_id
        notes[detail.pk] = (
            f"detailed in from {detail.home_station.name}"
            if here
            else f"on detail at {detail.gaining_station.name}"
        )
    return notes


def _with_days_away(cells, days, day_text) -> list:
    """A person detailed in has cells on their days here only: the other
    days are shown empty, so that the columns stay the days."""
    by_day = {item.cell.day: item for item in cells}
    return [
        by_day.get(day)
        or ShownCell(
            cell=None,
            label="—",
            day=day_text[day],
            css="bpets-cell bpets-cell--away",
            token="",
            note="not at this station",
        )
        for day in days
    ]


def _clock(moment, zone) -> str:
    local = moment.astimezone(zone)
    return f"{local:%H}" if local.minute == 0 else f"{local:%H:%M}"


def _shift(cell, zone) -> str:
    # Historical records have the fields but not the model's properties.
    if cell.shift_start is None:
        return "no shift set"
    return f"{_clock(cell.shift_start, zone)}–{_clock(cell.shift_end, zone)}"


def _label(cell, zone) -> str:
    if cell.status == CellStatus.LEAVE:
        return LEAVE_CODES.get(cell.leave_type, "LV")
    if cell.status in STATUS_CODES:
        return STATUS_CODES[cell.status]
    shift = _shift(cell, zone) if cell.shift_start is not None else "?"
    return f"TRN {shift}" if cell.status == CellStatus.TRAINING else shift


def _words(cell, zone) -> str:
    status = CellStatus(cell.status).label
    if cell.status == CellStatus.LEAVE:
        status = LeaveType(cell.leave_type).label
    if cell.status in CellStatus.with_shift():
        return f"{status}, {_shift(cell, zone)}"
    return status


def local_times(cell, station) -> dict:
    """The cell's shift as the station's clocks read it, for an editor."""
    if not cell.has_shift:
        return {}
    zone = ZoneInfo(station.time_zone)
    return {
        "start_time": cell.shift_start.astimezone(zone).time(),
        "end_time": cell.shift_end.astimezone(zone).time(),
    }


def describe(cell, station) -> str:
    zone = ZoneInfo(station.time_zone)
    employee = cell.row.employee
    return (
        f"{employee.last_name}, {employee.first_name} on {cell.day:%a %d %b}: "
        f"{_words(cell, zone)}"
    )


def changes(entries, station) -> list[dict]:
    """Each change with the cell as it was just before it (one query)."""
    entries = list(entries)
    zone = ZoneInfo(station.time_zone)
    previous = previous_records(entries)
    shown = []
    for entry in entries:
        before = previous.get(entry.history_id)
        employee = entry.row.employee
        shown.append(
            {
                "when": entry.history_date,
                "who": entry.history_user,
                "person": f"{employee.last_name}, {employee.first_name}",
                "day": entry.day,
                "before": _words(before, zone) if before else "",
                "after": _words(entry, zone),
                "reason": entry.history_change_reason or "",
            }
        )
    return shown


def previous_records(entries, related=()) -> dict:
    """{history id: the record's history row just before it} for history
    rows of one model, in one query (``related`` loaded with them)."""
    if not entries:
        return {}
    model = type(entries[0])
    earlier = defaultdict(list)
    for record in (
        model.objects.filter(
            id__in={entry.id for entry in entries},
            history_date__lte=max(entry.history_date for entry in entries),
        )
        .select_related(*related)
        .order_by("history_date", "history_id")
    ):
        earlier[record.id].append(record)
    previous = {}
    for entry in entries:
        before = [
            record
            for record in earlier[entry.id]
            if record.history_id < entry.history_id
        ]
        if before:
            previous[entry.history_id] = before[-1]
    return previous
