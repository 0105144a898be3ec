"""A station's certified pay period as the payroll file.

Every current timesheet of the station and period must be certified: a
file with some people missing would pay them nothing. Each person is
named by their hash ID, which personnel enter; a person without one holds
the export back, and the refusal says who.
"""

from collections import defaultdict

from scheduling.models import ScheduleDefault
from timesheet import payroll_file, totals
from timesheet.leave_accrual import dates_of
from timesheet.models import ScheduledDay, TimeEntry, Timesheet, TimesheetStatus
from timesheet.validation import Refused


def current_timesheets(station, pay_period):
    return (
        Timesheet.objects.filter(
            station=station, pay_period=pay_period, superseded_at__isnull=True
        )
        .select_related("employee", "station", "pay_period")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )


def build(station, pay_period) -> tuple[str, int]:
    """The file's text and how many employees it carries."""
    sheets = list(current_timesheets(station, pay_period))
    if not sheets:
        raise Refused({"export": "No timesheet of this station and pay period."})
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
    days, entries = defaultdict(list), defaultdict(list)
    for day in ScheduledDay.objects.filter(timesheet__in=sheets).order_by("day"):
        days[day.timesheet_id].append(day)
    for entry in TimeEntry.objects.filter(timesheet__in=sheets):
        entries[entry.timesheet_id].append(entry)
    defaults = {
        default.employee_id: default
        for default in ScheduleDefault.objects.filter(
            employee_id__in=[sheet.employee_id for sheet in sheets]
        )
    }
    rows = [
        (
            sheet.employee.hash_id,
            totals.compute(
                sheet,
                days[sheet.pk],
                entries[sheet.pk],
                defaults.get(sheet.employee_id),
            ).period,
        )
        for sheet in sheets
    ]
    return payroll_file.payroll_file(dates_of(pay_period), rows), len(rows)


def _name(sheet) -> str:
    return f"{sheet.employee.first_name} {sheet.employee.last_name}"
