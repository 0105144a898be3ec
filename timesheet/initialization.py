"""Timesheets of a pay period made from the finalized schedules.

Each active employee (never a contractor: their time is their employer's
business) gets one timesheet per pay period, with a day for each of the 14
days as ``day_plan`` reads it from the schedules, and approved leave
written on as leave entries. Running it again makes nothing twice: a
person with a timesheet keeps it, a day with its row keeps it, except a
day of a detail still waiting for the gaining station's schedule
(``detail_days``). On
PostgreSQL the days are written by one statement per batch
(``initialization_sql``); elsewhere here, row by row in Python.
"""

import logging
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from bpets.bulk_history import create_with_history
from scheduling import detail_selectors
from scheduling.models import (
    OvertimeLevel,
    PayPeriod,
    ScheduleDefault,
    ScheduleRow,
)
from staffing.models import Employee
from timesheet import day_plan, detail_days, initialization_sql, leave_prefill
from timesheet.models import InitializationRun, ScheduledDay, Timesheet

logger = logging.getLogger(__name__)


def employees_in_scope(station=None):
    """The people who keep a timesheet: active employees (of ``station``)."""
    people = Employee.objects.filter(
        status=Employee.Status.ACTIVE,
        employment_type=Employee.EmploymentType.EMPLOYEE,
    )
    return people.filter(duty_station=station) if station is not None else people


def start(pay_period: PayPeriod, *, station=None, started_by) -> InitializationRun:
    """Record a run and hand it to the worker once the record is committed."""
    from timesheet import tasks

    run = InitializationRun.objects.create(
        pay_period=pay_period, station=station, started_by=started_by
    )
    transaction.on_commit(lambda: tasks.initialize_timesheets.delay(run.pk))
    return run


def carry_out(run: InitializationRun) -> InitializationRun:
    """Do the run's work, recording its progress and outcome."""
    run.state = InitializationRun.State.RUNNING
    run.save(update_fields=["state"])
    try:
        created = initialize(run.pay_period, station=run.station, actor=run.started_by)
    except Exception as error:
        logger.exception("Timesheet initialization run %s failed", run.pk)
        run.state = InitializationRun.State.FAILED
        run.error = f"{type(error).__name__}: the run stopped; nothing was kept."[:300]
    else:
        run.state = InitializationRun.State.FINISHED
        run.timesheets_created = created
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "error", "timesheets_created", "finished_at"])
    return run


@transaction.atomic
def initialize(
    pay_period: PayPeriod, *, station=None, actor=None, portable: bool = False
) -> int:
    """Make the missing timesheets of the period (for one station, or for
    the nation), their days and their leave, and fill in the days of a
    detail whose gaining station has finalized its schedule since; the
    number of timesheets made. ``portable`` takes the row-by-row path on
    PostgreSQL too."""
    people = employees_in_scope(station)
    if connection.vendor == "postgresql" and not portable:
        created = initialization_sql.insert_timesheets(
            pay_period, station=station, actor=actor
        )
        initialization_sql.insert_days(pay_period, station=station, actor=actor)
    else:
        created = _insert_timesheets(pay_period, people, actor)
        _insert_days(pay_period, people, actor)
    # Both paths skip the days a timesheet has; the few that were made
    # waiting for a detail's schedule are filled here, before the leave,
    # which reads what each day became.
    detail_days.fill(pay_period, people=people, actor=actor)
    leave_prefill.prefill(pay_period, people, actor=actor)
    logger.info(
        "Timesheets initialized for pay period %s: %s made", pay_period.pk, created
    )
    return created


def _insert_timesheets(pay_period, people, actor) -> int:
    have = Timesheet.objects.filter(
        pay_period=pay_period, superseded_at__isnull=True
    ).values("employee_id")
    missing = list(people.exclude(pk__in=have).values_list("pk", "duty_station_id"))
    ids = [pk for pk, _ in missing]
    levels = dict(
        ScheduleDefault.objects.filter(employee_id__in=ids).values_list(
            "employee_id", "overtime_level"
        )
    )
    # The tour on the G-259 of the person's own station wins: it is the
    # year's election as the schedule carried it into this period.
    levels.update(
        ScheduleRow.objects.filter(
            employee_id__in=ids,
            schedule__pay_period=pay_period,
            schedule__station_id=F("employee__duty_station_id"),
        ).values_list("employee_id", "overtime_level")
    )
    sheets = [
        Timesheet(
            employee_id=pk,
            pay_period=pay_period,
            station_id=station_id,
            overtime_level=levels.get(pk, OvertimeLevel.LEVEL_1),
        )
        for pk, station_id in missing
    ]
    create_with_history(Timesheet, sheets, user=actor)
    return len(sheets)


def _insert_days(pay_period, people, actor) -> None:
    sheets = list(
        Timesheet.objects.filter(
            pay_period=pay_period, superseded_at__isnull=True, employee__in=people
        ).values_list("pk", "employee_id", "station_id")
    )
    ids = [employee for _, employee, _ in sheets]
    first, last = pay_period.start_date, pay_period.end_date
    have = set(
        ScheduledDay.objects.filter(
            timesheet_id__in=[pk for pk, _, _ in sheets]
        ).values_list("timesheet_id", "day")
    )
    details = detail_selectors.days_by_person(ids, first, last)
    lines = day_plan.g481_lines(ids, first, last)
    cells = day_plan.g259_cells(ids, pay_period)

    days = []
    for pk, employee, home in sheets:
        for offset in range((last - first).days + 1):
            day = first + timedelta(days=offset)
            if (pk, day) in have:
                continue
            detail = details.get(employee, {}).get(day)
            station = detail.gaining_station_id if detail else home
            source, scheduled = day_plan.plan(
                line=lines.get((employee, day, station)),
                cell=cells.get((employee, day, station)),
                on_detail=detail is not None,
            )
            days.append(
                ScheduledDay(
                    timesheet_id=pk,
                    day=day,
                    source=source,
                    station_id=station,
                    status=scheduled.status,
                    leave_type=scheduled.leave_type,
                    scheduled_start=scheduled.start,
                    scheduled_end=scheduled.end,
                )
            )
    create_with_history(ScheduledDay, days, user=actor)
