"""The area of responsibility (AOR) summary, for a fiscal year or a range
and an area: the nation, a region, a sector or a station.

Each line is one place in one fiscal year. A region or the nation has two
lines: the sum of its sectors, and its total as the agency published it,
which the report shows beside the sum and never in its place (staffing
totals count agents in no sector). For a place, a measure is read at the
coarsest level the snapshot holds: an annual row of the place, else the sum
of its months, else the sum of its stations (and of their zones and
canines). Deaths and rescues recorded in
BSITS are shown beside the snapshot's, in their own columns.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from bsits import statistics as bsits_statistics
from reporting import aor_assets, areas, selectors

MEASURES = (
    "apprehensions",
    "agents",
    "marijuana",
    "cocaine",
    "heroin",
    "deaths",
    "rescues",
    "encounters",
    "turn_backs",
    "got_aways",
    "canine_assists",
    "enforcement_assists",
    "national_guard",
)
RATE_INPUTS = ("apprehensions", "turn_backs", "got_aways")
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
MONTH_NAMES = {
    1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 5: "May", 6: "Jun",
    7: "Jul", 8: "Aug", 9: "Sep", 10: "Oct", 11: "Nov", 12: "Dec",
}  # fmt: skip


class UnknownArea(LookupError):
    pass


@dataclass(frozen=True)
class Area:
    code: str  # USBP, a region's code or a sector's
    label: str
    unit: object  # the unit whose grants reach it
    station: str = ""  # a station's name within the sector
    sectors: tuple[str, ...] = ()  # the sectors summed

    @property
    def is_total(self) -> bool:
        return areas.is_total(self.code)

    @property
    def key(self) -> str:
        return f"{self.code}/{self.station}" if self.station else self.code


@dataclass
class Line:
    fiscal_year: int
    code: str
    label: str
    kind: str  # "place", "sum" or "published"
    values: dict = field(default_factory=dict)
    bsits_deaths: int | None = None
    bsits_rescues: int | None = None
    # A sum's rate counts only the sectors holding all three of its inputs.
    rate_inputs: tuple | None = None

    def get(self, measure):
        return self.values.get(measure)

    @property
    def per_agent(self) -> Decimal | None:
        apprehensions, agents = self.get("apprehensions"), self.get("agents")
        if apprehensions is None or not agents:
            return None
        return _round(apprehensions / agents, "0.1")

    @property
    def effectiveness(self) -> Decimal | None:
        """(apprehensions + turn-backs) / (those + got-aways), in per cent,
        where the snapshot holds all three."""
        inputs = self.rate_inputs or [self.get(m) for m in RATE_INPUTS]
        if any(value is None for value in inputs):
            return None
        apprehensions, turn_backs, got_aways = inputs
        attempts = apprehensions + turn_backs + got_aways
        if not attempts:
            return None
        return _round(100 * (apprehensions + turn_backs) / attempts, "0.1")

    @property
    def assists(self) -> Decimal | None:
        given = [
            value
            for value in (self.get("canine_assists"), self.get("enforcement_assists"))
            if value is not None
        ]
        return sum(given) if given else None


@dataclass
class Summary:
    area: Area
    first_year: int
    last_year: int
    lines: list[Line]
    months: list[dict]  # the last year's months: label, sum, published
    bsits_years: list[int]
    assets: list = field(default_factory=list)  # aor_assets.AssetLine
    assets_as_of: date | None = None
    # The vehicle records carry no day a vehicle joined the fleet, so the
    # fleet of a past fiscal year cannot be counted: the page says the day.
    vehicles_counted_on: date | None = None

    def lines_of(self, fiscal_year: int) -> list[Line]:
        return [line for line in self.lines if line.fiscal_year == fiscal_year]

    @property
    def by_year(self) -> list[tuple[int, list[Line]]]:
        """Each year, latest first, with its lines (grouped once, so that
        the template does not scan every line for every year)."""
        grouped = defaultdict(list)
        for line in self.lines:
            grouped[line.fiscal_year].append(line)
        return [(year, grouped[year]) for year in self.years]

    @property
    def years(self) -> list[int]:
        return list(range(self.last_year, self.first_year - 1, -1))

    @property
    def trend(self) -> list[Line]:
        """The area's own lines, oldest year first."""
        kinds = ("sum", "published") if self.area.is_total else ("place",)
        own = [
            line
            for line in self.lines
            if line.code == self.area.code and line.kind in kinds
        ]
        return sorted(own, key=lambda line: (line.fiscal_year, line.kind))


def _round(value: Decimal, places: str) -> Decimal:
    return Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def area_of(places: areas.Places, code: str, station: str = "") -> Area:
    if code == areas.NATION:
        return Area(code, "Nationwide", places.headquarters, sectors=_ordered(places))
    if code in areas.REGION_BY_CODE:
        return Area(
            code,
            areas.REGION_BY_CODE[code].name,
            places.headquarters,
            sectors=tuple(places.sectors_in(code)),
        )
    sector = places.sectors.get(code)
    if sector is None:
        raise UnknownArea(code)
    if station:
        unit = places.station(code, station)
        if unit is None:
            raise UnknownArea(f"{code}/{station}")
        return Area(code, f"{unit.name} Station", unit, unit.name, (code,))
    return Area(code, f"{sector.name} Sector", sector, sectors=(code,))


def _ordered(places) -> tuple[str, ...]:
    return tuple(
        code for region in areas.REGIONS for code in places.sectors_in(region.code)
    )


def choices(places: areas.Places) -> list[Area]:
    """Every area, nation first, then each region followed by its sectors."""
    found = [area_of(places, areas.NATION)]
    for region in areas.REGIONS:
        found.append(area_of(places, region.code))
        found += [area_of(places, code) for code in places.sectors_in(region.code)]
    return found


