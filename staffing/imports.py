"""Employee records created from a CSV file (see the README's "Bulk import").

The file is checked whole before anything is written: its encoding, its
header, every cell's format, the stations and supervisors it names, and
its usernames against each other and against the database. A file with
any problem is refused with the problems by line and column and nothing is
written; a clean file is written in one transaction, through the same
service as the one-record page.

A row whose username already has a record that agrees with every value the
row gives is unchanged, so importing a file again writes nothing. A row
that disagrees is a problem: an import creates records, it never changes
them (the profile pages do that, each field by its own audience).
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from security import audit
from security import policies as security_policies
from security.models import OrganizationUnit, User
from staffing import forms, policies, privacy, services
from staffing.models import Employee

LARGEST_FILE_BYTES = 1024 * 1024
# Each record costs about 20 ms to write through the service, in one
# request: 500 stay well inside the web server's 30-second timeout.
LARGEST_ROW_COUNT = 500

REQUIRED_COLUMNS = (
    "username",
    "first_name",
    "last_name",
    "job_title",
    "sector",
    "station",
    "work_street",
    "work_city",
    "work_state",
    "work_zip",
)
OPTIONAL_WORK_COLUMNS = (
    "middle_initial",
    "nickname",
    "supervisor",
    "work_phone",
    "work_mobile",
    "work_email",
)
# An import opens records of people at work, so it has no separation.
HR_COLUMNS = tuple(
    name
    for name in privacy.FIELDS[privacy.HR]
    if name not in ("separation_date", "separation_reason")
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_WORK_COLUMNS + HR_COLUMNS
# Columns that name something rather than hold a field's value.
REFERENCE_COLUMNS = ("username", "sector", "station", "supervisor")
FIELD_COLUMNS = tuple(name for name in COLUMNS if name not in REFERENCE_COLUMNS)
# Codes read in any case.
CODE_COLUMNS = ("work_state", "employment_type")

# The same rule as the one-record page's.
USERNAME = re.compile(forms.NewEmployeeForm.base_fields["username"].regex.pattern)
USERNAME_LENGTH = forms.NewEmployeeForm.base_fields["username"].max_length
USERNAME_RULE = (
    f"A username is up to {USERNAME_LENGTH} lower-case letters, digits, dots "
    "and hyphens."
)
RANGES = {"grade": (1, 15), "step": (1, 10)}
WHO_ENTERS = {
    privacy.PERSONAL: "the person or their supervisors",
    privacy.MEDICAL: "the person or their supervisors",
    privacy.EMERGENCY: "the person or their supervisors",
    privacy.IDENTITY: "personnel",
}
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str  # as the header names it; empty for a whole line
    message: str


@dataclass
class Row:
    line: int
    username: str
    sector_code: str
    station_name: str
    supervisor: str
    # The columns whose cells the row fills, and the values read from them.
    filled: set[str] = field(default_factory=set)
    values: dict = field(default_factory=dict)
    station: OrganizationUnit | None = None
    existing: Employee | None = None


@dataclass
class Report:
    """What a check of the file found: the problems, or the rows to write."""

    encoding: str = ""
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Existing employees the file names as supervisors, by username.
    supervisors: dict[str, Employee] = field(default_factory=dict)

    @property
    def to_create(self) -> list[Row]:
        return [row for row in self.rows if row.existing is None]

    @property
    def unchanged(self) -> list[Row]:
        return [row for row in self.rows if row.existing is not None]

    def add(self, line: int, column: str, message: str) -> None:
        self.problems.append(Problem(line, column, message))


@dataclass
class Outcome:
    created: list[tuple[Employee, str]]  # each with its one-time password path
    unchanged: int


class ImportRefused(Exception):
    """The file has problems; nothing was written."""

    def __init__(self, report: Report):
        super().__init__(f"{len(report.problems)} problems")
        self.report = report


def check(*, actor, content: bytes) -> Report:
    """Read and check the whole file; nothing is written."""
    report = Report()
    text = _decode(content, report)
    if text is None:
        return report
    lines = _read_lines(text, report)
    if lines is None:
        return report

    header = _check_header(lines[0][1], report)
    if header is None:
        return report
    if len(lines) - 1 > LARGEST_ROW_COUNT:
        report.add(
            lines[LARGEST_ROW_COUNT + 1][0],
            "",
            f"A file holds at most {LARGEST_ROW_COUNT} people: split it into "
            "smaller files (a supervisor may be in an earlier one).",
        )
        return report
    for line, cells in lines[1:]:
        row = _read_row(line, cells, header, report)
        if row is not None:
            report.rows.append(row)
    if not report.rows and not report.problems:
        report.add(2, "", "The file names no one: it has a header and no rows.")

    _check_usernames(report)
    _check_stations(actor, report)
    _check_hr_columns(actor, header, report)
    _check_supervisors(actor, report)
    _sort(report.problems, header)
    return report


@transaction.atomic
def import_file(*, actor, content: bytes) -> Outcome:
    """Check the file again and write it whole, or raise ImportRefused.

    Checked inside the transaction that writes, so that what was checked
    is what is written.
    """
    report = check(actor=actor, content=content)
    if report.problems:
        raise ImportRefused(report)

    created, by_username = [], dict(report.supervisors)
    for row in _supervisors_first(report.to_create):
        supervisor = by_username.get(row.supervisor) if row.supervisor else None
        employee, path = services.create_employee(
            actor=actor,
            username=row.username,
            fields={
                **row.values,
                "duty_station": row.station,
                "supervisor": supervisor,
            },
        )
        by_username[row.username] = employee
        created.append((employee, path))

    if created:
        audit.record(
            audit.Kind.EMPLOYEES_IMPORTED,
            actor=actor,
            details={
                "rows": len(report.rows),
                "created": len(created),
                "unchanged": len(report.unchanged),
                "employees": [employee.pk for employee, _ in created],
                "stations": sorted({row.station.pk for row in report.rows}),
            },
            source="staffing:import",
        )
    return Outcome(created=created, unchanged=len(report.unchanged))


def _decode(content: bytes, report: Report) -> str | None:
    if content.startswith(UTF16_BOMS):
        report.add(1, "", "The file is UTF-16; save it as CSV (UTF-8) and try again.")
        return None
    if content.startswith(UTF8_BOM):
        report.encoding = "UTF-8 (with BOM)"
        return _decode_as(content[len(UTF8_BOM) :], "utf-8", report)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV (Comma delimited)" in Windows-1252.
        report.encoding = "Windows-1252"
        return _decode_as(content, "cp1252", report)
    report.encoding = "UTF-8"
    return text


def _decode_as(content: bytes, encoding: str, report: Report) -> str | None:
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        line = content[: error.start].count(b"\n") + 1
        report.add(
            line,
            "",
            f"Byte 0x{content[error.start]:02X} is neither UTF-8 nor Windows-1252: "
            "save the file as CSV (UTF-8) and try again.",
        )
        return None


def _read_lines(text: str, report: Report) -> list[tuple[int, list[str]]] | None:
    """The file's records, each with the line it starts on; None if unreadable."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        report.add(line, "", "The file holds a NUL character: it is not a CSV file.")
        return None

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines, next_line = [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                lines.append((next_line, [cell.strip() for cell in cells]))
            next_line = reader.line_num + 1
    except csv.Error:
        report.add(next_line, "", "A quoted cell is not closed, or a quote is stray.")
        return None
    if not lines or lines[0][0] != 1:
        report.add(1, "", "The first line must name the columns.")
        return None
    return lines


def _check_header(cells: list[str], report: Report) -> list[str] | None:
    header = [cell.lower() for cell in cells]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        report.add(
            1, "", "The columns are not separated by commas: save as CSV (comma)."
        )
        return None

    seen = {}
    for position, name in enumerate(header, start=1):
        if not name:
            report.add(1, f"column {position}", "This column has no name.")
        elif name in seen:
            report.add(
                1,
                name,
                f"The column appears twice (columns {seen[name]} and {position}).",
            )
        elif name not in COLUMNS:
            report.add(1, name, _unknown_column(name))
        seen.setdefault(name, position)
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            report.add(1, name, "This required column is missing.")
    return None if report.problems else header


def _unknown_column(name: str) -> str:
    group = privacy.GROUP_OF.get(name)
    if group in WHO_ENTERS:
        title = privacy.GROUP_TITLES[group]
        return (
            f"Not imported: {title.lower()} is entered on the profile by "
            f"{WHO_ENTERS[group]}."
        )
    if group is not None:
        return f"Not imported: {name} is set on the profile."
    return "Unknown column: the import page lists the columns it takes."


def _read_row(line, cells, header, report: Report) -> Row | None:
    if len(cells) != len(header):
        report.add(
            line,
            "",
            f"The line has {len(cells)} cells; the header names {len(header)} columns.",
        )
        return None

    cell = dict(zip(header, cells, strict=True))
    row = Row(
        line=line,
        username=cell["username"],
        sector_code=cell["sector"],
        station_name=cell["station"],
        supervisor=cell.get("supervisor", ""),
        filled={name for name, value in cell.items() if value},
    )
    for name in ("username", "supervisor"):
        value = cell.get(name, "")
        if value and not (USERNAME.match(value) and len(value) <= USERNAME_LENGTH):
            report.add(line, name, USERNAME_RULE)
    for name in FIELD_COLUMNS:
        if cell.get(name):
            _read_value(row, name, cell[name], report)
    for name in REQUIRED_COLUMNS:
        if not cell[name]:
            report.add(line, name, "Required: the cell is empty.")
    return row


def _read_value(row: Row, name: str, raw: str, report: Report) -> None:
    if name in CODE_COLUMNS:
        raw = raw.upper()
    if name == "middle_initial":
        raw = raw.rstrip(".")
    try:
        value = Employee._meta.get_field(name).clean(raw, None)
    except ValidationError as error:
        report.add(row.line, name, " ".join(error.messages))
        return
    if name in RANGES and not RANGES[name][0] <= value <= RANGES[name][1]:
        low, high = RANGES[name]
        report.add(row.line, name, f"A {name} is from {low} to {high}.")
        return
    row.values[name] = value


def _check_usernames(report: Report) -> None:
    rows_of = {}
    for row in report.rows:
        if row.username in rows_of:
            report.add(
                row.line,
                "username",
                f"{row.username} is also on line {rows_of[row.username][0].line}.",
            )
        rows_of.setdefault(row.username, []).append(row)

    taken = User.objects.filter(username__in=rows_of).select_related(
        "employee__duty_station__parent", "employee__supervisor__user"
    )
    for user in taken:
        for row in rows_of[user.username]:
            _match_existing(row, user, getattr(user, "employee", None), report)


def _match_existing(row: Row, user, employee, report: Report) -> None:
    if employee is None:
        report.add(
            row.line, "username", f"{user.username} is a login without a record."
        )
        return
    if employee.status != Employee.Status.ACTIVE:
        report.add(row.line, "username", f"{user.username} has separated.")
        return
    # Set now and checked once stations and supervisors are known.
    row.existing = employee


def _check_stations(actor, report: Report) -> None:
    stations = {
        (unit.parent.code.lower(), unit.name.lower()): unit
        for unit in OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION
        ).select_related("parent")
    }
    sectors = {code for code, _ in stations}
    for row in report.rows:
        sector, name = row.sector_code, row.station_name
        if not sector or not name:
            continue
        if sector.lower() not in sectors:
            report.add(row.line, "sector", f"No sector has the code {sector}.")
            continue
        unit = stations.get((sector.lower(), name.lower()))
        if unit is None:
            report.add(row.line, "station", f"{sector} Sector has no station {name}.")
        elif unit.status == OrganizationUnit.Status.CLOSED:
            report.add(row.line, "station", f"{unit} is closed.")
        elif not security_policies.holds_role(
            actor, "staffing", "staffing_administrator", unit
        ):
            report.add(
                row.line,
                "station",
                f"You are not a staffing administrator over {unit}.",
            )
        else:
            row.station = unit


