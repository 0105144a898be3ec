"""The G-259 at national scale: initializing a pay period for 20,000
employees, and the grid of a 400-agent station.

.venv/bin/python bench/g259.py [--employees N] [--runs N] [--requests N]

Builds the employees over the real organization tree (bench/directory.py's
synthetic nation), three shift templates per station and a schedule default
for everyone, then:

- initializes one pay period at every station, from nothing, several times
  (the tables emptied between runs), and reports the median against the
  10 s target and against a plain COPY of the same number of cell rows into
  a scratch table on the same database, the physical limit of the approach;
- serves the G-259 grid of a station holding 400 agents to one of its
  scheduling supervisors, and reports the median server time (through
  Django's test client: middleware, policy, conflicts, template) against
  300 ms, with the SQL queries it takes beside those of a station of 100.
"""

import argparse
import statistics
import time

import harness  # sets Django up: first of the project's imports

# isort: split

from datetime import date, timedelta

from directory import build_nation
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from scheduling import initialization, services
from scheduling.models import (
    Activity,
    InitializationRun,
    Schedule,
    ScheduleDefault,
    ShiftTemplate,
    SubActivity,
)
from security import services as security_services
from security.models import OrganizationUnit, RoleGrant
from staffing.models import Employee

INITIALIZATION_TARGET_S = 10
COPY_RATIO_TARGET = 10
GRID_TARGET_MS = 300
PAY_PERIOD_START = date(2026, 1, 11)
DAYS_OFF = ((0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 6), (6, 0))


def schedule_everyone() -> None:
    """Days, swings and mids at every station, and a default for everyone."""
    stations = list(OrganizationUnit.objects.filter(kind="STATION"))
    ShiftTemplate.objects.bulk_create(
        [
            ShiftTemplate(
                station=station,
                name=name,
                kind=kind,
                start_time=start,
                length_minutes=600,
            )
            for station in stations
            for name, kind, start in (
                ("Days", "DAYS", "06:00"),
                ("Swings", "SWINGS", "14:00"),
                ("Mids", "MIDS", "22:00"),
            )
        ]
    )
    templates = {}
    for template in ShiftTemplate.objects.all():
        templates.setdefault(template.station_id, []).append(template)
    linewatch = SubActivity.objects.get(code="linewatch", station=None)
    patrol = Activity.objects.get(pk=linewatch.activity_id)
    defaults = []
    for number, employee in enumerate(Employee.objects.order_by("pk")):
        first, second = DAYS_OFF[number % len(DAYS_OFF)]
        shifts = templates[employee.duty_station_id]
        defaults.append(
            ScheduleDefault(
                employee=employee,
                shift_template=shifts[number % len(shifts)],
                first_day_off=first,
                second_day_off=second,
                in_lieu_of_sunday=None if 0 in (first, second) else second,
                activity=patrol,
                sub_activity=linewatch,
                overtime_level="LEVEL_1",
                overtime_year=2026,
            )
        )
    ScheduleDefault.objects.bulk_create(defaults, batch_size=5000)


def crowd_station(station, agents: int) -> None:
    """Move ``agents`` employees to ``station``, with shifts of its own."""
    templates = list(ShiftTemplate.objects.filter(station=station))
    movers = list(
        Employee.objects.exclude(duty_station=station).order_by("pk")[:agents]
    )
    for employee in movers:
        employee.duty_station = station
    Employee.objects.bulk_update(movers, ["duty_station"], batch_size=2000)
    defaults = list(ScheduleDefault.objects.filter(employee__in=movers))
    for number, default in enumerate(defaults):
        default.shift_template = templates[number % len(templates)]
    ScheduleDefault.objects.bulk_update(defaults, ["shift_template"], batch_size=2000)


def empty_schedules() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE scheduling_schedulecell, scheduling_historicalschedulecell, "
            "scheduling_schedulerow, scheduling_historicalschedule, "
            "scheduling_initializationrun, scheduling_schedule CASCADE"
        )


def initialize_nation(pay_period) -> tuple[float, int]:
    stations = list(OrganizationUnit.objects.filter(kind="STATION"))
    started = time.perf_counter()
    # Recorded, not handed to the workers: carried out here.
    run = initialization.record(pay_period, stations)
    run = initialization.carry_out(InitializationRun.objects.get(pk=run.pk))
    elapsed = time.perf_counter() - started
    assert not run.errors, run.errors
    return elapsed, run.cells_created


