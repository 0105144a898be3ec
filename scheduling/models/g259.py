"""The G-259: a station's bi-weekly schedule, a row per person and a cell
per day, with the runs of the job that initializes it and the overrides of
its conflicts."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scheduling.models.reference import (
    STATION,
    Activity,
    OvertimeLevel,
    PayPeriod,
    ShiftTemplate,
    SubActivity,
)


def unchecked_reference(to):
    """An optional link to reference data on a table of hundreds of
    thousands of rows: protected by Django, with neither a database
    constraint nor an index (the reason is on ``ScheduleCell``)."""
    return models.ForeignKey(
        to,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )


class LeaveType(models.TextChoices):
    """Leave as the schedule and the timesheet name it (OPM, NFC codes)."""

    ANNUAL = "ANNUAL", "Annual leave"
    SICK = "SICK", "Sick leave"
    COMPENSATORY = "COMPENSATORY", "Compensatory time used"
    CREDIT_HOURS = "CREDIT_HOURS", "Credit hours used"
    ADMINISTRATIVE = "ADMINISTRATIVE", "Administrative leave"
    MILITARY = "MILITARY", "Military leave"
    COURT = "COURT", "Court leave"
    LWOP = "LWOP", "Leave without pay"
    # Charged by a supervisor only, never requested.
    AWOL = "AWOL", "Absent without leave"


class CellStatus(models.TextChoices):
    WORKDAY = "WORKDAY", "Scheduled workday"
    DAY_OFF = "DAY_OFF", "Regular day off"
    LEAVE = "LEAVE", "Leave"
    TRAINING = "TRAINING", "Training"
    DETAIL = "DETAIL", "Detail"
    HOLIDAY = "HOLIDAY", "Holiday"

    @classmethod
    def with_shift(cls) -> tuple[str, ...]:
        """Statuses in which the person works a shift at the station."""
        return (cls.WORKDAY, cls.TRAINING)


class Schedule(models.Model):
    """One station's G-259 for one pay period."""

    class Status(models.TextChoices):
        DRAFT = "DRAFT", "Draft"
        FINALIZED = "FINALIZED", "Finalized"

    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="schedules",
        limit_choices_to=STATION,
    )
    pay_period = models.ForeignKey(
        PayPeriod, on_delete=models.PROTECT, related_name="schedules"
    )
    status = models.CharField(
        max_length=9, choices=Status.choices, default=Status.DRAFT
    )
    initialized_at = models.DateTimeField(default=timezone.now)
    finalized_at = models.DateTimeField(null=True, blank=True)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["station", "pay_period"]
        verbose_name = "G-259"
        constraints = [
            models.UniqueConstraint(
                fields=["station", "pay_period"], name="schedule_once_per_period"
            ),
            models.CheckConstraint(
                condition=~Q(status="FINALIZED")
                | Q(finalized_at__isnull=False, finalized_by__isnull=False),
                name="schedule_finalized_by_someone",
            ),
        ]

    def __str__(self):
        return f"G-259 of {self.station} for {self.pay_period}"

    @property
    def is_finalized(self) -> bool:
        return self.status == self.Status.FINALIZED


class ScheduleRow(models.Model):
    """A person on a G-259, with the tour they elected for the year."""

    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="rows"
    )
    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="schedule_rows"
    )
    overtime_level = models.CharField(
        max_length=7, choices=OvertimeLevel.choices, default=OvertimeLevel.LEVEL_1
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "employee"], name="schedule_row_once"
            )
        ]

    def __str__(self):
        return f"{self.employee} on {self.schedule}"