def _check_hr_columns(actor, header: list[str], report: Report) -> None:
    """HR fields reach the database only from personnel over the station."""
    filled = [
        name
        for name in header
        if name in HR_COLUMNS and any(name in row.filled for row in report.rows)
    ]
    if not filled:
        return

    outside = sorted(
        {
            str(row.station)
            for row in report.rows
            if row.station is not None
            and not security_policies.holds_role(
                actor, "staffing", "personnel", row.station
            )
        }
    )
    if outside:
        report.add(
            1,
            ", ".join(filled),
            "HR columns are accepted only from personnel over every station in "
            f"the file, and you are not personnel over {', '.join(outside)}. "
            "Leave these columns out, or ask personnel to import the file.",
        )


def _check_supervisors(actor, report: Report) -> None:
    new_rows = {row.username: row for row in report.to_create}
    named = {row.supervisor for row in report.rows if row.supervisor} - set(new_rows)
    report.supervisors = {
        employee.user.username: employee
        for employee in Employee.objects.filter(
            user__username__in=named, status=Employee.Status.ACTIVE
        ).select_related("user", "duty_station__parent")
    }
    administered = security_policies.reach(actor, "staffing", "staffing_administrator")

    refusals = {}
    for row in report.to_create:
        if not row.supervisor:
            continue
        if row.supervisor == row.username:
            report.add(row.line, "supervisor", "Nobody is their own supervisor.")
            continue
        if row.supervisor in new_rows:
            named = new_rows[row.supervisor]
            if named.station is not None and named.station != row.station:
                # A new record holds no role: it supervises only at its station.
                report.add(
                    row.line,
                    "supervisor",
                    f"{row.supervisor} is to work at {named.station}, another station.",
                )
                continue
            _check_chain_in_file(row, new_rows, report)
            continue
        supervisor = report.supervisors.get(row.supervisor)
        if supervisor is None:
            report.add(
                row.line,
                "supervisor",
                f"{row.supervisor} is neither an active employee nor in the file.",
            )
        elif supervisor.duty_station_id not in administered:
            report.add(
                row.line,
                "supervisor",
                f"{row.supervisor} works at {supervisor.duty_station}, outside the "
                "stations where you are a staffing administrator.",
            )
        else:
            # A new record has no chain yet: whoever is above its supervisor
            # would be placing themselves above the person.
            if row.station is None:
                continue  # the station's own problem is reported already
            key = (supervisor.pk, row.station.pk)
            if key not in refusals:
                refusals[key] = policies.chain_change_refusal(
                    actor, Employee(), supervisor, station=row.station
                )
            if refusals[key]:
                report.add(row.line, "supervisor", refusals[key])

    for row in report.unchanged:
        if row.station is not None:
            _compare_with_existing(actor, row, report)


