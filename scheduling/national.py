"""The scheduling module's part of the national data set.

Shift templates, zones with their technology and a schedule default for
everyone are written in bulk with their history. The schedules themselves
come from the product's own jobs: the G-259 initialization of each pay
period, and the G-481 build of each finalized G-259, carried out here
rather than handed to the workers. The G-259s are finalized in bulk with
their history rows, in the builder's name: a synthetic G-259 made from the
defaults has no conflict to resolve, and finalizing each through the page's
service would load every grid again.

Pay periods: the nation's last four (the current one and the three before
it), and, for one sector, two years of them ending with the current one.
"""

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

from bpets.bulk_history import create_with_history, update_with_history
from bpets.national import NATION_PAY_PERIODS, Nation
from scheduling import g481_build, initialization, pay_periods, services
from scheduling.models import (
    DailyRun,
    InitializationRun,
    Schedule,
    ScheduleDefault,
    ShiftTemplate,
    SubActivity,
    Zone,
    ZoneTechnology,
)
from security.models import OrganizationUnit

REASON = "National data set"
SHIFTS = (
    ("Days", "DAYS", "06:00"),
    ("Swings", "SWINGS", "14:00"),
    ("Mids", "MIDS", "22:00"),
)
ZONES_PER_STATION = 4
# Each zone: a tower and a ground sensor field; every other zone a scope truck.
TECHNOLOGY = (
    (ZoneTechnology.Category.PERMANENT, ZoneTechnology.Kind.TOWER),
    (ZoneTechnology.Category.PERMANENT, ZoneTechnology.Kind.SENSOR),
    (ZoneTechnology.Category.MOBILE, ZoneTechnology.Kind.SCOPE_TRUCK),
)
# G-481 builds at once: the Celery worker's concurrency in docker-compose.yml.
BUILDERS = 2
DAYS_OFF = ((0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 0))


def build(nation: Nation) -> None:
    with transaction.atomic():
        templates = _shift_templates(nation)
        zones = _zones(nation)
        _defaults(nation, templates, zones)

    current = pay_periods.containing(timezone.localdate()).start
    starts = [
        current - timedelta(days=14 * back)
        for back in reversed(range(max(nation.history_pay_periods, NATION_PAY_PERIODS)))
    ]
    stations = list(OrganizationUnit.objects.filter(pk__in=nation.station_ids))
    sector = [
        station for station in stations if station.pk in set(nation.history_station_ids)
    ]
    for start in starts:
        nation_wide = start > current - timedelta(days=14 * NATION_PAY_PERIODS)
        pay_period = services.pay_period_row(start)
        (nation.nation_periods if nation_wide else nation.history_periods).append(
            pay_period
        )
        schedule_period(nation, pay_period, stations if nation_wide else sector)


def schedule_period(nation: Nation, pay_period, stations) -> None:
    """Initialize the period's G-259s, finalize them, and build their G-481s."""
    run = initialization.record(pay_period, stations, started_by=nation.actor)
    run = initialization.carry_out(InitializationRun.objects.get(pk=run.pk))
    if run.errors:
        raise RuntimeError(f"G-259 initialization run {run.pk} had errors")
    nation.counts["g259_cells"] = nation.counts.get("g259_cells", 0) + run.cells_created

    schedules = finalize_all(
        Schedule.objects.filter(pay_period=pay_period, station__in=stations),
        nation.actor,
    )
    # Two at a time, each on a connection of its own, as the compose file's
    # worker runs them; one at a time inside a transaction (the tests').
    workers = 1 if connection.in_atomic_block else BUILDERS
    shares = [schedules[start::workers] for start in range(workers)]
    if workers == 1:
        made = [_build_days(shares[0], nation.actor, close=False)]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            made = list(
                pool.map(lambda share: _build_days(share, nation.actor), shares)
            )
    nation.counts["g481_lines"] = nation.counts.get("g481_lines", 0) + sum(made)


def _build_days(schedules, actor, *, close: bool = True) -> int:
    made = 0
    try:
        for schedule in schedules:
            daily = g481_build.carry_out(
                DailyRun.objects.create(schedule=schedule, started_by=actor)
            )
            if daily.state != DailyRun.State.FINISHED:
                raise RuntimeError(f"G-481 build run {daily.pk} failed")
            made += daily.entries_created
    finally:
        if close:
            connection.close()  # the thread's own connection
    return made


@transaction.atomic
def finalize_all(schedules, actor) -> list[Schedule]:
    schedules = list(schedules.filter(status=Schedule.Status.DRAFT))
    now = timezone.now()
    for schedule in schedules:
        schedule.status = Schedule.Status.FINALIZED
        schedule.finalized_by, schedule.finalized_at = actor, now
    update_with_history(
        Schedule,
        schedules,
        ["status", "finalized_by", "finalized_at"],
        user=actor,
        reason=REASON,
    )
    return schedules


def _shift_templates(nation: Nation) -> dict[int, list[ShiftTemplate]]:
    made = create_with_history(
        ShiftTemplate,
        [
            ShiftTemplate(
                station_id=station_id,
                name=name,
                kind=kind,
                start_time=start,
                length_minutes=600,
            )
            for station_id in nation.station_ids
            for name, kind, start in SHIFTS
        ],
        user=nation.actor,
        reason=REASON,
    )
    templates = {}
    for template in made:
        templates.setdefault(template.station_id, []).append(template)
    return templates


def _zones(nation: Nation) -> dict[int, list[Zone]]:
    made = create_with_history(
        Zone,
        [
            Zone(
                station_id=station_id,
                code=f"Z{number:02d}",
                name=f"Zone {number}",
                minimum_agents=2,
            )
            for station_id in nation.station_ids
            for number in range(1, ZONES_PER_STATION + 1)
        ],
        user=nation.actor,
        reason=REASON,
    )
    technology = [
        ZoneTechnology(
            zone_id=zone.pk,
            category=category,
            kind=kind,
            identifier=f"{kind[:3]}-{zone.pk}",
            deployed_on=date(2020, 1, 1),
        )
        for number, zone in enumerate(made)
        for category, kind in TECHNOLOGY[: 2 + number % 2]
    ]
    create_with_history(ZoneTechnology, technology, user=nation.actor, reason=REASON)
    nation.counts["zones"] = len(made)
    nation.counts["technology"] = len(technology)
    zones = {}
    for zone in made:
        zones.setdefault(zone.station_id, []).append(zone)
    return zones


def _defaults(nation: Nation, templates, zones) -> None:
    linewatch = SubActivity.objects.get(code="linewatch", station=None)
    defaults = []
    for person in nation.people:
        first, second = DAYS_OFF[person.number % len(DAYS_OFF)]
        shifts = templates[person.station_id]
        station_zones = zones[person.station_id]
        defaults.append(
            ScheduleDefault(
                employee_id=nation.employee_ids[person.number],
                shift_template=shifts[person.number % len(shifts)],
                first_day_off=first,
                second_day_off=second,
                in_lieu_of_sunday=None if 0 in (first, second) else second,
                activity_id=linewatch.activity_id,
                sub_activity=linewatch,
                zone=station_zones[person.number % len(station_zones)],
                overtime_level="LEVEL_1",
                overtime_year=timezone.localdate().year,
            )
        )
    create_with_history(ScheduleDefault, defaults, user=nation.actor, reason=REASON)
    nation.counts["schedule_defaults"] = len(defaults)
