"""The leave balance on scheduling's leave request page.

Shows the balance the request draws on, as it stands going into the pay
period of the request's first day, and warns when the request asks for
more. Whoever may see the request sees the panel (scheduling decides
that); a look by anyone but the employee is an audit event, since a leave
balance is HR information.
"""

from scheduling import pay_periods
from security import audit
from timesheet import leave_accrual
from timesheet.leave_services import BALANCE_OF_CODE
from timesheet.models import BalanceType

GROUPS = ["leave balance"]


def leave_balance_panel(request, leave_request) -> dict | None:
    leave_type = BALANCE_OF_CODE.get(leave_request.leave_type)
    if leave_type is None:
        return None
    period = pay_periods.containing(leave_request.first_day)
    held = leave_accrual.balance(leave_request.employee, leave_type, period)
    employee = leave_request.employee
    if employee.user_id != request.user.pk:
        audit.record(
            audit.Kind.PERSONAL_DATA_VIEWED,
            request=request,
            target=employee,
            subject_user_id=employee.user_id,
            details={"groups": GROUPS},
            source="timesheet:leave-balance-panel",
        )
    return {
        "title": "Leave balance",
        "template": "timesheet/_leave_balance_panel.html",
        "name": BalanceType(leave_type).label,
        "balance": held,
        "period": period,
        "requested": leave_request.hours,
        "short_by": leave_request.hours - held if leave_request.hours > held else None,
    }
