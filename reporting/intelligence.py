"""The intelligence reports, for fiscal years and an area: apprehensions
and seizures month by month set against the agents and vehicles the
G-481s deployed in the same months; the National Guard deployed, by sector
and year; and canine assists by canine identifier, never by handler.

The snapshot holds months, not days: the apprehension report says so
rather than inventing a daily view. Aggregates only.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from reporting import aor, selectors, zones
from scheduling import zone_statistics
from staffing import canine_registry

MONTHLY_MEASURES = ("apprehensions", "marijuana", "cocaine", "heroin")
DAILY_NOTE = (
    "The statistical snapshot holds figures by month, not by day: no daily "
    "view can be drawn from it."
)


@dataclass
class MonthLine:
    fiscal_year: int
    month: int
    code: str  # the sector's code
    label: str  # the sector, or the station
    values: dict = field(default_factory=dict)
    agent_shifts: int = 0
    hours: Decimal = Decimal(0)
    vehicle_shifts: int = 0

    @property
    def month_label(self) -> str:
        year = self.fiscal_year - 1 if self.month >= 10 else self.fiscal_year
        return f"{aor.MONTH_NAMES[self.month]} {year}"

    @property
    def per_100_shifts(self) -> Decimal | None:
        apprehensions = self.values.get("apprehensions")
        if apprehensions is None or not self.agent_shifts:
            return None
        return aor._round(100 * apprehensions / self.agent_shifts, "0.1")


@dataclass
class ApprehensionReport:
    area: aor.Area
    first_year: int
    last_year: int
    lines: list[MonthLine]
    daily_note: str = DAILY_NOTE

    @property
    def several_places(self) -> bool:
        return len({line.code for line in self.lines}) > 1

    @property
    def months(self) -> list[MonthLine]:
        """The area as a whole, month by month: its places' lines added up
        (a measure no place holds for the month stays empty)."""
        totals = {}
        for line in self.lines:
            key = (line.fiscal_year, line.month)
            total = totals.setdefault(
                key, MonthLine(*key, self.area.code, self.area.label)
            )
            for measure, value in line.values.items():
                total.values[measure] = total.values.get(measure, 0) + value
            total.agent_shifts += line.agent_shifts
            total.hours += line.hours
            total.vehicle_shifts += line.vehicle_shifts
        return list(totals.values())


def apprehensions(places, area, first_year, last_year, cleaned=None):
    """Per month and sector (or the station asked), the snapshot's monthly
    apprehensions and seizures beside the G-481s' agent-shifts."""
    places_of = _places(places, area)
    lines = {}
    for year in range(first_year, last_year + 1):
        for month in aor.FISCAL_MONTHS:
            for code, label in places_of:
                lines[(year, month, code)] = MonthLine(year, month, code, label)

    rows = selectors.current_rows().filter(
        fiscal_year__range=(first_year, last_year),
        sector_code__in=area.sectors,
        measure_id__in=MONTHLY_MEASURES,
        month__isnull=False,
        zone="",
        canine="",
        station=area.station,
    )
    for row in rows.values(
        "fiscal_year", "month", "sector_code", "measure_id"
    ).annotate(total=Sum("value")):
        line = lines[(row["fiscal_year"], row["month"], row["sector_code"])]
        line.values[row["measure_id"]] = row["total"]

    stations = places.stations_of(area)
    sector_of = {unit.pk: unit.parent.code for unit in stations}
    for row in zone_statistics.shifts_by_month(
        list(sector_of),
        zones.fiscal_year_start(first_year),
        zones.fiscal_year_end(last_year),
    ):
        day = row["month"]
        year = day.year + 1 if day.month >= 10 else day.year
        line = lines[(year, day.month, sector_of[row["daily__station_id"]])]
        line.agent_shifts += row["agent_shifts"]
        line.hours += zones.hours_of(row["worked"])
        line.vehicle_shifts += row["vehicle_shifts"]
    return ApprehensionReport(area, first_year, last_year, list(lines.values()))


def _places(places, area) -> list[tuple[str, str]]:
    if area.station:
        return [(area.code, area.label)]
    return [(code, f"{places.sectors[code].name} Sector") for code in area.sectors]


@dataclass
class GuardLine:
    fiscal_year: int
    code: str
    label: str
    kind: str  # "place", "sum" or "published"
    troops: Decimal | None


@dataclass
class GuardReport:
    area: aor.Area
    first_year: int
    last_year: int
    lines: list[GuardLine]

    @property
    def reported(self) -> bool:
        return any(line.troops is not None for line in self.lines)


def national_guard(places, area, first_year, last_year, cleaned=None):
    """The National Guard deployed, by sector and fiscal year; a region's or
    the nation's published figure beside the sum of its sectors."""
    summary = aor.summary(places, area, first_year, last_year)
    lines = [
        GuardLine(
            line.fiscal_year,
            line.code,
            line.label,
            line.kind,
            line.get("national_guard"),
        )
        for line in summary.lines
    ]
    return GuardReport(area, first_year, last_year, lines)


@dataclass
class CanineLine:
    identifier: str
    sector_code: str
    station: str  # where the snapshot counted the assists
    on_file: bool
    stationed_at: str  # where the canine is on file, if it is
    assists: Decimal


@dataclass
class CanineYear:
    fiscal_year: int
    assists: Decimal | None  # None: the snapshot holds none by canine


@dataclass
class CanineReport:
    area: aor.Area
    first_year: int
    last_year: int
    lines: list[CanineLine]
    years: list[CanineYear] = field(default_factory=list)  # oldest first

    @property
    def total(self) -> Decimal:
        return sum((line.assists for line in self.lines), Decimal(0))


def canine_assists(places, area, first_year, last_year, cleaned=None):
    """Assists per canine identifier the snapshot names, matched to the
    canines on file; an identifier not on file is shown as such."""
    rows = selectors.current_rows().filter(
        fiscal_year__range=(first_year, last_year),
        sector_code__in=area.sectors,
        measure_id="canine_assists",
    )
    rows = rows.exclude(canine="")
    if area.station:
        rows = rows.filter(station=area.station)
    grouped = defaultdict(dict)
    for row in rows.values(
        "fiscal_year", "sector_code", "station", "canine", "is_monthly"
    ).annotate(total=Sum("value")):
        key = (row["canine"].upper(), row["sector_code"], row["station"])
        grouped[key].setdefault(row["fiscal_year"], {})[row["is_monthly"]] = row[
            "total"
        ]
    on_file = canine_registry.stations_of({key[0] for key in grouped})
    lines = [
        CanineLine(
            identifier=identifier,
            sector_code=sector_code,
            station=station,
            on_file=identifier in on_file,
            stationed_at=on_file.get(identifier, ""),
            # Each year at its coarsest level: the year's row before its months.
            assists=sum(levels[min(levels)] for levels in years.values()),
        )
        for (identifier, sector_code, station), years in sorted(grouped.items())
    ]
    by_year = defaultdict(Decimal)
    for years in grouped.values():
        for year, levels in years.items():
            by_year[year] += levels[min(levels)]
    years = [
        CanineYear(year, by_year.get(year)) for year in range(first_year, last_year + 1)
    ]
    return CanineReport(area, first_year, last_year, lines, years)
