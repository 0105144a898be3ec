"""One pass of the job that initializes the timesheets of a pay period,
for one station or for the nation."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class InitializationRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "QUEUED", "Queued"
        RUNNING = "RUNNING", "Running"
        FINISHED = "FINISHED", "Finished"
        FAILED = "FAILED", "Failed"

    pay_period = models.ForeignKey(
        "scheduling.PayPeriod", on_delete=models.PROTECT, related_name="+"
    )
    # Empty for the whole nation.
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    timesheets_created = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Timesheet run {self.pk} of {self.pay_period_id}"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
