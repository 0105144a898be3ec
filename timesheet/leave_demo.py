"""The demo's leave balances: everyone's accrual from the first pay period
of last leave year to the pay period before today's, as the pay-period job
would have credited it (the demo employees have service computation dates
from staffing's demo)."""

from django.utils import timezone

from scheduling import pay_periods, services
from timesheet import leave_services


def populate(demo) -> None:
    today = pay_periods.containing(timezone.localdate())
    for year in (today.year - 1, today.year):
        for row in services.ensure_pay_periods(year):
            if row.start_date < today.start:
                leave_services.accrue_pay_period(row)
    demo.notes.append(
        "Leave balances: accrued for everyone from the first pay period of "
        f"{today.year - 1} to the one before today's."
    )
