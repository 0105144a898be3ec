"""Who may see and change which checkpoints: the one place every page asks.

Both roles reach the checkpoints of the units they are granted over and
below: a grant over a sector (or headquarters) reaches every checkpoint of
the sector, a grant over a station the checkpoints that station staffs.
"""

from django.db.models import Q

from security import policies

MODULE = "checkpoints"
ADMINISTRATOR = "checkpoint_administrator"
VIEWER = "viewer"


def visible_units(user) -> frozenset[int]:
    return policies.reach(user, MODULE, VIEWER) | policies.reach(
        user, MODULE, ADMINISTRATOR
    )


def visible_filter(user) -> Q:
    """The checkpoints the user may see, as a condition for a query."""
    units = visible_units(user)
    return Q(sector_id__in=units) | Q(station_id__in=units)


def holds_any_role(user) -> bool:
    return policies.holds_role(user, MODULE, VIEWER) or policies.holds_role(
        user, MODULE, ADMINISTRATOR
    )


def may_see(user, checkpoint) -> bool:
    units = visible_units(user)
    return checkpoint.sector_id in units or checkpoint.station_id in units


def may_change(user, checkpoint) -> bool:
    """A checkpoint administrator over its sector, or over its station."""
    return policies.holds_role(user, MODULE, ADMINISTRATOR, checkpoint.sector_id) or (
        checkpoint.station_id is not None
        and policies.holds_role(user, MODULE, ADMINISTRATOR, checkpoint.station_id)
    )


def administers_any(user) -> bool:
    return policies.holds_role(user, MODULE, ADMINISTRATOR)
