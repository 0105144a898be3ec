import logging
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from security import organization_data
from security.models import OrganizationUnit

logger = logging.getLogger(__name__)

HEADQUARTERS_FIELDS = {
    "name": "U.S. Border Patrol Headquarters",
    "code": "HQ",
    "city": "Washington",
    "state": "DC",
    "time_zone": "America/New_York",
    "status": OrganizationUnit.Status.ACTIVE,
}


@dataclass
class OrganizationLoadReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    not_in_file: list[str] = field(default_factory=list)


def load_organization(
    sectors_path: Path = organization_data.SECTORS_FILE,
    stations_path: Path = organization_data.STATIONS_FILE,
) -> OrganizationLoadReport:
    """Bring the tree in line with the published lists, changing only what differs.

    Both files are read and checked whole before anything is written, and
    the write is one transaction, so a bad file leaves the tree as it was.
    A unit the files no longer list is reported, never deleted: schedules,
    people and history point at it.
    """
    sectors = organization_data.read_sectors(sectors_path)
    stations = organization_data.read_stations(
        {sector.key for sector in sectors}, stations_path
    )
    report = OrganizationLoadReport()

    with transaction.atomic():
        headquarters = _upsert(
            report,
            OrganizationUnit.objects.filter(kind=OrganizationUnit.Kind.HEADQUARTERS),
            kind=OrganizationUnit.Kind.HEADQUARTERS,
            parent=None,
            fields=HEADQUARTERS_FIELDS,
        )
        sector_units = {}
        for sector in sectors:
            fields = sector.unit_fields()
            fields["time_zone"] = organization_data.sector_time_zone(sector, stations)
            existing = OrganizationUnit.objects.filter(
                kind=OrganizationUnit.Kind.SECTOR
            )
            existing = (
                existing.filter(code=sector.code)
                if sector.code
                else existing.filter(code="", name=sector.name)
            )
            sector_units[sector.key] = _upsert(
                report,
                existing,
                kind=OrganizationUnit.Kind.SECTOR,
                parent=headquarters,
                fields=fields,
            )
        for station in stations:
            parent = sector_units[station.sector_key]
            _upsert(
                report,
                OrganizationUnit.objects.filter(
                    kind=OrganizationUnit.Kind.STATION, parent=parent, name=station.name
                ),
                kind=OrganizationUnit.Kind.STATION,
                parent=parent,
                fields=station.unit_fields(),
            )

        listed = {unit.pk for unit in sector_units.values()} | {headquarters.pk}
        listed |= set(
            OrganizationUnit.objects.filter(
                kind=OrganizationUnit.Kind.STATION,
                parent__in=sector_units.values(),
                name__in=[station.name for station in stations],
            ).values_list("pk", flat=True)
        )
        for unit in OrganizationUnit.objects.exclude(pk__in=listed).select_related(
            "parent"
        ):
            report.not_in_file.append(str(unit))

    logger.info(
        "organization loaded: %d added, %d changed, %d unchanged, %d not in file",
        len(report.added),
        len(report.changed),
        report.unchanged,
        len(report.not_in_file),
    )
    return report


def _upsert(report, existing, *, kind, parent, fields) -> OrganizationUnit:
    unit = existing.first()
    if unit is None:
        unit = OrganizationUnit(kind=kind, parent=parent, **fields)
        unit._change_reason = "Loaded from the published organization list"
        unit.clean_fields()
        unit.save()
        report.added.append(str(unit))
        return unit

    fields = {**fields, "parent": parent}
    differing = [name for name, value in fields.items() if getattr(unit, name) != value]
    if not differing:
        report.unchanged += 1
        return unit
    for name in differing:
        setattr(unit, name, fields[name])
    unit._change_reason = "Updated from the published organization list"
    unit.clean_fields()
    unit.save()
    report.changed.append(f"{unit}: {', '.join(differing)}")
    return unit
