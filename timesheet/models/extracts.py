"""The payroll provider's bi-weekly extract, as imported.

An extract is one pay period's file: per employee (by hash ID) the pay
fields payroll holds and the leave balances at the end of the pay period.
The pay fields BPETS also holds take the extract's values (staffing's
service writes them); the leave balances are kept beside the ones BPETS
computed, never written into the ledger. The extract's records are time
and attendance records (see ``timesheet.retention_rules``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from timesheet.models.balances import BalanceType


class PayrollExtract(models.Model):
    """One pay period's extract, imported once: the same file again changes
    nothing, another file of the same pay period is refused."""

    pay_period = models.OneToOneField(
        "scheduling.PayPeriod", on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    content_hash = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    imported_at = models.DateTimeField(default=timezone.now)
    record_count = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"Payroll extract {self.pk} ({self.file_name})"


class PayrollExtractRecord(models.Model):
    """One employee's line of an extract, and what it changed in BPETS.

    ``differences`` lists the pay fields where the extract and BPETS
    differed when it came in: ``{"field", "bpets", "extract", "applied"}``,
    values as text; an applied one was written to the profile.
    """

    extract = models.ForeignKey(
        PayrollExtract, on_delete=models.CASCADE, related_name="records"
    )
    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="+"
    )
    line = models.PositiveIntegerField()
    pay_plan = models.CharField(max_length=4)
    grade = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField()
    next_within_grade_increase_date = models.DateField(null=True, blank=True)
    service_computation_date = models.DateField()
    differences = models.JSONField(default=list, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["extract", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["extract", "employee"], name="payroll_extract_employee_once"
            ),
        ]

    def __str__(self):
        return f"Payroll extract record {self.pk}"


class PayrollExtractBalance(models.Model):
    """A leave balance at the end of the pay period: the extract's, beside
    the one BPETS's ledger held when the extract came in."""

    record = models.ForeignKey(
        PayrollExtractRecord, on_delete=models.CASCADE, related_name="balances"
    )
    leave_type = models.CharField(max_length=20, choices=BalanceType.choices)
    extract_hours = models.DecimalField(max_digits=7, decimal_places=2)
    computed_hours = models.DecimalField(max_digits=7, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["record", "leave_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "leave_type"], name="payroll_extract_balance_once"
            ),
        ]

    def __str__(self):
        return f"{self.get_leave_type_display()}: {self.extract_hours} h"

    @property
    def difference(self):
        return self.extract_hours - self.computed_hours

    @property
    def differs(self) -> bool:
        return self.extract_hours != self.computed_hours


class PayrollExtractRun(models.Model):
    """One import of an extract file: the signature and the whole file
    checked first, then loaded in one transaction. The file's bytes are
    kept only until the run is over."""

    class State(models.TextChoices):
        QUEUED = "QUEUED", "Queued"
        CHECKING = "CHECKING", "Checking the file"
        LOADING = "LOADING", "Loading"
        LOADED = "LOADED", "Loaded"
        UNCHANGED = "SAME", "Already imported; nothing changed"
        REFUSED = "REFUSED", "Refused"
        FAILED = "FAILED", "Failed"

    file_name = models.CharField(max_length=200)
    content = models.BinaryField(null=True, blank=True, editable=False)
    content_hash = models.CharField(max_length=64)
    # As it came with the file, until the run is over.
    signature = models.CharField(max_length=100, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    lines_total = models.PositiveIntegerField(default=0)
    lines_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    errors_more = models.PositiveIntegerField(default=0)
    extract = models.ForeignKey(
        PayrollExtract,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="runs",
    )
    pay_fields_changed = models.PositiveIntegerField(default=0)
    balances_differing = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Payroll extract import {self.pk} ({self.file_name})"

    @property
    def is_running(self) -> bool:
        return self.state in (
            self.State.QUEUED,
            self.State.CHECKING,
            self.State.LOADING,
        )
