"""Who holds which role where: the one place every check asks.

A user's active grants and the shape of the tree are read once per request
(two small queries) and kept on the user object, so every further check in
that request is pure Python. Lists are narrowed in SQL with ``reach``.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from security import roles
from security.models import OrganizationUnit, RoleGrant, User

_CACHE_ATTRIBUTE = "_bpets_access"


@dataclass
class Access:
    # (module, role) -> ids of the units granted, not yet expanded.
    granted: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    parents: dict[int, int | None] = field(default_factory=dict)
    _reach: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)

    def reach(self, module: str, role: str) -> frozenset[int]:
        key = (module, role)
        if key not in self._reach:
            reached = set()
            stack = list(self.granted.get(key, ()))
            while stack:
                unit_id = stack.pop()
                if unit_id not in reached:
                    reached.add(unit_id)
                    stack.extend(self.children.get(unit_id, ()))
            self._reach[key] = frozenset(reached)
        return self._reach[key]


def active_grants_filter(day=None) -> Q:
    day = day or timezone.localdate()
    return Q(revoked_at__isnull=True, starts_on__lte=day) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def access_of(user) -> Access:
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached

    access = Access()
    if (
        user is not None
        and user.is_authenticated
        and user.is_active
        # An unfavorable background investigation suspends every grant.
        and user.background_investigation_status != User.Investigation.UNFAVORABLE
    ):
        rows = RoleGrant.objects.filter(active_grants_filter(), user=user).values_list(
            "module", "role", "organization_unit_id"
        )
        for module, role, unit_id in rows:
            access.granted.setdefault((module, role), set()).add(unit_id)
        if access.granted:
            for unit_id, parent_id in OrganizationUnit.objects.values_list(
                "pk", "parent_id"
            ):
                access.parents[unit_id] = parent_id
                access.children.setdefault(parent_id, []).append(unit_id)
    if user is not None:
        setattr(user, _CACHE_ATTRIBUTE, access)
    return access


def forget(user) -> None:
    """Drop the cached grants, after this request changed them."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def reach(user, module: str, role: str) -> frozenset[int]:
    """Ids of every unit where ``user`` holds the role, granted or inherited."""
    return access_of(user).reach(module, role)


def holds_role(user, module: str, role: str, unit=None) -> bool:
    """Does the user hold the role over ``unit`` (a unit or its id), or anywhere?"""
    roles.get(module, role)  # a misspelt role is a bug, not a "no"
    access = access_of(user)
    if unit is None:
        return bool(access.granted.get((module, role)))
    unit_id = unit if isinstance(unit, int) else unit.pk
    return unit_id in access.reach(module, role)


def holds_role_over(user, module: str, role: str, obj) -> bool:
    """The same, for an object that says which unit it belongs to."""
    return holds_role(user, module, role, unit_of(obj))


def unit_of(obj) -> int:
    if isinstance(obj, OrganizationUnit):
        return obj.pk
    return obj.organization_unit_id


def held_roles(user) -> list[roles.Role]:
    access = access_of(user)
    return [roles.get(module, role) for module, role in sorted(access.granted)]


def modules_of(user) -> set[str]:
    return {module for module, _ in access_of(user).granted}


def may_administer(user, role: roles.Role, unit) -> bool:
    """May ``user`` grant ``role`` over ``unit``? (Scope and catalog only.)"""
    return any(
        holds_role(user, administrator.module, administrator.code, unit)
        for administrator in roles.roles_administering(role)
    )


def administered_units(user) -> frozenset[int]:
    """Every unit where the user may grant at least one role."""
    reached = set()
    for module, code in access_of(user).granted:
        if roles.get(module, code).administers:
            reached |= reach(user, module, code)
    return frozenset(reached)


def is_access_administrator(user, unit=None) -> bool:
    return holds_role(user, "security", "access_administrator", unit)


def is_security_auditor(user) -> bool:
    return holds_role(user, "security", "security_auditor")


def is_module_administrator(user, module: str | None = None) -> bool:
    """Does the user hold an administrator's role of the module (or of any)?"""
    return any(
        holds_role(user, role.module, role.code)
        for role in roles.module_administrator_roles(module)
    )


def is_records_administrator(user) -> bool:
    """Records administration is agency-wide: the role held over any unit."""
    return holds_role(user, "security", "records_administrator")
