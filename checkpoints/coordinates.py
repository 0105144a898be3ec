"""Where a checkpoint may be: the rule its coordinates are checked against.

Coordinates are optional; when given, both are given, each within the
globe's range and, together, within one of the regions below. Border Patrol
checkpoints sit on roads inside the United States, within about a hundred
miles of a border or coast, so the regions are the areas the sectors cover,
with a margin of a degree or so:

- the contiguous states and their border strips (latitude 24 to 50, from
  the Florida Keys to the Lake of the Woods; longitude -125 to -66, from
  Cape Flattery to eastern Maine);
- Alaska, which Blaine Sector supports (latitude 51 to 72, longitude -180
  to -129; the western Aleutians beyond the 180th meridian are left out);
- Puerto Rico and the U.S. Virgin Islands (Ramey Sector).

Hawaii and the Pacific territories are left out: no sector covers them.

The box is coarse on purpose: it catches the mistakes people make (a lost
minus sign puts Texas in China, latitude and longitude swapped put it in
the ocean) without refusing a real site near a border.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class Region:
    name: str
    south: Decimal
    north: Decimal
    west: Decimal
    east: Decimal

    def holds(self, latitude: Decimal, longitude: Decimal) -> bool:
        return (
            self.south <= latitude <= self.north and self.west <= longitude <= self.east
        )


REGIONS = (
    Region(
        "the contiguous United States",
        Decimal(24),
        Decimal(50),
        Decimal(-125),
        Decimal(-66),
    ),
    Region("Alaska", Decimal(51), Decimal(72), Decimal(-180), Decimal(-129)),
    Region(
        "Puerto Rico and the U.S. Virgin Islands",
        Decimal("17.5"),
        Decimal("18.6"),
        Decimal(-68),
        Decimal("-64.5"),
    ),
)


def validate_coordinates(latitude: Decimal | None, longitude: Decimal | None) -> None:
    """Raise a ValidationError naming the field at fault; None passes."""
    if latitude is None and longitude is None:
        return
    if latitude is None:
        raise ValidationError({"latitude": "Give the latitude with the longitude."})
    if longitude is None:
        raise ValidationError({"longitude": "Give the longitude with the latitude."})

    problems = {}
    if not Decimal(-90) <= latitude <= Decimal(90):
        problems["latitude"] = "A latitude is between -90 and 90 degrees."
    if not Decimal(-180) <= longitude <= Decimal(180):
        problems["longitude"] = "A longitude is between -180 and 180 degrees."
    if problems:
        raise ValidationError(problems)

    if not any(region.holds(latitude, longitude) for region in REGIONS):
        raise ValidationError(
            {
                "latitude": (
                    f"{latitude}, {longitude} is outside the United States "
                    "and its border regions; check the signs (west is "
                    "negative) and that latitude and longitude are not "
                    "swapped."
                )
            }
        )
