"""The leave accrual of one pay period for 20,000 employees (annual and
sick leave rows with their history rows), the same run again (nothing to
write), the last pay period of the leave year (with the carry-over
forfeits), and the balance the timesheet asks for, with its SQL queries.
No target was set for these; the figures are for the README.

    .venv/bin/python bench/leave.py [--employees 20000]
"""

import argparse
import time
from datetime import date

import harness  # sets Django up: first of the project's imports
from directory import build_nation
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduling import services as scheduling_services
from security import services
from staffing.models import Employee
from timesheet import leave_accrual, leave_services


def timed(work):
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    arguments = parser.parse_args()

    with harness.scratch_database():
        services.load_organization()
        build_nation(arguments.employees)
        Employee.objects.update(service_computation_date=date(2015, 1, 1))
        rows = scheduling_services.ensure_pay_periods(2025)
        first, last = rows[0], rows[-1]

        written, accrual = timed(lambda: leave_services.accrue_pay_period(first))
        again, rerun = timed(lambda: leave_services.accrue_pay_period(first))
        year_end, closing = timed(lambda: leave_services.accrue_pay_period(last))
        someone = Employee.objects.order_by("pk").first()
        with CaptureQueriesContext(connection) as queries:
            _, asked = timed(lambda: leave_accrual.balance(someone, "ANNUAL", last))

        print(f"{arguments.employees} employees\n")
        print("| figure | rows written | seconds |")
        print("| --- | --- | --- |")
        print(f"| accrual of PP 01/2025 | {written} | {accrual:.2f} |")
        print(f"| the same again | {again} | {rerun:.2f} |")
        print(f"| accrual of PP 26/2025 (year end) | {year_end} | {closing:.2f} |")
        print(
            f"| one balance | {len(queries.captured_queries)} queries | "
            f"{asked * 1000:.1f} ms |"
        )


if __name__ == "__main__":
    main()
