"""The trend charts beside the reports' tables, on screen only.

Each chart is drawn by static/js/reporting-charts.js from JSON the page
embeds with ``json_script`` (a data block the Content Security Policy lets
through, unlike inline script). The figures are the very ones a table of the
same page shows, so the table is the chart's text alternative; counts only,
no line names a person. The PDF and the print-out carry the tables alone.
"""

from dataclasses import dataclass
from decimal import Decimal

from reporting import intelligence, zones


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # one per label; None where the table shows none


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page; names the data element
    title: str
    table_id: str  # the table that holds the same numbers
    table_name: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def data(self) -> dict:
        return {
            "labels": list(self.labels),
            "series": [
                {"name": line.name, "values": [_number(v) for v in line.values]}
                for line in self.series
            ],
        }


def _number(value):
    """A figure as JSON carries it: a whole number stays whole."""
    if value is None:
        return None
    value = Decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _fy(year: int) -> str:
    return f"FY {year}"


def zone_charts(report: zones.ZoneReport) -> list[Chart]:
    years = report.years
    measures = (
        ("Apprehensions", "apprehensions"),
        ("Turn-backs", "turn_backs"),
        ("Got-aways", "got_aways"),
    )
    return [
        Chart(
            key="gpra-zones-years",
            title=f"Zone activity by fiscal year, {report.area.label}",
            table_id="gpra-zones-years",
            table_name="By fiscal year",
            labels=tuple(_fy(year.fiscal_year) for year in years),
            series=(
                *(
                    Series(name, tuple(year.get(measure) for year in years))
                    for name, measure in measures
                ),
                Series("Agent-shifts", tuple(year.agent_shifts for year in years)),
            ),
        )
    ]


def apprehension_charts(report: intelligence.ApprehensionReport) -> list[Chart]:
    """Charted from the area's own table by month: the sector's or
    station's lines, or the sum of a region's or the nation's sectors."""
    months = report.months if report.several_places else report.lines
    table = (
        ("apprehensions-area", "The area by month")
        if report.several_places
        else ("apprehensions-months", "By month")
    )
    labels = tuple(month.month_label for month in months)

    def chart(key, title, *columns):
        return Chart(
            key=key,
            title=f"{title} by month, {report.area.label}",
            table_id=table[0],
            table_name=table[1],
            labels=labels,
            series=tuple(
                Series(name, tuple(value_of(month) for month in months))
                for name, value_of in columns
            ),
        )

    return [
        chart(
            "apprehensions",
            "Apprehensions",
            ("Apprehensions", lambda month: month.values.get("apprehensions")),
        ),
        chart(
            "agent-shifts",
            "Agent-shifts",
            ("Agent-shifts", lambda month: month.agent_shifts),
            ("Shifts with a vehicle", lambda month: month.vehicle_shifts),
        ),
    ]


def national_guard_charts(report: intelligence.GuardReport) -> list[Chart]:
    """The area's own line per year: a sector's or station's figure, or a
    region's or the nation's sum of sectors beside its published total."""
    kinds = (
        (("sum", "Sum of sectors"), ("published", "As published"))
        if report.area.is_total
        else (("place", "National Guard deployed"),)
    )
    years = list(range(report.first_year, report.last_year + 1))
    own = {
        (line.fiscal_year, line.kind): line.troops
        for line in report.lines
        if line.code == report.area.code
    }
    return [
        Chart(
            key="national-guard",
            title=f"National Guard deployed by fiscal year, {report.area.label}",
            table_id="national-guard",
            table_name="By fiscal year",
            labels=tuple(_fy(year) for year in years),
            series=tuple(
                Series(name, tuple(own.get((year, kind)) for year in years))
                for kind, name in kinds
            ),
        )
    ]


def canine_charts(report: intelligence.CanineReport) -> list[Chart]:
    return [
        Chart(
            key="canine-years",
            title=f"Canine assists by fiscal year, {report.area.label}",
            table_id="canine-years",
            table_name="Assists by fiscal year",
            labels=tuple(_fy(year.fiscal_year) for year in report.years),
            series=(Series("Assists", tuple(year.assists for year in report.years)),),
        )
    ]
