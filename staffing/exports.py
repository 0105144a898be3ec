"""Files of people's information that leave BPETS, and their audit.

Each file is decided by the same policy as the pages, and each download is
one EXPORTED event: a file in someone's hands is not a look at a screen.
"""

import io

from bpets import spreadsheet
from security import audit
from staffing import policies, privacy
from staffing.models import Employee


def _value(employee: Employee, name: str) -> str:
    field = Employee._meta.get_field(name)
    if field.choices:
        return getattr(employee, f"get_{name}_display")()
    value = getattr(employee, name)
    return "" if value is None else str(value)


def export_people(request, employees: list[Employee], report: str, source: str) -> str:
    """A CSV of the people, each row only with what the user may see of them.

    One audit event records the file, naming everyone whose information
    beyond the work group is in it, with the groups: a list of many people
    is one event.
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

    record_export(
        request,
        report=report,
        form="csv",
        rows=len(employees),
        source=source,
        target=employees[0] if len(employees) == 1 else None,
        employees=seen,
    )
    return output.getvalue()


def record_export(
    request, *, report: str, form: str, rows: int, source: str, target=None, **held
) -> None:
    """The one audit event of a staffing file downloaded.

    ``held`` says what the file holds, by ids and group codes only. Under
    "employees" it maps each person whose information beyond the work group
    is in the file to those groups: that lists the file on the person's
    "Who has seen my information". A file of one person is about them
    (its target and subject), so the audit log finds it by either.
    """
    person = target if isinstance(target, Employee) else None
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=target,
        subject_user_id=person.user_id if person else None,
        details={
            "module": "staffing",
            "report": report,
            "form": form,
            "rows": rows,
            **held,
        },
        source=source,
    )
