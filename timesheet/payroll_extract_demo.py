"""The demo's payroll extract: the one the payroll provider would send for
the pay period just ended, signed with the development key and written to
``var/demo/`` for the ``personnel`` login to import from the page.

The demo station's employees get hash IDs first, typed by personnel as they
would be (made up from the login's name, never from a Social Security
number). The extract carries what BPETS holds, but for two differences to
review: payroll has the ``agent`` login one step higher (one lower at step
10), with the next within-grade increase that step brings, and the
``timekeeper`` login with eight more hours of sick leave than the ledger
holds.
"""

import hashlib
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from scheduling import pay_periods
from security import interfaces
from security.models import User
from staffing import services as staffing_services
from staffing.models import Employee
from timesheet import leave_accrual, payroll_extract_file
from timesheet.models import PayrollExtract

STEP_AHEAD = "agent"
SICK_AHEAD = "timekeeper"
SICK_DIFFERENCE = Decimal(8)
# A within-grade increase comes 52 weeks after a step of 1 to 3, 104 weeks
# after 4 to 6, 156 weeks after 7 to 9 (5 CFR 531.405).
WAITING_WEEKS = {1: 52, 2: 52, 3: 52, 4: 104, 5: 104, 6: 104, 7: 156, 8: 156, 9: 156}


def output_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo"


def populate(demo) -> None:
    personnel = User.objects.get(username="personnel")
    station = demo.station
    _give_hash_ids(personnel, station)
    current = pay_periods.containing(timezone.localdate())
    ended = pay_periods.containing(current.start - timedelta(days=1))
    if PayrollExtract.objects.filter(
        pay_period__year=ended.year, pay_period__number=ended.number
    ).exists():
        demo.notes.append(f"Payroll extract: {ended.label} is imported already.")
        return
    path = write(station, ended)
    demo.notes.append(
        f"Payroll extract: {ended.label}'s, signed, in {path} (and .sig), for "
        "personnel to import on Timesheet > Import the payroll extract."
    )


def _give_hash_ids(personnel, station) -> None:
    """Personnel type each colleague's hash ID (not their own: nobody keeps
    their own official record)."""
    missing = Employee.objects.filter(
        duty_station=station, hash_id__isnull=True
    ).exclude(user=personnel)
    for employee in missing.select_related("user", "duty_station"):
        name = employee.user.username if employee.user else str(employee.pk)
        made_up = hashlib.sha256(f"bpets-demo-hash-id:{name}".encode()).hexdigest()
        staffing_services.update_profile(
            actor=personnel,
            employee=employee,
            changes={"hash_id": made_up},
            reason="Demo: hash ID entered by personnel",
        )


def write(station, period) -> Path:
    content = extract_for(station, period)
    folder = output_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"payroll-extract-{period.year}-{period.number:02d}.csv"
    path.write_bytes(content)
    Path(f"{path}.sig").write_text(
        interfaces.signature_of("payroll", content) + "\n", encoding="ascii"
    )
    return path


def extract_for(station, period) -> bytes:
    employees = list(
        Employee.objects.filter(
            duty_station=station,
            hash_id__isnull=False,
            status=Employee.Status.ACTIVE,
            employment_type=Employee.EmploymentType.EMPLOYEE,
            grade__isnull=False,
            service_computation_date__isnull=False,
        )
        .select_related("user")
        .order_by("pk")
    )
    balances = leave_accrual.end_balances([e.pk for e in employees], period)
    rows = []
    for line, employee in enumerate(employees, start=2):
        row = payroll_extract_file.Row(
            line=line,
            hash_id=employee.hash_id,
            pay_plan=employee.pay_plan or "GS",
            grade=employee.grade,
            step=employee.step or 1,
            next_within_grade_increase_date=employee.next_within_grade_increase_date,
            service_computation_date=employee.service_computation_date,
            balances=dict(balances[employee.pk]),
        )
        rows.append(_as_payroll_has_it(row, employee, period))
    return payroll_extract_file.render(period, rows)


def _as_payroll_has_it(row, employee, period):
    username = employee.user.username if employee.user else ""
    if username == STEP_AHEAD:
        step = row.step + 1 if row.step < 10 else row.step - 1
        weeks = WAITING_WEEKS.get(step)
        increase = period.end + timedelta(weeks=weeks) if weeks else None
        row = replace(row, step=step, next_within_grade_increase_date=increase)
    if username == SICK_AHEAD:
        row.balances["SICK"] += SICK_DIFFERENCE
    return row
