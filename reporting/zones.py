"""The GPRA zone report, for fiscal years and an area: per zone of its
stations, the activity and narcotics seizures the snapshot holds by zone
code, the agent-shifts and hours the G-481s put in it, the technology
deployed in it on a day, and the vehicles deployed in it.

Aggregates only: no line carries a name or any other field of a person. A
zone code in the snapshot that matches no zone of its station is shown as
such, never dropped.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from reporting import aor, selectors
from scheduling import zone_statistics

ACTIVITY = ("apprehensions", "turn_backs", "got_aways")
SEIZURES = ("marijuana", "cocaine", "heroin", "methamphetamine", "other_drugs")
MEASURES = ACTIVITY + SEIZURES
NOT_ON_FILE = "zone code not on file"


@dataclass
class ZoneLine:
    sector_code: str
    station: str
    zone_code: str
    zone_name: str = NOT_ON_FILE
    on_file: bool = False
    values: dict = field(default_factory=dict)
    agent_shifts: int = 0
    hours: Decimal = Decimal(0)
    vehicles: int = 0
    vehicle_shifts: int = 0
    permanent: int = 0
    mobile: int = 0

    def get(self, measure):
        return self.values.get(measure)


@dataclass
class ZoneYear:
    """All the zones of the area in one fiscal year: the trend beside the
    report's lines, which cover the whole range."""

    fiscal_year: int
    values: dict = field(default_factory=dict)
    agent_shifts: int = 0
    worked: timedelta = timedelta(0)

    def get(self, measure):
        return self.values.get(measure)

    @property
    def hours(self) -> Decimal:
        return hours_of(self.worked)


@dataclass
class ZoneReport:
    area: aor.Area
    first_year: int
    last_year: int
    as_of: date
    lines: list[ZoneLine]
    years: list[ZoneYear] = field(default_factory=list)  # oldest first

    @property
    def first_day(self) -> date:
        return fiscal_year_start(self.first_year)

    @property
    def last_day(self) -> date:
        return fiscal_year_end(self.last_year)

    @property
    def total(self) -> ZoneLine:
        total = ZoneLine("", "", "", zone_name="All zones", on_file=True)
        for line in self.lines:
            for measure, value in line.values.items():
                total.values[measure] = total.values.get(measure, 0) + value
            for name in COUNTS:
                setattr(total, name, getattr(total, name) + getattr(line, name))
        return total

    @property
    def codes_not_on_file(self) -> int:
        return sum(1 for line in self.lines if not line.on_file)


COUNTS = (
    "agent_shifts",
    "hours",
    "vehicles",
    "vehicle_shifts",
    "permanent",
    "mobile",
)


def fiscal_year_start(year: int) -> date:
    return date(year - 1, 10, 1)


def fiscal_year_end(year: int) -> date:
    return date(year, 9, 30)


def report(places, area: aor.Area, first_year: int, last_year: int, as_of=None):
    as_of = as_of or min(timezone.localdate(), fiscal_year_end(last_year))
    stations = places.stations_of(area)
    station_ids = [unit.pk for unit in stations]
    lines, by_zone_id = _zone_lines(station_ids)
    years = {year: ZoneYear(year) for year in range(first_year, last_year + 1)}

    _add_snapshot(places, area, first_year, last_year, lines, years)
    _add_shifts_by_year(station_ids, first_year, last_year, years)
    shifts = zone_statistics.shifts_by_zone(
        station_ids, fiscal_year_start(first_year), fiscal_year_end(last_year)
    )
    for row in shifts:
        line = by_zone_id[row["zone_id"]]
        line.agent_shifts = row["agent_shifts"]
        line.hours = hours_of(row["worked"])
        line.vehicles = row["vehicles"]
        line.vehicle_shifts = row["vehicle_shifts"]
    for row in zone_statistics.technology_by_zone(station_ids, as_of):
        line = by_zone_id[row["zone_id"]]
        name = "permanent" if row["category"] == "PERMANENT" else "mobile"
        setattr(line, name, row["assets"])

    ordered = sorted(
        lines.values(),
        key=lambda line: (
            line.sector_code,
            line.station,
            not line.on_file,
            line.zone_code,
        ),
    )
    return ZoneReport(area, first_year, last_year, as_of, ordered, list(years.values()))


def _zone_lines(station_ids):
    """A line for every zone of the stations, keyed by station and code."""
    lines, by_zone_id = {}, {}
    for zone in zone_statistics.zones_of(station_ids):
        line = ZoneLine(
            sector_code=zone.station.parent.code,
            station=zone.station.name,
            zone_code=zone.code,
            zone_name=zone.name,
            on_file=True,
        )
        lines[(zone.station_id, zone.code.upper())] = line
        by_zone_id[zone.pk] = line
    return lines, by_zone_id


def _add_snapshot(places, area, first_year, last_year, lines, years) -> None:
    """The snapshot's figures by zone code, each year read at the coarsest
    level it holds (an annual row before the sum of its months), added to
    the zone's line and to the year's."""
    rows = selectors.current_rows().filter(
        fiscal_year__range=(first_year, last_year),
        sector_code__in=area.sectors,
        measure_id__in=MEASURES,
        canine="",
    )
    rows = rows.exclude(zone="")
    if area.station:
        rows = rows.filter(station=area.station)
    grouped = rows.values(
        "fiscal_year", "sector_code", "station", "zone", "measure_id", "is_monthly"
    ).annotate(total=Sum("value"))

    by_level = defaultdict(dict)
    for row in grouped:
        key = (row["sector_code"], row["station"], row["zone"], row["measure_id"])
        by_level[(row["fiscal_year"], *key)][row["is_monthly"]] = row["total"]
    for (year, sector_code, station, zone, measure), levels in by_level.items():
        line = _line_for(places, lines, sector_code, station, zone)
        value = levels[min(levels)]  # False (annual) sorts before True
        line.values[measure] = line.values.get(measure, 0) + value
        in_year = years[year].values
        in_year[measure] = in_year.get(measure, 0) + value


def _add_shifts_by_year(station_ids, first_year, last_year, years) -> None:
    """The G-481 lines worked in a zone, by the fiscal year of their day
    (October opens the next year)."""
    for row in zone_statistics.shifts_by_month(
        station_ids,
        fiscal_year_start(first_year),
        fiscal_year_end(last_year),
        in_zones_only=True,
    ):
        month = row["month"]
        year = years[month.year + 1 if month.month >= 10 else month.year]
        year.agent_shifts += row["agent_shifts"]
        year.worked += row["worked"] or timedelta(0)


def _line_for(places, lines, sector_code, station_text, zone_code) -> ZoneLine:
    unit = places.station(sector_code, station_text)
    station_key = unit.pk if unit is not None else (sector_code, station_text)
    key = (station_key, zone_code.upper())
    if key not in lines:
        lines[key] = ZoneLine(
            sector_code=sector_code,
            station=unit.name if unit is not None else station_text,
            zone_code=zone_code,
        )
    return lines[key]


def hours_of(worked, places: str = "0.1") -> Decimal:
    if worked is None:
        return Decimal(0)
    hours = Decimal(int(worked.total_seconds())) / 3600
    return hours.quantize(Decimal(places), rounding=ROUND_HALF_UP)
