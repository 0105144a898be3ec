from datetime import date

from django.shortcuts import get_object_or_404

from bpets import clock
from staffing import policies
from staffing.models import Employee


def employee(pk: int) -> Employee:
    return get_object_or_404(
        Employee.objects.select_related(
            "duty_station__parent", "supervisor", "assigned_canine", "user"
        ),
        pk=pk,
    )


def subordinates_of(supervisor: Employee):
    return supervisor.subordinates.select_related("duty_station").order_by(
        "last_name", "first_name"
    )


def visible_history(employee: Employee, fields: set[str], limit: int = 50):
    """Changes to the record, newest first, naming only the fields given.

    A change that touched no visible field does not appear at all: hidden
    groups stay hidden in the history too.
    """
    records = list(
        employee.history.select_related("history_user").order_by("-history_date")[
            : limit + 1
        ]
    )
    entries = []
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older, included_fields=sorted(fields))
        changes = [
            {
                "label": Employee._meta.get_field(change.field).verbose_name,
                "old": _shown(change.field, change.old),
                "new": _shown(change.field, change.new),
            }
            for change in delta.changes
        ]
        if changes:
            entries.append(
                {
                    "when": newer.history_date,
                    "who": _name_of(newer.history_user),
                    "changes": changes,
                    "reason": newer.history_change_reason or "",
                }
            )
    return entries


def _name_of(user) -> str:
    if user is None:
        return "the system"
    return user.get_full_name() or user.get_username()


def _shown(field_name: str, value):
    """A history value as a person reads it: a related record by its name."""
    field = Employee._meta.get_field(field_name)
    if field.is_relation and value is not None:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else value
    return value


def today_of(user) -> date:
    """Today where the reader works: their duty station, else their home
    unit. A page over several stations shows one pay period for them all."""
    employee = policies.employee_of(user)
    return clock.today_at(employee.duty_station if employee else user.home_unit)