def _check_chain_in_file(row: Row, new_rows: dict, report: Report) -> None:
    """A supervisor from the file: follow the file's chain, refusing a loop."""
    lines, username = [row.line], row.supervisor
    while username in new_rows:
        above = new_rows[username]
        if above.line in lines:
            if above.line == row.line:
                loop = ", ".join(str(line) for line in sorted(lines))
                report.add(
                    row.line,
                    "supervisor",
                    f"The supervisors on lines {loop} form a loop.",
                )
            return
        lines.append(above.line)
        username = above.supervisor


def _compare_with_existing(actor, row: Row, report: Report) -> None:
    existing = row.existing
    if row.station.pk != existing.duty_station_id:
        # Said alone: the rest of the record is not this user's to compare.
        report.add(
            row.line,
            "station",
            f"{row.username} already has a record at {existing.duty_station}; "
            "an import does not move people (personnel do, on the profile).",
        )
        return

    # Only what the uploader may see is compared, or a refusal would tell
    # them a hidden value; HR cells from others are refused in any case.
    visible = policies.visible_fields(actor, existing)
    different = [
        name
        for name, value in row.values.items()
        if name in visible and getattr(existing, name) != value
    ]
    current_supervisor = existing.supervisor.user if existing.supervisor else None
    if row.supervisor and (
        current_supervisor is None or current_supervisor.username != row.supervisor
    ):
        different.append("supervisor")
    for name in different:
        report.add(
            row.line,
            name,
            f"{row.username} already has a record with another {name}; an import "
            "creates records and never changes them.",
        )


def _supervisors_first(rows: list[Row]) -> list[Row]:
    """The rows in an order where each supervisor from the file comes first."""
    by_username = {row.username: row for row in rows}
    ordered, placed = [], set()

    def place(row: Row) -> None:
        if row.username in placed:
            return
        placed.add(row.username)
        if row.supervisor in by_username:
            place(by_username[row.supervisor])
        ordered.append(row)

    for row in rows:
        place(row)
    return ordered


def _sort(problems: list[Problem], header: list[str]) -> None:
    """By line, and within a line from left to right as the file has them."""

    def position(problem: Problem) -> int:
        first = problem.column.split(", ")[0]
        return header.index(first) if first in header else -1

    problems.sort(key=lambda problem: (problem.line, position(problem)))
