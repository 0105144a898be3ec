"""Initializing a pay period's G-259s from the schedule defaults.

Each station is initialized in a transaction of its own, so that a failure
at one is recorded in the run and the others go on. The job only adds what
is missing (a person without a row, a day without a cell): run again, it
changes nothing, and it never touches a cell someone has edited. The cells
and their history rows are written in bulk (``bpets.bulk_history``).
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bpets.bulk_history import copy_with_history
from scheduling import (
    detail_cells,
    initialization_sql,
    leave_cells,
    pay_periods,
    time_rules,
)
from scheduling.cell_rows import CELL_FIELDS, SKIPPED_START
from scheduling.models import (
    CellStatus,
    InitializationRun,
    PayPeriod,
    Schedule,
    ScheduleCell,
    ScheduleDefault,
    ScheduleRow,
    ShiftTemplate,
    StationScheduleRules,
    weekday_of,
)
from security.models import OrganizationUnit
from staffing.models import Employee

logger = logging.getLogger(__name__)

REASON = "Initialized from the schedule defaults"


@dataclass
class StationOutcome:
    rows: int = 0
    cells: int = 0
    skipped: str = ""

    def as_dict(self) -> dict:
        outcome = {"rows": self.rows, "cells": self.cells}
        if self.skipped:
            outcome["skipped"] = self.skipped
        return outcome


def start(pay_period: PayPeriod, stations, *, started_by=None) -> InitializationRun:
    """Record a run over ``stations`` and hand it to the workers."""
    from scheduling import tasks

    run = record(pay_period, stations, started_by=started_by)
    transaction.on_commit(lambda: tasks.initialize_schedules.delay(run.pk))
    return run


def record(pay_period: PayPeriod, stations, *, started_by=None) -> InitializationRun:
    """A run over ``stations``, for the caller to carry out (``start`` hands
    it to the workers; a data set builder carries it out in place)."""
    station_ids = sorted(station.pk for station in stations)
    return InitializationRun.objects.create(
        pay_period=pay_period,
        station_id=station_ids[0] if len(station_ids) == 1 else None,
        started_by=started_by,
        stations_total=len(station_ids),
        stations={str(station_id): {} for station_id in station_ids},
    )


def start_due(today=None) -> list[InitializationRun]:
    """Runs for the current pay period and, at each station as many days
    ahead as it asks, the next one. A station already done costs a few
    queries: the run finds nothing missing."""
    from scheduling import services

    today = today or timezone.localdate()
    current = pay_periods.containing(today)
    default_lead = StationScheduleRules._meta.get_field("initialize_days_ahead")
    leads = dict(
        StationScheduleRules.objects.values_list("station_id", "initialize_days_ahead")
    )
    stations = list(OrganizationUnit.objects.filter(kind=OrganizationUnit.Kind.STATION))

    runs = []
    for period in (current, pay_periods.following(current)):
        days_ahead = (period.start - today).days
        due = [
            station
            for station in stations
            if days_ahead <= leads.get(station.pk, default_lead.default)
        ]
        pay_period = services.pay_period_row(period.start)
        already = InitializationRun.objects.filter(
            pay_period=pay_period,
            state__in=[InitializationRun.State.QUEUED, InitializationRun.State.RUNNING],
            # A run whose worker died must not hold the schedule back for ever.
            started_at__gte=timezone.now() - timedelta(hours=1),
        )
        if due and not already.exists():
            runs.append(start(pay_period, due))
    return runs


def carry_out(run: InitializationRun) -> InitializationRun:
    """Initialize every station of the run that is not done yet."""
    from scheduling import scheduler

    actor = run.started_by or scheduler.account()
    run.state = InitializationRun.State.RUNNING
    run.save(update_fields=["state"])
    with commits_without_waiting():
        _initialize_stations(run, actor)

    run.state = (
        InitializationRun.State.FINISHED_WITH_ERRORS
        if run.errors
        else InitializationRun.State.FINISHED
    )
    run.finished_at = timezone.now()
    run.save(update_fields=["state", "finished_at"])
    return run


def _initialize_stations(run: InitializationRun, actor) -> None:
    pending = [key for key, outcome in run.stations.items() if not outcome]
    stations = OrganizationUnit.objects.in_bulk([int(key) for key in pending])
    workers = _worker_count(len(pending))
    if workers == 1:
        _initialize_share(run, pending, stations, actor, threading.Lock())
        return

    # The database's work is most of the time, and each station is a
    # transaction of its own: shares of the stations go to connections of
    # their own, one per core, and the run's progress is saved under a lock.
    progress = threading.Lock()
    shares = [pending[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for finished in [
            pool.submit(_initialize_in_thread, run, share, stations, actor, progress)
            for share in shares
        ]:
            finished.result()


def _worker_count(stations: int) -> int:
    """How many connections initialize at once: one unless on PostgreSQL,
    outside a transaction (other connections could not see its rows), with
    more than one station to do."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return 1
    return max(1, min(settings.SCHEDULE_INITIALIZATION_WORKERS, stations))


