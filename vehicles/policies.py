"""Who may see and change a station's fleet.

Everyone with a role at a station (any active grant, of any module, over
the station or a unit above it) sees its fleet and its assignment records;
the station's vehicle administrators change it. Scheduling supervisors of
the station also assign its vehicles for the schedule (a daily row or a
default), never as long-term custody. Radio dispatchers are the exception:
their role shows who is on shift now and nothing else, and the assignment
records would tell them who drove when.
"""

from security import policies as security_policies
from vehicles.models import SCHEDULED_SOURCES

VEHICLES = "vehicles"
ADMINISTRATOR = "vehicle_administrator"
# Grants that open nothing here (see the module's docstring).
NOT_OPENING_THE_FLEET = {("scheduling", "dispatcher")}


def _unit_id(unit) -> int:
    return unit if isinstance(unit, int) else unit.pk


def stations_seen(user) -> frozenset[int]:
    """Every unit reached by any of the user's grants (read once a request)."""
    access = security_policies.access_of(user)
    reached = frozenset()
    for module, role in access.granted:
        if (module, role) not in NOT_OPENING_THE_FLEET:
            reached |= access.reach(module, role)
    return reached


def may_see_fleet(user, station) -> bool:
    access = security_policies.access_of(user)
    opening = [
        units
        for grant, units in access.granted.items()
        if grant not in NOT_OPENING_THE_FLEET
    ]
    if not opening:
        return False
    granted = set().union(*opening)
    unit_id = _unit_id(station)
    while unit_id is not None:
        if unit_id in granted:
            return True
        unit_id = access.parents.get(unit_id)
    return False


def may_administer(user, station) -> bool:
    return security_policies.holds_role(
        user, VEHICLES, ADMINISTRATOR, _unit_id(station)
    )


def administers_any(user) -> bool:
    return security_policies.holds_role(user, VEHICLES, ADMINISTRATOR)


def may_assign(user, station, source: str) -> bool:
    if may_administer(user, station):
        return True
    return source in SCHEDULED_SOURCES and security_policies.holds_role(
        user, "scheduling", "supervisor", _unit_id(station)
    )


def may_see_assignment_of(user, employee, station) -> bool:
    """A person always sees their own vehicle; others as they see the fleet."""
    if employee.user_id is not None and employee.user_id == user.pk:
        return True
    return may_see_fleet(user, station)
