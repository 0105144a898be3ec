"""Calling someone in on their regular day off: a line on the day's G-481
for a person of the station's G-259 who is off that day and has no line.
The line is the supervisor's, changed by hand from the start, and the day
shows it as a departure from the G-259 (working on a day off)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from bpets.bulk_history import update_with_history
from scheduling import g481
from scheduling.models import CellStatus, DailyEntry, DailySchedule
from staffing.models import Employee

CALLED_IN = "Called in on a regular day off"


def candidates(daily: DailySchedule):
    """The people the G-259 has on a regular day off that day, without a
    line on the G-481, by name."""
    lined = DailyEntry.objects.filter(daily=daily).values("employee_id")
    return (
        Employee.objects.filter(
            schedule_rows__schedule_id=daily.schedule_id,
            schedule_rows__cells__day=daily.day,
            schedule_rows__cells__status=CellStatus.DAY_OFF,
        )
        .exclude(pk__in=lined)
        .order_by("last_name", "first_name", "pk")
    )


@transaction.atomic
def call_in(*, actor, daily: DailySchedule, employee: Employee, change) -> DailyEntry:
    """Put ``employee`` to work on ``daily`` as ``change`` says, or nothing
    (refusals raise, the vehicles module's among them)."""
    g481.check_may_edit(actor, daily)
    own = getattr(actor, "employee", None)
    if own is not None and own.pk == employee.pk:
        raise PermissionDenied("Nobody changes their own schedule.")
    if not candidates(daily).filter(pk=employee.pk).exists():
        raise ValidationError(
            {
                "employee": f"{employee.full_name} is not on a regular day off on "
                "the G-259 this day, or already has a line: change that line."
            }
        )
    entry = DailyEntry(daily=daily, employee=employee, changed_by_hand=True)
    g481.apply_change(entry, change, daily)
    entry._history_user = actor
    entry._change_reason = CALLED_IN
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as error:
        raise ValidationError(
            {"employee": f"{employee.full_name} was just given a line."}
        ) from error
    if change.vehicle is not None:
        g481.move_vehicle(actor, entry, change.vehicle, (False, None, None))
        update_with_history(
            DailyEntry,
            [entry],
            ["vehicle", "vehicle_assignment"],
            user=actor,
            reason=CALLED_IN,
        )
    return entry
