"""The deployment extract: for days and an area, per day, station, zone,
shift, activity and sub-activity, the agents and hours scheduled on the
finalized G-259s and worked on the G-481s, for the agency's data warehouse.

Aggregates only: a line counts people and their hours and never names one.
A shift is its local start time at the station ("06:00"); its hours run
from its start to its end as instants (a night across a change of clocks
counts the hours it really lasted) and all count on the schedule's day,
the day the shift starts, even when it ends after midnight. The G-259 puts
nobody in a zone, so its lines have an empty zone.

The lines are grouped and ordered in SQL (``scheduling.zone_statistics``)
and read a page at a time; only the page is turned into text here.
"""

import io
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from bpets import spreadsheet
from reporting import aor, zones
from scheduling import zone_statistics

# The CSV's header and the keys of each line of the JSON, in this order.
COLUMNS = (
    "day",
    "source",
    "sector",
    "station",
    "zone",
    "zone_name",
    "shift",
    "activity",
    "activity_name",
    "sub_activity",
    "sub_activity_name",
    "agents",
    "hours",
)
# Lines a page of the JSON (a line is some 300 bytes of it).
PAGE_SIZE = 10_000
EXTRACT = "deployment"


@dataclass
class Extract:
    area: aor.Area
    first_day: date
    last_day: date
    station_ids: list[int]

    @property
    def period(self) -> dict:
        """The days asked, as an audit event records them."""
        return {"from": self.first_day.isoformat(), "to": self.last_day.isoformat()}

    def file_name(self, extension: str) -> str:
        place = self.area.key.replace("/", "-").replace(" ", "-").lower()
        return f"deployment-{place}-{self.first_day}-{self.last_day}.{extension}"


def extract(asked) -> Extract:
    """The extract of what ``parameters.read_days`` (or ``read_for_service``)
    asked for."""
    stations = asked.places.stations_of(asked.area)
    return Extract(
        asked.area, asked.first_day, asked.last_day, [unit.pk for unit in stations]
    )


def lines(made: Extract, *, offset: int = 0, limit: int | None = None) -> list[dict]:
    """The lines from ``offset`` on (at most ``limit`` of them), each a dict
    of ``COLUMNS``."""
    rows = zone_statistics.deployment(made.station_ids, made.first_day, made.last_day)
    if limit is not None:
        rows = rows[offset : offset + limit]
    elif offset:
        rows = rows[offset:]
    time_zones = {}
    return [_line(row, time_zones) for row in rows]


def _line(row: dict, time_zones: dict) -> dict:
    name = row["time_zone"]
    if name not in time_zones:
        time_zones[name] = ZoneInfo(name)
    starts = row["starts_at"].astimezone(time_zones[name])
    return {
        "day": row["schedule_day"].isoformat(),
        "source": row["source"],
        "sector": row["sector_code"],
        "station": row["station_name"],
        "zone": row["zone_code"],
        "zone_name": row["zone_name"],
        "shift": f"{starts:%H:%M}",
        "activity": row["activity_code"],
        "activity_name": row["activity_name"],
        "sub_activity": row["sub_activity_code"],
        "sub_activity_name": row["sub_activity_name"],
        "agents": row["agents"],
        "hours": zones.hours_of(row["worked"], "0.01"),
    }


def page(made: Extract, number: int) -> tuple[list[dict], bool]:
    """Page ``number`` (from 1) of the lines, and whether another follows."""
    found = lines(made, offset=(number - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1)
    return found[:PAGE_SIZE], len(found) > PAGE_SIZE


def as_csv(made: Extract) -> tuple[bytes, int]:
    """Every line of the extract as CSV (UTF-8), and how many lines."""
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(COLUMNS)
    found = lines(made)
    for line in found:
        writer.writerow([line[column] for column in COLUMNS])
    return output.getvalue().encode(), len(found)
