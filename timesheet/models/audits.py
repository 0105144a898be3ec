"""The record that the GAO audited a pay period: time and attendance
records of an audited period may go before their three years are up."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class GaoAudit(models.Model):
    pay_period = models.OneToOneField(
        "scheduling.PayPeriod", on_delete=models.PROTECT, related_name="gao_audit"
    )
    # The day the audit of the period was completed: retention runs from it.
    completed_on = models.DateField()
    reference = models.CharField(max_length=120, help_text="GAO report or job code.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = "GAO audit of a pay period"

    def __str__(self):
        return f"GAO audit {self.reference} of {self.pay_period}"
