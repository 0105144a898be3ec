"""The G-481: a station's daily schedule, one per station and day, built
from the finalized G-259 and then kept by the supervisors: who works, from
when to when, doing what, in which zone and vehicle."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scheduling.models.g259 import unchecked_reference
from scheduling.models.reference import STATION, Activity, PayPeriod, SubActivity, Zone


class DailySchedule(models.Model):
    """One station's G-481 for one day, made from its G-259."""

    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="daily_schedules",
        limit_choices_to=STATION,
    )
    day = models.DateField()
    pay_period = models.ForeignKey(
        PayPeriod, on_delete=models.PROTECT, related_name="daily_schedules"
    )
    # The G-259 it was made from: its cells are what the day departs from,
    # and its overrides hold the G-481's too (named by day).
    schedule = models.ForeignKey(
        "scheduling.Schedule", on_delete=models.PROTECT, related_name="daily_schedules"
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "day"]
        verbose_name = "G-481"
        constraints = [
            models.UniqueConstraint(
                fields=["station", "day"], name="daily_schedule_once_per_day"
            )
        ]

    def __str__(self):
        return f"G-481 of {self.station} for {self.day:%Y-%m-%d}"


class DailyEntry(models.Model):
    """A person's line on a G-481.

    ``on_duty`` false keeps the line of someone the G-259 scheduled but
    who does not work that day after all, so the departure shows.
    ``version`` and ``changed_by_hand`` work as on the G-259's cells.
    """

    daily = models.ForeignKey(
        DailySchedule, on_delete=models.CASCADE, related_name="entries"
    )
    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="daily_entries"
    )
    on_duty = models.BooleanField(default=True)
    shift_start = models.DateTimeField(null=True, blank=True)
    shift_end = models.DateTimeField(null=True, blank=True)
    # Reference data is protected by Django, as on the G-259's cells.
    activity = unchecked_reference(Activity)
    sub_activity = unchecked_reference(SubActivity)
    zone = unchecked_reference(Zone)
    vehicle = unchecked_reference("vehicles.Vehicle")
    # The vehicles module's record of the vehicle for this shift.
    vehicle_assignment = models.ForeignKey(
        "vehicles.Assignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    remarks = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_by_hand = models.BooleanField(default=False)

    history = HistoricalRecords(
        user_db_constraint=False,
        no_db_index=[
            "activity",
            "sub_activity",
            "zone",
            "vehicle",
            "vehicle_assignment",
        ],
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["daily", "employee"], name="daily_entry_once"
            ),
            models.CheckConstraint(
                condition=Q(on_duty=False)
                | Q(shift_start__isnull=False, shift_end__gt=F("shift_start")),
                name="daily_entry_on_duty_has_shift",
            ),
            models.CheckConstraint(
                condition=Q(shift_start__isnull=True, shift_end__isnull=True)
                | Q(shift_end__gt=F("shift_start")),
                name="daily_entry_shift_ends_after_start",
            ),
        ]
        indexes = [
            # "On shift now": a station's shifts begun by an instant.
            models.Index(
                fields=["shift_start"],
                condition=Q(on_duty=True),
                name="daily_entry_on_duty_start",
            )
        ]

    def __str__(self):
        return f"{self.employee} on {self.daily}"


class DailyRun(models.Model):
    """One pass of building the G-481s of a finalized G-259, day by day."""

    class State(models.TextChoices):
        QUEUED = "QUEUED", "Queued"
        RUNNING = "RUNNING", "Running"
        FINISHED = "FINISHED", "Finished"
        FAILED = "FAILED", "Failed"

    schedule = models.ForeignKey(
        "scheduling.Schedule", on_delete=models.CASCADE, related_name="daily_runs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    days_total = models.PositiveSmallIntegerField(default=14)
    days_done = models.PositiveSmallIntegerField(default=0)
    entries_created = models.PositiveIntegerField(default=0)
    vehicles_refused = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"G-481 run {self.pk} of {self.schedule_id}"

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
