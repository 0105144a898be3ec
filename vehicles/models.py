"""The fleet: vehicles by station, their status and odometer, their transfers,
and the assignment records that say who had which vehicle when.

Nothing here stores where a vehicle is or was: there is no position, no
track and no telematics, by design.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from simple_history.models import HistoricalRecords

from staffing import validators as staffing_validators
from vehicles import vins

# Plates are issued by a state, or by the federal government (GSA).
PLATE_ISSUERS = [*staffing_validators.US_STATES, "US"]
PLATE_ISSUER_CHOICES = [
    (code, "U.S. Government" if code == "US" else code) for code in PLATE_ISSUERS
]
EARLIEST_MODEL_YEAR = 1950
LATEST_MODEL_YEAR_IN_DATABASE = 2100
# Maker's code, serial, month of build (A-L), last digit of that year, and
# the model year's last two digits (33 CFR 181).
HULL_NUMBER = re.compile(r"[A-Z]{3}[A-Z0-9]{5}[A-L][0-9]{3}")


def _model_year_errors(vin: str, model_year: int) -> dict:
    """The VIN's year code against the model year, once the VIN itself is
    sound (its own errors come from the field's validator)."""
    try:
        vins.validate_vin(vin)
    except ValidationError:
        return {}
    try:
        vins.validate_model_year(vin, model_year)
    except ValidationError as error:
        return {"vin": error.messages}
    return {}


class VehicleType(models.TextChoices):
    """The catalog of vehicle types: reviewed code, like the role catalog."""

    SEDAN = "SEDAN", "Sedan"
    SUV = "SUV", "SUV"
    PICKUP_4X4 = "PICKUP_4X4", "4x4 pick-up"
    PICKUP = "PICKUP", "Pick-up (two-wheel drive)"
    TRANSPORT_VAN = "TRANSPORT_VAN", "Transport van"
    CARGO_VAN = "CARGO_VAN", "Cargo van"
    BUS = "BUS", "Bus"
    ATV = "ATV", "ATV"
    UTV = "UTV", "UTV"
    MOTORCYCLE = "MOTORCYCLE", "Motorcycle"
    SNOWMOBILE = "SNOWMOBILE", "Snowmobile"
    BOAT = "BOAT", "Boat"
    HORSE_TRAILER = "HORSE_TRAILER", "Horse trailer"
    UTILITY_TRAILER = "UTILITY_TRAILER", "Utility trailer"


class VehicleStatus(models.TextChoices):
    IN_SERVICE = "IN_SERVICE", "In service"
    MAINTENANCE = "MAINTENANCE", "Out of service for maintenance"
    AWAITING_DISPOSAL = "AWAITING_DISPOSAL", "Awaiting disposal"
    DISPOSED = "DISPOSED", "Disposed"


class Vehicle(models.Model):
    station = models.ForeignKey(
        "security.OrganizationUnit",
        on_delete=models.PROTECT,
        related_name="vehicles",
        limit_choices_to={"kind": "STATION"},
    )
    fleet_number = models.CharField(
        "fleet or asset number",
        max_length=20,
        unique=True,
        error_messages={"unique": "Another vehicle has this fleet number."},
        help_text="The agency's fleet or asset number, as painted or tagged.",
    )
    vin = models.CharField(
        "VIN",
        max_length=vins.LENGTH,
        blank=True,
        validators=[vins.validate_vin],
        help_text="17 characters; boats have a hull identification number instead.",
    )
    hull_number = models.CharField(
        "hull identification number",
        max_length=12,
        blank=True,
        help_text="Boats only: the 12-character HIN on the transom.",
    )
    plate = models.CharField("licence plate", max_length=10, blank=True)
    plate_state = models.CharField(
        "plate issued by", max_length=2, choices=PLATE_ISSUER_CHOICES, blank=True
    )
    make = models.CharField(max_length=40)
    model = models.CharField(max_length=40)
    model_year = models.PositiveSmallIntegerField()
    vehicle_type = models.CharField("type", max_length=20, choices=VehicleType.choices)
    is_marked = models.BooleanField(
        "marked", default=True, help_text="Agency livery and markings."
    )
    status = models.CharField(
        max_length=20, choices=VehicleStatus.choices, default=VehicleStatus.IN_SERVICE
    )
    remarks = models.TextField(blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["fleet_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["vin"],
                condition=~Q(vin=""),
                name="vehicle_vin_unique",
                violation_error_message="Another vehicle has this VIN.",
            ),
            models.UniqueConstraint(
                fields=["plate_state", "plate"],
                condition=~Q(plate=""),
                name="vehicle_plate_unique",
                violation_error_message="Another vehicle has this plate.",
            ),
            # A boat is known by its hull number; everything else by its VIN.
            models.CheckConstraint(
                condition=(
                    Q(vehicle_type="BOAT")
                    & Q(vin="")
                    & Q(Exact(Length("hull_number"), 12))
                )
                | (
                    ~Q(vehicle_type="BOAT")
                    & Q(Exact(Length("vin"), vins.LENGTH))
                    & Q(hull_number="")
                ),
                name="vehicle_identified",
                violation_error_message=(
                    "A boat needs its 12-character hull number and no VIN; any "
                    "other vehicle its 17-character VIN."
                ),
            ),
            models.CheckConstraint(
                condition=Q(plate="", plate_state="")
                | (~Q(plate="") & ~Q(plate_state="")),
                name="vehicle_plate_with_issuer",
                violation_error_message="A plate needs the state that issued it.",
            ),
            models.CheckConstraint(
                condition=Q(plate_state="") | Q(plate_state__in=PLATE_ISSUERS),
                name="vehicle_plate_issuer_known",
            ),
            models.CheckConstraint(
                condition=Q(
                    model_year__gte=EARLIEST_MODEL_YEAR,
                    model_year__lte=LATEST_MODEL_YEAR_IN_DATABASE,
                ),
                name="vehicle_model_year_sane",
            ),
            models.CheckConstraint(
                condition=Q(vehicle_type__in=VehicleType.values),
                name="vehicle_type_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VehicleStatus.values),
                name="vehicle_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(fleet_number="") & ~Q(make="") & ~Q(model=""),
                name="vehicle_required_fields",
            ),
        ]
        indexes = [models.Index(fields=["station", "status", "vehicle_type"])]

    def __str__(self):
        return f"{self.fleet_number} ({self.model_year} {self.make} {self.model})"

    def clean(self):
        errors = {}
        if self.model_year is not None:
            # Makers sell next year's models from the spring before it.
            latest = timezone.localdate().year + 1
            if not EARLIEST_MODEL_YEAR <= self.model_year <= latest:
                errors["model_year"] = (
                    f"A model year runs from {EARLIEST_MODEL_YEAR} to {latest}."
                )
        if self.vehicle_type == VehicleType.BOAT:
            if self.vin:
                errors["vin"] = "A boat has a hull identification number, not a VIN."
            if not HULL_NUMBER.fullmatch(self.hull_number or ""):
                errors["hull_number"] = (
                    "A hull identification number has 12 characters: the maker's "
                    "three letters, five of serial, the month letter (A to L) and "
                    "three digits of year."
                )
        else:
            if self.hull_number:
                errors["hull_number"] = "Only a boat has a hull identification number."
            if not self.vin:
                errors["vin"] = "Give the vehicle's 17-character VIN."
            elif self.model_year and "model_year" not in errors:
                errors.update(_model_year_errors(self.vin, self.model_year))
        if self.plate and not self.plate_state:
            errors["plate_state"] = (
                "Say which state (or the U.S. Government) issued the plate."
            )
        if self.plate_state and not self.plate:
            errors["plate"] = "Give the plate, or leave its issuer blank."
        if errors:
            raise ValidationError(errors)

    @property
    def identification(self) -> str:
        return self.vin or self.hull_number

    @property
    def is_disposed(self) -> bool:
        return self.status == VehicleStatus.DISPOSED


class StatusChange(models.Model):
    """One change of a vehicle's status: when it took effect, why, by whom."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        max_length=20, choices=VehicleStatus.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=VehicleStatus.choices)
    effective_on = models.DateField()
    reason = models.CharField(max_length=300)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_on", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_status=models.F("to_status")),
                name="status_change_changes",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="status_change_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.vehicle_id}: {self.to_status} on {self.effective_on}"


class OdometerReading(models.Model):
    """Miles on the odometer on a day; readings never go down as days go on."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="odometer_readings"
    )
    read_on = models.DateField()
    miles = models.PositiveIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-read_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["vehicle", "read_on"],
                name="odometer_one_reading_a_day",
                violation_error_message="This vehicle has a reading for that day.",
            ),
            models.CheckConstraint(
                condition=Q(miles__lte=9_999_999), name="odometer_miles_sane"
            ),
        ]

    def __str__(self):
        return f"{self.vehicle_id}: {self.miles} mi on {self.read_on}"


