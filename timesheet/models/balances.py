"""Leave balances, kept as a ledger: every credit and charge is a row.

A balance is the sum of an employee's rows for one leave type up to a pay
period, so nothing is ever recomputed in place: an accrual, the use of
leave certified on a timesheet, a forfeit at the carry-over ceiling and a
correction by personnel are each their own row, with history.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class BalanceType(models.TextChoices):
    """The balances an employee holds; the first five share the names of
    the time codes that charge them."""

    ANNUAL = "ANNUAL", "Annual leave"
    SICK = "SICK", "Sick leave"
    COMPENSATORY = "COMPENSATORY", "Compensatory time"
    CREDIT_HOURS = "CREDIT_HOURS", "Credit hours"
    MILITARY = "MILITARY", "Military leave"
    RESTORED_ANNUAL = "RESTORED_ANNUAL", "Restored annual leave"


class LedgerKind(models.TextChoices):
    ACCRUAL = "ACCRUAL", "Accrued for the pay period"
    FISCAL_YEAR_CREDIT = "FISCAL_YEAR_CREDIT", "Credited for the fiscal year"
    FORFEIT = "FORFEIT", "Forfeited above the carry-over ceiling"
    EARNED = "EARNED", "Earned on the timesheet"
    USED = "USED", "Used on the timesheet"
    ADJUSTMENT = "ADJUSTMENT", "Adjusted by personnel"


# Kinds a pay period holds at most once per employee and leave type: the
# services that write them are run again safely.
ONCE_A_PERIOD = (
    LedgerKind.ACCRUAL,
    LedgerKind.FISCAL_YEAR_CREDIT,
    LedgerKind.FORFEIT,
)


class LeaveLedgerEntry(models.Model):
    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="leave_ledger"
    )
    leave_type = models.CharField(max_length=20, choices=BalanceType.choices)
    kind = models.CharField(max_length=20, choices=LedgerKind.choices)
    # The pay period the hours belong to: accrued for, used in, forfeited at
    # the end of.
    pay_period = models.ForeignKey(
        "scheduling.PayPeriod", on_delete=models.PROTECT, related_name="+"
    )
    # Positive credits, negative charges.
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pay_period", "recorded_at", "pk"]
        indexes = [models.Index(fields=["employee", "leave_type", "pay_period"])]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "leave_type", "pay_period", "kind"],
                condition=Q(kind__in=ONCE_A_PERIOD),
                name="leave_ledger_once_a_period",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.hours} h of {self.leave_type}"


class PayrollRecord(models.Model):
    """One line of what a certified timesheet sent to payroll: an item (a
    time code or premium), its transaction code and hours. A correction of
    a certified timesheet sends a new version; earlier ones stay, as the
    individual payroll record they are."""

    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="payroll_records"
    )
    pay_period = models.ForeignKey(
        "scheduling.PayPeriod", on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveSmallIntegerField()
    item = models.CharField(max_length=30)
    transaction_code = models.CharField(max_length=4, blank=True)
    prefix = models.CharField(max_length=4, blank=True)
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    mapping = models.CharField(max_length=12)
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pay_period", "employee", "version", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "pay_period", "version", "item"],
                name="payroll_record_item_once_a_version",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.hours} h (version {self.version})"
