import logging
from datetime import date

from django.db import transaction
from django.utils import timezone

from bpets import clock
from security import audit, policies, providers, roles
from security.models import (
    OrganizationUnit,
    OrganizationUnitUserObjectPermission,
    RoleGrant,
    ServiceAccount,
    User,
)

logger = logging.getLogger(__name__)
Kind = audit.Kind


class GrantRefused(Exception):
    """The grant or revocation was refused; the message says why, for the user."""


def grant_refusal(
    grantor: User,
    user: User,
    role: roles.Role,
    unit: OrganizationUnit,
    starts_on: date,
    ends_on: date | None,
    reason: str,
) -> str | None:
    """Why this grant may not be made, in words for the grantor; None if it may."""
    if not reason.strip():
        return "Say why the role is granted."
    # The past as the unit sees it: in the US evening the UTC date is
    # already tomorrow.
    if starts_on < clock.today_at(unit):
        return "A grant cannot start in the past."
    if ends_on is not None and ends_on < starts_on:
        return "The grant cannot end before it starts."
    if not user.is_active:
        return f"{user.get_username()}'s account is disabled."

    administering = roles.roles_administering(role)
    if not any(
        policies.holds_role(grantor, other.module, other.code)
        for other in administering
    ):
        return f"You do not administer the role {role.title}."
    if not policies.may_administer(grantor, role, unit):
        return f"{unit} is outside your administrative scope for {role.title}."
    if user == grantor and not policies.is_access_administrator(grantor, unit):
        return "Only an access administrator may grant a role to themselves."
    if user == grantor and role.module == "security":
        # The safeguards' own roles: an administrator who could make
        # themselves their own auditor would leave nobody watching.
        return f"Nobody may grant themselves {role.title}; ask another administrator."
    if ServiceAccount.objects.filter(user=user).exists():
        return (
            f"{user.get_username()} is a partner system's service account; it "
            "holds no roles."
        )
    if not user.has_favorable_investigation:
        return (
            f"{user.get_username()} has no favorable background investigation "
            "on record."
        )
    if role.system_administration and not providers.is_supervisory(user):
        return (
            f"{role.title} is a system-administration role; it goes only to "
            "supervisors or above."
        )

    overlapping = RoleGrant.objects.filter(
        user=user,
        module=role.module,
        role=role.code,
        organization_unit=unit,
        revoked_at__isnull=True,
    ).exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        overlapping = overlapping.exclude(starts_on__gt=ends_on)
    if overlapping.exists():
        return f"{user.get_username()} already holds {role.title} over {unit}."
    return None


def grant_role(
    *,
    grantor: User,
    user: User,
    module: str,
    role: str,
    unit: OrganizationUnit,
    reason: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
    access_request=None,
) -> RoleGrant:
    """Give ``user`` the role over ``unit``, or raise GrantRefused changing nothing."""
    try:
        catalog_role = roles.get(module, role)
    except KeyError:
        raise GrantRefused(f"There is no role {module}.{role}.") from None
    starts_on = starts_on or clock.today_at(unit)

    refusal = grant_refusal(
        grantor, user, catalog_role, unit, starts_on, ends_on, reason
    )
    if refusal:
        audit.record(
            Kind.GRANT_REFUSED,
            actor=grantor,
            target=unit,
            subject_user_id=user.pk,
            details={"role": catalog_role.key, "refusal": refusal},
        )
        raise GrantRefused(refusal)

    with transaction.atomic():
        grant = RoleGrant(
            user=user,
            module=module,
            role=role,
            organization_unit=unit,
            starts_on=starts_on,
            ends_on=ends_on,
            granted_by=grantor,
            reason=reason.strip(),
            access_request=access_request,
        )
        grant._history_user = grantor
        grant.save()
        sync_grant_permissions(user)

    audit.record(
        Kind.SELF_GRANT if user == grantor else Kind.GRANT,
        actor=grantor,
        target=grant,
        subject_user_id=user.pk,
        details={
            "role": catalog_role.key,
            "unit": unit.pk,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat() if ends_on else None,
        },
    )
    logger.info("grant %s made by user %s to user %s", grant.pk, grantor.pk, user.pk)
    policies.forget(user)
    return grant


def revoke_grant(*, revoker: User, grant: RoleGrant, reason: str) -> RoleGrant:
    role = grant.catalog_role
    if grant.revoked_at is not None:
        raise GrantRefused("This grant was already revoked.")
    if not reason.strip():
        raise GrantRefused("Say why the role is revoked.")
    if not policies.may_administer(revoker, role, grant.organization_unit):
        audit.record(
            Kind.DENIED,
            actor=revoker,
            target=grant,
            subject_user_id=grant.user_id,
            details={"action": "revoke", "role": role.key},
        )
        raise GrantRefused(
            f"{grant.organization_unit} is outside your administrative scope "
            f"for {role.title}."
        )

    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.revoked_by = revoker
        grant.revocation_reason = reason.strip()
        grant._history_user = revoker
        grant.save()
        sync_grant_permissions(grant.user)

    audit.record(
        Kind.REVOKE,
        actor=revoker,
        target=grant,
        subject_user_id=grant.user_id,
        details={"role": role.key, "unit": grant.organization_unit_id},
    )
    policies.forget(grant.user)
    return grant


def sync_grant_permissions(user: User) -> None:
    """Make guardian's object permissions for ``user`` match their active grants.

    Guardian holds one row per (user, role, unit) granted, on tree nodes
    only; the rows follow the grants, never the other way round.
    """
    from django.contrib.auth.models import Permission

    active = RoleGrant.objects.filter(policies.active_grants_filter(), user=user)
    wanted = {
        (roles.get(module, role).permission_codename, unit_id)
        for module, role, unit_id in active.values_list(
            "module", "role", "organization_unit_id"
        )
    }
    rows = OrganizationUnitUserObjectPermission.objects.filter(user=user)
    existing = {
        (codename, unit_id): pk
        for pk, codename, unit_id in rows.values_list(
            "pk", "permission__codename", "content_object_id"
        )
    }

    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        OrganizationUnitUserObjectPermission.objects.filter(pk__in=stale).delete()
    missing = wanted - set(existing)
    if missing:
        permissions = dict(
            Permission.objects.filter(
                content_type__app_label="security",
                codename__in={codename for codename, _ in missing},
            ).values_list("codename", "pk")
        )
        OrganizationUnitUserObjectPermission.objects.bulk_create(
            OrganizationUnitUserObjectPermission(
                user=user, permission_id=permissions[codename], content_object_id=unit
            )
            for codename, unit in missing
        )
