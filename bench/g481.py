"""The G-481 at national scale: building a pay period's daily schedules
for 20,000 employees from their finalized G-259s, a 150-person day, and
who is on shift now.

.venv/bin/python bench/g481.py [--employees N] [--runs N] [--requests N]

Builds bench/g259.py's nation (bench/directory.py's synthetic employees
over the real tree, three shift templates per station, a default for
everyone, a zone each), initializes and finalizes the current pay period's
G-259s, then:

- builds every station's G-481s from nothing, several times (the tables
  emptied between runs), two stations at a time as the Celery workers of
  docker-compose.yml do, and reports the median against 10 s;
- serves the G-481 of a day at a station of 150 people to one of its
  supervisors, and reports the median server time against 200 ms, with
  its SQL queries beside those of a station of 40;
- serves "on shift now" at the 150-person station against 50 ms.

Default vehicles are left out of the national build: each is an
assignment made through the vehicles module, measured apart at the big
station (its first 14 people with a vehicle each).
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import harness  # sets Django up: first of the project's imports

# isort: split

from directory import build_nation
from django.db import connection
from django.utils import timezone
from g259 import (
    crowd_station,
    initialize_nation,
    make_supervisor,
    schedule_everyone,
    served,
    supervisor_of,
)

from scheduling import g481_build, pay_periods, services
from scheduling.models import (
    DailyEntry,
    DailyRun,
    DailySchedule,
    Schedule,
    ScheduleDefault,
    ShiftTemplate,
    Zone,
)
from security import services as security_services
from security.models import OrganizationUnit
from staffing.models import Employee
from vehicles.demo import demo_vin
from vehicles.models import Vehicle

BUILD_TARGET_S = 10
# The Celery worker's --concurrency in docker-compose.yml: the finalized
# G-259s' builds are that many at a time.
WORKERS = 2
DAY_TARGET_MS = 200
ON_SHIFT_TARGET_MS = 50


def zone_everyone() -> None:
    stations = list(OrganizationUnit.objects.filter(kind="STATION"))
    Zone.objects.bulk_create(
        [Zone(station=station, code="Z01", name="Line") for station in stations]
    )
    zones = dict(Zone.objects.values_list("station_id", "pk"))
    defaults = list(ScheduleDefault.objects.select_related("employee"))
    for default in defaults:
        default.zone_id = zones[default.employee.duty_station_id]
    ScheduleDefault.objects.bulk_update(defaults, ["zone"], batch_size=5000)


def shrink_station(station, keep: int) -> None:
    """Leave ``keep`` employees at ``station``: the others move to the
    stations beside it in the list, with those stations' shifts."""
    others = list(
        OrganizationUnit.objects.filter(kind="STATION").exclude(pk=station.pk)
    )
    templates = {}
    for template in ShiftTemplate.objects.filter(station__in=others):
        templates.setdefault(template.station_id, []).append(template)
    movers = list(Employee.objects.filter(duty_station=station).order_by("pk")[keep:])
    defaults = {
        default.employee_id: default
        for default in ScheduleDefault.objects.filter(employee__in=movers)
    }
    for number, employee in enumerate(movers):
        employee.duty_station = others[number % len(others)]
        default = defaults[employee.pk]
        default.shift_template = templates[employee.duty_station.pk][number % 3]
    Employee.objects.bulk_update(movers, ["duty_station"], batch_size=2000)
    ScheduleDefault.objects.bulk_update(
        list(defaults.values()), ["shift_template"], batch_size=2000
    )


def spread_shifts(station) -> None:
    """Days, swings and mids in turn at the station (the nation's numbering
    gives everyone at a station the same shift), so that "on shift now"
    finds a third of them at any hour."""
    templates = list(ShiftTemplate.objects.filter(station=station).order_by("pk"))
    defaults = list(
        ScheduleDefault.objects.filter(employee__duty_station=station).order_by("pk")
    )
    for number, default in enumerate(defaults):
        default.shift_template = templates[number % len(templates)]
    ScheduleDefault.objects.bulk_update(defaults, ["shift_template"])


def finalize_everything(pay_period, actor) -> list[Schedule]:
    schedules = list(Schedule.objects.filter(pay_period=pay_period))
    for schedule in schedules:
        schedule.status = Schedule.Status.FINALIZED
        schedule.finalized_by, schedule.finalized_at = actor, timezone.now()
    Schedule.objects.bulk_update(
        schedules, ["status", "finalized_by", "finalized_at"], batch_size=500
    )
    return schedules


def empty_days() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE scheduling_dailyentry, scheduling_historicaldailyentry, "
            "scheduling_dailyschedule, scheduling_historicaldailyschedule, "
            "scheduling_dailyrun, vehicles_assignment, "
            "vehicles_historicalassignment CASCADE"
        )


def build_nation_days(schedules, actor) -> tuple[float, int]:
    """Each finalized G-259's build, as the Celery workers carry them out:
    one run a schedule, ``WORKERS`` at a time, each on its own connection."""
    started = time.perf_counter()
    shares = [schedules[start::WORKERS] for start in range(WORKERS)]
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        made = sum(pool.map(lambda share: build_share(share, actor), shares))
    return time.perf_counter() - started, made


