"""The real public tables the product ships, turned into snapshot files.

Each table in ``reporting/data/`` (with its source note beside it) becomes
a file in the snapshot format and goes through the same import as an
upload, as its own version; loading again changes nothing, since the file
made is the same. The order matters where two tables give the same fiscal
year, place and measure: the later supersedes the earlier in the reports,
and the earlier stays readable in its version. The sector profiles come
after the long staffing and deaths series, so that the reports show each
year's figures as that year's profile printed them (the later series
revised some; see the notes).

Livermore Sector (closed after fiscal 2004) has no official code, so its
rows are left out; the region and nationwide totals keep them as published.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from reporting import areas, measures, snapshot, snapshot_file

DATA = Path(__file__).resolve().parent / "data"

REGION_NAMES = {
    "southwest border": "SW",
    "northern border": "NB",
    "coastal border": "CB",
    "nationwide total": areas.NATION,
    "southwest land border": "SW",
    "northern land border": "NB",
}
CLOSED_WITHOUT_CODE = {"livermore"}

SECTOR_PROFILE = {
    "number_of_agents": "agents",
    "total_apprehensions": "apprehensions",
    "other_than_mexican_apprehensions": "apprehensions_otm",
    "marijuana_pounds": "marijuana",
    "cocaine_pounds": "cocaine",
    "accepted_prosecutions": "accepted_prosecutions",
    "assaults": "assaults",
    "rescues": "rescues",
    "deaths": "deaths",
    "accompanied_juveniles": "juveniles_accompanied",
    "unaccompanied_juveniles": "juveniles_unaccompanied",
    "total_juveniles": "juveniles",
    "total_adults": "adults",
    "female_apprehensions": "female",
    "male_apprehensions": "male",
}
REGION_SEIZURES = {
    "apprehensions": "apprehensions",
    "other_than_mexican_apprehensions": "apprehensions_otm",
    "ammunition_rounds": "ammunition",
    "conveyances": "conveyances",
    "currency_in_dollars": "currency",
    "firearms": "firearms",
    "heroin_ounces": "heroin",
    **{
        f"{drug}_pounds": drug
        for drug in (
            "marijuana",
            "cocaine",
            "methamphetamine",
            "ecstasy",
            "other_drugs",
        )
    },
    **{
        f"{drug}_seizures": f"{drug}_seizures"
        for drug in (
            "marijuana",
            "cocaine",
            "heroin",
            "methamphetamine",
            "ecstasy",
            "other_drugs",
        )
    },
}


class UnknownPlace(ValueError):
    pass


@dataclass(frozen=True)
class Table:
    file: str
    rows: object  # function(places, reader) -> rows in the snapshot's order


def _area(places: areas.Places, name: str) -> str | None:
    """The code for a sector or region as a table spells it; None for a
    closed sector without one."""
    name = name.strip().lower().split(",")[0].replace("_", " ")
    if name in REGION_NAMES:
        return REGION_NAMES[name]
    if name in CLOSED_WITHOUT_CODE:
        return None
    for code, sector in places.sectors.items():
        if sector.name.lower() == name:
            return code
    raise UnknownPlace(f"No sector is named {name!r}.")


def _row(fiscal_year, area, measure, value, month=None):
    return (int(fiscal_year), month, area, "", "", "", measure, Decimal(value))


def _wide(places, reader, columns: dict, *, place_column="sector"):
    """Rows of a table with one column per measure ("NA": not published)."""
    for record in reader:
        area = _area(places, record[place_column])
        if area is None:
            continue
        for column, measure in columns.items():
            value = record[column].strip()
            if value and value != "NA":
                yield _row(record["fiscal_year"], area, measure, value)


def _sector_profiles(places, reader):
    return _wide(places, reader, SECTOR_PROFILE)


def _region_seizures(places, reader):
    return _wide(places, reader, REGION_SEIZURES)


def _staffing(places, reader):
    return _wide(places, reader, {"number_of_agents": "agents"})


def _deaths(places, reader):
    return _wide(places, reader, {"deaths": "deaths"})


def _nationwide(places, reader):
    for record in reader:
        yield _row(
            record["fiscal_year"],
            areas.NATION,
            "apprehensions",
            record["total_apprehensions"],
        )


def _monthly(places, reader):
    place_columns = None
    for record in reader:
        if place_columns is None:
            place_columns = {
                column: areas.NATION
                if column == "monthly_total"
                else _area(places, column)
                for column in record
                if column not in ("month", "fy", "cy")
            }
        for column, area in place_columns.items():
            value = record[column].strip()
            if area is not None and value:
                yield _row(
                    record["fy"],
                    area,
                    "apprehensions",
                    value,
                    month=int(record["month"]),
                )


def _encounters_by_sector(places, reader):
    for record in reader:
        area = _area(places, record["sector"])
        if area is not None:
            yield _row(record["fiscal_year"], area, "encounters", record["quantity"])


def _encounters_by_region(places, reader):
    for record in reader:
        area = _area(places, record["region"])
        yield _row(record["fiscal_year"], area, "encounters", record["quantity"])


def _encounters_total(places, reader):
    for record in reader:
        yield _row(
            record["fiscal_year"], areas.NATION, "encounters", record["quantity"]
        )


TABLES = (
    Table("cbp_usbp_nationwide_apprehensions_fy1925_fy2018.csv", _nationwide),
    Table("cbp_usbp_agent_staffing_by_sector_fy1992_fy2018.csv", _staffing),
    Table("cbp_usbp_sw_border_deaths_by_sector_fy1998_fy2018.csv", _deaths),
    Table(
        "cbp_usbp_monthly_apprehensions_by_sector_wide_fy2000_fy2020_excl_fy2019.csv",
        _monthly,
    ),
    Table(
        "cbp_usbp_apprehensions_seizures_by_region_fy2011_fy2018.csv", _region_seizures
    ),
    Table("cbp_usbp_sector_profile_by_sector_fy2011_fy2018.csv", _sector_profiles),
    Table(
        "ohss_khsm_usbp_encounters_annual_by_region_sector_fy2000_fy2025_excl_fy2019.csv",
        _encounters_by_sector,
    ),
    Table(
        "ohss_khsm_usbp_encounters_annual_by_region_fy2000_fy2025_excl_fy2019.csv",
        _encounters_by_region,
    ),
    Table(
        "ohss_khsm_usbp_encounters_annual_total_fy2000_fy2025_excl_fy2019.csv",
        _encounters_total,
    ),
)


def snapshot_file_of(table: Table, places: areas.Places) -> bytes:
    """The table as a file in the snapshot format, the same every time."""
    with open(DATA / table.file, newline="", encoding="utf-8") as source:
        rows = sorted(
            table.rows(places, csv.DictReader(source)),
            key=lambda row: (row[0], row[1] or 0, row[2], row[6]),
        )
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    writer.writerow(snapshot_file.COLUMNS)
    for fiscal_year, month, area, station, zone, canine, measure, value in rows:
        writer.writerow(
            [
                fiscal_year,
                month or "",
                area,
                station,
                zone,
                canine,
                measure,
                value,
                measures.BY_CODE[measure].unit,
            ]
        )
    return output.getvalue().encode()


@dataclass(frozen=True)
class Loaded:
    file: str
    version: object  # SnapshotVersion, or None if refused
    state: str
    problems: tuple = ()


def load_all() -> list[Loaded]:
    """Import every table not imported yet, in order; a table already
    loaded leaves no trace, not even a run."""
    from reporting.models import ImportRun, SnapshotVersion

    places = areas.places()
    outcomes = []
    for table in TABLES:
        content = snapshot_file_of(table, places)
        known = SnapshotVersion.objects.filter(
            content_hash=snapshot_file.content_hash(content)
        ).first()
        if known is not None:
            outcomes.append(Loaded(table.file, known, ImportRun.State.UNCHANGED))
            continue
        run = snapshot.import_now(content, table.file)
        outcomes.append(Loaded(table.file, run.version, run.state, tuple(run.errors)))
    return outcomes
