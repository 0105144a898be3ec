import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from security import roles


def validate_time_zone(value: str) -> None:
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone.")


class OrganizationUnit(models.Model):
    """A node of the organization tree: headquarters, a sector or a station.

    The tree has a fixed depth: headquarters at the root, sectors under it,
    stations (and substations) under their sector.
    """

    class Kind(models.TextChoices):
        HEADQUARTERS = "HQ", "Headquarters"
        SECTOR = "SECTOR", "Sector"
        STATION = "STATION", "Station"

    class Status(models.TextChoices):
        ACTIVE = "ACTIVE", "Active"
        CLOSED = "CLOSED", "Closed"
        UNVERIFIED = "UNVERIFIED", "Status unverified"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(max_length=100)
    code = models.CharField(
        max_length=8, blank=True, help_text="Official code, where one exists."
    )
    facility_type = models.CharField(max_length=60, blank=True)
    border_region = models.CharField(max_length=20, blank=True)
    city = models.CharField(max_length=60, blank=True)
    state = models.CharField(max_length=2, blank=True)
    street_address = models.CharField(max_length=200, blank=True)
    zip_code = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    time_zone = models.CharField(
        max_length=40, blank=True, validators=[validate_time_zone]
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    status_note = models.CharField(max_length=200, blank=True)
    area_notes = models.TextField(blank=True)
    source_url = models.TextField(blank=True)
    source_date = models.CharField(max_length=60, blank=True)
    notes = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "name"]
        # One object permission per role of the catalog: what a grant of
        # that role over this unit gives (django-guardian keeps the rows).
        permissions = [
            (role.permission_codename, f"Holds {role.key}") for role in roles.ROLES
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="organization_unit_name_unique"
            ),
            models.UniqueConstraint(
                fields=["kind", "code"],
                condition=~Q(code=""),
                name="organization_unit_code_unique",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="HQ"),
                name="organization_unit_single_headquarters",
            ),
            models.CheckConstraint(
                condition=Q(kind="HQ", parent__isnull=True)
                | Q(kind__in=["SECTOR", "STATION"], parent__isnull=False),
                name="organization_unit_parent_by_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind="STATION") | ~Q(time_zone=""),
                name="organization_unit_station_time_zone",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.SECTOR:
            return f"{self.name} Sector"
        if self.kind == self.Kind.STATION:
            return f"{self.name} Station ({self.parent.name} Sector)"
        return self.name

    @property
    def status_text(self) -> str:
        """The status in the source's own words where it qualified it."""
        if self.status_note:
            return self.status_note[0].upper() + self.status_note[1:]
        return self.get_status_display()
