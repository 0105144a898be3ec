"""Who may read, write, approve and close which operations orders.

Each role reaches the orders of the units it is granted over and below: a
grant over a sector reaches the sector's own orders and its stations'; a
grant over a station only that station's orders. An order is approved or
returned only by an approver over its sector (a station's approver does
not suffice), and never by its own author.
"""

from django.db.models import Q

from security import policies

MODULE = "operations_orders"
AUTHOR = "author"
APPROVER = "approver"
VIEWER = "viewer"
ROLES = (AUTHOR, APPROVER, VIEWER)


def visible_units(user) -> frozenset[int]:
    reached = frozenset()
    for role in ROLES:
        reached |= policies.reach(user, MODULE, role)
    return reached


def holds_any_role(user) -> bool:
    return any(policies.holds_role(user, MODULE, role) for role in ROLES)


def visible_filter(user) -> Q:
    """The orders the user may read, as a condition for a query."""
    units = visible_units(user)
    sector_wide = Q(station__isnull=True, sector_id__in=units)
    return sector_wide | Q(station_id__in=units) | Q(author__user=user)


def may_see(user, order) -> bool:
    if order.author.user_id == user.pk:
        return True
    return order.unit_id in visible_units(user)


def may_write_for(user, unit_id: int) -> bool:
    """May the user write a new order for this sector or station?"""
    return policies.holds_role(user, MODULE, AUTHOR, unit_id)


def is_author(user, order) -> bool:
    return order.author.user_id == user.pk


def may_edit(user, order) -> bool:
    """The author writes the order while it is a draft or returned."""
    return order.is_editable and is_author(user, order)


def is_approver_over(user, order) -> bool:
    return policies.holds_role(user, MODULE, APPROVER, order.sector_id)


def may_decide(user, order) -> bool:
    """Approve or return: an approver over the sector, never the author."""
    return is_approver_over(user, order) and not is_author(user, order)


def may_run(user, order) -> bool:
    """Activate, amend and close: the author (still holding the role over
    the order's unit) or an approver over its sector."""
    author = is_author(user, order) and may_write_for(user, order.unit_id)
    return author or is_approver_over(user, order)


def writable_units(user) -> frozenset[int]:
    return policies.reach(user, MODULE, AUTHOR)
