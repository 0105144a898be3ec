"""The AOR summary as CSV, for use inside the agency: the numbers of the
page's tables, one line per place and fiscal year; then, after a blank
line, the technology and vehicles per area on the day the page counts
them (a second table: they are counted on a day, not by fiscal year).

Every report's CSV holds every table of its page, the first at the top and
each further one below it (``table_below``), so that a sheet made from the
file has the figures the page and its charts show."""

import io

from bpets import spreadsheet
from security import audit

HEADINGS = (
    "Fiscal year",
    "Area code",
    "Area",
    "Line",
    "Apprehensions",
    "Agents on board",
    "Apprehensions per agent",
    "Marijuana (lb)",
    "Cocaine (lb)",
    "Heroin (oz)",
    "Deaths",
    "Rescues",
    "Deaths recorded in BSITS",
    "Rescues recorded in BSITS",
    "Encounters (rounded to the nearest 10)",
    "Interdiction effectiveness rate (%)",
    "Assists credited to assets",
)
ASSET_HEADINGS = (
    "Area code",
    "Area",
    "Permanent technology",
    "Mobile technology",
    "Vehicles",
    "Agents per technology asset",
)
LINE_KINDS = {"place": "", "sum": "Sum of sectors", "published": "As published"}
NOT_REPORTED = "not reported"


def number(value) -> str:
    if value is None:
        return ""
    return (
        f"{value.normalize():f}" if value == value.to_integral_value() else str(value)
    )


def table_below(writer, title: str, headings, rows) -> None:
    """A further table of the page: a blank line, its title on a line of
    its own, its headings, then its lines."""
    writer.writerow([])
    writer.writerow([title])
    writer.writerow(headings)
    for row in rows:
        writer.writerow(row)


def summary_csv(summary) -> tuple[str, int]:
    output = io.StringIO()
    writer = spreadsheet.writer(output)
    writer.writerow(HEADINGS)
    count = 0
    for line in summary.lines:
        writer.writerow(
            [
                line.fiscal_year,
                line.code,
                line.label,
                LINE_KINDS[line.kind],
                *(number(line.get(measure)) for measure in ("apprehensions", "agents")),
                number(line.per_agent),
                *(
                    number(line.get(measure))
                    for measure in (
                        "marijuana",
                        "cocaine",
                        "heroin",
                        "deaths",
                        "rescues",
                    )
                ),
                "" if line.bsits_deaths is None else line.bsits_deaths,
                "" if line.bsits_rescues is None else line.bsits_rescues,
                number(line.get("encounters")),
                NOT_REPORTED if line.effectiveness is None else line.effectiveness,
                NOT_REPORTED if line.assists is None else number(line.assists),
            ]
        )
        count += 1
    if summary.assets:
        table_below(
            writer,
            f"Technology as deployed on {summary.assets_as_of}; "
            f"vehicles as counted on {summary.vehicles_counted_on}",
            ASSET_HEADINGS,
            (
                (
                    asset.code,
                    asset.label,
                    asset.permanent,
                    asset.mobile,
                    asset.vehicles,
                    "" if asset.agents_per_asset is None else asset.agents_per_asset,
                )
                for asset in summary.assets
            ),
        )
    # The count the export's audit event records: the place-and-year lines.
    return output.getvalue(), count


def record_export(
    request,
    summary,
    *,
    form: str,
    rows: int,
    source: str,
    report="aor_summary",
    period: dict | None = None,
) -> None:
    """``summary`` is any report with an area, and with fiscal years unless
    ``period`` says what else it covers."""
    audit.record(
        audit.Kind.EXPORTED,
        request=request,
        details={
            "module": "reporting",
            "report": report,
            "form": form,
            "rows": rows,
            "area": summary.area.key,
            "unit": getattr(summary.area.unit, "pk", None),
            **(period or {"fiscal_years": [summary.first_year, summary.last_year]}),
        },
        source=source,
    )
