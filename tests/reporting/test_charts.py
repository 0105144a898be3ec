"""The trend charts beside the zone and intelligence reports: each page
embeds its charts' figures as JSON (json_script, which the Content Security
Policy lets through), the very figures of a table on the same page; the PDF
carries the tables, marked For Official Use Only, and no chart."""

import csv
import io
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from staffing.models import Canine
from tests.scheduling.conftest import build

pytestmark = pytest.mark.django_db

NOGALES = "?area=TCA&station=Nogales&first_year=2025&last_year=2026"
TUCSON_2026 = "?area=TCA&station=&first_year=2026&last_year=2026"
SOUTHWEST_2026 = "?area=SW&station=&first_year=2026&last_year=2026"
MONTHS_FY2026 = [
    "Oct 2025",
    "Nov 2025",
    "Dec 2025",
    "Jan 2026",
    "Feb 2026",
    "Mar 2026",
    "Apr 2026",
    "May 2026",
    "Jun 2026",
    "Jul 2026",
    "Aug 2026",
    "Sep 2026",
]


class _Tables(HTMLParser):
    """The text of each cell of each table that has an id, row by row."""

    def __init__(self):
        super().__init__()
        self.tables, self._table, self._row, self._cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None:
            self._table.append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def charts_of(html: str) -> dict[str, dict]:
    """Each chart's JSON, by the id of the table its canvas names."""
    found = {}
    for canvas in re.finditer(
        r'<canvas data-bpets-chart="([^"]+)" data-bpets-chart-data="([^"]+)"', html
    ):
        table_id, data_id = canvas.groups()
        block = re.search(
            rf'<script id="{data_id}" type="application/json">(.*?)</script>',
            html,
            re.S,
        )
        found.setdefault(table_id, []).append(json.loads(block.group(1)))
    return found


def as_figure(value) -> str:
    """How the table prints a figure the chart holds."""
    if value is None:
        return "–"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def assert_drawn_from(chart: dict, rows: list[list[str]], columns: dict) -> None:
    """Every point of the chart is the figure the table shows for its label
    (the row's header) in the series' column."""
    by_label = {row[0]: row for row in rows[1:]}
    assert list(by_label)[: len(chart["labels"])] == chart["labels"]
    for series in chart["series"]:
        column = columns[series["name"]]
        shown = [by_label[label][column] for label in chart["labels"]]
        assert shown == [as_figure(value) for value in series["values"]]


def page(client, user, path):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def pdf_texts(client, path) -> list[str]:
    response = client.get(path)
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    return [" ".join(sheet.extract_text().split()) for sheet in pages]


def assert_marked_tables_only(texts: list[str], *expected: str) -> None:
    for text in texts:
        assert text.count("For Official Use Only") >= 2
    whole = " ".join(texts)
    for words in expected:
        assert words in whole
    assert "chart-data-" not in whole


@pytest.fixture
def zones_two_years(finalized, import_file, snapshot_file):
    """PP 1/2026 at Nogales built into G-481s (January 2026, FY 2026): ten
    day shifts in Z01 and ten night shifts in Z02, ten hours each, all in a
    zone. The snapshot holds FY 2025 and FY 2026 by zone; FY 2026's Z02 has
    its year (12) and two months (7 + 5), and the year is what counts."""
    build(finalized)
    import_file(
        snapshot_file(
            "2025,,TCA,Nogales,Z01,,apprehensions,30,people",
            "2025,3,TCA,Nogales,Z01,,turn_backs,4,people",
            "2025,,TCA,Nogales,Z02,,got_aways,9,people",
            "2026,,TCA,Nogales,Z01,,apprehensions,40,people",
            "2026,,TCA,Nogales,Z02,,apprehensions,12,people",
            "2026,10,TCA,Nogales,Z02,,apprehensions,7,people",
            "2026,11,TCA,Nogales,Z02,,apprehensions,5,people",
            "2026,,TCA,Nogales,Z99,,apprehensions,2,people",
            "2026,,TCA,Nogales,,,apprehensions,500,people",
        )
    )


