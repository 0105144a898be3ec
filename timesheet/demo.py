"""The timesheet module's part of the demo: the leave balances
(``leave_demo``), then the demo station's timesheets of the pay period just
ended and of the current one, made from their finalized schedules. Three of
the supervisor's agents' timesheets of the ended pay period are on their
way to payroll (one submitted, one validated, one certified), their shifts
closed as scheduled; a timesheet goes on only with every shift closed, and
worked time is recorded only once worked. The ``agent`` and ``timekeeper``
logins find their current ones open."""

from datetime import timedelta

from django.utils import timezone

from bpets.demo_population import DemoContext
from scheduling import pay_periods
from scheduling import services as scheduling_services
from security.demo import ensure_grant
from security.models import User
from staffing.models import Employee
from timesheet import (
    entries,
    initialization,
    leave_demo,
    payroll_extract_demo,
    workflow,
)
from timesheet.models import Timesheet, TimesheetStatus

# How far along each of the first three timesheets goes.
STEPS = ("submitted", "validated", "certified")


def populate(demo: DemoContext) -> None:
    station = demo.station
    keeper = User.objects.get(username="timekeeper")
    supervisor = User.objects.get(username="supervisor")
    current = pay_periods.containing(timezone.localdate())
    pay_period = scheduling_services.pay_period_row(current.start)
    # The pay period just ended, whose shifts are all over: its timesheets
    # are the ones on their way to payroll.
    ended = scheduling_services.pay_period_row(current.start - timedelta(days=14))
    # The payroll file names people by hash ID, which personnel see: the
    # personnel officer is also a timekeeper of the station, to download it.
    ensure_grant(
        User.objects.get(username="personnel"),
        "timesheet",
        "timekeeper",
        station,
        "access-admin",
    )
    # The leave balances first: the timesheets' leave is checked against them.
    leave_demo.populate(demo)
    initialization.initialize(ended, station=station, actor=keeper)
    initialization.initialize(pay_period, station=station, actor=keeper)
    logins = [login.username for login in demo.logins]
    moved = _move_along(ended, station, keeper, supervisor, logins)

    # Hash IDs and the signed extract of the pay period just ended.
    payroll_extract_demo.populate(demo)

    sheets = Timesheet.objects.filter(pay_period=pay_period, station=station)
    demo.notes.append(
        f"Timesheet: {sheets.count()} timesheets of {pay_period} at "
        f"{station.name}, open; of {ended}'s, {moved}."
    )


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
        if workflow.unclosed_shifts(sheet.days.all()):
            # Shifts still to come: the timesheet waits for the period's end.
            continue
        workflow.submit(actor=agent, sheet=sheet, attested=True)
        if last_step != "submitted":
            workflow.validate(actor=keeper, sheet=sheet)
        if last_step == "certified":
            workflow.certify(actor=supervisor, sheet=sheet)
    return (
        f"{len(sheets)} of them with the shifts already over closed, and, once "
        "the pay period's last shift is over, submitted, validated and "
        "certified in turn"
    )
