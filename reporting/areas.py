"""The places a snapshot row can name: a sector by its official code, or a
region or the nation, whose rows hold totals as the agency published them.

Region codes have two letters, so that none can be taken for a sector's
three-letter code (Swanton's is SWB). A published total is never the sum
of its sectors (staffing counts agents outside any sector), so the two are
kept and shown apart.
"""

from dataclasses import dataclass

NATION = "USBP"


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    border_region: str  # as the organization tree names it


REGIONS = (
    Region("SW", "Southwest border", "Southwest"),
    Region("NB", "Northern border", "Northern"),
    Region("CB", "Coastal border", "Coastal"),
)
REGION_BY_CODE = {region.code: region for region in REGIONS}
REGION_BY_BORDER = {region.border_region: region for region in REGIONS}
TOTAL_CODES = frozenset({NATION, *REGION_BY_CODE})


def is_total(code: str) -> bool:
    return code in TOTAL_CODES


def name_of(code: str) -> str:
    if code == NATION:
        return "Nationwide"
    if code in REGION_BY_CODE:
        return REGION_BY_CODE[code].name
    return code


@dataclass
class Places:
    """The sectors and stations of the organization tree, read once."""

    sectors: dict  # code -> sector unit
    stations: dict  # sector code -> {lower-case name or code: station unit}
    headquarters: object = None

    def region_of(self, sector_code: str) -> Region | None:
        sector = self.sectors.get(sector_code)
        return REGION_BY_BORDER.get(sector.border_region) if sector else None

    def sectors_in(self, region_code: str) -> list[str]:
        return sorted(
            code
            for code in self.sectors
            if (region := self.region_of(code)) and region.code == region_code
        )

    def station(self, sector_code: str, text: str):
        return self.stations.get(sector_code, {}).get(text.strip().lower())

    def stations_of(self, area) -> list:
        """The station units an area (``aor.Area``) covers: the station
        itself, or every station of its sectors."""
        if area.station:
            return [area.unit]
        found = {}
        for code in area.sectors:
            for unit in self.stations.get(code, {}).values():
                found[unit.pk] = unit
        return sorted(found.values(), key=lambda unit: (unit.parent.code, unit.name))

    def unit_of(self, code: str):
        """The unit whose role grants reach ``code``: a sector, or
        headquarters for a region or the nation."""
        return self.sectors.get(code) or self.headquarters


def places() -> Places:
    from security import selectors

    found = Places(sectors={}, stations={})
    units = list(selectors.units_with_parents())
    for unit in units:
        if unit.kind == "HQ":
            found.headquarters = unit
        elif unit.kind == "SECTOR" and unit.code:
            found.sectors[unit.code] = unit
    for unit in units:
        if unit.kind == "STATION" and unit.parent.code in found.sectors:
            names = found.stations.setdefault(unit.parent.code, {})
            names[unit.name.lower()] = unit
            if unit.code:
                names[unit.code.lower()] = unit
    return found