def test_the_zone_chart_is_the_table_by_fiscal_year(
    client, zones_two_years, hq_analyst
):
    html = page(client, hq_analyst, "/reporting/gpra/zones/" + NOGALES)

    [chart] = charts_of(html)["gpra-zones-years"]
    # FY 2025: 30 in Z01, 4 turn-backs from March's row, 9 got-aways, no
    # G-481 yet. FY 2026: Z01's 40, Z02's year of 12 (not 12 + 7 + 5) and
    # Z99's 2, a code not on file; the station's own 500 has no zone; 20
    # agent-shifts of 10 hours.
    assert chart == {
        "labels": ["FY 2025", "FY 2026"],
        "series": [
            {"name": "Apprehensions", "values": [30, 54]},
            {"name": "Turn-backs", "values": [4, None]},
            {"name": "Got-aways", "values": [9, None]},
            {"name": "Agent-shifts", "values": [0, 20]},
        ],
    }
    rows = tables_of(html)["gpra-zones-years"]
    assert rows[1:] == [
        ["FY 2025", "30", "4", "9", "0", "0"],
        ["FY 2026", "54", "–", "–", "20", "200"],
    ]
    columns = {"Apprehensions": 1, "Turn-backs": 2, "Got-aways": 3, "Agent-shifts": 4}
    assert_drawn_from(chart, rows, columns)
    # The years add up to the zones' total over the range.
    total = tables_of(html)["gpra-zones"][-1]
    assert (total[0], total[2], total[3], total[4], total[10]) == (
        "All zones",
        "84",
        "4",
        "9",
        "20",
    )
    assert 'aria-label="Zone activity by fiscal year, Nogales Station;' in html
    assert "chart.umd.min.js" in html and "reporting-charts.js" in html


def test_the_zone_pdf_keeps_its_marking_and_has_the_tables_alone(
    client, zones_two_years, hq_analyst
):
    client.force_login(hq_analyst)

    texts = pdf_texts(client, "/reporting/gpra/zones.pdf" + NOGALES)

    assert_marked_tables_only(texts, "By fiscal year", "FY 2026 54 – – 20 200")


@pytest.fixture
def january_2026(finalized, import_file, snapshot_file):
    """PP 1/2026 at Nogales in G-481s (11 to 24 January 2026): twenty
    agent-shifts, ten with a vehicle. Tucson's January and El Paso's
    February in the snapshot, and a Nogales row the sector ignores."""
    build(finalized)
    import_file(
        snapshot_file(
            "2026,1,TCA,,,,apprehensions,300,people",
            "2026,2,EPT,,,,apprehensions,80,people",
            "2026,1,TCA,Nogales,,,apprehensions,120,people",
        )
    )


def test_a_sectors_apprehension_charts_are_its_table_by_month(
    client, january_2026, hq_analyst
):
    html = page(
        client, hq_analyst, "/reporting/intelligence/apprehensions/" + TUCSON_2026
    )

    apprehensions, shifts = charts_of(html)["apprehensions-months"]
    january = MONTHS_FY2026.index("Jan 2026")
    assert apprehensions["labels"] == MONTHS_FY2026
    assert apprehensions["series"] == [
        {
            "name": "Apprehensions",
            "values": [300 if i == january else None for i in range(12)],
        }
    ]
    assert shifts["series"] == [
        {
            "name": "Agent-shifts",
            "values": [20 if i == january else 0 for i in range(12)],
        },
        {
            "name": "Shifts with a vehicle",
            "values": [10 if i == january else 0 for i in range(12)],
        },
    ]
    rows = tables_of(html)["apprehensions-months"]
    # One sector: its own table is the chart's, and no table of the area.
    columns = {"Apprehensions": 2, "Agent-shifts": 6, "Shifts with a vehicle": 8}
    assert_drawn_from(apprehensions, rows, columns)
    assert_drawn_from(shifts, rows, columns)
    assert "apprehensions-area" not in tables_of(html)


