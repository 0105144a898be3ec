from security.models.accounts import User
from security.models.audit import AuditChainLink, AuditEvent
from security.models.grants import (
    AccessRequest,
    OrganizationUnitGroupObjectPermission,
    OrganizationUnitUserObjectPermission,
    RoleGrant,
)
from security.models.organization import OrganizationUnit, validate_time_zone

__all__ = [
    "AccessRequest",
    "AuditChainLink",
    "AuditEvent",
    "OrganizationUnit",
    "OrganizationUnitGroupObjectPermission",
    "OrganizationUnitUserObjectPermission",
    "RoleGrant",
    "User",
    "validate_time_zone",
]
