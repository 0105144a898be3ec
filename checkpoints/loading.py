"""Loading the published checkpoint list into the checkpoint profiles.

The file owns where a checkpoint is listed (sector, state, order and its
source) and fills the fields of ``models.FILE_FIELDS`` until a checkpoint
administrator corrects one of them; the administrators alone keep the rest
(type, lanes, cells, mile marker, status, remarks). A reload therefore
changes only what the file changed and nobody corrected.
"""

import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from checkpoints import checkpoint_data
from checkpoints.models import FILE_FIELDS, Checkpoint, OperatingStatus, StatusChange
from security.models import OrganizationUnit

logger = logging.getLogger(__name__)

LOADED_REASON = "Loaded from the published checkpoint list"


@dataclass
class CheckpointLoadReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    # Differences from the file left alone because an administrator
    # corrected those fields.
    kept_corrections: list[str] = field(default_factory=list)
    not_in_file: list[str] = field(default_factory=list)
    by_state: dict[str, int] = field(default_factory=dict)

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.changed)


def load_checkpoints(
    path: Path = checkpoint_data.CHECKPOINTS_FILE,
) -> CheckpointLoadReport:
    """Bring the profiles in line with the list, changing only what differs.

    The file is read and checked whole, against the organization tree,
    before anything is written, and the write is one transaction, so a bad
    file leaves the profiles as they were. A checkpoint the file no longer
    lists is reported, never deleted: its history and status stay.
    """
    sectors = {
        unit.name: unit
        for unit in OrganizationUnit.objects.filter(kind=OrganizationUnit.Kind.SECTOR)
    }
    if not sectors:
        raise checkpoint_data.CheckpointDataError(
            [
                "The organization tree is not loaded; run "
                "'manage.py load_organization' first."
            ]
        )
    stations = {
        (unit.parent_id, unit.name): unit
        for unit in OrganizationUnit.objects.filter(
            kind=OrganizationUnit.Kind.STATION, parent__in=sectors.values()
        )
    }
    stations_by_sector = {
        name: {
            station_name
            for sector_id, station_name in stations
            if sector_id == sector.pk
        }
        for name, sector in sectors.items()
    }
    records = checkpoint_data.read_checkpoints(stations_by_sector, path)
    report = CheckpointLoadReport(
        by_state=dict(sorted(Counter(record.state for record in records).items()))
    )

    with transaction.atomic():
        for record in records:
            sector = sectors[record.sector_name]
            station = stations.get((sector.pk, record.station_name))
            _upsert(report, record, sector, station)
        listed = {record.key for record in records}
        for checkpoint in Checkpoint.objects.order_by("state", "name"):
            if (checkpoint.state, checkpoint.name) not in listed:
                report.not_in_file.append(str(checkpoint))

    logger.info(
        "checkpoints loaded: %d added, %d changed, %d unchanged, %d not in file",
        len(report.added),
        len(report.changed),
        report.unchanged,
        len(report.not_in_file),
    )
    return report


def _upsert(report, record, sector, station) -> Checkpoint:
    from_file = {
        "station": station,
        "highway": record.highway,
        "direction": record.direction,
        "location_description": record.location_description,
        "latitude": record.latitude,
        "longitude": record.longitude,
    }
    listing = {
        "sector": sector,
        "state": record.state,
        "list_order": record.list_order,
        "source_url": record.source_url,
        "source_note": record.source_note,
    }
    checkpoint = Checkpoint.objects.filter(state=record.state, name=record.name).first()
    if checkpoint is None:
        return _add(report, record, {**listing, **from_file})

    corrected = set(checkpoint.corrected_fields)
    if checkpoint.sector_id != sector.pk:
        # Moved to another sector by the list: a station an administrator
        # chose in the old sector cannot stay.
        corrected.discard("station")
    wanted = {
        **listing,
        **{name: value for name, value in from_file.items() if name not in corrected},
    }
    differing = [
        name for name, value in wanted.items() if getattr(checkpoint, name) != value
    ]
    kept = [
        name
        for name in FILE_FIELDS
        if name in corrected and getattr(checkpoint, name) != from_file[name]
    ]
    if kept:
        report.kept_corrections.append(f"{checkpoint}: {', '.join(kept)}")
    if not differing:
        report.unchanged += 1
        return checkpoint

    for name in differing:
        setattr(checkpoint, name, wanted[name])
    checkpoint.corrected_fields = sorted(corrected)
    checkpoint._change_reason = "Updated from the published checkpoint list"
    checkpoint.full_clean()
    checkpoint.save()
    report.changed.append(f"{checkpoint}: {', '.join(differing)}")
    return checkpoint


def _add(report, record, values) -> Checkpoint:
    today = timezone.localdate()
    checkpoint = Checkpoint(
        name=record.name,
        status=OperatingStatus.UNCONFIRMED,
        status_since=today,
        **values,
    )
    checkpoint._change_reason = LOADED_REASON
    checkpoint.full_clean()
    checkpoint.save()
    status = StatusChange(
        checkpoint=checkpoint,
        status=OperatingStatus.UNCONFIRMED,
        effective_on=today,
        reason=f"{LOADED_REASON}; the list does not say whether it is staffed.",
    )
    status._change_reason = LOADED_REASON
    status.save()
    report.added.append(str(checkpoint))
    return checkpoint
