"""Writes to the leave ledger: the pay period's accrual for everyone, and
the leave a certified timesheet used or earned.

Both can run again safely. The accrual writes each employee's rows of a
pay period once (a second run adds only what is missing); posting a
timesheet writes the difference from what was posted before, so an
amended timesheet corrects the balance with a new row and the old one
stays. Rows go in with their history rows, in one transaction.
"""

import logging
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum

from bpets.bulk_history import create_with_history
from staffing.models import Employee
from timesheet import leave_accrual
from timesheet.models import BalanceType, LeaveLedgerEntry, LedgerKind

logger = logging.getLogger(__name__)

REASON = "Leave accrual"


@transaction.atomic
def accrue_pay_period(pay_period, *, user=None) -> int:
    """Credit every active employee (not contractors) with the pay period's
    annual and sick leave; at the end of the leave year forfeit annual
    leave above the carry-over ceiling; in the pay period of 1 October
    credit the fiscal year's military leave. Returns the rows written."""
    period = leave_accrual.dates_of(pay_period)
    accruing = Employee.objects.filter(
        employment_type=Employee.EmploymentType.EMPLOYEE,
        status=Employee.Status.ACTIVE,
    )
    employees = list(accruing.values_list("pk", "service_computation_date"))
    done = _written(pay_period, (LedgerKind.ACCRUAL, LedgerKind.FISCAL_YEAR_CREDIT))
    rows = []
    for employee_id, service_date in employees:
        if (employee_id, BalanceType.SICK, LedgerKind.ACCRUAL) not in done:
            rows.append(
                _row(
                    employee_id,
                    BalanceType.SICK,
                    LedgerKind.ACCRUAL,
                    pay_period,
                    leave_accrual.SICK_A_PERIOD,
                )
            )
        if service_date and (
            (employee_id, BalanceType.ANNUAL, LedgerKind.ACCRUAL) not in done
        ):
            hours = leave_accrual.annual_accrual(service_date, period)
            rows.append(
                _row(
                    employee_id,
                    BalanceType.ANNUAL,
                    LedgerKind.ACCRUAL,
                    pay_period,
                    hours,
                )
            )
    create_with_history(LeaveLedgerEntry, rows, user=user, reason=REASON)
    written = len(rows)

    # The sums over everyone's ledger select them by a subquery, not by a
    # list of thousands of ids.
    ids = accruing.values("pk")
    if leave_accrual.is_last_of_leave_year(period):
        written += _forfeit(
            ids,
            pay_period,
            BalanceType.ANNUAL,
            leave_accrual.ANNUAL_CARRY_OVER_CEILING,
            user,
        )
    if leave_accrual.starts_fiscal_year(period):
        written += _credit_military(ids, pay_period, user)
    without_date = sum(1 for _, service_date in employees if not service_date)
    logger.info(
        "leave accrual pay_period=%s rows=%s without_service_date=%s",
        pay_period.pk,
        written,
        without_date,
    )
    return written


def _written(pay_period, kinds) -> set[tuple]:
    return set(
        LeaveLedgerEntry.objects.filter(
            pay_period=pay_period, kind__in=kinds
        ).values_list("employee_id", "leave_type", "kind")
    )


def _row(employee_id, leave_type, kind, pay_period, hours, note="") -> LeaveLedgerEntry:
    return LeaveLedgerEntry(
        employee_id=employee_id,
        leave_type=leave_type,
        kind=kind,
        pay_period=pay_period,
        hours=hours,
        note=note,
    )


def _held_through(ids, pay_period, leave_type) -> dict[int, Decimal]:
    """Each employee's balance of one type including the pay period."""
    rows = (
        LeaveLedgerEntry.objects.filter(
            employee_id__in=ids,
            leave_type=leave_type,
            pay_period__start_date__lte=pay_period.start_date,
        )
        .values("employee_id")
        .annotate(total=Sum("hours"))
    )
    return {row["employee_id"]: row["total"] for row in rows}