def _initialize_in_thread(run, share, stations, actor, progress) -> None:
    try:
        with commits_without_waiting():
            _initialize_share(run, share, stations, actor, progress)
    finally:
        # The thread's own connection, which nothing else would close.
        connection.close()


def _initialize_share(run, share, stations, actor, progress) -> None:
    for key in share:
        station = stations.get(int(key))
        try:
            if station is None:
                raise LookupError("The station no longer exists.")
            with transaction.atomic():
                outcome = initialize_station(station, run.pay_period, actor=actor)
            result = outcome.as_dict()
        except Exception as error:
            # One station's bad data must not stop the nation's schedules.
            logger.exception(
                "G-259 initialization failed", extra={"run": run.pk, "station": key}
            )
            outcome, result = StationOutcome(), {"error": _describe(error)}
        with progress:
            run.stations[key] = result
            run.rows_created += outcome.rows
            run.cells_created += outcome.cells
            run.stations_done += 1
            run.save(
                update_fields=[
                    "stations",
                    "stations_done",
                    "rows_created",
                    "cells_created",
                ]
            )


@contextmanager
def commits_without_waiting():
    """Let each commit of the run return before its WAL reaches the disk.

    A commit waits for the disk (tens of milliseconds here), twice per
    station: its cells, then the run's progress. Without the wait a crash
    can lose the last few commits, never corrupt them, and the next run
    adds whatever is missing.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _describe(error: Exception) -> str:
    text = str(error) or error.__class__.__name__
    return text[:300]


def initialize_station(
    station, pay_period: PayPeriod, *, actor, portable: bool = False
) -> StationOutcome:
    """Add to the station's G-259 for the pay period what it lacks.

    On PostgreSQL the database makes the cells (``initialization_sql``);
    elsewhere, or ``portable``, they are made here and copied in.
    """
    schedule = _locked_schedule(station, pay_period, actor=actor)
    if schedule.is_finalized:
        return StationOutcome(skipped="finalized")

    days = [
        pay_period.start_date + timedelta(days=offset)
        for offset in range((pay_period.end_date - pay_period.start_date).days + 1)
    ]
    planner = _CellPlanner(ZoneInfo(station.time_zone))
    defaults = ScheduleDefault.objects.filter(
        employee__duty_station=station, employee__status=Employee.Status.ACTIVE
    )
    # Asked once: the leave, the details and the shift templates all start
    # from the same people.
    staff = dict(defaults.values_list("employee_id", "shift_template_id"))
    leave = _leave_by_person_and_day(list(staff), days)
    away = detail_cells.home_days(station, list(staff), days[0], days[-1])
    if connection.vendor == "postgresql" and not portable:
        outcome = _in_the_database(
            schedule, station, days, planner, set(staff.values()), leave, away, actor
        )
    else:
        outcome = _here(schedule, days, planner, defaults, leave, away, actor)
    # The few people detailed in, the same way on both paths.
    rows, cells = detail_cells.add_detailed_in(schedule, days, actor)
    outcome.rows += rows
    outcome.cells += cells
    logger.info(
        "G-259 initialized",
        extra={"schedule": schedule.pk, "rows": outcome.rows, "cells": outcome.cells},
    )
    return outcome


def _leave_by_person_and_day(employee_ids, days) -> dict:
    """{(employee id, day): what approved leave makes of a workday}."""
    approved = leave_cells.approved_leave(employee_ids, days[0], days[-1])
    return {
        (employee_id, day): leave_cells.cell_values(leave)
        for employee_id, by_day in approved.items()
        for day, leave in by_day.items()
    }


def _in_the_database(
    schedule, station, days, planner, template_ids, leave, away, actor
):
    rows = initialization_sql.insert_rows(schedule, station)
    templates = ShiftTemplate.objects.filter(pk__in=template_ids)
    cells = initialization_sql.insert_cells(
        schedule,
        station,
        days,
        {
            (template.pk, day): planner.instants(template, day)
            for template in templates
            for day in days
        },
        leave,
        away,
        actor=actor,
        reason=REASON,
        now=timezone.now(),
        remark=SKIPPED_START,
    )
    return StationOutcome(rows=rows, cells=cells)


def _here(schedule, days, planner, defaults, leave, away, actor):
    defaults = list(defaults.select_related("shift_template"))
    rows = {row.employee_id: row for row in schedule.rows.all()}
    new_rows = [
        ScheduleRow(
            schedule=schedule,
            employee_id=default.employee_id,
            overtime_level=default.overtime_level,
        )
        for default in defaults
        if default.employee_id not in rows
    ]
    ScheduleRow.objects.bulk_create(new_rows)
    rows.update({row.employee_id: row for row in new_rows})

    existing = set(
        ScheduleCell.objects.filter(row__schedule=schedule).values_list("row_id", "day")
    )
    cells = [
        planner.cell(
            rows[default.employee_id].pk,
            default,
            day,
            leave.get((default.employee_id, day)),
            away.get((default.employee_id, day)),
        )
        for default in defaults
        for day in days
        if (rows[default.employee_id].pk, day) not in existing
    ]
    copy_with_history(ScheduleCell, CELL_FIELDS, cells, user=actor, reason=REASON)
    return StationOutcome(rows=len(new_rows), cells=len(cells))


def _locked_schedule(station, pay_period, *, actor) -> Schedule:
    """The station's G-259, made if missing, locked against a second run."""
    schedule = (
        Schedule.objects.select_for_update()
        .filter(station=station, pay_period=pay_period)
        .first()
    )
    if schedule is None:
        schedule = Schedule(station=station, pay_period=pay_period)
        schedule._history_user = actor
        schedule._change_reason = REASON
        schedule.save()
    return schedule


