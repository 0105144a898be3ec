"""What an employee asks of their supervisor: leave, or a change of one
day's schedule. Each goes pending, then approved or denied; a pending one
may be withdrawn, an approved one cancelled."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scheduling.models.g259 import CellStatus, LeaveType

# Leave is charged against regular time, 8 hours at most a day, whatever
# the tour's overtime (a 10-hour Level 1 day takes 8 hours of leave).
FULL_DAY_HOURS = Decimal(8)


class RequestStatus(models.TextChoices):
    PENDING = "PENDING", "Pending"
    APPROVED = "APPROVED", "Approved"
    DENIED = "DENIED", "Denied"
    WITHDRAWN = "WITHDRAWN", "Withdrawn"
    CANCELLED = "CANCELLED", "Cancelled"

    @classmethod
    def standing(cls) -> tuple[str, ...]:
        """Statuses in which a request still holds its days."""
        return (cls.PENDING, cls.APPROVED)


class RequestSteps(models.Model):
    """Who asked, who decided and when, why it was denied or cancelled."""

    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="+"
    )
    remarks = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=9, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(max_length=300, blank=True)
    # The latest step (request, decision, withdrawal, cancellation): with
    # the last day it covers, what the retention period runs from.
    last_step_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def is_pending(self) -> bool:
        return self.status == RequestStatus.PENDING

    @property
    def is_approved(self) -> bool:
        return self.status == RequestStatus.APPROVED


def _step_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=~Q(status="DENIED") | ~Q(decision_reason=""),
            name=f"{prefix}_denial_has_reason",
        ),
        models.CheckConstraint(
            condition=~Q(status="CANCELLED") | ~Q(cancellation_reason=""),
            name=f"{prefix}_cancellation_has_reason",
        ),
        models.CheckConstraint(
            condition=~Q(status__in=["APPROVED", "DENIED"])
            | Q(decided_by__isnull=False, decided_at__isnull=False),
            name=f"{prefix}_decided_by_someone",
        ),
    ]


class LeaveRequest(RequestSteps):
    """Leave of one type over a run of days, with the hours it charges."""

    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="leave_requests"
    )
    leave_type = models.CharField(max_length=14, choices=LeaveType.choices)
    first_day = models.DateField()
    last_day = models.DateField()
    hours = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25"))],
        help_text="The hours of leave charged over the whole request.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_day", "-id"]
        indexes = [models.Index(fields=["employee", "first_day", "last_day"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="leave_request_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0), name="leave_request_has_hours"
            ),
            # Absence without leave is charged by a supervisor, never asked for.
            models.CheckConstraint(
                condition=~Q(leave_type=LeaveType.AWOL),
                name="leave_request_never_awol",
            ),
            *_step_constraints("leave_request"),
        ]

    def __str__(self):
        return f"Leave request {self.pk}"

    @property
    def day_count(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def is_part_day(self) -> bool:
        """One day, fewer hours than a full day's regular time."""
        return self.day_count == 1 and self.hours < FULL_DAY_HOURS

    def covers(self, day) -> bool:
        return self.first_day <= day <= self.last_day


class ScheduleChangeRequest(RequestSteps):
    """One day scheduled otherwise: off, worked, or worked on another shift."""

    class Wanted(models.TextChoices):
        DAY_OFF = "DAY_OFF", "A day off"
        WORKDAY = "WORKDAY", "A workday, on my usual shift"
        SHIFT = "SHIFT", "A shift from a start time, for a length"

    employee = models.ForeignKey(
        "staffing.Employee",
        on_delete=models.PROTECT,
        related_name="schedule_change_requests",
    )
    day = models.DateField()
    wanted = models.CharField(max_length=7, choices=Wanted.choices)
    shift_start_time = models.TimeField(
        null=True, blank=True, help_text="Local time at the station."
    )
    shift_length_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    # The day as it was before the change applied, so that cancelling the
    # approved change puts it back.
    previous_status = models.CharField(
        max_length=8, choices=CellStatus.choices, blank=True
    )
    previous_shift_start = models.DateTimeField(null=True, blank=True)
    previous_shift_end = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "-id"]
        indexes = [models.Index(fields=["employee", "day"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(wanted="SHIFT")
                | Q(shift_start_time__isnull=False, shift_length_minutes__gt=0),
                name="schedule_change_shift_has_start_and_length",
            ),
            *_step_constraints("schedule_change"),
        ]

    def __str__(self):
        return f"Schedule change request {self.pk}"
