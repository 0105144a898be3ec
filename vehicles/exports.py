"""The CSV of a station's fleet, as the fleet page lists it."""

import io

from bpets import spreadsheet
from security import audit
from vehicles.models import Vehicle

COLUMNS = (
    ("fleet_number", "Fleet or asset number"),
    ("vin", "VIN"),
    ("hull_number", "Hull identification number"),
    ("plate", "Licence plate"),
    ("plate_state", "Plate issued by"),
    ("make", "Make"),
    ("model", "Model"),
    ("model_year", "Model year"),
    ("vehicle_type", "Type"),
    ("is_marked", "Marked"),
    ("status", "Status"),
    ("remarks", "Remarks"),
)
HOLDER_COLUMN = "Held now by"


def _value(vehicle: Vehicle, name: str) -> str:
    if name in ("vehicle_type", "status"):
        return getattr(vehicle, f"get_{name}_display")()
    if name == "is_marked":
        return "Yes" if vehicle.is_marked else "No"
    return str(getattr(vehicle, name))


def export_fleet(request, station, vehicles, source: str) -> str:
    """The fleet as CSV, and one audit event for the file.

    The holders are work information, so the event names them as
    "people", the way the station roster does, and no "employees" whose
    "who has seen my information" page would list it.
    """
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow([title for _, title in COLUMNS] + [HOLDER_COLUMN])
    people = set()
    count = 0
    for vehicle in vehicles:
        holders = [assignment.employee for assignment in vehicle.current]
        people.update(holder.pk for holder in holders)
        writer.writerow(
            [_value(vehicle, name) for name, _ in COLUMNS]
            + ["; ".join(holder.full_name for holder in holders)]
        )
        count += 1

    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        target=station,
        details={
            "action": "export",
            "report": "fleet",
            "groups": ["work"],
            "vehicles": count,
            "people": sorted(people),
        },
        source=source,
    )
    return output.getvalue()
