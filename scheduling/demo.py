"""The scheduling module's part of the demo: the demo station's zones,
technology, shift templates, workgroups, a schedule group, the G-259s of
the current and the next pay period (the current one finalized, so that
its G-481s exist, with zones and vehicles), and a dispatcher.

Zone names and identifiers are invented; they describe no real station.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from django.db import models
from django.utils import timezone

from bpets.demo_population import DemoContext, DemoLogin
from scheduling import (
    detail_demo,
    g259,
    g481_build,
    initialization,
    pay_periods,
    requests,
    services,
)
from scheduling.models import (
    DailyRun,
    InitializationRun,
    OvertimeLevel,
    Schedule,
    ScheduleDefault,
    ScheduleGroup,
    ScheduleGroupMember,
    ShiftMinimum,
    ShiftTemplate,
    SubActivity,
    Workgroup,
    Zone,
    ZoneTechnology,
    weekday_of,
)
from security import services as security_services
from security.demo import ensure_grant, ensure_user
from security.models import RoleGrant, User
from staffing import demo as staffing_demo
from staffing.models import Employee
from vehicles import selectors as vehicle_selectors
from vehicles.models import VehicleStatus

DISPATCHER = ("dispatcher", "Harper", "Limberbush", "Dispatcher at Nogales")

# The fewest agents each zone needs on a shift, sized to the demo team of
# eight on three shifts: one each in the desert and the town corridor; the
# foothills are watched by their scope truck and patrolled when the
# station has people to spare, so they need nobody.
ZONES = (
    ("Z01", "West desert", 1),
    ("Z02", "Town corridor", 1),
    ("Z03", "East foothills", 0),
)
# The zones the team's defaults place people in, in turn within each shift.
PATROLLED = ("Z01", "Z02")
TECHNOLOGY = (
    ("Z01", "PERMANENT", "TOWER", "DEMO-T-101"),
    ("Z01", "PERMANENT", "SENSOR", "DEMO-S-114"),
    ("Z02", "PERMANENT", "FIXED_CAMERA", "DEMO-C-201"),
    ("Z03", "MOBILE", "SCOPE_TRUCK", "DEMO-ST-301"),
)
SHIFTS = (
    ("Days", "DAYS", time(6), 600),
    ("Swings", "SWINGS", time(14), 600),
    ("Mids", "MIDS", time(22), 600),
)


def populate(demo: DemoContext) -> None:
    station = demo.station
    supervisor = User.objects.get(username="supervisor")
    if not RoleGrant.objects.filter(
        user=supervisor,
        module="scheduling",
        role="scheduling_administrator",
        revoked_at__isnull=True,
    ).exists():
        security_services.grant_role(
            grantor=User.objects.get(username="access-admin"),
            user=supervisor,
            module="scheduling",
            role="scheduling_administrator",
            unit=station,
            reason="Demo population.",
        )

    zones = {}
    for code, name, minimum in ZONES:
        zones[code], _ = Zone.objects.get_or_create(
            station=station,
            code=code,
            defaults={"name": name, "minimum_agents": minimum},
        )
    for zone_code, category, kind, identifier in TECHNOLOGY:
        ZoneTechnology.objects.get_or_create(
            zone=zones[zone_code],
            identifier=identifier,
            defaults={
                "category": category,
                "kind": kind,
                "deployed_on": date(2024, 10, 1),
            },
        )
    for name, kind, start, minutes in SHIFTS:
        ShiftTemplate.objects.get_or_create(
            station=station,
            name=name,
            defaults={"kind": kind, "start_time": start, "length_minutes": minutes},
        )

    unit, _ = Workgroup.objects.get_or_create(
        station=station, parent=None, name="Line unit", defaults={"kind": "UNIT"}
    )
    team, _ = Workgroup.objects.get_or_create(
        station=station, parent=unit, name="Team Mesquite", defaults={"kind": "TEAM"}
    )
    leader = Employee.objects.get(user=supervisor)
    group, _ = ScheduleGroup.objects.get_or_create(
        station=station,
        name="Team Mesquite",
        defaults={"supervisor": leader, "workgroup": team},
    )
    for member in leader.subordinates.filter(status=Employee.Status.ACTIVE):
        ScheduleGroupMember.objects.get_or_create(
            employee=member, defaults={"group": group, "added_by": supervisor}
        )

    _set_defaults(group, zones, supervisor)
    _ask_for_leave()
    previous, *schedules = _initialize_schedules(station)
    detailed = detail_demo.populate(station)
    # The pay period just ended is finalized too, so that its timesheets
    # (timesheet's demo) can go all the way to payroll.
    _finalize(previous, supervisor)
    days = _finalize(schedules[0], supervisor)
    _dispatcher(demo)

    demo.notes.append(
        f"Scheduling: {len(zones)} zones, {len(SHIFTS)} shift templates and a "
        f"schedule group of {group.members.count()} at {station.name}; the "
        f"G-259s of {', '.join(str(s.pay_period) for s in schedules)}; the "
        f"first finalized, with {days} G-481 lines."
    )
    demo.notes.append(detailed)


def _grant(user, role, station, grantor="access-admin") -> None:
    ensure_grant(user, "scheduling", role, station, grantor)


def _dispatcher(demo: DemoContext) -> None:
    username, first_name, last_name, role_text = DISPATCHER
    user = ensure_user(username, first_name, last_name, demo.password, demo.station)
    staffing_demo.ensure_profile(user, demo.station)
    _grant(user, "dispatcher", demo.station)
    demo.logins.append(DemoLogin(username, f"{first_name} {last_name}", role_text))


def _finalize(schedule, supervisor) -> int:
    """The current G-259 finalized by the supervisor, its warnings kept
    with a reason, and its G-481s built as the job would; once only."""
    if not schedule.is_finalized:
        for conflict in g259.load(schedule).open_conflicts:
            g259.override(
                actor=supervisor,
                schedule=schedule,
                kind=conflict.kind,
                key=conflict.key,
                reason="Demo population: kept as initialized.",
            )
        g259.finalize(actor=supervisor, schedule=schedule)
    run = DailyRun.objects.filter(schedule=schedule).first()
    if run is not None and run.is_running:
        g481_build.carry_out(run)
    return schedule.daily_schedules.aggregate(lines=models.Count("entries"))["lines"]


def _initialize_schedules(station) -> list[Schedule]:
    """The last, the current and the next pay period's G-259, as the daily
    job would make them; run again, it adds nothing."""
    days = ShiftTemplate.objects.get(station=station, name="Days")
    ShiftMinimum.objects.get_or_create(
        shift_template=days, defaults={"minimum_agents": 1}
    )
    current = pay_periods.containing(timezone.localdate())
    schedules = []
    last = pay_periods.containing(current.start - timedelta(days=1))
    for period in (last, current, pay_periods.following(current)):
        pay_period = services.pay_period_row(period.start)
        run = initialization.start(pay_period, [station])
        initialization.carry_out(InitializationRun.objects.get(pk=run.pk))
        schedules.append(Schedule.objects.get(station=station, pay_period=pay_period))
    return schedules


# Days off rotate through the team, so the G-259 has cover every day.
DAYS_OFF = ((0, 1), (2, 3), (4, 5), (5, 6), (1, 2))


def _set_defaults(group, zones, supervisor) -> None:
    linewatch = SubActivity.objects.get(
        activity__code="patrol-border", code="linewatch", station=None
    )
    shifts = list(ShiftTemplate.objects.filter(station=group.station))
    patrolled = [zones[code] for code in PATROLLED]
    # Vehicles nobody holds now, one for each person while they last.
    vehicles = [
        vehicle
        for vehicle in vehicle_selectors.fleet(
            group.station.pk, status=VehicleStatus.IN_SERVICE
        )
        if not vehicle.current
    ]
    year = pay_periods.containing(timezone.localdate()).year
    members = group.members.select_related("employee").order_by("employee__pk")
    # Someone with a vehicle of their own (custody) takes no pool vehicle.
    spare = iter(vehicles)
    for number, member in enumerate(members):
        first, second = DAYS_OFF[number % len(DAYS_OFF)]
        sunday_off = 0 in (first, second)
        ScheduleDefault.objects.get_or_create(
            employee=member.employee,
            defaults={
                "shift_template": shifts[number % len(shifts)],
                "first_day_off": first,
                "second_day_off": second,
                "in_lieu_of_sunday": None if sunday_off else second,
                "activity": linewatch.activity,
                "sub_activity": linewatch,
                # Each shift's people take the patrolled zones in turn,
                # so every shift has someone in each.
                "zone": patrolled[(number // len(shifts)) % len(patrolled)],
                "vehicle": None
                if vehicle_selectors.held_by(member.employee)
                else next(spare, None),
                "overtime_level": OvertimeLevel.LEVEL_1,
                "overtime_year": year,
            },
        )


def _ask_for_leave() -> None:
    """The agent's leave: three workdays approved in the next pay period, a
    day still pending in the one after; the notifications come with them."""
    agent = User.objects.get(username="agent")
    employee = Employee.objects.get(user=agent)
    if employee.leave_requests.exists():
        return
    next_period = pay_periods.following(pay_periods.containing(timezone.localdate()))
    first_day = _three_workdays(employee, next_period.start + timedelta(days=7))
    approved = requests.request_leave(
        actor=agent,
        leave_type="ANNUAL",
        first_day=first_day,
        last_day=first_day + timedelta(days=2),
        hours=Decimal(24),
        remarks="Family visit.",
    )
    requests.decide(
        actor=User.objects.get(username="supervisor"),
        request_row=approved,
        approve=True,
    )
    later = pay_periods.following(next_period).start + timedelta(days=3)
    requests.request_leave(
        actor=agent, leave_type="ANNUAL", first_day=later, last_day=later, hours=8
    )


def _three_workdays(employee, week_start):
    """The first of three days in a row, in the week from ``week_start``,
    that the employee's schedule defaults make workdays: asked 24 hours,
    the leave is charged 8 on each (a day off in the range takes none)."""
    days_off = ScheduleDefault.objects.get(employee=employee).days_off
    for offset in range(5):
        first = week_start + timedelta(days=offset)
        if not days_off & {weekday_of(first + timedelta(days=n)) for n in range(3)}:
            return first
    raise ValueError("No three workdays in a row in the week.")
