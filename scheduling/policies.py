"""Scheduling's answers to the modules above it.

The timesheet module asks here whose timesheets a station's timesheet
supervisors and timekeepers may see because the person was detailed to
their station. Only employees have timesheets with the agency: a
contractor's time is the contractor's employer's business, so a detail
never opens a contractor's.
"""

from datetime import date, timedelta

from scheduling import detail_selectors
from security import policies as security_policies
from staffing.models import Employee

TIMESHEET_ROLES = ("supervisor", "timekeeper")


def timesheet_days_visible_through_details(
    user, employee: Employee, first_day: date, last_day: date
) -> set[date]:
    """The days between the two (inclusive) on which ``user`` may see the
    employee's timesheet because the employee was on accepted detail at a
    station where the user holds timesheet.supervisor or
    timesheet.timekeeper. A cancelled detail opens nothing, one cut short
    nothing after its new last day. One query, or none."""
    if employee.employment_type == Employee.EmploymentType.CONTRACTOR:
        return set()
    stations = set()
    for role in TIMESHEET_ROLES:
        stations |= security_policies.reach(user, "timesheet", role)
    if not stations:
        return set()

    visible = set()
    details = (
        detail_selectors.accepted()
        .filter(
            detail_selectors.overlapping(first_day, last_day),
            employee=employee,
            gaining_station_id__in=stations,
        )
        .values_list("first_day", "last_day")
    )
    for detail_first, detail_last in details:
        day = max(detail_first, first_day)
        while day <= min(detail_last, last_day):
            visible.add(day)
            day += timedelta(days=1)
    return visible
