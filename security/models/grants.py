from django.db import models
from django.db.models import Q
from django.utils import timezone
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from security import roles

_VALID_ROLE = Q()
for _role in roles.ROLES:
    _VALID_ROLE |= Q(module=_role.module, role=_role.code)


class RoleGrant(models.Model):
    """One user holds one role of one module over one node and all below it."""

    user = models.ForeignKey(
        "security.User", on_delete=models.PROTECT, related_name="role_grants"
    )
    module = models.CharField(max_length=30)
    role = models.CharField(max_length=40)
    organization_unit = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.PROTECT, related_name="grants"
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    granted_by = models.ForeignKey(
        "security.User", on_delete=models.PROTECT, related_name="grants_given"
    )
    granted_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField()
    access_request = models.ForeignKey(
        "security.AccessRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        "security.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants_revoked",
    )
    revocation_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=_VALID_ROLE, name="role_grant_in_catalog"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="role_grant_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self):
        return f"{self.catalog_role.title} over {self.organization_unit}"

    @property
    def catalog_role(self) -> roles.Role:
        return roles.get(self.module, self.role)

    @property
    def state(self) -> str:
        today = timezone.localdate()
        if self.revoked_at is not None:
            return "Revoked"
        if self.starts_on > today:
            return "Starts later"
        if self.ends_on is not None and self.ends_on < today:
            return "Ended"
        return "Active"

    def get_module_title(self) -> str:
        return roles.MODULE_TITLES[self.module]


class AccessRequest(models.Model):
    """A user asks for a role; their supervisor or an administrator decides."""

    class Status(models.TextChoices):
        PENDING = "PENDING", "Pending"
        GRANTED = "GRANTED", "Granted"
        REFUSED = "REFUSED", "Refused"
        WITHDRAWN = "WITHDRAWN", "Withdrawn"

    class Route(models.TextChoices):
        SUPERVISOR = "SUPERVISOR", "The requester's supervisor"
        ADMINISTRATORS = "ADMINISTRATORS", "Access administrators over the unit"

    requester = models.ForeignKey(
        "security.User", on_delete=models.PROTECT, related_name="access_requests"
    )
    module = models.CharField(max_length=30)
    role = models.CharField(max_length=40)
    organization_unit = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    requested_at = models.DateTimeField(auto_now_add=True)
    route = models.CharField(max_length=14, choices=Route.choices)
    routed_to = models.ForeignKey(
        "security.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests_to_decide",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        "security.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_requests_decided",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=_VALID_ROLE, name="access_request_in_catalog"
            ),
            models.CheckConstraint(
                condition=~Q(route="SUPERVISOR") | Q(routed_to__isnull=False),
                name="access_request_supervisor_named",
            ),
        ]

    def __str__(self):
        return f"{self.catalog_role.title} over {self.organization_unit}"

    @property
    def catalog_role(self) -> roles.Role:
        return roles.get(self.module, self.role)


class OrganizationUnitUserObjectPermission(UserObjectPermissionBase):
    """Guardian's rows for grants, with a real foreign key to the unit."""

    content_object = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.CASCADE
    )


class OrganizationUnitGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.CASCADE
    )
