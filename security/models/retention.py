from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class RetentionRun(models.Model):
    """One pass of the retention schedule, real or dry, and how far it got.

    ``progress`` holds, per rule code, what the run planned and did: the
    cutoff and period it applied, how many records were due and held when
    the rule started, how many it has purged, the last primary key done and
    whether the rule is finished. A batch and its progress are saved in one
    transaction, so a run resumed after a crash counts nothing twice.
    """

    class State(models.TextChoices):
        RUNNING = "RUNNING", "Running"
        FAILED = "FAILED", "Stopped by an error (resumes at the next run)"
        FINISHED = "FINISHED", "Finished"

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    today = models.DateField(help_text="The day the periods were counted to.")
    dry_run = models.BooleanField(default=False)
    state = models.CharField(
        max_length=10, choices=State.choices, default=State.RUNNING
    )
    started_by = models.ForeignKey(
        "security.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the schedule started it.",
    )
    progress = models.JSONField(default=dict, blank=True)
    # A dry run's listing, per rule code: {"kind", "ids", "more"}; ids only.
    listing = models.JSONField(default=dict, blank=True)
    resumed = models.PositiveIntegerField(
        default=0, help_text="How many times the run was taken up again."
    )
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="FINISHED") | Q(finished_at__isnull=False),
                name="retention_run_finished_dated",
            )
        ]

    def __str__(self):
        kind = "Dry run" if self.dry_run else "Run"
        return f"{kind} of {self.started_at:%Y-%m-%d %H:%M}"

    def counts(self) -> dict[str, dict[str, int]]:
        """Per rule: records due, held, and purged (a dry run: would purge)."""
        done = "would_purge" if self.dry_run else "purged"
        return {
            code: {
                "due": rule_progress.get("due", 0),
                "held": rule_progress.get("held", 0),
                done: rule_progress.get(done, 0),
            }
            for code, rule_progress in self.progress.items()
        }


class LegalHoldQuerySet(models.QuerySet):
    def standing(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """Records kept past their schedule while a legal matter needs them.

    A hold names a person (their login), a record, or both: a hold on a
    person keeps every record about them; a hold on a record keeps that
    record and those its rules say follow it. Only another records
    administrator lifts it, with a reason.
    """

    user = models.ForeignKey(
        "security.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legal_holds",
        help_text="The person whose records are held.",
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=60, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    reason = models.TextField()
    placed_by = models.ForeignKey(
        "security.User", on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        "security.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False)
                | (Q(content_type__isnull=False) & ~Q(object_id="")),
                name="legal_hold_names_person_or_record",
            ),
            models.CheckConstraint(
                condition=Q(lifted_at__isnull=True)
                | (
                    Q(lifted_by__isnull=False)
                    & ~Q(lifted_by=F("placed_by"))
                    & ~Q(lift_reason="")
                ),
                name="legal_hold_lifted_by_another_with_reason",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="legal_hold_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Legal hold {self.pk}"

    @property
    def is_standing(self) -> bool:
        return self.lifted_at is None


class RetentionChoice(models.Model):
    """A records administrator's choice between a rule's disagreeing sources.

    One row per rule; its history keeps every earlier choice, and each
    choice is an audit event too.
    """

    rule_code = models.CharField(max_length=80, unique=True)
    source = models.CharField(max_length=200, help_text="The source's citation.")
    reason = models.TextField()
    chosen_by = models.ForeignKey(
        "security.User", on_delete=models.PROTECT, related_name="+"
    )
    chosen_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["rule_code"]

    def __str__(self):
        return f"{self.rule_code}: {self.source}"
