"""The scheduling module's part of the demo: the demo station's zones,
technology, shift templates, workgroups, a schedule group, and the G-259s
of the current and the next pay period.

Zone names and identifiers are invented; they describe no real station.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bpets.demo_population import DemoContext
from scheduling import detail_demo, initialization, pay_periods, requests, services
from scheduling.models import (
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
)
from security import services as security_services
from security.models import RoleGrant, User
from staffing.models import Employee

ZONES = (
    ("Z01", "West desert", 4),
    ("Z02", "Town corridor", 6),
    ("Z03", "East foothills", 3),
)
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
    schedules = _initialize_schedules(station)
    detailed = detail_demo.populate(station)

    demo.notes.append(
        f"Scheduling: {len(zones)} zones, {len(SHIFTS)} shift templates and a "
        f"schedule group of {group.members.count()} at {station.name}; the "
        f"G-259s of {', '.join(str(s.pay_period) for s in schedules)}."
    )
    demo.notes.append(detailed)


def _initialize_schedules(station) -> list[Schedule]:
    """The current and the next pay period's G-259, as the daily job would
    make them; run again, it adds nothing."""
    days = ShiftTemplate.objects.get(station=station, name="Days")
    ShiftMinimum.objects.get_or_create(
        shift_template=days, defaults={"minimum_agents": 1}
    )
    current = pay_periods.containing(timezone.localdate())
    schedules = []
    for period in (current, pay_periods.following(current)):
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
    zone_list = list(zones.values())
    year = pay_periods.containing(timezone.localdate()).year
    members = group.members.select_related("employee").order_by("employee__pk")
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
                "zone": zone_list[number % len(zone_list)],
                "overtime_level": OvertimeLevel.LEVEL_1,
                "overtime_year": year,
            },
        )


def _ask_for_leave() -> None:
    """The agent's leave: three days approved in the next pay period, a day
    still pending in the one after; the notifications come with them."""
    agent = User.objects.get(username="agent")
    employee = Employee.objects.get(user=agent)
    if employee.leave_requests.exists():
        return
    next_period = pay_periods.following(pay_periods.containing(timezone.localdate()))
    monday = next_period.start + timedelta(days=8)
    approved = requests.request_leave(
        actor=agent,
        leave_type="ANNUAL",
        first_day=monday,
        last_day=monday + timedelta(days=2),
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