def summary(places: areas.Places, area: Area, first_year: int, last_year: int):
    regions = _regions_within(places, area)
    codes = list(area.sectors) + ([area.code] if area.is_total else []) + regions
    totals = selectors.place_totals(
        fiscal_years=(first_year, last_year),
        sector_codes=codes,
        measures=MEASURES,
        station=area.station,
    )
    values = _coarsest(totals)
    years = range(last_year, first_year - 1, -1)
    bsits = _bsits_counts(places, area, years)

    lines = []
    for year in years:
        lines += _lines_of_year(places, area, regions, year, values, bsits)
    today = timezone.localdate()
    as_of = min(today, date(last_year, 9, 30))
    agents_of = {
        line.code: line.get("agents")
        for line in lines
        if line.fiscal_year == last_year and line.kind in ("place", "sum")
    }
    return Summary(
        area=area,
        first_year=first_year,
        last_year=last_year,
        lines=lines,
        months=_months(area, codes, last_year),
        bsits_years=sorted(bsits["years"]),
        assets=aor_assets.assets(places, area, as_of, agents_of),
        assets_as_of=as_of,
        vehicles_counted_on=today,
    )


def _regions_within(places, area) -> list[str]:
    if area.code == areas.NATION:
        return [region.code for region in areas.REGIONS]
    return []


def _coarsest(totals) -> dict:
    """(year, code, measure) -> the value at the coarsest level held: the
    place's own rows before its stations', a station's before its zones' or
    canines', a year's before its months'."""
    by_level = defaultdict(dict)
    for row in totals:
        key = (row["fiscal_year"], row["sector_code"], row["measure_id"])
        level = (row["in_detail"], row["at_station"], row["is_monthly"])
        by_level[key][level] = row["total"]
    return {key: levels[min(levels)] for key, levels in by_level.items()}


def _bsits_counts(places, area, years) -> dict:
    """Deaths and rescues recorded in BSITS, per (year, place); only the
    fiscal years BSITS holds events for are asked."""
    found = {"years": set()}
    recorded_years = set(bsits_statistics.fiscal_years()) & set(years)
    sector_codes = {sector.pk: code for code, sector in places.sectors.items()}
    for year in recorded_years:
        found["years"].add(year)
        if area.station:
            rows = bsits_statistics.event_counts(
                by="station", fiscal_year=year, units=frozenset({area.unit.pk})
            )
            for row in rows:
                found[(year, area.code)] = (row.deaths, row.rescues)
            continue
        for row in bsits_statistics.event_counts(by="sector", fiscal_year=year):
            code = sector_codes.get(row.key)
            if code in area.sectors:
                found[(year, code)] = (row.deaths, row.rescues)
    return found


def _line(year, code, label, kind, values, bsits=None) -> Line:
    line = Line(
        year,
        code,
        label,
        kind,
        {m: values[(year, code, m)] for m in MEASURES if (year, code, m) in values},
    )
    if bsits is not None and year in bsits["years"]:
        line.bsits_deaths, line.bsits_rescues = bsits.get((year, code), (0, 0))
    return line


def _sum_line(year, code, label, parts: list[Line]) -> Line:
    line = Line(year, code, label, "sum")
    for measure in MEASURES:
        given = [part.get(measure) for part in parts if part.get(measure) is not None]
        if given:
            line.values[measure] = sum(given)
    complete = [
        part for part in parts if all(part.get(m) is not None for m in RATE_INPUTS)
    ]
    if complete:
        line.rate_inputs = tuple(
            sum(part.get(m) for part in complete) for m in RATE_INPUTS
        )
    counted = [part for part in parts if part.bsits_deaths is not None]
    if counted:
        line.bsits_deaths = sum(part.bsits_deaths for part in counted)
        line.bsits_rescues = sum(part.bsits_rescues for part in counted)
    return line


def _lines_of_year(places, area, regions, year, values, bsits) -> list[Line]:
    if not area.is_total:
        return [_line(year, area.code, area.label, "place", values, bsits)]

    lines = []
    groups = (
        [(code, places.sectors_in(code)) for code in regions]
        if regions
        else [(area.code, list(area.sectors))]
    )
    every_sector = []
    for code, sector_codes in groups:
        sectors = [
            _line(year, s, f"{places.sectors[s].name} Sector", "place", values, bsits)
            for s in sector_codes
        ]
        every_sector += sectors
        name = areas.name_of(code)
        lines += sectors
        lines.append(_sum_line(year, code, f"{name}: sum of sectors", sectors))
        lines.append(_line(year, code, f"{name}: as published", "published", values))
    if regions:
        lines.append(
            _sum_line(year, area.code, "Nationwide: sum of sectors", every_sector)
        )
        lines.append(
            _line(year, area.code, "Nationwide: as published", "published", values)
        )
    return lines


def _months(area, codes, year) -> list[dict]:
    """The last year's apprehensions month by month (October first)."""
    rows = selectors.monthly_totals(
        fiscal_year=year,
        sector_codes=codes,
        measure="apprehensions",
        station=area.station,
    )
    summed, published = defaultdict(Decimal), {}
    for row in rows:
        if row["sector_code"] == area.code and area.is_total:
            published[row["month"]] = row["total"]
        elif row["sector_code"] in area.sectors:
            summed[row["month"]] += row["total"]
    if not summed and not published:
        return []
    return [
        {
            "month": month,
            "label": f"{MONTH_NAMES[month]} {year - 1 if month >= 10 else year}",
            "sum": summed.get(month),
            "published": published.get(month),
        }
        for month in FISCAL_MONTHS
    ]
