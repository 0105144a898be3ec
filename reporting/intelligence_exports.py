"""The intelligence reports as CSV, for use inside the agency: each
report's lines, then the page's further tables below them."""

import io

from bpets import spreadsheet
from reporting.exports import LINE_KINDS, number, table_below


def _written(headings, rows, *below) -> tuple[str, int]:
    """The report's lines under their headings, then each further table
    given as (title, headings, rows). The count is of the report's lines,
    the one the export's audit event records."""
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(headings)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    for table in below:
        table_below(writer, *table)
    return output.getvalue(), count


MONTHLY = ("apprehensions", "marijuana", "cocaine", "heroin")
MONTH_HEADINGS = (
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
)


def _month_row(line) -> tuple:
    return (
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


def apprehensions_csv(report) -> tuple[str, int]:
    """A region's or the nation's sectors, or a sector's stations, month by
    month; with more than one place, the area as a whole below them."""
    below = []
    if report.several_places:
        below.append(
            (
                f"{report.area.label} as a whole by month",
                MONTH_HEADINGS,
                map(_month_row, report.months),
            )
        )
    return _written(MONTH_HEADINGS, map(_month_row, report.lines), *below)


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
        (
            f"Canine assists by fiscal year, {report.area.label}",
            ("Fiscal year", "Assists, all canines"),
            ((year.fiscal_year, number(year.assists)) for year in report.years),
        ),
    )
