"""The timesheet module's part of the demo: the demo station's timesheets
of the current pay period, made from its finalized schedule, with opening
leave balances; three of the supervisor's agents already on their way to
payroll (one submitted, one validated, one certified), their shifts closed
as scheduled. The ``agent`` and ``timekeeper`` logins find theirs open.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from bpets.bulk_history import create_with_history
from bpets.demo_population import DemoContext
from scheduling import pay_periods
from scheduling import services as scheduling_services
from security.models import User
from staffing.models import Employee
from timesheet import entries, initialization, workflow
from timesheet.models import (
    BalanceType,
    LeaveLedgerEntry,
    LedgerKind,
    Timesheet,
    TimesheetStatus,
)

# Carried over from the system before this one: enough for the demo's leave.
OPENING_BALANCES = {BalanceType.ANNUAL: Decimal(80), BalanceType.SICK: Decimal(40)}
# How far along each of the first three timesheets goes.
STEPS = ("submitted", "validated", "certified")


def populate(demo: DemoContext) -> None:
    station = demo.station
    keeper = User.objects.get(username="timekeeper")
    supervisor = User.objects.get(username="supervisor")
    current = pay_periods.containing(timezone.localdate())
    pay_period = scheduling_services.pay_period_row(current.start)
    before = scheduling_services.pay_period_row(
        pay_periods.containing(current.start - timedelta(days=1)).start
    )

    initialization.initialize(pay_period, station=station, actor=keeper)
    _open_balances(station, before, keeper)
    logins = [login.username for login in demo.logins]
    moved = _move_along(pay_period, station, keeper, supervisor, logins)

    sheets = Timesheet.objects.filter(pay_period=pay_period, station=station)
    demo.notes.append(
        f"Timesheet: {sheets.count()} timesheets of {pay_period} at "
        f"{station.name}, {moved}; opening balances of 80 hours annual and 40 "
        "hours sick leave."
    )


def _open_balances(station, pay_period, keeper) -> None:
    people = Employee.objects.filter(
        duty_station=station, employment_type=Employee.EmploymentType.EMPLOYEE
    )
    have = set(
        LeaveLedgerEntry.objects.filter(
            employee__in=people, kind=LedgerKind.ADJUSTMENT
        ).values_list("employee_id", "leave_type")
    )
    rows = [
        LeaveLedgerEntry(
            employee=employee,
            leave_type=leave_type,
            kind=LedgerKind.ADJUSTMENT,
            pay_period=pay_period,
            hours=hours,
            note="Demo population: opening balance.",
        )
        for employee in people
        for leave_type, hours in OPENING_BALANCES.items()
        if (employee.pk, leave_type) not in have
    ]
    create_with_history(LeaveLedgerEntry, rows, user=keeper)


def _move_along(pay_period, station, keeper, supervisor, logins) -> str:
    """Three of the supervisor's agents without a login, one step further
    each; run again, it finds them where it left them."""
    leader = Employee.objects.get(user=supervisor)
    sheets = list(
        Timesheet.objects.filter(
            pay_period=pay_period,
            station=station,
            employee__supervisor=leader,
            superseded_at__isnull=True,
        )
        .exclude(employee__user__username__in=logins)
        .order_by("employee__last_name", "pk")
        .select_related("employee__user", "station", "pay_period")[: len(STEPS)]
    )
    for sheet, last_step in zip(sheets, STEPS, strict=False):
        if sheet.status != TimesheetStatus.OPEN or sheet.steps.exists():
            continue
        agent = sheet.employee.user
        entries.close_as_scheduled(actor=agent, sheet=sheet)
        workflow.submit(actor=agent, sheet=sheet, attested=True)
        if last_step != "submitted":
            workflow.validate(actor=keeper, sheet=sheet)
        if last_step == "certified":
            workflow.certify(actor=supervisor, sheet=sheet)
    return f"{len(sheets)} of them submitted, validated and certified in turn"