def test_a_regions_apprehension_charts_add_up_its_sectors(
    client, january_2026, hq_analyst
):
    html = page(
        client, hq_analyst, "/reporting/intelligence/apprehensions/" + SOUTHWEST_2026
    )

    apprehensions, shifts = charts_of(html)["apprehensions-area"]
    values = apprehensions["series"][0]["values"]
    by_month = dict(zip(apprehensions["labels"], values, strict=True))
    # Tucson's 300 in January, El Paso's 80 in February, nothing else held.
    assert by_month == {
        month: {"Jan 2026": 300, "Feb 2026": 80}.get(month) for month in MONTHS_FY2026
    }
    assert shifts["series"][0]["values"][MONTHS_FY2026.index("Jan 2026")] == 20
    rows = tables_of(html)["apprehensions-area"]
    assert rows[MONTHS_FY2026.index("Jan 2026") + 1] == ["Jan 2026", "300", "20", "10"]
    columns = {"Apprehensions": 1, "Agent-shifts": 2, "Shifts with a vehicle": 3}
    assert_drawn_from(apprehensions, rows, columns)
    assert_drawn_from(shifts, rows, columns)


def test_the_apprehension_pdf_keeps_its_marking(client, january_2026, hq_analyst):
    client.force_login(hq_analyst)

    texts = pdf_texts(
        client, "/reporting/intelligence/apprehensions.pdf" + SOUTHWEST_2026
    )

    assert_marked_tables_only(texts, "The area by month", "Jan 2026 300 20 10")


@pytest.fixture
def guard(organization, import_file, snapshot_file):
    import_file(
        snapshot_file(
            "2017,,TCA,,,,national_guard,120,troops",
            "2018,,TCA,,,,national_guard,250,troops",
            "2018,,EPT,,,,national_guard,100,troops",
            "2018,,SW,,,,national_guard,400,troops",
        )
    )


def test_the_national_guard_chart_is_the_regions_sum_and_published_lines(
    client, guard, hq_analyst
):
    query = "?area=SW&station=&first_year=2017&last_year=2018"

    html = page(client, hq_analyst, "/reporting/intelligence/national-guard/" + query)

    [chart] = charts_of(html)["national-guard"]
    # 2017: Tucson's 120 alone, nothing published; 2018: 250 + 100 beside
    # the published 400.
    assert chart == {
        "labels": ["FY 2017", "FY 2018"],
        "series": [
            {"name": "Sum of sectors", "values": [120, 350]},
            {"name": "As published", "values": [None, 400]},
        ],
    }
    rows = tables_of(html)["national-guard"]
    own = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert [
        own[(label, "Southwest border: sum of sectors")] for label in chart["labels"]
    ] == ["120", "350"]
    assert [
        own[(label, "Southwest border: as published")] for label in chart["labels"]
    ] == ["–", "400"]


def test_a_sectors_national_guard_chart_is_its_own_line(client, guard, hq_analyst):
    query = "?area=TCA&station=&first_year=2017&last_year=2018"

    html = page(client, hq_analyst, "/reporting/intelligence/national-guard/" + query)

    [chart] = charts_of(html)["national-guard"]
    assert chart["series"] == [
        {"name": "National Guard deployed", "values": [120, 250]}
    ]
    rows = tables_of(html)["national-guard"]
    assert [row[2] for row in rows[1:]] == ["250", "120"]  # latest year first


@pytest.fixture
def canine_two_years(organization, units, people, import_file, snapshot_file):
    Canine.objects.create(
        name="Rexford",
        identifier="K9-0417",
        station=units["nogales"],
        handler=people["subject"],
    )
    import_file(
        snapshot_file(
            "2024,,TCA,,,,apprehensions,1000,people",
            "2025,,TCA,Nogales,,K9-0417,canine_assists,6,assists",
            "2026,,TCA,Nogales,,K9-0417,canine_assists,14,assists",
            "2026,3,TCA,Nogales,,K9-0417,canine_assists,5,assists",
            "2026,,TCA,Nogales,,K9-9999,canine_assists,3,assists",
        )
    )
    return people["subject"]