def _forfeit(ids, pay_period, leave_type, ceiling, user) -> int:
    done = _written(pay_period, (LedgerKind.FORFEIT,))
    rows = [
        _row(
            employee_id,
            leave_type,
            LedgerKind.FORFEIT,
            pay_period,
            ceiling - held,
            f"Above the {ceiling}-hour carry-over ceiling",
        )
        for employee_id, held in _held_through(ids, pay_period, leave_type).items()
        if held > ceiling and (employee_id, leave_type, LedgerKind.FORFEIT) not in done
    ]
    create_with_history(LeaveLedgerEntry, rows, user=user, reason=REASON)
    return len(rows)


def _credit_military(ids, pay_period, user) -> int:
    """Military leave carried into the new fiscal year stops at 120 hours;
    then the year's 120 hours are credited. The forfeit looks at the
    balance before this pay period's credit."""
    written = 0
    before = _held_through(ids, pay_period, BalanceType.MILITARY)
    done = _written(pay_period, (LedgerKind.FORFEIT, LedgerKind.FISCAL_YEAR_CREDIT))
    credited = {
        employee_id
        for employee_id, leave_type, kind in done
        if leave_type == BalanceType.MILITARY and kind == LedgerKind.FISCAL_YEAR_CREDIT
    }
    rows = []
    for employee_id in ids.values_list("pk", flat=True):
        if employee_id in credited:
            continue
        carried = before.get(employee_id, Decimal(0))
        if carried > leave_accrual.MILITARY_CARRY_OVER:
            rows.append(
                _row(
                    employee_id,
                    BalanceType.MILITARY,
                    LedgerKind.FORFEIT,
                    pay_period,
                    leave_accrual.MILITARY_CARRY_OVER - carried,
                    "Above the fiscal year's carry-over",
                )
            )
        rows.append(
            _row(
                employee_id,
                BalanceType.MILITARY,
                LedgerKind.FISCAL_YEAR_CREDIT,
                pay_period,
                leave_accrual.MILITARY_A_FISCAL_YEAR,
            )
        )
    create_with_history(LeaveLedgerEntry, rows, user=user, reason=REASON)
    written += len(rows)
    return written


# Time codes that draw on a balance, and the balance they draw on.
BALANCE_OF_CODE = {
    "ANNUAL": BalanceType.ANNUAL,
    "SICK": BalanceType.SICK,
    "COMPENSATORY": BalanceType.COMPENSATORY,
    "CREDIT_HOURS": BalanceType.CREDIT_HOURS,
    "MILITARY": BalanceType.MILITARY,
}


@transaction.atomic
def post_timesheet(
    employee,
    pay_period,
    *,
    used: dict[str, Decimal],
    earned: dict[str, Decimal],
    user,
) -> int:
    """Record what a certified timesheet used (by time code) and earned (by
    balance type: compensatory time, credit hours). Writes only the
    difference from what was posted for the pay period before."""
    wanted: dict[tuple[str, str], Decimal] = {}
    for code, hours in used.items():
        if code in BALANCE_OF_CODE:
            wanted[(BALANCE_OF_CODE[code], LedgerKind.USED)] = -hours
    for leave_type, hours in earned.items():
        wanted[(leave_type, LedgerKind.EARNED)] = hours
    posted = {
        (row["leave_type"], row["kind"]): row["total"]
        for row in LeaveLedgerEntry.objects.filter(
            employee=employee,
            pay_period=pay_period,
            kind__in=(LedgerKind.USED, LedgerKind.EARNED),
        )
        .values("leave_type", "kind")
        .annotate(total=Sum("hours"))
    }
    rows = []
    for key in sorted(set(wanted) | set(posted)):
        change = wanted.get(key, Decimal(0)) - posted.get(key, Decimal(0))
        if change:
            leave_type, kind = key
            rows.append(_row(employee.pk, leave_type, kind, pay_period, change))
    create_with_history(LeaveLedgerEntry, rows, user=user, reason="Timesheet")
    logger.info(
        "leave posted employee=%s pay_period=%s rows=%s",
        employee.pk,
        pay_period.pk,
        len(rows),
    )
    return len(rows)
