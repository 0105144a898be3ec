"""Details: a person (employee or contractor) on temporary duty at another
station for a run of days, with a purpose.

A supervisor of one side (the person's home station, which loses them, or
the station that gains them) proposes it; a supervisor of the other side
accepts or declines it. Either side may cancel it or cut it short.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scheduling.models.reference import STATION, ShiftTemplate


class DetailStatus(models.TextChoices):
    PROPOSED = "PROPOSED", "Proposed"
    ACCEPTED = "ACCEPTED", "Accepted"
    DECLINED = "DECLINED", "Declined"
    CANCELLED = "CANCELLED", "Cancelled"

    @classmethod
    def standing(cls) -> tuple[str, ...]:
        """Statuses in which a detail still holds the person's days."""
        return (cls.PROPOSED, cls.ACCEPTED)


class DetailSide(models.TextChoices):
    HOME = "HOME", "Home (losing) station"
    GAINING = "GAINING", "Gaining station"


class Detail(models.Model):
    employee = models.ForeignKey(
        "staffing.Employee", on_delete=models.PROTECT, related_name="details"
    )
    # The person's duty station when the detail was proposed: the side that
    # loses them, even if they move station later.
    home_station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="details_out",
        limit_choices_to=STATION,
    )
    gaining_station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="details_in",
        limit_choices_to=STATION,
    )
    first_day = models.DateField()
    last_day = models.DateField()
    # The last day as proposed: ``last_day`` comes earlier once cut short.
    planned_last_day = models.DateField()
    purpose = models.CharField(max_length=300)
    # The gaining station's shift the person works on their workdays there;
    # the gaining side chooses it, at the latest when accepting.
    shift_template = models.ForeignKey(
        ShiftTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        max_length=9, choices=DetailStatus.choices, default=DetailStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_side = models.CharField(max_length=7, choices=DetailSide.choices)
    proposed_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Why it was cancelled, or the latest reason it was cut short.
    end_reason = models.CharField(max_length=300, blank=True)
    last_step_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-first_day", "-id"]
        indexes = [
            models.Index(fields=["employee", "first_day", "last_day"]),
            models.Index(fields=["gaining_station", "first_day"]),
            models.Index(fields=["home_station", "first_day"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")),
                name="detail_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(planned_last_day__gte=F("last_day")),
                name="detail_cut_short_never_lengthened",
            ),
            models.CheckConstraint(
                condition=~Q(home_station=F("gaining_station")),
                name="detail_to_another_station",
            ),
            models.CheckConstraint(condition=~Q(purpose=""), name="detail_has_purpose"),
            models.CheckConstraint(
                condition=~Q(status="DECLINED") | ~Q(decline_reason=""),
                name="detail_decline_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="CANCELLED") | ~Q(end_reason=""),
                name="detail_cancellation_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["ACCEPTED", "DECLINED"])
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="detail_decided_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(status="ACCEPTED") | Q(shift_template__isnull=False),
                name="detail_accepted_has_shift",
            ),
            # The overlap of accepted details is refused by an exclusion
            # constraint on PostgreSQL (migration 0005).
        ]

    def __str__(self):
        return f"Detail {self.pk}"

    @property
    def is_proposed(self) -> bool:
        return self.status == DetailStatus.PROPOSED

    @property
    def is_accepted(self) -> bool:
        return self.status == DetailStatus.ACCEPTED

    @property
    def is_cut_short(self) -> bool:
        return self.last_day < self.planned_last_day

    def covers(self, day) -> bool:
        return self.first_day <= day <= self.last_day

    def station_of(self, side: str):
        return self.home_station if side == DetailSide.HOME else self.gaining_station
