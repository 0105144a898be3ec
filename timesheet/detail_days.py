"""The days of a detail that had no schedule to read when the timesheet
was made.

A timesheet's day on a detail takes its tour from the gaining station's
schedules. When the gaining station had not finalized its G-259 yet, the
day was made without a tour ("detail"), and making the timesheet again
keeps every day it has. Such a day is filled in once the gaining station's
G-481s are built (which finalizing its G-259 starts) and at every
initialization run, by ``day_plan``'s rules, unless anything was written on
it: an entry of the day, a closed shift, or a timesheet no longer open.
Each day changed keeps a history row naming who finalized the schedule or
started the run.
"""

import logging

from django.db import transaction
from django.db.models import Exists, OuterRef

from bpets.bulk_history import update_with_history
from scheduling import detail_selectors
from scheduling.models import CellStatus
from timesheet import day_plan, leave_prefill
from timesheet.models import ScheduledDay, TimeEntry, Timesheet, TimesheetStatus

logger = logging.getLogger(__name__)

REASON = "Detail schedule finalized"
FIELDS = ["source", "status", "leave_type", "scheduled_start", "scheduled_end"]


def waiting(pay_period, *, gaining_station=None, people=None):
    """The days still waiting for their detail's schedule, untouched."""
    entries = TimeEntry.objects.filter(
        timesheet_id=OuterRef("timesheet_id"), day=OuterRef("day")
    )
    days = ScheduledDay.objects.filter(
        timesheet__pay_period=pay_period,
        timesheet__superseded_at__isnull=True,
        timesheet__status__in=TimesheetStatus.editable(),
        source=ScheduledDay.Source.NONE,
        status=CellStatus.DETAIL,
        scheduled_start__isnull=True,
        closed_at__isnull=True,
    ).exclude(Exists(entries))
    if gaining_station is not None:
        days = days.filter(station=gaining_station)
    if people is not None:
        days = days.filter(timesheet__employee__in=people)
    return days.select_related("timesheet")


@transaction.atomic
def fill(pay_period, *, gaining_station=None, people=None, actor=None) -> list[int]:
    """Give the waiting days the tour their gaining station's finalized
    schedules now hold; the employees whose days changed."""
    found = waiting(pay_period, gaining_station=gaining_station, people=people)
    sheet_ids = set(found.values_list("timesheet_id", flat=True))
    if not sheet_ids:
        return []
    # Locked as every write to a timesheet locks it, then read again: an
    # entry or a submission committed meanwhile is seen and respected.
    list(
        Timesheet.objects.select_for_update()
        .filter(pk__in=sheet_ids)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    days = list(found.filter(timesheet_id__in=sheet_ids))
    if not days:
        return []
    ids = {day.timesheet.employee_id for day in days}
    first, last = pay_period.start_date, pay_period.end_date
    details = detail_selectors.days_by_person(ids, first, last)
    lines = day_plan.g481_lines(ids, first, last)
    cells = day_plan.g259_cells(ids, pay_period)

    changed = []
    for day in days:
        employee = day.timesheet.employee_id
        detail = details.get(employee, {}).get(day.day)
        # A detail since moved or ended is not this fill's to follow.
        if detail is None or detail.gaining_station_id != day.station_id:
            continue
        key = (employee, day.day, day.station_id)
        source, scheduled = day_plan.plan(
            line=lines.get(key), cell=cells.get(key), on_detail=True
        )
        if source == ScheduledDay.Source.NONE:
            continue
        day.source = source
        day.status = scheduled.status
        day.leave_type = scheduled.leave_type
        day.scheduled_start, day.scheduled_end = scheduled.start, scheduled.end
        changed.append(day)
    update_with_history(ScheduledDay, changed, FIELDS, user=actor, reason=REASON)
    return sorted({day.timesheet.employee_id for day in changed})


def on_schedule_built(schedule, *, actor) -> None:
    """The gaining station's G-481s are built: fill the days of the people
    detailed to it, then write on the leave those days now carry."""
    with transaction.atomic():
        filled = fill(
            schedule.pay_period, gaining_station=schedule.station, actor=actor
        )
        if filled:
            leave_prefill.prefill(schedule.pay_period, filled, actor=actor)
    if filled:
        logger.info(
            "Detail days filled for schedule %s: %s people", schedule.pk, len(filled)
        )
