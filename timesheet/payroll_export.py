"""A station's certified pay period as the payroll file, made from the
payroll records its certifications kept.

Every current timesheet of the station and period must be certified: a
file with some people missing would pay them nothing. Each person is
named by their hash ID, which personnel enter; a person without one holds
the export back, and the refusal says who. The hash ID is an identity
field: a person whose identity group the user may not see holds the file
back too.
"""

from timesheet import payroll_file, payroll_records, policies
from timesheet.models import Timesheet, TimesheetStatus
from timesheet.validation import Refused


def current_timesheets(station, pay_period):
    return (
        Timesheet.objects.filter(
            station=station, pay_period=pay_period, superseded_at__isnull=True
        )
        .select_related("employee", "station", "pay_period")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )


def build(user, station, pay_period) -> tuple[str, list]:
    """The file's text and the employees it names."""
    sheets = list(current_timesheets(station, pay_period))
    if not sheets:
        raise Refused({"export": "No timesheet of this station and pay period."})
    hidden = [
        sheet for sheet in sheets if not policies.sees_hash_id(user, sheet.employee)
    ]
    if hidden:
        raise Refused(
            {
                "export": "You may not see the hash ID of "
                + ", ".join(_name(sheet) for sheet in hidden)
                + f"; the file is downloaded by {policies.PAYROLL_DOWNLOADERS}."
            }
        )
    waiting = [sheet for sheet in sheets if sheet.status != TimesheetStatus.CERTIFIED]
    if waiting:
        raise Refused(
            {
                "export": f"{len(waiting)} of {len(sheets)} timesheets are not "
                "certified yet: " + ", ".join(_name(sheet) for sheet in waiting) + "."
            }
        )
    unnamed = [sheet for sheet in sheets if not sheet.employee.hash_id]
    if unnamed:
        raise Refused(
            {
                "export": "Personnel must enter the hash ID of "
                + ", ".join(_name(sheet) for sheet in unnamed)
                + " before the file can be made."
            }
        )
    # The file carries what certification recorded, not a new computation:
    # a pay rule changed since then must not change what was certified.
    employee_ids = [sheet.employee_id for sheet in sheets]
    unrecorded = set(employee_ids) - payroll_records.employees_recorded(
        pay_period, employee_ids
    )
    if unrecorded:
        raise Refused(
            {
                "export": "No payroll record was kept when these timesheets were "
                "certified; amend and certify them again: "
                + ", ".join(
                    _name(sheet) for sheet in sheets if sheet.employee_id in unrecorded
                )
                + "."
            }
        )
    lines = payroll_records.payroll_file_lines(pay_period, employee_ids)
    return payroll_file.file_text(lines), [sheet.employee for sheet in sheets]


def _name(sheet) -> str:
    return f"{sheet.employee.first_name} {sheet.employee.last_name}"
