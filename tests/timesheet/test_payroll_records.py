"""What certified timesheets sent to payroll: versions, the pay period's
file from the latest of each, and the 56-year retention rule."""

from datetime import date
from decimal import Decimal

import pytest

from scheduling.services import ensure_pay_periods, numbered_pay_period_row
from timesheet import payroll_records
from timesheet.models import PayrollRecord
from timesheet.pay_rules import Totals
from timesheet.retention_rules import PAYROLL_RECORDS

pytestmark = pytest.mark.django_db
HASH = "a" * 64


@pytest.fixture
def period(people):
    ensure_pay_periods(2025)
    return numbered_pay_period_row(2025, 13)


def test_an_amendment_sends_a_new_version_and_the_file_carries_the_latest(
    people, period
):
    subject, certifier = people["subject"], people["first_line"]
    first = Totals(regular=Decimal(80))
    # Amended: a day of annual leave instead of a day's work.
    amended = Totals(regular=Decimal(72), by_code={"ANNUAL": Decimal(8)})

    assert payroll_records.record_certified(subject, period, first, user=certifier) == 1
    assert (
        payroll_records.record_certified(subject, period, amended, user=certifier) == 2
    )

    assert PayrollRecord.objects.filter(version=1).count() == 1
    assert payroll_records.payroll_file_lines(period) == [
        "pay_period,employee_hash_id,transaction_code,prefix,hours,item,mapping",
        f"2025-13,{HASH},01,,72.00,REGULAR_BASE,confirmed",
        f"2025-13,{HASH},61,,8.00,ANNUAL,unconfirmed",
    ]


def test_payroll_records_are_kept_56_years_after_their_pay_period(people, period):
    # PP 13/2025 ends 12 July 2025: due once the cutoff (today less 56
    # years) passes that day, in 2081.
    payroll_records.record_certified(
        people["subject"], period, Totals(regular=Decimal(80)), user=None
    )
    kept = PAYROLL_RECORDS.due(date(2025, 7, 12))
    due = PAYROLL_RECORDS.due(date(2025, 7, 13))

    assert not kept.exists()
    assert due.count() == 1
    assert PAYROLL_RECORDS.sources[0].period.years == 56
    assert PAYROLL_RECORDS.purge(list(due.values_list("pk", flat=True))) == 1
    assert not PayrollRecord.history.exists()
