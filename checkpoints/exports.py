"""The CSV of checkpoint profiles, the rows the user may see and no more."""

import io

from bpets import spreadsheet
from checkpoints.models import Checkpoint
from security import audit

COLUMNS = (
    "name",
    "state",
    "sector",
    "station",
    "highway",
    "direction",
    "mile_marker",
    "location_description",
    "latitude",
    "longitude",
    "facility_type",
    "primary_lanes",
    "secondary_lanes",
    "holding_cells",
    "status",
    "status_since",
    "status_reason",
    "remarks",
    "source_url",
)
EXPORTED = audit.Kind.EXPORTED


def _value(checkpoint: Checkpoint, name: str) -> str:
    if name == "sector":
        return checkpoint.sector.name
    if name == "station":
        return checkpoint.station.name if checkpoint.station else ""
    field = Checkpoint._meta.get_field(name)
    if field.choices:
        return (
            getattr(checkpoint, f"get_{name}_display")()
            if getattr(checkpoint, name)
            else ""
        )
    value = getattr(checkpoint, name)
    return "" if value is None else str(value)


def export_checkpoints(request, checkpoints, criteria: dict, source: str) -> str:
    """The CSV, and one audit event with how many rows and which filters."""
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(
        [str(Checkpoint._meta.get_field(name).verbose_name) for name in COLUMNS]
    )
    count = 0
    for checkpoint in checkpoints:
        writer.writerow([_value(checkpoint, name) for name in COLUMNS])
        count += 1

    audit.record(
        EXPORTED,
        request=request,
        details={
            "module": "checkpoints",
            "rows": count,
            "filters": {
                name: getattr(value, "pk", value)
                for name, value in criteria.items()
                if value
            },
        },
        source=source,
    )
    return output.getvalue()
