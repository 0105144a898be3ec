"""The timesheet module's part of the records retention schedule.

Timesheets, their days, entries and workflow steps are time and attendance
records: destroyed after the GAO audits their pay period, or three years
after the period ends, whichever comes first (General Records Schedule
2.4, item 030). The three years run from the end of the pay period; a GAO
audit recorded for the period makes its records due once the audit's
completion day has passed.

Purging removes the records and every history row of them, since the
history holds the same information. A legal hold on the employee keeps
their timesheets.
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from security import retention
from security.retention import Period, Rule, Source
from timesheet.models import ScheduledDay, TimeEntry, Timesheet, TimesheetStep


def _timesheets_due(cutoff):
    audited = Q(
        pay_period__gao_audit__completed_on__lt=timezone.localdate(),
    )
    return Timesheet.objects.filter(Q(pay_period__end_date__lt=cutoff) | audited)


def _purge_timesheets(timesheet_ids) -> int:
    with transaction.atomic():
        # An amendment names the version it amends, which may go in an
        # earlier batch: the link goes first, as both versions are due
        # together (one pay period) and neither survives the run.
        Timesheet.objects.filter(amends_id__in=timesheet_ids).update(amends=None)
        day_ids = list(
            ScheduledDay.objects.filter(timesheet_id__in=timesheet_ids).values_list(
                "pk", flat=True
            )
        )
        entry_ids = list(
            TimeEntry.objects.filter(timesheet_id__in=timesheet_ids).values_list(
                "pk", flat=True
            )
        )
        # Fourteen days a timesheet: one statement each, without a history
        # row per day only for it to be removed below.
        ScheduledDay.objects.filter(pk__in=day_ids)._raw_delete(ScheduledDay.objects.db)
        TimeEntry.objects.filter(pk__in=entry_ids)._raw_delete(TimeEntry.objects.db)
        TimesheetStep.objects.filter(timesheet_id__in=timesheet_ids).delete()
        purged = Timesheet.objects.filter(pk__in=timesheet_ids).delete()[1]
        ScheduledDay.history.filter(id__in=day_ids).delete()
        TimeEntry.history.filter(id__in=entry_ids).delete()
        Timesheet.history.filter(id__in=timesheet_ids).delete()
    return purged.get(Timesheet._meta.label, 0)


TIME_AND_ATTENDANCE = Rule(
    code="timesheet.time_and_attendance",
    title="Timesheets (time and attendance records)",
    records=(
        "An employee's timesheet for a pay period: each day as scheduled and "
        "as worked, the time and leave entered, who submitted, validated and "
        "certified it, its amendments, and the history of all of it."
    ),
    runs_from=(
        "The end of the timesheet's pay period, or the completion of a GAO "
        "audit recorded for the period, whichever comes first."
    ),
    sources=(
        Source(
            "GRS 2.4, item 030 (time and attendance records)",
            Period(years=3),
            "Destroy after GAO audit or when three years old, whichever is sooner.",
        ),
    ),
    due=_timesheets_due,
    purge=_purge_timesheets,
    person="employee__user",
    held_records=(("staffing.employee", "employee_id"),),
    kind="timesheet",
    batch_size=100,
)


def register_rules() -> None:
    retention.register(TIME_AND_ATTENDANCE)
