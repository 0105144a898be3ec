"""Building a pay period's G-481s from a finalized G-259.

Finalizing a G-259 starts a run; the run makes each day's G-481 and, in
it, a line for everyone the G-259 has working that day (a workday or
training with its shift): the shift, activity, sub-activity and remarks of
the cell, and the zone and vehicle of the person's schedule defaults.

The run only adds what is missing (a day without its G-481, a person
without a line): run again, or after the G-259 is reopened and finalized
again, it changes nothing a supervisor changed. The lines and their history
rows are written in one statement for the whole pay period on PostgreSQL
(``g481_sql``; the run's progress then moves in one step), a day at a time
in bulk elsewhere. A default vehicle is assigned through the vehicles module, which
may refuse it; the line then has no vehicle and says why.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from bpets.bulk_history import create_with_history, update_with_history
from scheduling import build_listeners, g481_sql, initialization
from scheduling.models import (
    CellStatus,
    DailyEntry,
    DailyRun,
    DailySchedule,
    Schedule,
    ScheduleCell,
    ScheduleDefault,
)
from vehicles import assignments
from vehicles.services import VehicleRefused

logger = logging.getLogger(__name__)

REASON = "Built from the finalized G-259"
VEHICLE_REASON = "Vehicle from the schedule defaults"


def start(schedule: Schedule, *, started_by) -> DailyRun:
    """Record a run for the G-259 and hand it to the workers."""
    from scheduling import tasks

    days = (schedule.pay_period.end_date - schedule.pay_period.start_date).days + 1
    run = DailyRun.objects.create(
        schedule=schedule, started_by=started_by, days_total=days
    )
    transaction.on_commit(lambda: tasks.build_daily_schedules.delay(run.pk))
    return run


def carry_out(run: DailyRun, *, portable: bool = False) -> DailyRun:
    """Build every day of the run's G-259 not built yet; the actor is who
    finalized it (who started the run)."""
    schedule = Schedule.objects.select_related("station", "pay_period").get(
        pk=run.schedule_id
    )
    run.state = DailyRun.State.RUNNING
    run.days_done = run.entries_created = run.vehicles_refused = 0
    run.save(
        update_fields=["state", "days_done", "entries_created", "vehicles_refused"]
    )
    try:
        # As the G-259 initialization's, the commits need not wait for the
        # disk: a crash loses at most the last, which the next run adds.
        with initialization.commits_without_waiting():
            if connection.vendor == "postgresql" and not portable:
                _in_the_database(run, schedule)
            else:
                _day_by_day(run, schedule)
    except Exception as error:
        logger.exception("G-481 build failed", extra={"run": run.pk})
        run.state = DailyRun.State.FAILED
        run.error = (str(error) or error.__class__.__name__)[:300]
    else:
        run.state = DailyRun.State.FINISHED
    run.finished_at = timezone.now()
    run.save(
        update_fields=[
            "state",
            "error",
            "finished_at",
            "days_done",
            "entries_created",
            "vehicles_refused",
        ]
    )
    if run.state == DailyRun.State.FINISHED:
        build_listeners.built(schedule, actor=run.started_by)
    return run


def _in_the_database(run, schedule) -> None:
    """Every day at once: the G-481s, then their lines in one statement (a
    nation is 1,890 days; a transaction each was most of the time)."""
    days = _days_of(schedule)
    with transaction.atomic():
        # Locked, so that two runs of the G-259 take turns.
        Schedule.objects.select_for_update().filter(pk=schedule.pk).first()
        had = set(
            DailySchedule.objects.filter(
                station_id=schedule.station_id, day__in=days
            ).values_list("day", flat=True)
        )
        create_with_history(
            DailySchedule,
            [
                DailySchedule(
                    station_id=schedule.station_id,
                    day=day,
                    pay_period_id=schedule.pay_period_id,
                    schedule=schedule,
                )
                for day in days
                if day not in had
            ],
            user=run.started_by,
            reason=REASON,
        )
        made = g481_sql.insert_entries(
            schedule, days, actor=run.started_by, reason=REASON, now=timezone.now()
        )
        # Only the lines the statement found a station vehicle for: most
        # have none, and asking again for each would cost a query a station.
        refused = assign_default_vehicles(
            [entry_id for entry_id, vehicle_id in made if vehicle_id is not None],
            run.started_by,
        )
    # Saved with the run's outcome: one update a station fewer.
    run.days_done = len(days)
    run.entries_created, run.vehicles_refused = len(made), refused
    logger.info("G-481s built", extra={"schedule": schedule.pk, "entries": len(made)})


def _day_by_day(run, schedule) -> None:
    """The portable path: a day at a time, each its progress."""
    for day in _days_of(schedule):
        with transaction.atomic():
            made, refused = build_day(schedule, day, actor=run.started_by)
        run.days_done += 1
        run.entries_created += made
        run.vehicles_refused += refused
        run.save(update_fields=["days_done", "entries_created", "vehicles_refused"])


def _days_of(schedule: Schedule) -> list:
    first, last = schedule.pay_period.start_date, schedule.pay_period.end_date
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def build_day(schedule: Schedule, day, *, actor):
    """Add to the station's G-481 of ``day`` what it lacks (the portable
    path); returns the lines made and the default vehicles refused."""
    daily = _daily(schedule, day, actor)
    made = lines_from_cells(daily, schedule, day, actor)
    refused = assign_default_vehicles(made, actor)
    logger.info(
        "G-481 built", extra={"daily": daily.pk, "entries": len(made), "day": str(day)}
    )
    return len(made), refused


def _daily(schedule, day, actor) -> DailySchedule:
    daily = (
        DailySchedule.objects.select_for_update()
        .filter(station_id=schedule.station_id, day=day)
        .first()
    )
    if daily is None:
        daily = DailySchedule(
            station_id=schedule.station_id,
            day=day,
            pay_period_id=schedule.pay_period_id,
            schedule=schedule,
        )
        daily._history_user = actor
        daily._change_reason = REASON
        daily.save()
    return daily


def lines_from_cells(daily, schedule, day, actor, employee_ids=None) -> list[int]:
    """The portable path: the same lines as ``g481_sql``, made here (for
    the people named only, if named: a detail adds its person's lines)."""
    had = set(daily.entries.values_list("employee_id", flat=True))
    cells = ScheduleCell.objects.filter(
        row__schedule=schedule,
        day=day,
        status__in=CellStatus.with_shift(),
        shift_start__isnull=False,
    )
    if employee_ids is not None:
        cells = cells.filter(row__employee_id__in=employee_ids)
    cells = cells.exclude(row__employee_id__in=had).values_list(
        "row__employee_id",
        "shift_start",
        "shift_end",
        "activity_id",
        "sub_activity_id",
        "remarks",
    )
    # Only a zone of this station: someone detailed in from another keeps
    # their home station's zone for home.
    zones = dict(
        ScheduleDefault.objects.filter(
            employee__schedule_rows__schedule=schedule,
            zone__station_id=schedule.station_id,
        ).values_list("employee_id", "zone_id")
    )
    entries = [
        DailyEntry(
            daily=daily,
            employee_id=employee_id,
            shift_start=start,
            shift_end=end,
            activity_id=activity_id,
            sub_activity_id=sub_activity_id,
            zone_id=zones.get(employee_id),
            remarks=remarks,
        )
        for employee_id, start, end, activity_id, sub_activity_id, remarks in cells
    ]
    create_with_history(DailyEntry, entries, user=actor, reason=REASON)
    return [entry.pk for entry in entries]


def assign_default_vehicles(made: list[int], actor) -> int:
    """Give the new lines their default vehicles, through the vehicles
    module (all of a station's at once); a refusal leaves the line without
    one, saying why. Returns how many were refused."""
    if not made:
        return 0
    wanting = list(
        # Only a vehicle of the G-481's station: someone detailed in leaves
        # their home station's vehicle at home.
        DailyEntry.objects.filter(
            pk__in=made,
            employee__schedule_default__vehicle__station_id=F("daily__station_id"),
        ).select_related(
            "employee__schedule_default__vehicle", "employee__duty_station", "daily"
        )
    )
    by_station = defaultdict(list)
    for entry in wanting:
        by_station[entry.daily.station_id].append(entry)
    answers = {}
    for entries in by_station.values():
        vehicle = entries[0].employee.schedule_default.vehicle
        answers.update(
            assignments.shift_assignments_create(
                actor=actor,
                station=vehicle.station,
                wanted=[
                    assignments.ShiftWanted(
                        key=entry.pk,
                        vehicle=entry.employee.schedule_default.vehicle,
                        employee=entry.employee,
                        starts_at=entry.shift_start,
                        ends_at=entry.shift_end,
                        source_reference=entry.pk,
                    )
                    for entry in entries
                ],
            )
        )
    refused = 0
    for entry in wanting:
        answer = answers[entry.pk]
        if isinstance(answer, VehicleRefused):
            refused += 1
            entry.remarks = f"Default vehicle not assigned: {answer.message}"[:200]
        else:
            entry.vehicle = entry.employee.schedule_default.vehicle
            entry.vehicle_assignment = answer
    update_with_history(
        DailyEntry,
        wanting,
        ["vehicle", "vehicle_assignment", "remarks"],
        user=actor,
        reason=VEHICLE_REASON,
    )
    return refused
