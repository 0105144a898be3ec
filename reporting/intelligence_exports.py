"""The intelligence reports as CSV, for use inside the agency."""

import io

from bpets import spreadsheet
from reporting.exports import LINE_KINDS, number


def _written(headings, rows) -> tuple[str, int]:
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(headings)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    return output.getvalue(), count


def apprehensions_csv(report) -> tuple[str, int]:
    return _written(
        (
            "Fiscal year",
            "Month",
            "Sector",
            "Area",
            "Apprehensions",
            "Marijuana (lb)",
            "Cocaine (lb)",
            "Heroin (oz)",
            "Agent-shifts (G-481)",
            "Hours (G-481)",
            "Shifts with a vehicle",
            "Apprehensions per 100 agent-shifts",
        ),
        (
            (
                line.fiscal_year,
                line.month_label,
                line.code,
                line.label,
                *(number(line.values.get(m)) for m in MONTHLY),
                line.agent_shifts,
                number(line.hours),
                line.vehicle_shifts,
                number(line.per_100_shifts),
            )
            for line in report.lines
        ),
    )


MONTHLY = ("apprehensions", "marijuana", "cocaine", "heroin")


def national_guard_csv(report) -> tuple[str, int]:
    return _written(
        ("Fiscal year", "Area code", "Area", "Line", "National Guard deployed"),
        (
            (
                line.fiscal_year,
                line.code,
                line.label,
                LINE_KINDS[line.kind],
                number(line.troops),
            )
            for line in report.lines
        ),
    )


def canine_assists_csv(report) -> tuple[str, int]:
    return _written(
        (
            "Canine identifier",
            "Sector",
            "Station",
            "On file",
            "Stationed at",
            "Assists",
        ),
        (
            (
                line.identifier,
                line.sector_code,
                line.station,
                "yes" if line.on_file else "canine not on file",
                line.stationed_at,
                number(line.assists),
            )
            for line in report.lines
        ),
    )
