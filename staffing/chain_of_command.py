"""What staffing tells security about the chain of command."""

from security import policies as security_policies
from security import providers
from staffing.models import Employee


def supervisor_login_of(user):
    """The login of the user's supervisor, when both are on record."""
    employee = Employee.objects.filter(user=user).select_related("supervisor__user")
    employee = employee.first()
    if employee is None or employee.supervisor is None:
        return None
    return employee.supervisor.user


def is_supervisory(user) -> bool:
    """A supervisor or above: someone reports to them in the chain of command.

    The chain is the truth wherever the person has a record: a supervisor
    role granted to someone nobody reports to does not make them one. Only
    a login with no employee record yet falls back to holding such a role.
    """
    if Employee.objects.filter(user=user).exists():
        return Employee.objects.filter(
            supervisor__user=user, status=Employee.Status.ACTIVE
        ).exists()
    return any(
        security_policies.holds_role(user, module, role)
        for module, role in providers.SUPERVISOR_ROLES
    )
