"""Other agency systems that exchange data with BPETS, and their tokens.

A partner system reaches BPETS as a service account: a login of its own
that cannot sign in through the web (it has no usable password) and holds
no roles, so that every message it sends or extract it pulls is an audit
event and a history entry naming it. What it may touch is its partner kind
and the part of the organization tree it was created over.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ServiceAccount(models.Model):
    class Partner(models.TextChoices):
        PAYROLL = "payroll", "Payroll provider"
        ENFORCEMENT = "enforcement", "Enforcement case system"
        WAREHOUSE = "warehouse", "Data warehouse"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="service_account",
        help_text="The actor its messages and pulls are recorded under.",
    )
    partner = models.CharField(max_length=20, choices=Partner.choices)
    unit = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="service_accounts",
        help_text="The part of the tree whose records it may send or pull.",
    )
    name = models.CharField(max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_partner_display()})"


class ServiceToken(models.Model):
    """A bearer token of a service account. Only its SHA-256 digest is kept."""

    account = models.ForeignKey(
        ServiceAccount, on_delete=models.PROTECT, related_name="tokens"
    )
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(
        max_length=16, help_text="The token's first characters, to tell it apart."
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | models.Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="service_token_revocation_names_who",
            ),
        ]

    def __str__(self):
        return f"{self.prefix}… of {self.account.name}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
