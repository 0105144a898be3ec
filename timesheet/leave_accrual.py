"""Leave accrual rules and the balance an employee holds.

Sources: 5 U.S.C. 6303 and OPM's earning chart (annual leave a full pay
period: 4 hours under 3 years of service, 6 hours from 3 to 15 years with
10 in the leave year's last full pay period, 8 hours from 15 years);
5 U.S.C. 6307 (sick leave, 4 hours a pay period, no ceiling); 5 U.S.C.
6304 (the 240-hour carry-over ceiling at the end of the leave year);
5 U.S.C. 6323(a) (military leave, 15 days - 120 hours - a fiscal year,
up to 15 days carried over); OPM's memo on leave year 2023: the leave year
counts pay periods, so a 27-pay-period year accrues 27 times.

The leave year is the pay-period year (``scheduling.pay_periods``): from
pay period 1 to the day before the next year's pay period 1.

Limitation: accrual assumes a full-time employee in pay status the whole
pay period; part-time proration and the 80-hour nonpay rule wait for a
work schedule on the staffing profile.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from scheduling import pay_periods
from timesheet.models import BalanceType, LeaveLedgerEntry

SICK_A_PERIOD = Decimal(4)
ANNUAL_CARRY_OVER_CEILING = Decimal(240)
MILITARY_A_FISCAL_YEAR = Decimal(120)
MILITARY_CARRY_OVER = Decimal(120)
# The 6-hour tier earns 10 in the leave year's last pay period (160 in all).
SIX_HOUR_TIER_LAST_PERIOD = Decimal(10)
FISCAL_YEAR_STARTS = (10, 1)
# Annual leave is charged against the restored balance and the regular one
# together: both are annual leave on the timesheet.
DRAWN_TOGETHER = {
    BalanceType.ANNUAL: (BalanceType.ANNUAL, BalanceType.RESTORED_ANNUAL),
}


def years_of_service(service_computation_date: date, on: date) -> int:
    """Whole years from the service computation date to a day."""
    years = on.year - service_computation_date.year
    if (on.month, on.day) < (
        service_computation_date.month,
        service_computation_date.day,
    ):
        years -= 1
    return max(years, 0)


def annual_accrual(service_computation_date: date, period) -> Decimal:
    """Annual leave earned in a pay period (``PayPeriodDates``), by the
    years of service reached when it begins."""
    years = years_of_service(service_computation_date, period.start)
    if years < 3:
        return Decimal(4)
    if years >= 15:
        return Decimal(8)
    if is_last_of_leave_year(period):
        return SIX_HOUR_TIER_LAST_PERIOD
    return Decimal(6)


def is_last_of_leave_year(period) -> bool:
    return period.number == pay_periods.count_in_year(period.year)


def starts_fiscal_year(period) -> bool:
    """The pay period holding 1 October, when military leave is credited."""
    month, day = FISCAL_YEAR_STARTS
    return date(period.start.year, month, day) in period


def dates_of(pay_period) -> pay_periods.PayPeriodDates:
    """A ``scheduling.PayPeriod`` row or dates, as dates."""
    if isinstance(pay_period, pay_periods.PayPeriodDates):
        return pay_period
    return pay_periods.PayPeriodDates(
        pay_period.year, pay_period.number, pay_period.start_date
    )


def balance(employee, leave_type: str, as_of_pay_period) -> Decimal:
    """The hours of a leave type the employee holds going into a pay period:
    every credit and charge of the pay periods before it. Leave entered on
    that pay period's own timesheet is not yet counted."""
    types = DRAWN_TOGETHER.get(leave_type, (leave_type,))
    start = dates_of(as_of_pay_period).start
    total = LeaveLedgerEntry.objects.filter(
        employee=employee,
        leave_type__in=types,
        pay_period__start_date__lt=start,
    ).aggregate(total=Sum("hours"))["total"]
    return total or Decimal(0)


def balances(employee, as_of_pay_period) -> dict[str, Decimal]:
    """Every balance of the employee going into a pay period, by type, in
    one query (restored annual leave apart from annual leave)."""
    start = dates_of(as_of_pay_period).start
    rows = (
        LeaveLedgerEntry.objects.filter(
            employee=employee, pay_period__start_date__lt=start
        )
        .values("leave_type")
        .annotate(total=Sum("hours"))
    )
    found = {row["leave_type"]: row["total"] for row in rows}
    return {kind: found.get(kind, Decimal(0)) for kind in BalanceType.values}


def end_balances(employee_ids, pay_period) -> dict[int, dict[str, Decimal]]:
    """Each employee's balances at the end of a pay period (what they hold
    going into the next one), by type, in one query for them all."""
    start = dates_of(pay_period).start
    rows = (
        LeaveLedgerEntry.objects.filter(
            employee_id__in=employee_ids, pay_period__start_date__lte=start
        )
        .order_by()
        .values("employee_id", "leave_type")
        .annotate(total=Sum("hours"))
    )
    found = {(row["employee_id"], row["leave_type"]): row["total"] for row in rows}
    return {
        employee_id: {
            kind: found.get((employee_id, kind), Decimal(0))
            for kind in BalanceType.values
        }
        for employee_id in employee_ids
    }
