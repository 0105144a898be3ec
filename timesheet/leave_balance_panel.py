"""The leave balance on scheduling's leave request page.

Shows the balance the request draws on, as it stands going into the pay
period of the request's first day, less the leave of the same balance
already approved before it and not yet charged (the balance is charged
when a timesheet is certified), and warns when the request asks for more
than is left. Whoever may see the request sees the panel (scheduling decides
that); a look by anyone but the employee is an audit event, since a leave
balance is HR information.
"""

from decimal import Decimal

from scheduling import pay_periods
from scheduling.models import LeaveRequest, RequestStatus
from security import audit
from timesheet import leave_accrual
from timesheet.leave_services import BALANCE_OF_CODE
from timesheet.models import BalanceType, Timesheet, TimesheetStatus

GROUPS = ["leave balance"]


def leave_balance_panel(request, leave_request) -> dict | None:
    leave_type = BALANCE_OF_CODE.get(leave_request.leave_type)
    if leave_type is None:
        return None
    period = pay_periods.containing(leave_request.first_day)
    held = leave_accrual.balance(leave_request.employee, leave_type, period)
    approved = _approved_not_charged(leave_request, leave_type, period)
    left = held - approved
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
        "approved": approved,
        "left": left,
        "period": period,
        "requested": leave_request.hours,
        "short_by": leave_request.hours - left if leave_request.hours > left else None,
    }


def _approved_not_charged(leave_request, leave_type, period) -> Decimal:
    """Hours of the employee's other approved requests on the same balance
    that begin before this one and are not in the balance held: those of
    this pay period or later, and those of earlier pay periods whose
    timesheet is not certified yet."""
    codes = [code for code, balance in BALANCE_OF_CODE.items() if balance == leave_type]
    earlier = LeaveRequest.objects.filter(
        employee=leave_request.employee,
        leave_type__in=codes,
        status=RequestStatus.APPROVED,
        first_day__lt=leave_request.first_day,
    ).exclude(pk=leave_request.pk)
    certified = set(
        Timesheet.objects.filter(
            employee=leave_request.employee,
            status=TimesheetStatus.CERTIFIED,
            superseded_at__isnull=True,
        ).values_list("pay_period__start_date", flat=True)
    )
    total = Decimal(0)
    for request in earlier:
        start = pay_periods.containing(request.first_day).start
        if start >= period.start or start not in certified:
            total += request.hours
    return total
