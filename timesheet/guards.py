"""What every write to a timesheet starts with: the row locked, and the
policy's answer, a refusal audited."""

from django.core.exceptions import PermissionDenied

from security import audit
from timesheet.models import Timesheet


def locked(sheet: Timesheet) -> Timesheet:
    """The timesheet read again under a row lock, so two writes queue."""
    return (
        Timesheet.objects.select_for_update(of=("self",))
        .select_related("employee", "station", "pay_period")
        .get(pk=sheet.pk)
    )


def refuse_unless(allowed: bool, actor, sheet, action: str, message: str) -> None:
    if allowed:
        return
    audit.record(
        audit.Kind.DENIED, actor=actor, target=sheet, details={"action": action}
    )
    raise PermissionDenied(message)