class _CellPlanner:
    """Works out a default's cell for a day, as a row of ``CELL_FIELDS``.

    A nation is 280,000 cells: they are plain tuples rather than model
    instances, and the instants of a template on a day, the same for
    everyone at the station, are computed once.
    """

    def __init__(self, zone: ZoneInfo):
        self.zone = zone
        self._instants = {}

    def cell(
        self, row_id: int, default: ScheduleDefault, day, leave=None, detail_id=None
    ) -> tuple:
        """``leave``: what approved leave makes of the day if it is a
        workday (``leave_cells.cell_values``); ``detail_id``: the accepted
        detail taking the person away that day (``detail_cells``)."""
        if weekday_of(day) in default.days_off:
            status = CellStatus.DETAIL if detail_id else CellStatus.DAY_OFF
            return (
                row_id,
                day,
                status,
                "",
                None,
                None,
                None,
                None,
                None,
                "",
                1,
                False,
                None,
                detail_id,
            )

        status, leave_type, leave_request_id = CellStatus.WORKDAY, "", None
        if default.work_status == ScheduleDefault.WorkStatus.TRAINING:
            status = CellStatus.TRAINING
        elif leave is not None:
            status = leave.get("status", status)
            leave_type = leave.get("leave_type", "")
            leave_request_id = leave["leave_request"].pk
        instants = self.instants(default.shift_template, day)
        remarks = ""
        if instants is None:
            instants = (None, None)
            remarks = SKIPPED_START
        if detail_id and not detail_cells.takes_home_cell(
            status, instants[0] is not None, leave_request_id is not None
        ):
            detail_id = None
        if detail_id:
            status = CellStatus.DETAIL
        return (
            row_id,
            day,
            status,
            leave_type,
            default.shift_template_id,
            *instants,
            default.activity_id,
            default.sub_activity_id,
            remarks,
            1,
            False,
            leave_request_id,
            detail_id,
        )

    def instants(self, template, day):
        """The template's shift on ``day``; None if its start does not exist."""
        key = (template.pk, day)
        if key not in self._instants:
            try:
                self._instants[key] = time_rules.template_instants(
                    day,
                    template.start_time,
                    timedelta(minutes=template.length_minutes),
                    self.zone,
                )
            except time_rules.ShiftTimeError:
                self._instants[key] = None
        return self._instants[key]
