"""Reading the published lists of sectors and stations.

Pure parsing and validation, no database: every problem in a file is
collected with its line number, so that a bad file is reported whole and
nothing is loaded from it.
"""

import csv
import zoneinfo
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SECTORS_FILE = DATA_DIR / "usbp_sectors.csv"
STATIONS_FILE = DATA_DIR / "usbp_stations.csv"

SECTOR_COLUMNS = {
    "sector_name",
    "sector_code",
    "border_region_cbp",
    "status",
    "ohss_sector_label",
    "aor_notes",
    "aor_source_urls",
}
STATION_COLUMNS = {
    "sector_code",
    "station_name",
    "facility_type",
    "city",
    "state",
    "street_address",
    "zip",
    "phone",
    "source_url",
    "source_date",
    "note",
    "time_zone",
    "status",
}


class OrganizationDataError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class SectorRecord:
    name: str
    code: str
    border_region: str
    state: str
    status: str
    status_note: str
    area_notes: str
    source_url: str

    @property
    def key(self) -> str:
        # Livermore, closed in 2004, has no official code.
        return self.code or self.name

    def unit_fields(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class StationRecord:
    sector_key: str
    name: str
    facility_type: str
    city: str
    state: str
    street_address: str
    zip_code: str
    phone: str
    time_zone: str
    status: str
    status_note: str
    source_url: str
    source_date: str
    notes: str

    def unit_fields(self) -> dict:
        fields = asdict(self)
        del fields["sector_key"]
        return fields


def parse_status(text: str) -> tuple[str, str]:
    """The unit status and, where the source qualifies it, the source's words.

    The published list says "active (last confirmed 2015)", "closed c.2013
    (deactivation announced 2012-07)" and the like; anything neither active
    nor closed is kept as unverified rather than guessed.
    """
    text = text.strip()
    lowered = text.lower()
    if lowered.startswith("active"):
        status = "ACTIVE"
    elif lowered.startswith("closed"):
        status = "CLOSED"
    else:
        status = "UNVERIFIED"
    note = "" if lowered in ("active", "closed") else text
    return status, note


def _rows(path: Path, required: set[str], problems: list[str]):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            problems.append(
                f"{path.name}: missing columns {', '.join(sorted(missing))}"
            )
            return
        # Line 1 is the header.
        for line_number, row in enumerate(reader, start=2):
            yield (
                line_number,
                {key: (value or "").strip() for key, value in row.items()},
            )


def _state_of(label: str) -> str:
    # The label reads "Big Bend, TX": the sector's name and its main state.
    return label.rpartition(",")[2].strip()


def read_sectors(path: Path = SECTORS_FILE) -> list[SectorRecord]:
    problems: list[str] = []
    records: list[SectorRecord] = []
    for line, row in _rows(path, SECTOR_COLUMNS, problems):
        where = f"{path.name} line {line}"
        if not row["sector_name"]:
            problems.append(f"{where}: the sector has no name")
            continue
        status, status_note = parse_status(row["status"])
        records.append(
            SectorRecord(
                name=row["sector_name"],
                code=row["sector_code"].upper(),
                border_region=row["border_region_cbp"].split(" (")[0],
                state=_state_of(row["ohss_sector_label"]),
                status=status,
                status_note=status_note,
                area_notes=row["aor_notes"],
                source_url=row["aor_source_urls"],
            )
        )
    for key, count in Counter(record.key for record in records).items():
        if count > 1:
            problems.append(f"{path.name}: sector {key} appears {count} times")
    if problems:
        raise OrganizationDataError(problems)
    return records


def read_stations(
    sector_keys: set[str], path: Path = STATIONS_FILE
) -> list[StationRecord]:
    problems: list[str] = []
    records: list[StationRecord] = []
    known_zones = zoneinfo.available_timezones()
    for line, row in _rows(path, STATION_COLUMNS, problems):
        where = f"{path.name} line {line}"
        sector_key = row["sector_code"].upper()
        if not row["station_name"]:
            problems.append(f"{where}: the station has no name")
            continue
        if sector_key not in sector_keys:
            problems.append(f"{where}: no sector has the code {sector_key!r}")
            continue
        if row["time_zone"] not in known_zones:
            problems.append(f"{where}: {row['time_zone']!r} is not an IANA time zone")
            continue
        status, status_note = parse_status(row["status"])
        records.append(
            StationRecord(
                sector_key=sector_key,
                name=row["station_name"],
                facility_type=row["facility_type"],
                city=row["city"],
                state=row["state"].upper(),
                street_address=row["street_address"],
                zip_code=row["zip"],
                phone=row["phone"],
                time_zone=row["time_zone"],
                status=status,
                status_note=status_note,
                source_url=row["source_url"],
                source_date=row["source_date"],
                notes=row["note"],
            )
        )
    counted = Counter((record.sector_key, record.name) for record in records)
    for (sector_key, name), count in counted.items():
        if count > 1:
            problems.append(
                f"{path.name}: station {name} of sector {sector_key} "
                f"appears {count} times"
            )
    if problems:
        raise OrganizationDataError(problems)
    return records


def sector_time_zone(sector: SectorRecord, stations: list[StationRecord]) -> str:
    """The zone most of the sector's stations keep; none for a sector without.

    The lists give no sector headquarters city, so the sector's own zone
    (for sector-wide records) follows its stations.
    """
    zones = Counter(
        station.time_zone for station in stations if station.sector_key == sector.key
    )
    return zones.most_common(1)[0][0] if zones else ""
