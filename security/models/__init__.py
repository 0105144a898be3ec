from security.models.accounts import User
from security.models.audit import AuditChainLink, AuditEvent
from security.models.grants import (
    AccessRequest,
    OrganizationUnitGroupObjectPermission,
    OrganizationUnitUserObjectPermission,
    RoleGrant,
)
from security.models.interfaces import ServiceAccount, ServiceToken
from security.models.organization import OrganizationUnit, validate_time_zone
from security.models.retention import LegalHold, RetentionChoice, RetentionRun

__all__ = [
    "AccessRequest",
    "AuditChainLink",
    "AuditEvent",
    "LegalHold",
    "OrganizationUnit",
    "OrganizationUnitGroupObjectPermission",
    "OrganizationUnitUserObjectPermission",
    "RetentionChoice",
    "RetentionRun",
    "RoleGrant",
    "ServiceAccount",
    "ServiceToken",
    "User",
    "validate_time_zone",
]
