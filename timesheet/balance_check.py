"""Leave beyond the balance is refused.

The balance is the leave accrual's as of the timesheet's pay period: what
the employee holds going into it. Every entry of the same leave on this
timesheet draws on it, the pre-filled approved leave included.
"""

from decimal import Decimal

from timesheet import leave_accrual
from timesheet.codes import TimeCode, rules_of
from timesheet.validation import Proposed, Refused, day_label


def check(sheet, proposed: Proposed, entries) -> None:
    if not rules_of(proposed.code).from_balance:
        return
    available = leave_accrual.balance(sheet.employee, proposed.code, sheet.pay_period)
    drawn = sum(
        (entry.hours for entry in entries if entry.code == proposed.code),
        Decimal(0),
    )
    if drawn + proposed.hours <= available:
        return
    name = TimeCode(proposed.code).label.lower()
    raise Refused(
        {
            "hours": f"{day_label(proposed.day)}: {proposed.hours} hours of "
            f"{name} would bring this pay period's {name} to "
            f"{drawn + proposed.hours} hours, beyond the balance of "
            f"{available} hours."
        }
    )
