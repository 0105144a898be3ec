"""Who may see and change a station's fleet.

Everyone with a role at a station (any active grant, of any module, over
the station or a unit above it) sees its fleet and its assignment records;
the station's vehicle administrators change it. Scheduling supervisors of
the station also assign its vehicles for the schedule (a daily row or a
default), never as long-term custody.
"""

from security import policies as security_policies
from vehicles.models import SCHEDULED_SOURCES

VEHICLES = "vehicles"
ADMINISTRATOR = "vehicle_administrator"


def _unit_id(unit) -> int:
    return unit if isinstance(unit, int) else unit.pk


def stations_seen(user) -> frozenset[int]:
    """Every unit reached by any of the user's grants (read once a request)."""
    access = security_policies.access_of(user)
    reached = frozenset()
    for module, role in access.granted:
        reached |= access.reach(module, role)
    return reached


def may_see_fleet(user, station) -> bool:
    access = security_policies.access_of(user)
    if not access.granted:
        return False
    granted = set().union(*access.granted.values())
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
