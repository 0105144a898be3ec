"""The statistical snapshot: aggregate counts only, never a person.

A snapshot version is one imported file (or one loaded public table). Its
rows are never changed: a later version that covers the same fiscal year,
place and measure supersedes them for the reports, and the older version
stays readable. Versions are the snapshot's history, so rows carry none.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Measure(models.Model):
    """One measure of the shipped catalog (``reporting.measures``)."""

    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(max_length=100)
    unit = models.CharField(max_length=20)
    whole = models.BooleanField(default=True)
    note = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return f"{self.name} ({self.unit})"


class SnapshotVersion(models.Model):
    """One file imported into the snapshot, whole."""

    source = models.CharField(max_length=200, help_text="The file or public table.")
    content_hash = models.CharField(max_length=64, unique=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the public tables the product loads itself.",
    )
    imported_at = models.DateTimeField(default=timezone.now)
    row_count = models.PositiveIntegerField(default=0)
    first_fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_fiscal_year = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"Snapshot version {self.pk} ({self.source})"


class Coverage(models.Model):
    """What a version covers: a fiscal year, a place and a measure, annual
    or monthly. A newer version covering the same supersedes the older's
    rows for the reports."""

    version = models.ForeignKey(
        SnapshotVersion, on_delete=models.CASCADE, related_name="coverage"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    sector_code = models.CharField(max_length=4)
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    monthly = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "sector_code", "measure", "monthly", "version"],
                name="reporting_coverage_once",
            )
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} {self.sector_code} {self.measure_id}"


class SnapshotRow(models.Model):
    """One figure. Rows are written only by the import, by COPY in the
    transaction that creates their version, after the whole file was
    checked against the catalog; measures are never deleted. So the two
    references carry no foreign-key constraint in the database, whose
    per-row check at commit cost more than the COPY itself."""

    version = models.ForeignKey(
        SnapshotVersion,
        on_delete=models.CASCADE,
        related_name="rows",
        db_constraint=False,
    )
    fiscal_year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    sector_code = models.CharField(
        max_length=4, help_text="A sector's code, or a region's or USBP's."
    )
    station = models.CharField(max_length=100, blank=True)
    zone = models.CharField(max_length=20, blank=True)
    canine = models.CharField(max_length=20, blank=True)
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    value = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        indexes = [
            models.Index(
                fields=["fiscal_year", "sector_code", "measure"],
                name="reporting_row_place",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="reporting_row_month",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="reporting_row_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(zone="") | ~Q(station=""),
                name="reporting_row_zone_at_station",
            ),
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} {self.sector_code} {self.measure_id}"


class SnapshotTotal(models.Model):
    """A version's rows added up per fiscal year, place and measure, at each
    level they were given (annual or monthly, the place or its stations,
    with or without a zone or canine); made with the version, so that a
    report over many years reads thousands of totals, not millions of rows.
    """

    version = models.ForeignKey(
        SnapshotVersion, on_delete=models.CASCADE, related_name="totals"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    sector_code = models.CharField(max_length=4)
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    monthly = models.BooleanField()
    at_station = models.BooleanField()
    in_detail = models.BooleanField()
    value = models.DecimalField(max_digits=18, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "fiscal_year",
                    "sector_code",
                    "measure",
                    "monthly",
                    "at_station",
                    "in_detail",
                    "version",
                ],
                name="reporting_total_once",
            )
        ]

    def __str__(self):
        return f"FY{self.fiscal_year} {self.sector_code} {self.measure_id}"


class ImportRun(models.Model):
    """One import of a file: validated whole, then loaded in one transaction.

    The file's bytes are kept only until the run is over.
    """

    class State(models.TextChoices):
        QUEUED = "QUEUED", "Queued"
        VALIDATING = "CHECKING", "Checking the file"
        LOADING = "LOADING", "Loading"
        LOADED = "LOADED", "Loaded"
        UNCHANGED = "SAME", "Already imported; nothing changed"
        REFUSED = "REFUSED", "Refused"
        FAILED = "FAILED", "Failed"

    file_name = models.CharField(max_length=200)
    content = models.BinaryField(null=True, blank=True, editable=False)
    content_hash = models.CharField(max_length=64)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    lines_total = models.PositiveIntegerField(default=0)
    lines_done = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    errors_more = models.PositiveIntegerField(default=0)
    version = models.ForeignKey(
        SnapshotVersion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"Snapshot import {self.pk} ({self.file_name})"

    @property
    def is_running(self) -> bool:
        return self.state in (
            self.State.QUEUED,
            self.State.VALIDATING,
            self.State.LOADING,
        )


class ReleaseRequest(models.Model):
    """A request to release a report outside the agency, and its decision.

    An approved release keeps the PDF it issued, so that the record can hand
    out the very same document again; a CSV is never released.
    """

    class Purpose(models.TextChoices):
        CONGRESS = "CONGRESS", "Congress"
        PUBLIC = "PUBLIC", "The public"
        INFORMATION_REQUEST = "INFO_REQUEST", "An information request"

    class State(models.TextChoices):
        PENDING = "PENDING", "Waiting for a release approver"
        APPROVED = "APPROVED", "Approved and issued"
        REFUSED = "REFUSED", "Refused"

    class Marking(models.TextChoices):
        FOUO = "FOUO", "For Official Use Only"
        UNCLASSIFIED = "UNCLASSIFIED", "Unclassified"
        PUBLIC = "PUBLIC", "Approved for public release"

    report = models.CharField(max_length=40)
    parameters = models.JSONField(
        help_text="The area, station, fiscal years and other choices asked."
    )
    area_label = models.CharField(max_length=120)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    recipient = models.CharField(
        max_length=200, help_text="Who receives it: a committee, a requester's case."
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    marking = models.CharField(max_length=12, choices=Marking.choices, blank=True)
    document = models.BinaryField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["document"])

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="PENDING", decided_by__isnull=True)
                | (
                    ~Q(state="PENDING")
                    & Q(decided_by__isnull=False, decided_at__isnull=False)
                    & ~Q(decided_by=models.F("requested_by"))
                ),
                name="reporting_release_decided_by_another",
            ),
            models.CheckConstraint(
                condition=~Q(state="REFUSED") | ~Q(refusal_reason=""),
                name="reporting_release_refusal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="APPROVED")
                | (~Q(marking="") & Q(document__isnull=False)),
                name="reporting_release_approval_issues_a_pdf",
            ),
        ]

    def __str__(self):
        return f"Release request {self.pk} ({self.report})"