class Transfer(models.Model):
    """A vehicle moved from one station to another."""

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.CASCADE, related_name="transfers"
    )
    from_station = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.PROTECT, related_name="+"
    )
    to_station = models.ForeignKey(
        "security.OrganizationUnit", on_delete=models.PROTECT, related_name="+"
    )
    transferred_on = models.DateField()
    reason = models.CharField(max_length=300)
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-transferred_on", "-recorded_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_station=models.F("to_station")),
                name="transfer_between_stations",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="transfer_has_reason"),
        ]

    def __str__(self):
        return f"{self.vehicle_id}: {self.from_station_id} to {self.to_station_id}"


class AssignmentSource(models.TextChoices):
    DAILY_SCHEDULE = "DAILY_SCHEDULE", "Daily schedule (G-481) row"
    SCHEDULE_DEFAULT = "SCHEDULE_DEFAULT", "Schedule default"
    CUSTODY = "CUSTODY", "Long-term custody"


# Scheduling information: kept three years after the assignment ends.
SCHEDULED_SOURCES = (AssignmentSource.DAILY_SCHEDULE, AssignmentSource.SCHEDULE_DEFAULT)


class Assignment(models.Model):
    """Who had a vehicle from when until when, and what made it so.

    The interval is half-open, [starts_at, ends_at): a shift ending at 06:00
    and the next starting at 06:00 do not overlap. An open end means "until
    further notice". On PostgreSQL an exclusion constraint (migration 0002)
    refuses two employees' overlapping intervals on one vehicle; the
    service checks the same first, on every database, to say why.
    """

    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="assignments"
    )
    employee = models.ForeignKey(
        "staffing.Employee",
        on_delete=models.PROTECT,
        related_name="vehicle_assignments",
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=AssignmentSource.choices)
    # The schedule row (or default) that made it, in the scheduling module.
    source_reference = models.PositiveBigIntegerField(null=True, blank=True)
    remarks = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | Q(ends_at__gt=models.F("starts_at")),
                name="assignment_ends_after_start",
                violation_error_message="An assignment ends after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(source__in=AssignmentSource.values),
                name="assignment_source_known",
            ),
            models.CheckConstraint(
                condition=Q(source_reference__isnull=True) | ~Q(source="CUSTODY"),
                name="assignment_reference_from_schedule",
                violation_error_message="Only a schedule's assignment names its row.",
            ),
        ]
        indexes = [
            models.Index(fields=["vehicle", "starts_at"]),
            models.Index(fields=["employee", "starts_at"]),
        ]

    def __str__(self):
        return f"{self.vehicle_id} to {self.employee_id} from {self.starts_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.ends_at is None
