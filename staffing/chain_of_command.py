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
    """A supervisor or above: someone reports to them, or they hold the role."""
    if Employee.objects.filter(supervisor__user=user, status="ACTIVE").exists():
        return True
    return any(
        security_policies.holds_role(user, module, role)
        for module, role in providers.SUPERVISOR_ROLES
    )
