from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bpets.constraints import ChecksOnTheirFields
from checkpoints import coordinates

# The fields the published list fills. A reload refreshes each of them,
# except where a checkpoint administrator has corrected it (the record's
# ``corrected_fields``): from then on the administrator's value stands.
FILE_FIELDS = (
    "station",
    "highway",
    "direction",
    "location_description",
    "latitude",
    "longitude",
)
# Always the file's: where the checkpoint is listed and what the list says.
SOURCE_FIELDS = ("sector", "state", "list_order", "source_url", "source_note")
# The administrators' alone: the list says nothing of them, a reload never
# touches them.
ADMINISTRATOR_FIELDS = (
    "facility_type",
    "mile_marker",
    "primary_lanes",
    "secondary_lanes",
    "holding_cells",
    "remarks",
)


class FacilityType(models.TextChoices):
    PERMANENT = "PERMANENT", "Permanent"
    TACTICAL = "TACTICAL", "Tactical"
    UNKNOWN = "UNKNOWN", "Not yet known"


class Direction(models.TextChoices):
    NORTHBOUND = "NORTH", "Northbound"
    SOUTHBOUND = "SOUTH", "Southbound"
    EASTBOUND = "EAST", "Eastbound"
    WESTBOUND = "WEST", "Westbound"


class OperatingStatus(models.TextChoices):
    OPERATIONAL = "OPERATIONAL", "Operational"
    NON_OPERATIONAL = "NON_OPERATIONAL", "Non-operational"
    DECOMMISSIONED = "DECOMMISSIONED", "Decommissioned"
    # What a loaded row holds until an administrator says: the list's notes
    # are years old and do not say whether a site is staffed today.
    UNCONFIRMED = "UNCONFIRMED", "Not yet confirmed"


def _coordinates_in_a_region() -> Q:
    inside = Q(latitude__isnull=True, longitude__isnull=True)
    for region in coordinates.REGIONS:
        inside |= Q(
            latitude__gte=region.south,
            latitude__lte=region.north,
            longitude__gte=region.west,
            longitude__lte=region.east,
        )
    return inside


class Checkpoint(ChecksOnTheirFields, models.Model):
    """A traffic checkpoint of a sector: where it is and what it has.

    No enforcement data belongs here (no stops, seizures or apprehensions):
    the profile describes the facility only.
    """

    sector = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="checkpoints",
        limit_choices_to={"kind": "SECTOR"},
    )
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staffed_checkpoints",
        limit_choices_to={"kind": "STATION"},
        help_text="The station that staffs it, where that is known.",
    )
    name = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    highway = models.CharField(
        "highway or road",
        max_length=120,
        help_text="As the list gives it, with the direction of travel checked.",
    )
    direction = models.CharField(
        "direction of travel checked",
        max_length=5,
        choices=Direction.choices,
        blank=True,
    )
    mile_marker = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    location_description = models.TextField(blank=True)
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text="Decimal degrees (WGS 84), north positive.",
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        help_text="Decimal degrees (WGS 84), west negative.",
    )
    facility_type = models.CharField(
        max_length=10, choices=FacilityType.choices, default=FacilityType.UNKNOWN
    )
    primary_lanes = models.PositiveSmallIntegerField(
        "primary inspection lanes", null=True, blank=True
    )
    secondary_lanes = models.PositiveSmallIntegerField(
        "secondary inspection lanes", null=True, blank=True
    )
    holding_cells = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        "operating status",
        max_length=16,
        choices=OperatingStatus.choices,
        default=OperatingStatus.UNCONFIRMED,
    )
    status_since = models.DateField(default=timezone.localdate)
    status_reason = models.TextField(blank=True)
    remarks = models.TextField(blank=True)
    list_order = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its place in the list, west to east."
    )
    source_url = models.TextField("source", blank=True)
    source_note = models.TextField("source note", blank=True)
    corrected_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields of the list an administrator has corrected.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["list_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "name"], name="checkpoint_name_unique_in_state"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="checkpoint_coordinates_both_or_neither",
                violation_error_message=(
                    "Give the latitude and the longitude, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=_coordinates_in_a_region(),
                name="checkpoint_coordinates_in_united_states",
                violation_error_message=(
                    "The coordinates must fall within the United States."
                ),
            ),
            models.CheckConstraint(
                condition=Q(facility_type__in=FacilityType.values),
                name="checkpoint_facility_type_known",
                violation_error_message="Choose one of the listed facility types.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=OperatingStatus.values),
                name="checkpoint_status_known",
                violation_error_message="Choose one of the listed operating statuses.",
            ),
            models.CheckConstraint(
                condition=~Q(status=OperatingStatus.NON_OPERATIONAL)
                | ~Q(status_reason=""),
                name="checkpoint_non_operational_has_reason",
                violation_error_message=(
                    "A checkpoint that is not operational needs its reason."
                ),
            ),
            models.CheckConstraint(
                condition=Q(mile_marker__isnull=True) | Q(mile_marker__gte=0),
                name="checkpoint_mile_marker_not_negative",
                violation_error_message="The mile marker cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.name} checkpoint ({self.state})"

    def clean(self):
        coordinates.validate_coordinates(self.latitude, self.longitude)
        if self.station_id is not None and self.station.parent_id != self.sector_id:
            raise ValidationError(
                {"station": f"{self.station} is not a station of {self.sector}."}
            )

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None


class StatusChange(models.Model):
    """One dated change of a checkpoint's operating status, with who made it."""

    checkpoint = models.ForeignKey(
        Checkpoint, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(max_length=16, choices=OperatingStatus.choices)
    effective_on = models.DateField(help_text="The day the status took effect.")
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        "security.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the list's load recorded it.",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        # The order they were recorded in: the newest is the current status.
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OperatingStatus.values),
                name="checkpoint_status_change_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status=OperatingStatus.NON_OPERATIONAL) | ~Q(reason=""),
                name="checkpoint_status_change_non_operational_has_reason",
            ),
        ]

    def __str__(self):
        return (
            f"{self.checkpoint}: {self.get_status_display()} from {self.effective_on}"
        )
