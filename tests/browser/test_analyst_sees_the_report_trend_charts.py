from pathlib import Path

import pytest
from playwright.sync_api import expect

from reporting import snapshot
from tests.browser.conftest import (
    accessibility_violations,
    log_in,
    policy_refusals,
)

pytestmark = pytest.mark.browser

# The example of zone figures the README offers for trying the charts:
# Nogales, the demo station, in fiscal years 2023 to 2025.
EXAMPLE = Path(__file__).parents[2] / "reporting/examples/zone-trend-example.csv"


def test_the_report_charts_are_drawn_within_the_policy(demo_site, browser):
    snapshot.import_now(EXAMPLE.read_bytes(), EXAMPLE.name, started_by=None)
    page = browser.new_context().new_page()
    refusals = policy_refusals(page)
    log_in(page, demo_site, "analyst")

    page.goto(
        demo_site
        + "/reporting/gpra/zones/?area=TCA&station=Nogales"
        + "&first_year=2023&last_year=2025"
    )

    expect(
        page.get_by_role("heading", name="GPRA zone report: Nogales Station")
    ).to_be_visible()
    chart = page.get_by_role("img", name="Zone activity by fiscal year")
    expect(chart).to_be_visible()
    drawn = drawing(page, "gpra-zones-years")
    # Z01 + Z02 (+ Z03 in 2025): 412 + 655, 388 + 702, 351 + 690 + 129.
    assert drawn["labels"] == ["FY 2023", "FY 2024", "FY 2025"]
    assert drawn["lines"][0] == ["Apprehensions", [1067, 1090, 1170]]
    assert drawn["lines"][2] == ["Got-aways", [151, 132, 122]]
    assert drawn["inked"] > 1000
    years = page.get_by_role("table", name="All the zones of Nogales Station")
    expect(years.get_by_role("row", name="FY 2025")).to_contain_text("1,170")
    assert accessibility_violations(page) == []

    # The intelligence reports draw theirs the same way: Tucson Sector's
    # National Guard and canine assists from the same example file.
    years = "?area=TCA&station=&first_year=2023&last_year=2025"
    page.goto(demo_site + "/reporting/intelligence/national-guard/" + years)
    guard = drawing(page, "national-guard")
    assert guard["lines"] == [["National Guard deployed", [180, 240, 310]]]
    page.goto(demo_site + "/reporting/intelligence/canine-assists/" + years)
    assists = drawing(page, "canine-years")
    assert assists["lines"] == [["Assists", [11, 14, 9]]]
    assert assists["inked"] > 1000
    assert accessibility_violations(page) == []
    assert refusals == []


def drawing(page, table_id) -> dict:
    """The chart drawn for a table: its labels, its lines, and how many of
    the canvas's pixels carry ink."""
    return page.evaluate(
        """(tableId) => {
            const canvas = document.querySelector(
                `canvas[data-bpets-chart="${tableId}"]`);
            const chart = Chart.getChart(canvas);
            const pixels = canvas.getContext("2d")
                .getImageData(0, 0, canvas.width, canvas.height).data;
            let inked = 0;
            for (let i = 3; i < pixels.length; i += 4) {
                if (pixels[i] > 0) inked += 1;
            }
            return {
                labels: chart.data.labels,
                lines: chart.data.datasets.map((d) => [d.label, d.data]),
                inked: inked,
            };
        }""",
        table_id,
    )
