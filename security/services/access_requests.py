from django.db import transaction
from django.utils import timezone

from security import audit, policies, providers, roles
from security.models import AccessRequest, OrganizationUnit, User
from security.services.grants import GrantRefused, grant_role

Kind = audit.Kind


class AccessRequestRefused(GrantRefused):
    """The request or decision was refused; the message says why."""


def request_access(
    *, requester: User, module: str, role: str, unit: OrganizationUnit, reason: str
) -> AccessRequest:
    """Ask for a role. It goes to the requester's supervisor when one is known
    and may grant it there, otherwise to the access administrators over the unit.
    """
    try:
        catalog_role = roles.get(module, role)
    except KeyError:
        raise AccessRequestRefused(f"There is no role {module}.{role}.") from None
    if not reason.strip():
        raise AccessRequestRefused("Say why you need the role.")
    if policies.holds_role(requester, module, role, unit):
        raise AccessRequestRefused(f"You already hold {catalog_role.title} there.")
    if AccessRequest.objects.filter(
        requester=requester,
        module=module,
        role=role,
        organization_unit=unit,
        status=AccessRequest.Status.PENDING,
    ).exists():
        raise AccessRequestRefused("You have already asked for this; it is pending.")

    supervisor = providers.supervisor_of(requester)
    if supervisor is not None and policies.may_administer(
        supervisor, catalog_role, unit
    ):
        route, routed_to = AccessRequest.Route.SUPERVISOR, supervisor
    else:
        route, routed_to = AccessRequest.Route.ADMINISTRATORS, None

    access_request = AccessRequest(
        requester=requester,
        module=module,
        role=role,
        organization_unit=unit,
        reason=reason.strip(),
        route=route,
        routed_to=routed_to,
    )
    access_request._history_user = requester
    access_request.save()
    audit.record(
        Kind.ACCESS_REQUESTED,
        actor=requester,
        target=access_request,
        subject_user_id=requester.pk,
        details={"role": catalog_role.key, "unit": unit.pk, "route": route},
    )
    return access_request


def may_decide(user: User, access_request: AccessRequest) -> bool:
    if user == access_request.requester:
        return False
    if access_request.route == AccessRequest.Route.SUPERVISOR and (
        user == access_request.routed_to
    ):
        return True
    return policies.is_access_administrator(user, access_request.organization_unit)


def decide_access_request(
    *,
    decider: User,
    access_request: AccessRequest,
    approve: bool,
    reason: str,
    starts_on=None,
    ends_on=None,
) -> AccessRequest:
    """Grant or refuse the request, with a reason both sides can read."""
    if access_request.status != AccessRequest.Status.PENDING:
        raise AccessRequestRefused("This request has already been decided.")
    if not may_decide(decider, access_request):
        audit.record(
            Kind.DENIED,
            actor=decider,
            target=access_request,
            subject_user_id=access_request.requester_id,
            details={"action": "decide access request"},
        )
        raise AccessRequestRefused("This request is not yours to decide.")
    if not reason.strip():
        raise AccessRequestRefused("Say why, for the requester.")

    with transaction.atomic():
        if approve:
            grant_role(
                grantor=decider,
                user=access_request.requester,
                module=access_request.module,
                role=access_request.role,
                unit=access_request.organization_unit,
                reason=reason,
                starts_on=starts_on,
                ends_on=ends_on,
                access_request=access_request,
            )
        access_request.status = (
            AccessRequest.Status.GRANTED if approve else AccessRequest.Status.REFUSED
        )
        access_request.decided_by = decider
        access_request.decided_at = timezone.now()
        access_request.decision_reason = reason.strip()
        access_request._history_user = decider
        access_request.save()

    audit.record(
        Kind.ACCESS_DECIDED,
        actor=decider,
        target=access_request,
        subject_user_id=access_request.requester_id,
        details={"status": access_request.status},
    )
    return access_request


def withdraw_access_request(*, requester: User, access_request: AccessRequest):
    if access_request.requester != requester:
        raise AccessRequestRefused("Only the requester may withdraw a request.")
    if access_request.status != AccessRequest.Status.PENDING:
        raise AccessRequestRefused("This request has already been decided.")
    access_request.status = AccessRequest.Status.WITHDRAWN
    access_request._history_user = requester
    access_request.save()
    audit.record(
        Kind.ACCESS_DECIDED,
        actor=requester,
        target=access_request,
        subject_user_id=requester.pk,
        details={"status": access_request.status},
    )
    return access_request
