"""The timesheet module's part of the records retention schedule.

Timesheets, their days, entries and workflow steps are time and attendance
records: destroyed after the GAO audits their pay period, or three years
after the period ends, whichever comes first (General Records Schedule
2.4, item 030). The three years run from the end of the pay period; a GAO
audit recorded for the period makes its records due once the audit's
completion day has passed.

What certified timesheets sent to payroll (``PayrollRecord``) is the
agency's payroll record of each employee: kept 56 years from the end of
the pay period (General Records Schedule 2.4, item 040; NARA's questions
and answers on GRS 2.4 name its 56-year period).

The payroll provider's extract (``PayrollExtractRecord`` and its leave
balances) is time and attendance data of the same pay period and follows
the timesheets' rule: three years, or sooner after a GAO audit.

Purging removes the records and every history row of them, since the
history holds the same information. A legal hold on the employee keeps
their timesheets and payroll records.
"""

from datetime import date

from django.db import transaction
from django.db.models import Q

from security import retention
from security.retention import Period, Rule, Source
from timesheet.models import (
    PayrollExtract,
    PayrollExtractBalance,
    PayrollExtractRecord,
    PayrollRecord,
    ScheduledDay,
    TimeEntry,
    Timesheet,
    TimesheetStep,
)

KEPT = Period(years=3)


def _day_of_run(cutoff: date) -> date:
    """The day the run looks from: the cutoff is that day less the period."""
    try:
        return cutoff.replace(year=cutoff.year + KEPT.years)
    except ValueError:  # 29 February, three years on
        return cutoff.replace(year=cutoff.year + KEPT.years, day=28)


def _timesheets_due(cutoff):
    audited = Q(pay_period__gao_audit__completed_on__lt=_day_of_run(cutoff))
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
            KEPT,
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


# The certified pay-period totals sent to payroll.


def _payroll_records_due(cutoff):
    return PayrollRecord.objects.filter(pay_period__end_date__lt=cutoff)


def _purge_payroll_records(record_ids) -> int:
    with transaction.atomic():
        purged = PayrollRecord.objects.filter(pk__in=record_ids).delete()[0]
        PayrollRecord.history.filter(id__in=record_ids).delete()
    return purged


PAYROLL_RECORDS = Rule(
    code="timesheet.payroll_records",
    title="Payroll records (certified pay-period totals)",
    records=(
        "What each certified timesheet sent to payroll: the employee's hours "
        "per transaction code and premium for the pay period, every version "
        "an amendment sent, and their history."
    ),
    runs_from="The end of the pay period the totals are for.",
    sources=(
        Source(
            "GRS 2.4, item 040 (agency payroll record for each employee)",
            Period(years=56),
            "Destroy 56 years after the end of the pay period.",
        ),
    ),
    due=_payroll_records_due,
    purge=_purge_payroll_records,
    person="employee__user",
    held_records=(("staffing.employee", "employee_id"),),
    kind="payroll record",
)


# The payroll provider's extract: per employee, pay fields and leave
# balances at the end of a pay period.


def _extract_records_due(cutoff):
    audited = Q(extract__pay_period__gao_audit__completed_on__lt=_day_of_run(cutoff))
    return PayrollExtractRecord.objects.filter(
        Q(extract__pay_period__end_date__lt=cutoff) | audited
    )


def _purge_extract_records(record_ids) -> int:
    with transaction.atomic():
        extract_ids = set(
            PayrollExtractRecord.objects.filter(pk__in=record_ids).values_list(
                "extract_id", flat=True
            )
        )
        balance_ids = list(
            PayrollExtractBalance.objects.filter(record_id__in=record_ids).values_list(
                "pk", flat=True
            )
        )
        PayrollExtractBalance.objects.filter(pk__in=balance_ids).delete()
        purged = PayrollExtractRecord.objects.filter(pk__in=record_ids).delete()[1]
        PayrollExtractBalance.history.filter(id__in=balance_ids).delete()
        PayrollExtractRecord.history.filter(id__in=record_ids).delete()
        # An extract whose every record is gone (none was held) goes too:
        # what is left of it names a file and a pay period, nobody.
        emptied = list(
            PayrollExtract.objects.filter(pk__in=extract_ids)
            .exclude(records__isnull=False)
            .values_list("pk", flat=True)
        )
        PayrollExtract.objects.filter(pk__in=emptied).delete()
        PayrollExtract.history.filter(id__in=emptied).delete()
    return purged.get(PayrollExtractRecord._meta.label, 0)


PAYROLL_EXTRACTS = Rule(
    code="timesheet.payroll_extracts",
    title="Payroll extracts (time and attendance records)",
    records=(
        "An employee's line of the payroll provider's extract of a pay period: "
        "the pay fields and the leave balances at its end as payroll held them, "
        "beside those BPETS computed, and the history of all of it."
    ),
    runs_from=(
        "The end of the extract's pay period, or the completion of a GAO audit "
        "recorded for the period, whichever comes first."
    ),
    sources=TIME_AND_ATTENDANCE.sources,
    due=_extract_records_due,
    purge=_purge_extract_records,
    person="employee__user",
    held_records=(("staffing.employee", "employee_id"),),
    kind="payroll extract record",
    batch_size=200,
)


def register_rules() -> None:
    retention.register(TIME_AND_ATTENDANCE)
    retention.register(PAYROLL_EXTRACTS)
    retention.register(PAYROLL_RECORDS)
