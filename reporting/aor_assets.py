"""The AOR summary's technology and vehicles per area: the technology
deployed in the zones of each station (permanent and mobile) on a day, the
vehicles each station has on file, added up per sector or station of the
area, and agents on board per technology asset where both are known."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from scheduling import zone_statistics
from vehicles import fleet_statistics


@dataclass
class AssetLine:
    code: str
    label: str
    permanent: int = 0
    mobile: int = 0
    vehicles: int = 0
    agents: Decimal | None = None
    is_total: bool = False

    @property
    def technology(self) -> int:
        return self.permanent + self.mobile

    @property
    def agents_per_asset(self) -> Decimal | None:
        if self.agents is None or not self.technology:
            return None
        return (self.agents / self.technology).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def assets(places, area, as_of: date, agents_of: dict) -> list[AssetLine]:
    """One line per sector of a region or the nation (per station of a
    sector; the station alone for a station), then the area's total.
    ``agents_of`` maps a sector's code to its agents on board, if known."""
    stations = places.stations_of(area)
    by_sector = not area.station and len(area.sectors) > 1
    lines = {}
    group_of = {}
    for unit in stations:
        if by_sector:
            key, label = unit.parent.code, f"{unit.parent.name} Sector"
        else:
            key, label = unit.pk, f"{unit.name} Station"
        group_of[unit.pk] = key
        lines.setdefault(key, AssetLine(str(key), label))
    if by_sector:
        for code in area.sectors:
            line = lines.setdefault(
                code, AssetLine(code, f"{places.sectors[code].name} Sector")
            )
            line.agents = agents_of.get(code)

    counts = defaultdict(int)
    for row in zone_statistics.technology_by_zone(list(group_of), as_of):
        counts[(row["zone__station_id"], row["category"])] += row["assets"]
    for (station_id, category), count in counts.items():
        line = lines[group_of[station_id]]
        if category == "PERMANENT":
            line.permanent += count
        else:
            line.mobile += count
    for station_id, count in fleet_statistics.on_file_by_station(
        list(group_of)
    ).items():
        lines[group_of[station_id]].vehicles += count

    ordered = sorted(lines.values(), key=lambda line: line.label)
    total = AssetLine(area.code, area.label, is_total=True)
    for line in ordered:
        total.permanent += line.permanent
        total.mobile += line.mobile
        total.vehicles += line.vehicles
    total.agents = agents_of.get(area.code)
    return [*ordered, total]