class ScheduleCell(models.Model):
    """A person's day on a G-259.

    ``version`` counts the changes: an edit names the version it was made
    from, and one made from an older version is refused, so that two
    supervisors never overwrite each other. ``changed_by_hand`` marks a
    cell a person changed, which the initialization never touches again.
    """

    # Found through the unique (row, day) index, which leads with the row.
    row = models.ForeignKey(
        ScheduleRow, on_delete=models.CASCADE, related_name="cells", db_index=False
    )
    day = models.DateField()
    status = models.CharField(max_length=8, choices=CellStatus.choices)
    leave_type = models.CharField(max_length=14, choices=LeaveType.choices, blank=True)
    # A nation's pay period is 280,000 cells, and PostgreSQL checks each
    # foreign-key constraint and updates each index row by row: the
    # reference data (never deleted, only retired, and never looked up
    # through the cells) is protected by Django instead, without an index;
    # only the row is checked by the database.
    shift_template = unchecked_reference(ShiftTemplate)
    shift_start = models.DateTimeField(null=True, blank=True)
    shift_end = models.DateTimeField(null=True, blank=True)
    activity = unchecked_reference(Activity)
    sub_activity = unchecked_reference(SubActivity)
    remarks = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)
    changed_by_hand = models.BooleanField(default=False)
    # The approved leave this day is taken under (a part-day leave leaves
    # the day a workday): cancelling the leave restores these cells.
    leave_request = models.ForeignKey(
        "scheduling.LeaveRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cells",
        # Most cells are not on leave: the index below holds only those.
        db_index=False,
    )
    # The accepted detail this day belongs to: on the home station's G-259
    # a day away ("detail"), on the gaining station's a day worked there.
    # Cancelling or cutting the detail short finds its cells by it.
    detail = models.ForeignKey(
        "scheduling.Detail",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cells",
        db_index=False,
    )

    # For the same reason the history names its user unchecked, and keeps
    # indexes only for finding a cell's or a row's changes.
    history = HistoricalRecords(
        user_db_constraint=False,
        no_db_index=[
            "shift_template",
            "activity",
            "sub_activity",
            "leave_request",
            "detail",
        ],
    )

    class Meta:
        ordering = ["row", "day"]
        constraints = [
            models.UniqueConstraint(fields=["row", "day"], name="schedule_cell_once"),
            models.CheckConstraint(
                condition=Q(shift_start__isnull=True, shift_end__isnull=True)
                | Q(shift_end__gt=F("shift_start")),
                name="schedule_cell_shift_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="LEAVE") & ~Q(leave_type="")
                | ~Q(status="LEAVE") & Q(leave_type=""),
                name="schedule_cell_leave_has_type",
            ),
        ]
        indexes = [
            models.Index(
                fields=["leave_request"],
                condition=Q(leave_request__isnull=False),
                name="schedule_cell_on_leave",
            ),
            models.Index(
                fields=["detail"],
                condition=Q(detail__isnull=False),
                name="schedule_cell_on_detail",
            ),
        ]

    def __str__(self):
        return f"{self.row.employee} on {self.day:%Y-%m-%d}: {self.status}"

    @property
    def has_shift(self) -> bool:
        return self.shift_start is not None


class StationScheduleRules(models.Model):
    """How a station grades its G-259's conflicts.

    Every conflict is a warning a supervisor may override with a reason,
    unless the station lists its kind in ``blocking``.
    """

    station = models.OneToOneField(
        "security.OrganizationUnit",
        on_delete=models.CASCADE,
        related_name="schedule_rules",
        limit_choices_to=STATION,
    )
    minimum_rest_hours = models.PositiveSmallIntegerField(
        default=8, help_text="Between the end of one shift and the start of the next."
    )
    blocking = models.JSONField(
        default=list,
        blank=True,
        help_text="The conflict kinds that block instead of warning.",
    )
    initialize_days_ahead = models.PositiveSmallIntegerField(
        default=14,
        help_text="How many days before a pay period its G-259 is initialized.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "station schedule rules"

    def __str__(self):
        return f"Schedule rules of {self.station}"


class ShiftMinimum(models.Model):
    """The fewest people a station puts on a shift, by shift template."""

    shift_template = models.OneToOneField(
        ShiftTemplate, on_delete=models.CASCADE, related_name="minimum"
    )
    minimum_agents = models.PositiveSmallIntegerField()

    history = HistoricalRecords()

    def __str__(self):
        return f"At least {self.minimum_agents} on {self.shift_template}"


class ConflictOverride(models.Model):
    """A supervisor's decision to keep a schedule despite a warning.

    It names the conflict by kind and key (the person and day it is about,
    or the day and shift for a shift short of its minimum), so that it
    lapses by itself once the schedule no longer has that conflict.
    """

    schedule = models.ForeignKey(
        Schedule, on_delete=models.CASCADE, related_name="overrides"
    )
    kind = models.CharField(max_length=24)
    key = models.CharField(max_length=80)
    reason = models.CharField(max_length=300)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    overridden_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "kind", "key"], name="conflict_overridden_once"
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="conflict_override_has_reason"
            ),
        ]

    def __str__(self):
        return f"Override of {self.kind} {self.key}"


class InitializationRun(models.Model):
    """One pass of the G-259 initialization, over one station or all.

    ``stations`` holds, per station id, what happened there: rows and cells
    made, or the error that stopped that station (the others go on).
    """

    class State(models.TextChoices):
        QUEUED = "QUEUED", "Queued"
        RUNNING = "RUNNING", "Running"
        FINISHED = "FINISHED", "Finished"
        FINISHED_WITH_ERRORS = "ERRORS", "Finished, with errors"

    pay_period = models.ForeignKey(
        PayPeriod, on_delete=models.PROTECT, related_name="initialization_runs"
    )
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty: every station.",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the schedule started it.",
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    stations_total = models.PositiveIntegerField(default=0)
    stations_done = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    cells_created = models.PositiveIntegerField(default=0)
    stations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Initialization of {self.pay_period} ({self.started_at:%Y-%m-%d %H:%M})"

    @property
    def errors(self) -> dict:
        return {
            station: outcome["error"]
            for station, outcome in self.stations.items()
            if "error" in outcome
        }

    @property
    def is_running(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