def test_the_canine_chart_is_the_assists_by_fiscal_year(
    client, canine_two_years, hq_analyst
):
    query = "?area=TCA&station=&first_year=2024&last_year=2026"

    html = page(client, hq_analyst, "/reporting/intelligence/canine-assists/" + query)

    [chart] = charts_of(html)["canine-years"]
    # 2024: none held by canine (the year is in the snapshot); 2025: 6;
    # 2026: K9-0417's year (14, not 14 + 5) and K9-9999's 3.
    assert chart == {
        "labels": ["FY 2024", "FY 2025", "FY 2026"],
        "series": [{"name": "Assists", "values": [None, 6, 17]}],
    }
    rows = tables_of(html)["canine-years"]
    assert rows[1:] == [["FY 2024", "–"], ["FY 2025", "6"], ["FY 2026", "17"]]
    assert_drawn_from(chart, rows, {"Assists": 1})
    # The handler is named nowhere, chart data included.
    handler = canine_two_years
    assert f"{handler.first_name} {handler.last_name}" not in html
    assert handler.last_name not in json.dumps(charts_of(html))
    assert "Rexford" not in html

    texts = pdf_texts(client, "/reporting/intelligence/canine-assists.pdf" + query)
    assert_marked_tables_only(texts, "Assists by fiscal year", "FY 2026 17")


def test_a_refused_query_draws_no_chart(client, guard, hq_analyst):
    client.force_login(hq_analyst)
    query = "?area=TCA&station=&first_year=2018&last_year=2017"

    response = client.get("/reporting/gpra/zones/" + query)

    assert response.status_code == 400
    html = response.content.decode()
    assert "<canvas" not in html and "chart.umd.min.js" not in html


def csv_tables(client, path) -> list[list[list[str]]]:
    """The tables of a report's CSV: the first from the top, then each one
    below a blank line, its title row kept as its first row."""
    response = client.get(path)
    assert response.status_code == 200
    tables = [[]]
    for row in csv.reader(io.StringIO(response.content.decode())):
        if row:
            tables[-1].append(row)
        else:
            tables.append([])
    return tables


def test_the_zone_csv_holds_the_table_by_fiscal_year(
    client, zones_two_years, hq_analyst
):
    client.force_login(hq_analyst)

    zones, years = csv_tables(client, "/reporting/gpra/zones.csv" + NOGALES)

    assert zones[-1][3] == "All zones"
    # The page's table by fiscal year (see the chart's test), figures for
    # the sheet: an empty cell where the page shows "–".
    assert years == [
        ["All the zones of Nogales Station by fiscal year"],
        [
            "Fiscal year",
            "Apprehensions",
            "Turn-backs",
            "Got-aways",
            "Agent-shifts (G-481)",
            "Hours (G-481)",
        ],
        ["2025", "30", "4", "9", "0", "0"],
        ["2026", "54", "", "", "20", "200"],
    ]


def test_a_regions_apprehension_csv_holds_the_area_by_month(
    client, january_2026, hq_analyst
):
    client.force_login(hq_analyst)

    sectors, area = csv_tables(
        client, "/reporting/intelligence/apprehensions.csv" + SOUTHWEST_2026
    )
    [sector_only] = csv_tables(
        client, "/reporting/intelligence/apprehensions.csv" + TUCSON_2026
    )

    assert area[0] == ["Southwest border as a whole by month"]
    assert area[1] == sectors[0]
    assert [row[1] for row in area[2:]] == MONTHS_FY2026
    by_month = {row[1]: row for row in area[2:]}
    # Tucson's 300 against Nogales's 20 agent-shifts of 10 hours, 10 with a
    # vehicle: 1,500 per 100 agent-shifts; El Paso's 80 against none.
    assert by_month["Jan 2026"] == [
        "2026",
        "Jan 2026",
        "SW",
        "Southwest border",
        "300",
        "",
        "",
        "",
        "20",
        "200",
        "10",
        "1500",
    ]
    assert by_month["Feb 2026"][4:] == ["80", "", "", "", "0", "0", "0", ""]
    # One sector is its own area: no second table.
    assert sector_only[0] == sectors[0]


def test_the_canine_csv_holds_the_assists_by_fiscal_year(
    client, canine_two_years, hq_analyst
):
    client.force_login(hq_analyst)
    query = "?area=TCA&station=&first_year=2024&last_year=2026"

    canines, years = csv_tables(
        client, "/reporting/intelligence/canine-assists.csv" + query
    )

    assert [row[0] for row in canines[1:]] == ["K9-0417", "K9-9999"]
    assert years == [
        ["Canine assists by fiscal year, Tucson Sector"],
        ["Fiscal year", "Assists, all canines"],
        ["2024", ""],
        ["2025", "6"],
        ["2026", "17"],
    ]
