"""A timesheet: one employee's pay period, the tour the schedule set for
each day, the shifts closed against what was worked, the time and leave
entered, and the steps that took it to certification."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scheduling.models import CellStatus, LeaveType, OvertimeLevel
from timesheet.codes import TimeCode


class TimesheetStatus(models.TextChoices):
    OPEN = "OPEN", "Open"
    SUBMITTED = "SUBMITTED", "Submitted"
    VALIDATED = "VALIDATED", "Validated"
    CERTIFIED = "CERTIFIED", "Certified"

    @classmethod
    def editable(cls) -> tuple[str, ...]:
        """Statuses in which the employee may still change entries."""
        return (cls.OPEN,)


class Timesheet(models.Model):
    """One version of an employee's timesheet for one pay period.

    A correction of a certified timesheet makes a new version that names
    the one it amends; the amended one stays, with ``superseded_at`` set.
    """

    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="timesheets"
    )
    pay_period = models.ForeignKey(
        "scheduling.PayPeriod", on_delete=models.PROTECT, related_name="timesheets"
    )
    # The employee's station when the timesheet was made: its timekeepers
    # keep it, whatever stations the person is detailed to.
    station = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.PROTECT, related_name="+"
    )
    overtime_level = models.CharField(
        max_length=7, choices=OvertimeLevel.choices, default=OvertimeLevel.LEVEL_1
    )
    version = models.PositiveSmallIntegerField(default=1)
    amends = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=9, choices=TimesheetStatus.choices, default=TimesheetStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    certified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    certified_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pay_period", "employee", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "pay_period", "version"],
                name="timesheet_version_once",
            ),
            # One current version per person and period.
            models.UniqueConstraint(
                fields=["employee", "pay_period"],
                condition=Q(superseded_at__isnull=True),
                name="timesheet_current_once",
            ),
            models.CheckConstraint(
                condition=~Q(status="SUBMITTED")
                | Q(submitted_by__isnull=False, submitted_at__isnull=False),
                name="timesheet_submitted_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(status="VALIDATED")
                | Q(validated_by__isnull=False, validated_at__isnull=False),
                name="timesheet_validated_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(status="CERTIFIED")
                | Q(certified_by__isnull=False, certified_at__isnull=False),
                name="timesheet_certified_by_someone",
            ),
        ]
        indexes = [models.Index(fields=["station", "pay_period"])]

    def __str__(self):
        suffix = f" (amendment {self.version - 1})" if self.version > 1 else ""
        return f"Timesheet of {self.employee} for {self.pay_period}{suffix}"

    @property
    def is_editable(self) -> bool:
        return self.status in TimesheetStatus.editable() and not self.superseded_at

    @property
    def is_certified(self) -> bool:
        return self.status == TimesheetStatus.CERTIFIED


class ScheduledDay(models.Model):
    """A day of the timesheet as the schedule set it, and what was worked.

    The scheduled fields are copied from the G-481 line of the day where
    there is one, else from the finalized G-259 cell, and never change
    after that, but for a day of a detail made before the gaining station
    finalized its schedule: it takes its tour then, if nothing was written
    on it (``timesheet.detail_days``). A day with a shift is closed by
    recording the actual start and end (both empty when the shift was not
    worked at all).
    """

    class Source(models.TextChoices):
        G481 = "G481", "G-481"
        G259 = "G259", "G-259"
        NONE = "NONE", "Not scheduled"

    timesheet = models.ForeignKey(
        Timesheet, on_delete=models.CASCADE, related_name="days", db_index=False
    )
    day = models.DateField()
    source = models.CharField(max_length=4, choices=Source.choices)
    # The station whose schedule the day comes from: the gaining station
    # on a day of a detail.
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    status = models.CharField(max_length=8, choices=CellStatus.choices)
    leave_type = models.CharField(max_length=14, choices=LeaveType.choices, blank=True)
    scheduled_start = models.DateTimeField(null=True, blank=True)
    scheduled_end = models.DateTimeField(null=True, blank=True)
    actual_start = models.DateTimeField(null=True, blank=True)
    actual_end = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    history = HistoricalRecords(
        user_db_constraint=False, no_db_index=["station", "closed_by"]
    )

    class Meta:
        ordering = ["timesheet", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["timesheet", "day"], name="scheduled_day_once"
            ),
            models.CheckConstraint(
                condition=Q(scheduled_start__isnull=True, scheduled_end__isnull=True)
                | Q(scheduled_end__gt=F("scheduled_start")),
                name="scheduled_day_shift_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True, actual_end__isnull=True)
                | Q(actual_end__gt=F("actual_start"), closed_at__isnull=False),
                name="scheduled_day_actual_closes_it",
            ),
        ]

    def __str__(self):
        return f"{self.day:%Y-%m-%d} of {self.timesheet}"

    @property
    def has_shift(self) -> bool:
        return self.scheduled_start is not None

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class TimeEntry(models.Model):
    """Time worked by code, leave by type, or a non-scheduled item, on one
    day, as start and end instants or as hours."""

    timesheet = models.ForeignKey(
        Timesheet, on_delete=models.CASCADE, related_name="entries"
    )
    day = models.DateField()
    code = models.CharField(max_length=20, choices=TimeCode.choices)
    start = models.DateTimeField(null=True, blank=True)
    end = models.DateTimeField(null=True, blank=True)
    hours = models.DecimalField(max_digits=5, decimal_places=2)
    remarks = models.CharField(max_length=200, blank=True)
    # The approved leave request it was pre-filled from: a mark of where the
    # entry came from, which the request's own retention may clear.
    leave_request = models.ForeignKey(
        "scheduling.LeaveRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    entered_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(
        user_db_constraint=False, no_db_index=["leave_request", "entered_by"]
    )

    class Meta:
        ordering = ["timesheet", "day", "start", "id"]
        verbose_name_plural = "time entries"
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=24), name="time_entry_hours_in_day"
            ),
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True)
                | Q(end__gt=F("start")),
                name="time_entry_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.get_code_display()} {self.hours} h on {self.day:%Y-%m-%d}"


class TimesheetStep(models.Model):
    """A step of the workflow, shown as the timesheet's history."""

    class Action(models.TextChoices):
        SUBMITTED = "SUBMITTED", "Submitted (attested correct)"
        VALIDATED = "VALIDATED", "Validated by the timekeeper"
        RETURNED = "RETURNED", "Returned"
        CERTIFIED = "CERTIFIED", "Certified by the supervisor"
        AMENDED = "AMENDED", "Amendment opened"

    timesheet = models.ForeignKey(
        Timesheet, on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(max_length=9, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["timesheet", "at", "id"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"
