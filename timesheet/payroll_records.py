"""What certified timesheets sent to payroll, kept as individual payroll
records, and the payroll file of a pay period made from them.

The certification records a timesheet's totals as payroll items; an
amended timesheet, once certified, records a new version and the file
carries each employee's latest. The records are kept 56 years
(``retention_rules``), long after the timesheets themselves.
"""

import logging

from django.db import transaction
from django.db.models import Max

from bpets.bulk_history import create_with_history
from timesheet.leave_accrual import dates_of
from timesheet.models import PayrollRecord
from timesheet.pay_rules import Totals
from timesheet.payroll_codes import mapping
from timesheet.payroll_file import item_lines, payroll_items

logger = logging.getLogger(__name__)


@transaction.atomic
def record_certified(employee, pay_period, totals: Totals, *, user) -> int:
    """Record a certified timesheet's pay-period totals as the next version
    of the employee's payroll record for the pay period; returns it."""
    latest = PayrollRecord.objects.filter(
        employee=employee, pay_period=pay_period
    ).aggregate(latest=Max("version"))["latest"]
    version = (latest or 0) + 1
    codes = mapping()
    rows = [
        PayrollRecord(
            employee=employee,
            pay_period=pay_period,
            version=version,
            item=item,
            transaction_code=codes[item].transaction_code,
            prefix=codes[item].prefix,
            hours=hours,
            mapping=codes[item].status,
        )
        for item, hours in payroll_items(totals).items()
    ]
    create_with_history(PayrollRecord, rows, user=user, reason="Certified")
    logger.info(
        "payroll recorded employee=%s pay_period=%s version=%s items=%s",
        employee.pk,
        pay_period.pk,
        version,
        len(rows),
    )
    return version


def payroll_file_lines(pay_period, employee_ids=None) -> list[str]:
    """The pay period's payroll file: each employee's latest version, for
    everyone or for ``employee_ids`` (a station's people)."""
    records = PayrollRecord.objects.filter(pay_period=pay_period).select_related(
        "employee"
    )
    if employee_ids is not None:
        records = records.filter(employee_id__in=employee_ids)
    latest: dict[int, int] = {}
    for record in records:
        latest[record.employee_id] = max(
            latest.get(record.employee_id, 0), record.version
        )
    return item_lines(
        dates_of(pay_period),
        (
            (record.employee.hash_id or "", record.item, record.hours)
            for record in records
            if record.version == latest[record.employee_id]
        ),
    )


def employees_recorded(pay_period, employee_ids) -> set[int]:
    """Which of ``employee_ids`` have a payroll record for the pay period."""
    return set(
        PayrollRecord.objects.filter(
            pay_period=pay_period, employee_id__in=employee_ids
        ).values_list("employee_id", flat=True)
    )
