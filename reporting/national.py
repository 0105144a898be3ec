"""The reporting module's part of the national data set: a statistical
snapshot of about a million rows (26 fiscal years x 20 sectors x 12 months
x 8 zones x 20 measures, with the annual sector rows the AOR summary
reads), imported through the product's own import."""

import io

from bpets.national import SNAPSHOT_ROWS, Nation
from reporting import areas, measures, snapshot, snapshot_file
from reporting.models import ImportRun

YEARS = range(2000, 2026)
ZONES = [f"Z{number:02d}" for number in range(1, 9)]
ANNUAL = {
    "apprehensions": 5000,
    "agents": 900,
    "marijuana": 1200,
    "cocaine": 40,
    "deaths": 12,
    "rescues": 60,
    "turn_backs": 700,
    "got_aways": 900,
}


def build(nation: Nation) -> None:
    years = max(1, round(len(YEARS) * nation.scaled(SNAPSHOT_ROWS) / SNAPSHOT_ROWS))
    content, rows = snapshot_content(YEARS[-years:])
    # Imported as the command line imports: no person, no scope to check.
    run = snapshot.import_now(content, "national.csv")
    if run.state != ImportRun.State.LOADED:
        raise RuntimeError(f"snapshot import run {run.pk} did not load")
    nation.counts["snapshot_rows"] = rows


def zone_measures() -> list[str]:
    whole = [spec for spec in measures.CATALOG if spec.whole]
    return [spec.code for spec in whole[:20]]


def snapshot_content(years) -> tuple[bytes, int]:
    """A snapshot file over ``years`` and its number of rows."""
    places = areas.places()
    output = io.StringIO()
    output.write(",".join(snapshot_file.COLUMNS) + "\n")
    units = {spec.code: spec.unit for spec in measures.CATALOG}
    codes = zone_measures()
    rows = 0
    for year in years:
        for code in sorted(places.sectors):
            station = sorted(places.stations[code].values(), key=lambda u: u.name)[0]
            for measure, value in ANNUAL.items():
                output.write(f"{year},,{code},,,,{measure},{value},{units[measure]}\n")
                rows += 1
            for month in range(1, 13):
                for zone in ZONES:
                    for index, measure in enumerate(codes):
                        output.write(
                            f"{year},{month},{code},{station.name},{zone},,"
                            f"{measure},{index + month},{units[measure]}\n"
                        )
                        rows += 1
    return output.getvalue().encode(), rows
