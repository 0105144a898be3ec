"""Reading the published list of traffic checkpoints.

Pure parsing and validation, no database: the caller says which sectors the
organization tree holds and their stations' names. Every problem in the file
is collected with its line number, so that a bad file is reported whole and
nothing is loaded from it.

What the loader derives, beyond copying columns:

- the direction of travel checked, from the road as listed when a direction
  word follows the road's name ("I-5 north"); none where the list leaves it
  open ("SR 86 (northbound/westbound ...)", "I-8 (east-west)");
- the station, when the row's note names exactly one station of the row's
  sector as "<name> Station" ("operated by Nogales Station agents").
"""

import csv
import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError

from checkpoints import coordinates

DATA_DIR = Path(__file__).resolve().parent / "data"
CHECKPOINTS_FILE = DATA_DIR / "usbp_checkpoints.csv"

COLUMNS = {
    "order_west_to_east",
    "checkpoint",
    "state",
    "highway_direction",
    "location_description",
    "latitude",
    "longitude",
    "sector",
    "source_url",
    "note",
}
# The places the model keeps: five decimals of a degree are about a metre.
COORDINATE_PLACES = 5

_DIRECTION = re.compile(r"^[^()]+?\s(north|south|east|west)(?:bound)?\b", re.I)


class CheckpointDataError(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class CheckpointRecord:
    line: int
    name: str
    state: str
    sector_name: str
    station_name: str
    highway: str
    direction: str
    location_description: str
    latitude: Decimal | None
    longitude: Decimal | None
    list_order: int | None
    source_url: str
    source_note: str

    @property
    def key(self) -> tuple[str, str]:
        return (self.state, self.name)


def direction_of(highway: str) -> str:
    """NORTH, SOUTH, EAST or WEST where the road as listed says; else ""."""
    found = _DIRECTION.match(highway)
    return found.group(1).upper() if found else ""


def station_named_in(note: str, station_names: set[str]) -> str:
    """The one station of the sector the note names, or "" for none or several."""
    named = {
        name
        for name in station_names
        if re.search(rf"\b{re.escape(name)} Station\b", note)
    }
    return named.pop() if len(named) == 1 else ""


def read_checkpoints(
    stations_by_sector: dict[str, set[str]], path: Path = CHECKPOINTS_FILE
) -> list[CheckpointRecord]:
    """Every row of the file, checked; ``stations_by_sector`` maps the tree's
    sector names to their stations' names."""
    problems: list[str] = []
    records: list[CheckpointRecord] = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = COLUMNS - set(reader.fieldnames or [])
        if missing:
            raise CheckpointDataError(
                [f"{path.name}: missing columns {', '.join(sorted(missing))}"]
            )
        for row in reader:
            row = {key: (value or "").strip() for key, value in row.items()}
            where = f"{path.name} line {reader.line_num}"
            record = _record(row, reader.line_num, stations_by_sector)
            if isinstance(record, list):
                problems.extend(f"{where}: {problem}" for problem in record)
            else:
                records.append(record)

    for (state, name), count in Counter(record.key for record in records).items():
        if count > 1:
            problems.append(f"{path.name}: {name} ({state}) appears {count} times")
    if not records and not problems:
        problems.append(f"{path.name}: the file lists no checkpoints")
    if problems:
        raise CheckpointDataError(problems)
    return records


def _record(row: dict, line: int, stations_by_sector) -> CheckpointRecord | list:
    problems = []
    if not row["checkpoint"]:
        problems.append("the checkpoint has no name")
    state = row["state"].upper()
    if not (len(state) == 2 and state.isalpha()):
        problems.append(f"{row['state']!r} is not a two-letter state code")
    if not row["highway_direction"]:
        problems.append("the checkpoint has no highway or road")
    if row["sector"] not in stations_by_sector:
        problems.append(
            f"no sector of the organization tree is named {row['sector']!r}"
        )
    order = None
    if row["order_west_to_east"]:
        if row["order_west_to_east"].isdigit():
            order = int(row["order_west_to_east"])
        else:
            problems.append(f"order {row['order_west_to_east']!r} is not a number")
    latitude, longitude = _coordinates(row, problems)
    if problems:
        return problems

    return CheckpointRecord(
        line=line,
        name=row["checkpoint"],
        state=state,
        sector_name=row["sector"],
        station_name=station_named_in(row["note"], stations_by_sector[row["sector"]]),
        highway=row["highway_direction"],
        direction=direction_of(row["highway_direction"]),
        location_description=row["location_description"],
        latitude=latitude,
        longitude=longitude,
        list_order=order,
        source_url=row["source_url"],
        source_note=row["note"],
    )


def _coordinates(row: dict, problems: list[str]):
    values = {}
    for name in ("latitude", "longitude"):
        text = row[name]
        if not text:
            values[name] = None
            continue
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            problems.append(f"{name} {text!r} is not a number")
            continue
        if -value.as_tuple().exponent > COORDINATE_PLACES:
            problems.append(
                f"{name} {text!r} has more than {COORDINATE_PLACES} decimal places"
            )
            continue
        values[name] = value
    if len(values) < 2:
        return None, None

    try:
        coordinates.validate_coordinates(values["latitude"], values["longitude"])
    except ValidationError as error:
        for messages in error.message_dict.values():
            problems.extend(message[0].lower() + message[1:] for message in messages)
    return values["latitude"], values["longitude"]
