"""The scheduling module's part of the records retention schedule.

Scheduling information (the G-259 with its rows and cells, overrides of
its conflicts, leave and schedule change requests, and details, which are
duty assignment information) is kept three years. For a G-259 the years
run from the end of its pay period; for a request from the later of its
last day and its last step (the decision, withdrawal or cancellation), so
a request decided long after its days is still kept three years from that
decision. A detail runs from the later
of its end (its last day, as cut short) and its last step. A leave request
or a detail still named by a cell waits for the cell's G-259 to go first.

Purging removes the records and every history row of them, since the
history holds the same information. A legal hold on anyone on a G-259
keeps that whole G-259 (its cells are one record of the station's days).
"""

from datetime import UTC, datetime, time

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from scheduling.models import (
    ConflictOverride,
    DailyEntry,
    DailySchedule,
    Detail,
    LeaveRequest,
    Schedule,
    ScheduleCell,
    ScheduleChangeRequest,
    ScheduleRow,
)
from security import retention
from security.retention import Period, Rule, Source

HELD_BY_EMPLOYEE = (("staffing.employee", "employee_id"),)


def _start_of(day) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _schedules_due(cutoff):
    return Schedule.objects.filter(pay_period__end_date__lt=cutoff)


def _purge_schedules(schedule_ids) -> int:
    with transaction.atomic():
        row_ids = list(
            ScheduleRow.objects.filter(schedule_id__in=schedule_ids).values_list(
                "pk", flat=True
            )
        )
        # The cells go in one statement: the ORM would write a history row
        # for each of thousands of cells, only for it to be removed below.
        if row_ids:
            marks = ", ".join(["%s"] * len(row_ids))
            table = connection.ops.quote_name(ScheduleCell._meta.db_table)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {table} WHERE row_id IN ({marks})",  # noqa: S608
                    row_ids,
                )
        ScheduleCell.history.filter(row_id__in=row_ids).delete()
        override_ids = list(
            ConflictOverride.objects.filter(schedule_id__in=schedule_ids).values_list(
                "pk", flat=True
            )
        )
        purged = Schedule.objects.filter(pk__in=schedule_ids).delete()[1]
        ConflictOverride.history.filter(id__in=override_ids).delete()
        Schedule.history.filter(id__in=schedule_ids).delete()
    return purged.get(Schedule._meta.label, 0)


def _daily_schedules_due(cutoff):
    return DailySchedule.objects.filter(pay_period__end_date__lt=cutoff)


def _purge_daily_schedules(daily_ids) -> int:
    with transaction.atomic():
        entry_ids = list(
            DailyEntry.objects.filter(daily_id__in=daily_ids).values_list(
                "pk", flat=True
            )
        )
        # As for the G-259's cells: one statement, no history row per line
        # only for it to be removed below.
        DailyEntry.objects.filter(pk__in=entry_ids)._raw_delete(DailyEntry.objects.db)
        DailyEntry.history.filter(id__in=entry_ids).delete()
        purged = DailySchedule.objects.filter(pk__in=daily_ids).delete()[1]
        DailySchedule.history.filter(id__in=daily_ids).delete()
    return purged.get(DailySchedule._meta.label, 0)


def _requests_due(model, last_day_field: str):
    def due(cutoff):
        return model.objects.filter(
            **{f"{last_day_field}__lt": cutoff},
            last_step_at__lt=_start_of(cutoff),
        )

    return due


def _leave_requests_due(cutoff):
    still_on_a_g259 = Exists(ScheduleCell.objects.filter(leave_request=OuterRef("pk")))
    return _requests_due(LeaveRequest, "last_day")(cutoff).exclude(still_on_a_g259)


def _details_due(cutoff):
    still_on_a_g259 = Exists(ScheduleCell.objects.filter(detail=OuterRef("pk")))
    return _requests_due(Detail, "last_day")(cutoff).exclude(still_on_a_g259)


def _purge_requests(model):
    def purge(request_ids) -> int:
        with transaction.atomic():
            purged = model.objects.filter(pk__in=request_ids).delete()[0]
            # After the delete, which writes a history row of its own.
            model.history.filter(id__in=request_ids).delete()
        return purged

    return purge


G259 = Rule(
    code="scheduling.g259",
    title="G-259 bi-weekly schedules",
    records=(
        "A station's G-259 for a pay period: each person's row, each day's "
        "status, leave, shift and activity, the overrides of its conflicts, "
        "and the history of all of it."
    ),
    runs_from="The end of the G-259's pay period.",
    sources=(
        Source(
            "Agency schedule, scheduling information",
            Period(years=3),
            "Destroy three years after the period the schedule covers.",
        ),
    ),
    due=_schedules_due,
    purge=_purge_schedules,
    person="rows__employee__user",
    kind="G-259",
    # A G-259 holds thousands of cells: a few at a time.
    batch_size=10,
)

G481 = Rule(
    code="scheduling.g481",
    title="G-481 daily schedules",
    records=(
        "A station's G-481 for a day: each person's line with shift, "
        "activity, zone, vehicle and remarks, and the history of all of it."
    ),
    runs_from="The end of the pay period of the G-481's day.",
    sources=G259.sources,
    due=_daily_schedules_due,
    purge=_purge_daily_schedules,
    person="entries__employee__user",
    kind="G-481",
    batch_size=50,
)

LEAVE_REQUESTS = Rule(
    code="scheduling.leave_requests",
    title="Leave requests",
    records=(
        "An employee's leave requests: type, days, hours, remarks, who "
        "decided and why, and their history."
    ),
    runs_from=(
        "The later of the request's last day and its last step (decision, "
        "withdrawal or cancellation)."
    ),
    follows=G259.code,
    due=_leave_requests_due,
    purge=_purge_requests(LeaveRequest),
    person="employee__user",
    held_records=HELD_BY_EMPLOYEE,
    kind="leave request",
)

SCHEDULE_CHANGE_REQUESTS = Rule(
    code="scheduling.schedule_change_requests",
    title="Schedule change requests",
    records=(
        "An employee's requests to have a day off, a workday or another "
        "shift: the day, what was asked, remarks, who decided and why, and "
        "their history."
    ),
    runs_from=(
        "The later of the day asked about and the request's last step "
        "(decision, withdrawal or cancellation)."
    ),
    follows=G259.code,
    due=_requests_due(ScheduleChangeRequest, "day"),
    purge=_purge_requests(ScheduleChangeRequest),
    person="employee__user",
    held_records=HELD_BY_EMPLOYEE,
    kind="schedule change request",
)


DETAILS = Rule(
    code="scheduling.details",
    title="Details (temporary duty)",
    records=(
        "Details of people to other stations: who, from and to which "
        "station, the days, the purpose, who proposed, decided, cancelled or "
        "cut it short and why, and their history."
    ),
    runs_from=(
        "The later of the detail's end (its last day, as cut short) and its "
        "last step (decision, cancellation or cutting short)."
    ),
    follows=G259.code,
    due=_details_due,
    purge=_purge_requests(Detail),
    person="employee__user",
    held_records=HELD_BY_EMPLOYEE,
    kind="detail",
)


def register_rules() -> None:
    # The G-481s before the G-259s they were made from; the G-259s before
    # the leave requests and details their cells name.
    for rule in (G481, G259, LEAVE_REQUESTS, SCHEDULE_CHANGE_REQUESTS, DETAILS):
        retention.register(rule)
