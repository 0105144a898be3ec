"""The vehicles module's part of the records retention schedule.

Registered into security's registry when vehicles loads. An assignment
record says who had which vehicle when; its rule depends on what made it:

- a daily schedule row or a schedule default is scheduling information,
  kept three years after the assignment ends;
- a long-term custody is an accountable-property record, kept three years
  after the employee's separation (the deactivation of their record). A
  custody still open is never due: the property is still out.

Purging an assignment removes the row and every history row of it, since
the history holds the same who-had-what-when.
"""

from django.db import transaction

from security import retention
from security.retention import Period, Rule, Source
from staffing.models import Employee
from vehicles.models import SCHEDULED_SOURCES, Assignment, AssignmentSource

HELD_BY = (
    ("staffing.employee", "employee_id"),
    ("vehicles.vehicle", "vehicle_id"),
)


def _purge(assignment_ids) -> int:
    with transaction.atomic():
        purged = Assignment.objects.filter(pk__in=assignment_ids).delete()[0]
        # After the delete, which writes a history row of its own.
        Assignment.history.filter(id__in=assignment_ids).delete()
    return purged


def _scheduled_due(cutoff):
    return Assignment.objects.filter(
        source__in=SCHEDULED_SOURCES, ends_at__date__lt=cutoff
    )


def _custody_due(cutoff):
    return Assignment.objects.filter(
        source=AssignmentSource.CUSTODY,
        ends_at__isnull=False,
        employee__status=Employee.Status.SEPARATED,
        employee__separation_date__lt=cutoff,
    )


SCHEDULED_ASSIGNMENTS = Rule(
    code="vehicles.scheduled_assignments",
    title="Vehicle assignments from the schedule",
    records=(
        "Vehicle assignment records made by a daily schedule row or a schedule "
        "default: who had which vehicle, from when until when."
    ),
    runs_from="The end of the assignment.",
    sources=(
        Source(
            "Agency schedule, scheduling information",
            Period(years=3),
            "Destroy three years after the period the schedule covers.",
        ),
    ),
    due=_scheduled_due,
    purge=_purge,
    person="employee__user",
    held_records=HELD_BY,
    kind="vehicle assignment (schedule)",
)

CUSTODY_ASSIGNMENTS = Rule(
    code="vehicles.custody_assignments",
    title="Vehicle custody records",
    records=(
        "Long-term custody of a vehicle by one employee, an accountable-property "
        "record: who held which vehicle, from when until when."
    ),
    runs_from="The employee's separation (the custody ended).",
    sources=(
        Source(
            "Agency schedule, accountable property records",
            Period(years=3),
            "Destroy three years after the employee's separation.",
        ),
    ),
    due=_custody_due,
    purge=_purge,
    person="employee__user",
    held_records=HELD_BY,
    kind="vehicle assignment (custody)",
)


def register_rules() -> None:
    for rule in (SCHEDULED_ASSIGNMENTS, CUSTODY_ASSIGNMENTS):
        retention.register(rule)
