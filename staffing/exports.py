"""CSV exports of profiles, decided by the same policy as the pages."""

import io

from bpets import spreadsheet
from security import audit
from staffing import policies, privacy
from staffing.models import Employee

Kind = audit.Kind


def _value(employee: Employee, name: str) -> str:
    field = Employee._meta.get_field(name)
    if field.choices:
        return getattr(employee, f"get_{name}_display")()
    value = getattr(employee, name)
    return "" if value is None else str(value)


def export_people(request, employees: list[Employee], source: str) -> str:
    """A CSV of the people, each row only with what the user may see of them.

    One audit event names everyone whose information beyond the work group
    is in the file, with the groups: a list of many people is one event.
    """
    columns = [name for group in privacy.FIELDS.values() for name in group]
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(
        [str(Employee._meta.get_field(name).verbose_name) for name in columns]
    )
    seen = {}
    for employee in employees:
        visible = policies.visible_fields(request.user, employee)
        writer.writerow(
            [_value(employee, name) if name in visible else "" for name in columns]
        )
        beyond_work = policies.groups_beyond_work(request.user, employee)
        if beyond_work:
            seen[str(employee.pk)] = beyond_work

    if seen:
        only = employees[0] if len(employees) == 1 else None
        audit.record(
            Kind.PERSONAL_DATA_VIEWED,
            request=request,
            target=only,
            subject_user_id=only.user_id if only else None,
            details={"employees": seen},
            source=source,
        )
    return output.getvalue()
