"""The GPRA zone report as CSV, for use inside the agency: one line per
zone, then the area's total; below them, all the zones by fiscal year."""

import io

from bpets import spreadsheet
from reporting.exports import number, table_below
from reporting.zones import MEASURES

HEADINGS = (
    "Sector",
    "Station",
    "Zone code",
    "Zone",
    "Apprehensions",
    "Turn-backs",
    "Got-aways",
    "Marijuana (lb)",
    "Cocaine (lb)",
    "Heroin (oz)",
    "Methamphetamine (lb)",
    "Other drugs (lb)",
    "Agent-shifts (G-481)",
    "Hours (G-481)",
    "Vehicles deployed",
    "Shifts with a vehicle",
    "Permanent technology",
    "Mobile technology",
)
YEAR_MEASURES = ("apprehensions", "turn_backs", "got_aways")
YEAR_HEADINGS = (
    "Fiscal year",
    "Apprehensions",
    "Turn-backs",
    "Got-aways",
    "Agent-shifts (G-481)",
    "Hours (G-481)",
)


def zone_csv(report) -> tuple[str, int]:
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(HEADINGS)
    for line in [*report.lines, report.total]:
        writer.writerow(
            [
                line.sector_code,
                line.station,
                line.zone_code,
                line.zone_name,
                *(number(line.get(measure)) for measure in MEASURES),
                line.agent_shifts,
                number(line.hours),
                line.vehicles,
                line.vehicle_shifts,
                line.permanent,
                line.mobile,
            ]
        )
    table_below(
        writer,
        f"All the zones of {report.area.label} by fiscal year",
        YEAR_HEADINGS,
        (
            (
                year.fiscal_year,
                *(number(year.get(measure)) for measure in YEAR_MEASURES),
                year.agent_shifts,
                number(year.hours),
            )
            for year in report.years
        ),
    )
    # The count the export's audit event records: the zones' lines.
    return output.getvalue(), len(report.lines)
