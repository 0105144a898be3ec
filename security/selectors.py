from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from security import policies, roles
from security.models import (
    AccessRequest,
    OrganizationUnit,
    RoleGrant,
    ServiceAccount,
    User,
)

Kind = OrganizationUnit.Kind


def headquarters() -> OrganizationUnit:
    return get_object_or_404(OrganizationUnit, kind=Kind.HEADQUARTERS)


def sectors_with_station_counts() -> QuerySet[OrganizationUnit]:
    return (
        OrganizationUnit.objects.filter(kind=Kind.SECTOR)
        .annotate(
            station_count=Count("children"),
            active_station_count=Count(
                "children", filter=Q(children__status=OrganizationUnit.Status.ACTIVE)
            ),
        )
        .order_by("border_region", "name")
    )


def organization_unit(pk: int) -> OrganizationUnit:
    return get_object_or_404(OrganizationUnit.objects.select_related("parent"), pk=pk)


def stations_of(sector: OrganizationUnit) -> QuerySet[OrganizationUnit]:
    return sector.children.filter(kind=Kind.STATION).order_by("name")


def count_units() -> dict[str, int]:
    return OrganizationUnit.objects.aggregate(
        sectors=Count("pk", filter=Q(kind=Kind.SECTOR)),
        active_sectors=Count(
            "pk", filter=Q(kind=Kind.SECTOR, status=OrganizationUnit.Status.ACTIVE)
        ),
        stations=Count("pk", filter=Q(kind=Kind.STATION)),
    )


def units_with_parents() -> QuerySet[OrganizationUnit]:
    """Headquarters first, then each sector followed by its stations."""
    from django.db.models import Case, F, IntegerField, Value, When
    from django.db.models.functions import Coalesce

    return (
        OrganizationUnit.objects.select_related("parent")
        .annotate(
            depth=Case(
                When(kind=Kind.HEADQUARTERS, then=Value(0)),
                When(kind=Kind.SECTOR, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
            sector_name=Case(
                When(kind=Kind.SECTOR, then=F("name")),
                When(kind=Kind.STATION, then=F("parent__name")),
                default=Value(""),
            ),
        )
        .order_by(Coalesce("sector_name", Value("")), "depth", "name")
    )


def grants_of(user: User) -> QuerySet[RoleGrant]:
    return (
        RoleGrant.objects.filter(user=user)
        .select_related("organization_unit__parent", "granted_by", "revoked_by")
        .order_by("revoked_at", "module", "role", "-starts_on")
    )


def access_requests_of(user: User) -> QuerySet[AccessRequest]:
    return (
        AccessRequest.objects.filter(requester=user)
        .select_related("organization_unit__parent", "routed_to", "decided_by")
        .order_by("-requested_at")
    )


def access_requests_to_decide(user: User) -> QuerySet[AccessRequest]:
    """Pending requests routed to the user, or to administrators they are one of."""
    administered = policies.reach(user, "security", "access_administrator")
    return (
        AccessRequest.objects.filter(status=AccessRequest.Status.PENDING)
        .filter(Q(routed_to=user) | Q(organization_unit__in=administered))
        .exclude(requester=user)
        .select_related("requester", "organization_unit__parent", "routed_to")
        .order_by("requested_at")
    )


def people_in_scope(user: User, search: str = "") -> QuerySet[User]:
    """Accounts whose home unit lies where the user is an access administrator."""
    administered = policies.reach(user, "security", "access_administrator")
    people = User.objects.filter(home_unit__in=administered).select_related(
        "home_unit__parent"
    )
    for term in search.split():
        people = people.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
        )
    return people.order_by("last_name", "first_name", "username")


def grantable_roles(user: User) -> list[roles.Role]:
    return [
        role
        for role in roles.ROLES
        if any(
            policies.holds_role(user, other.module, other.code)
            for other in roles.roles_administering(role)
        )
    ]


def administered_units(user: User) -> QuerySet[OrganizationUnit]:
    return units_with_parents().filter(pk__in=policies.administered_units(user))


def access_administered_units(user: User) -> QuerySet[OrganizationUnit]:
    return units_with_parents().filter(
        pk__in=policies.reach(user, "security", "access_administrator")
    )


def lockouts_in_scope(user: User):
    from axes.models import AccessAttempt
    from django.conf import settings

    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).order_by("-attempt_time")
    headquarters_admin = policies.is_access_administrator(
        user, OrganizationUnit.objects.filter(kind=Kind.HEADQUARTERS).first()
    )
    if headquarters_admin:
        return attempts
    usernames = people_in_scope(user).values_list("username", flat=True)
    return attempts.filter(username__in=usernames)


def audit_events_about(
    *, target_type: str, target_id: str, kinds, listed_as=None, listed_kinds=()
):
    """Audit events about one record, newest first, for its owner to read.

    ``listed_as`` names a key of the details under which events about many
    records list them (a report of many people names them all there).
    Events of ``listed_kinds`` count only when listed so: an export is about
    its person for what it held of them, not for being their file.
    """
    from security.models import AuditEvent

    about = Q(target_type=target_type, target_id=target_id, kind__in=kinds)
    if listed_as:
        about |= Q(
            **{f"details__{listed_as}__has_key": target_id},
            kind__in=[*kinds, *listed_kinds],
        )
    return AuditEvent.objects.filter(about).order_by("-occurred_at", "-id")


def service_accounts_in_scope(user: User) -> QuerySet[ServiceAccount]:
    return (
        ServiceAccount.objects.filter(
            unit__in=policies.reach(user, "security", "access_administrator")
        )
        .select_related("unit", "created_by")
        .prefetch_related("tokens__issued_by", "tokens__revoked_by")
    )