def build_share(schedules, actor) -> int:
    made = 0
    try:
        for schedule in schedules:
            run = DailyRun.objects.create(schedule=schedule, started_by=actor)
            run = g481_build.carry_out(run)
            assert run.state == DailyRun.State.FINISHED, run.error
            made += run.entries_created
    finally:
        connection.close()
    return made


def give_vehicles(station, count: int) -> None:
    """``count`` vehicles at the station, one in each of its first
    defaults."""
    vehicles = Vehicle.objects.bulk_create(
        [
            Vehicle(
                station=station,
                fleet_number=f"B-{number:03d}",
                vin=demo_vin("1FTFW1E8", 2024, "F", 300_000 + number),
                plate=f"BEN-{number:03d}",
                plate_state="US",
                make="Ford",
                model="F-150",
                model_year=2024,
                vehicle_type="PICKUP_4X4",
            )
            for number in range(count)
        ]
    )
    defaults = list(
        ScheduleDefault.objects.filter(employee__duty_station=station).order_by("pk")[
            :count
        ]
    )
    for default, vehicle in zip(defaults, vehicles, strict=True):
        default.vehicle = vehicle
    ScheduleDefault.objects.bulk_update(defaults, ["vehicle"])


def profile_build(schedules, actor) -> None:
    """One more national build under cProfile, on this thread alone (the
    profiler sees no other); its 25 costliest calls (by time spent in them
    and what they call) go to standard error."""
    empty_days()
    profiler = cProfile.Profile()
    profiler.enable()
    build_share(schedules, actor)
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile one more national build and print its costliest calls",
    )
    arguments = parser.parse_args()

    with harness.scratch_database():
        security_services.load_organization()
        build_nation(arguments.employees)
        schedule_everyone()
        big = OrganizationUnit.objects.get(parent__code="TCA", name="Nogales")
        small = OrganizationUnit.objects.get(parent__code="TCA", name="Ajo")
        # Five workdays in seven: 210 people put about 150 on a day.
        crowd_station(big, 210 - Employee.objects.filter(duty_station=big).count())
        shrink_station(small, 40)
        zone_everyone()
        spread_shifts(big)
        today = timezone.localdate()
        pay_period = services.pay_period_row(pay_periods.containing(today).start)
        initialize_nation(pay_period)
        # The finalizer supervises the big station: its default vehicles are
        # assigned in its name.
        actor = make_supervisor("bench-finalizer", big)
        schedules = finalize_everything(pay_period, actor)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        durations = []
        for _ in range(arguments.runs):
            empty_days()
            elapsed, made = build_nation_days(schedules, actor)
            durations.append(elapsed)
        build_s = statistics.median(durations)
        if arguments.profile:
            profile_build(schedules, actor)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        # The day with the most people at each station, and on-shift now.
        supervisor = supervisor_of(big)
        days = {}
        for station in (big, small):
            days[station.pk] = max(
                DailySchedule.objects.filter(station=station),
                key=lambda daily: daily.entries.count(),
            )
        big_ms, big_queries = served(
            supervisor, f"/scheduling/g481/{days[big.pk].pk}/", arguments.requests
        )
        _, small_queries = served(
            supervisor_of(small), f"/scheduling/g481/{days[small.pk].pk}/", 1
        )
        big_people = days[big.pk].entries.count()
        small_people = days[small.pk].entries.count()
        on_shift_ms, on_shift_queries = served(
            supervisor, f"/scheduling/on-shift/{big.pk}/", arguments.requests
        )
        on_now = DailyEntry.objects.filter(
            daily__station=big,
            shift_start__lte=timezone.now(),
            shift_end__gt=timezone.now(),
        ).count()

        # Default vehicles at the big station, through the vehicles module.
        give_vehicles(big, 14)
        big_schedule = Schedule.objects.get(station=big, pay_period=pay_period)
        DailyEntry.objects.filter(daily__station=big).delete()
        started = time.perf_counter()
        run = g481_build.carry_out(
            DailyRun.objects.create(schedule=big_schedule, started_by=actor)
        )
        vehicles_s = time.perf_counter() - started
        assigned = DailyEntry.objects.filter(
            daily__station=big, vehicle__isnull=False
        ).count()

        print("| figure | measured | target |")
        print("| --- | --- | --- |")
        print(
            f"| G-481 build of one pay period, {made} lines with their history, "
            f"{arguments.employees} employees, {len(schedules)} stations | "
            f"{build_s:.2f} s (median of {arguments.runs}) | under {BUILD_TARGET_S} s |"
        )
        print(
            f"| G-481 of a day, {big_people} people, server time | {big_ms:.0f} ms "
            f"(median of {arguments.requests}) | under {DAY_TARGET_MS} ms |"
        )
        print(
            f"| G-481 SQL queries, {big_people} people against {small_people} | "
            f"{big_queries} against {small_queries} | the same count |"
        )
        print(
            f"| on shift now, {on_now} of {big_people} on shift, server time | "
            f"{on_shift_ms:.0f} ms ({on_shift_queries} queries) | under "
            f"{ON_SHIFT_TARGET_MS} ms |"
        )
        print(
            f"| G-481 build of the {big_people}-person station with {assigned} "
            f"default-vehicle lines ({run.vehicles_refused} refused) | "
            f"{vehicles_s:.2f} s | (no target) |"
        )


if __name__ == "__main__":
    main()
