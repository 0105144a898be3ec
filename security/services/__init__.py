"""Every write of the security module: each takes the acting user, checks
the policy, changes data in one transaction, and leaves history and audit."""

from security.services.access_requests import (
    decide_access_request,
    request_access,
    withdraw_access_request,
)
from security.services.accounts import (
    attest_training,
    bootstrap_access_administrator,
    create_account,
    deactivate_account,
    disable_account,
    lift_lockout,
    open_login,
    record_background_investigation,
)
from security.services.grants import (
    GrantRefused,
    grant_role,
    revoke_grant,
    sync_grant_permissions,
)
from security.services.organization import OrganizationLoadReport, load_organization

__all__ = [
    "GrantRefused",
    "OrganizationLoadReport",
    "attest_training",
    "bootstrap_access_administrator",
    "create_account",
    "deactivate_account",
    "decide_access_request",
    "disable_account",
    "grant_role",
    "lift_lockout",
    "load_organization",
    "open_login",
    "record_background_investigation",
    "request_access",
    "revoke_grant",
    "sync_grant_permissions",
    "withdraw_access_request",
]
