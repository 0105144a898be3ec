"""Timesheets at national scale: making a pay period's timesheets for
20,000 employees from their finalized schedules, and the timesheet page.

.venv/bin/python bench/timesheet.py [--employees N] [--runs N] [--requests N]

Builds bench/g259.py's nation (bench/directory.py's synthetic employees
over the real tree, three shift templates per station, a default for
everyone), initializes and finalizes the current pay period's G-259s, then:

- makes every employee's timesheet of the period (14 days each, with
  their history rows) from nothing, several times (the tables emptied
  between runs), and reports the median against 10 s;
- serves one timesheet to a timekeeper of its station with one entry and
  with an entry on each of its 14 days, and reports the median server time
  and the SQL queries of each (the same count is the target).
"""

import argparse
import statistics
import time

import harness  # sets Django up: first of the project's imports

# isort: split

from datetime import date, timedelta

from directory import build_nation
from django.db import connection
from django.test import Client
from django.utils import timezone
from g259 import initialize_nation, schedule_everyone, served
from g481 import finalize_everything

from scheduling import pay_periods, services
from security import services as security_services
from security.models import RoleGrant
from timesheet import initialization
from timesheet.models import TimeEntry, Timesheet

INITIALIZATION_TARGET_S = 10


def empty_timesheets() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE timesheet_timeentry, timesheet_historicaltimeentry, "
            "timesheet_scheduledday, timesheet_historicalscheduledday, "
            "timesheet_timesheetstep, timesheet_timesheet, "
            "timesheet_historicaltimesheet CASCADE"
        )


def initialize_everyone(pay_period, actor) -> tuple[float, int]:
    started = time.perf_counter()
    made = initialization.initialize(pay_period, actor=actor)
    return time.perf_counter() - started, made


def keeper_of(station) -> Client:
    user = harness.make_user(f"bench-keeper-{station.pk}")
    RoleGrant.objects.create(
        user=user,
        module="timesheet",
        role="timekeeper",
        organization_unit=station,
        starts_on=date(2026, 1, 1),
        granted_by=user,
        reason="benchmark",
    )
    security_services.sync_grant_permissions(user)
    client = Client()
    client.force_login(user)
    return client


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
        today = timezone.localdate()
        pay_period = services.pay_period_row(pay_periods.containing(today).start)
        initialize_nation(pay_period)
        actor = harness.make_user("bench-initializer")
        finalize_everything(pay_period, actor)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        durations = []
        for _ in range(arguments.runs):
            empty_timesheets()
            elapsed, made = initialize_everyone(pay_period, actor)
            durations.append(elapsed)
        initialization_s = statistics.median(durations)
        again_s, again = initialize_everyone(pay_period, actor)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        sheet = Timesheet.objects.select_related("station").order_by("pk").first()
        client = keeper_of(sheet.station)
        url = f"/timesheet/{sheet.pk}/"
        TimeEntry.objects.create(
            timesheet=sheet, day=pay_period.start_date, code="LWOP", hours=1
        )
        one_ms, one_queries = served(client, url, arguments.requests)
        TimeEntry.objects.filter(timesheet=sheet).delete()
        TimeEntry.objects.bulk_create(
            TimeEntry(
                timesheet=sheet,
                day=pay_period.start_date + timedelta(days=offset),
                code="LWOP",
                hours=1,
            )
            for offset in range(14)
        )
        full_ms, full_queries = served(client, url, arguments.requests)

        print("| figure | measured | target |")
        print("| --- | --- | --- |")
        print(
            f"| timesheets of one pay period, {made} with {made * 14} days and "
            f"their history, {arguments.employees} employees | "
            f"{initialization_s:.2f} s (median of {arguments.runs}) | under "
            f"{INITIALIZATION_TARGET_S} s |"
        )
        print(f"| the same run again (makes {again}) | {again_s:.2f} s | (no target) |")
        print(
            f"| timesheet page, 1 entry / 14 days with entries, server time | "
            f"{one_ms:.0f} ms / {full_ms:.0f} ms (median of {arguments.requests}) "
            "| (no target) |"
        )
        print(
            f"| timesheet page SQL queries, 1 entry against 14 days | "
            f"{one_queries} against {full_queries} | the same count |"
        )


if __name__ == "__main__":
    main()
