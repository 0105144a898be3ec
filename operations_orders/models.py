"""Operations orders: a sector's five-paragraph orders, their cost, their
approval and their after-action summary.

An order's text lives in its revisions: the first is written as a draft,
and each amendment of an active order adds one, the older ones kept. The
estimated cost belongs to a revision (an amendment may change it); the
actual cost belongs to the order and is entered when it closes. No table
here holds personal information: the services refuse text shaped like a
Social Security or alien number.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class OrderStatus(models.TextChoices):
    DRAFT = "DRAFT", "Draft"
    SUBMITTED = "SUBMITTED", "Submitted for approval"
    RETURNED = "RETURNED", "Returned with comments"
    APPROVED = "APPROVED", "Approved"
    ACTIVE = "ACTIVE", "Active"
    CLOSED = "CLOSED", "Closed"


# The statuses in which the author still writes the order.
EDITABLE_STATUSES = (OrderStatus.DRAFT, OrderStatus.RETURNED)


class CostCategory(models.TextChoices):
    OVERTIME = "OVERTIME", "Overtime"
    TRAVEL = "TRAVEL", "Travel and per diem"
    FUEL = "FUEL", "Fuel"
    EQUIPMENT = "EQUIPMENT", "Equipment"
    OTHER = "OTHER", "Other"


class CostKind(models.TextChoices):
    ESTIMATED = "ESTIMATED", "Estimated"
    ACTUAL = "ACTUAL", "Actual"


class Order(models.Model):
    number = models.CharField(max_length=20, unique=True)
    name = models.CharField("operation name", max_length=120)
    sector = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="operations_orders",
        limit_choices_to={"kind": "SECTOR"},
    )
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="station_operations_orders",
        null=True,
        blank=True,
        limit_choices_to={"kind": "STATION"},
    )
    purpose = models.TextField()
    starts_on = models.DateField("start date")
    ends_on = models.DateField("end date")
    status = models.CharField(
        max_length=10, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    author = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="authored_orders"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    return_comments = models.TextField(blank=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    after_action = models.TextField("after-action summary", blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="operations_order_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="CLOSED")
                | (Q(closed_at__isnull=False) & ~Q(after_action="")),
                name="operations_order_closed_with_after_action",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.name}"

    @property
    def unit_id(self) -> int:
        """The narrowest unit the order belongs to."""
        return self.station_id or self.sector_id

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class Revision(models.Model):
    """One version of the order's five paragraphs and its estimated cost."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    situation = models.TextField()
    mission = models.TextField()
    execution = models.TextField()
    administration = models.TextField("administration and logistics")
    command = models.TextField("command and control, and communications")
    reason = models.TextField(
        "reason for the amendment", blank=True, help_text="Empty on the first revision."
    )
    written_at = models.DateTimeField(auto_now=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "number"], name="operations_revision_number_unique"
            ),
        ]

    def __str__(self):
        return f"{self.order.number} revision {self.number}"


PARAGRAPHS = ("situation", "mission", "execution", "administration", "command")
PARAGRAPH_TITLES = {
    "situation": "1. Situation",
    "mission": "2. Mission",
    "execution": "3. Execution",
    "administration": "4. Administration and logistics",
    "command": "5. Command and control, and communications",
}


class CostLine(models.Model):
    """An estimated line (of a revision) or an actual line (of the order)."""

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="cost_lines"
    )
    revision = models.ForeignKey(
        Revision,
        on_delete=models.CASCADE,
        related_name="cost_lines",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=10, choices=CostKind.choices)
    category = models.CharField(max_length=10, choices=CostCategory.choices)
    description = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "kind", "category", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=Decimal("0")),
                name="operations_cost_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(kind="ESTIMATED") & Q(revision__isnull=False))
                | (Q(kind="ACTUAL") & Q(revision__isnull=True)),
                name="operations_cost_estimates_of_a_revision",
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()}: {self.amount}"