def copy_limit(cells: int) -> float:
    """Seconds to COPY ``cells`` rows shaped like the cells into a scratch
    table: what the database can take at best."""
    moment = harness.timezone.now()
    rows = [
        (
            number,
            PAY_PERIOD_START + timedelta(days=number % 14),
            "WORKDAY",
            "",
            moment,
            moment + timedelta(hours=10),
            "",
            1,
            False,
            number // 14 + 1,
            1,
            1,
            None,
        )
        for number in range(cells)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE copy_limit (LIKE scheduling_schedulecell) "
            "ON COMMIT DROP"
        )
        columns = (
            "id, day, status, leave_type, shift_start, shift_end, remarks, version, "
            "changed_by_hand, row_id, shift_template_id, activity_id, sub_activity_id"
        )
        started = time.perf_counter()
        with cursor.copy(f"COPY copy_limit ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return time.perf_counter() - started


def grid_figures(schedule, client: Client, requests: int) -> tuple[float, int]:
    return served(client, f"/scheduling/g259/{schedule.pk}/", requests)


def served(client: Client, url: str, requests: int) -> tuple[float, int]:
    """The page's median server time in ms after three warming requests,
    and the SQL queries of one more."""
    for _ in range(3):
        assert client.get(url).status_code == 200
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(times) * 1000, len(captured)


def supervisor_of(station, suffix: str = "") -> Client:
    client = Client()
    client.force_login(
        make_supervisor(f"bench-supervisor-{station.pk}{suffix}", station)
    )
    return client


def make_supervisor(username: str, station):
    """A login holding the scheduling supervisor role over the station."""
    user = harness.make_user(username)
    RoleGrant.objects.create(
        user=user,
        module="scheduling",
        role="supervisor",
        organization_unit=station,
        starts_on=date(2026, 1, 1),
        granted_by=user,
        reason="benchmark",
    )
    security_services.sync_grant_permissions(user)
    return user


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=15)
    arguments = parser.parse_args()

    with harness.scratch_database():
        security_services.load_organization()
        build_nation(arguments.employees)
        schedule_everyone()
        big = OrganizationUnit.objects.get(parent__code="TCA", name="Nogales")
        small = OrganizationUnit.objects.get(parent__code="TCA", name="Ajo")
        crowd_station(big, 400 - Employee.objects.filter(duty_station=big).count())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        pay_period = services.pay_period_row(PAY_PERIOD_START)

        durations = []
        for _ in range(arguments.runs):
            empty_schedules()
            elapsed, cells = initialize_nation(pay_period)
            durations.append(elapsed)
        initialization_s = statistics.median(durations)
        copy_s = statistics.median(copy_limit(cells) for _ in range(arguments.runs))

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        big_schedule = Schedule.objects.get(station=big, pay_period=pay_period)
        small_schedule = Schedule.objects.get(station=small, pay_period=pay_period)
        big_ms, big_queries = grid_figures(
            big_schedule, supervisor_of(big), arguments.requests
        )
        _, small_queries = grid_figures(small_schedule, supervisor_of(small), 1)

        ratio = initialization_s / copy_s
        big_people = big_schedule.rows.count()
        small_people = small_schedule.rows.count()
        print("| figure | measured | target |")
        print("| --- | --- | --- |")
        print(
            f"| G-259 initialization, {cells} cells with their history, "
            f"{arguments.employees} employees | {initialization_s:.2f} s "
            f"(median of {arguments.runs}) | under {INITIALIZATION_TARGET_S} s |"
        )
        print(
            f"| plain COPY of {cells} cell rows into a scratch table | {copy_s:.2f} s; "
            f"initialization is {ratio:.1f}× it | within {COPY_RATIO_TARGET}× |"
        )
        print(
            f"| G-259 grid, {big_people} people, server time | {big_ms:.0f} ms "
            f"(median of {arguments.requests}) | under {GRID_TARGET_MS} ms |"
        )
        print(
            f"| G-259 grid SQL queries, {big_people} people against {small_people} "
            f"| {big_queries} against {small_queries} | the same count |"
        )


if __name__ == "__main__":
    main()
