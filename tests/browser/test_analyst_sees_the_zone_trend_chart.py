import pytest
from playwright.sync_api import expect

from reporting import snapshot
from tests.browser.conftest import (
    accessibility_violations,
    log_in,
    policy_refusals,
)

pytestmark = pytest.mark.browser

# Zone figures for the demo station, Nogales, in two fiscal years.
ZONE_FIGURES = (
    "fiscal_year,month,sector_code,station,zone,canine,measure,value,unit\n"
    "2025,,TCA,Nogales,Z01,,apprehensions,30,people\n"
    "2025,,TCA,Nogales,Z02,,got_aways,9,people\n"
    "2026,,TCA,Nogales,Z01,,apprehensions,40,people\n"
    "2026,,TCA,Nogales,Z02,,apprehensions,12,people\n"
)


def test_the_zone_reports_chart_is_drawn_within_the_policy(demo_site, browser):
    snapshot.import_now(ZONE_FIGURES.encode(), "zones.csv", started_by=None)
    page = browser.new_context().new_page()
    refusals = policy_refusals(page)
    log_in(page, demo_site, "analyst")

    page.goto(
        demo_site
        + "/reporting/gpra/zones/?area=TCA&station=Nogales"
        + "&first_year=2025&last_year=2026"
    )

    expect(
        page.get_by_role("heading", name="GPRA zone report: Nogales Station")
    ).to_be_visible()
    chart = page.get_by_role("img", name="Zone activity by fiscal year")
    expect(chart).to_be_visible()
    drawn = page.evaluate(
        """() => {
            const canvas = document.querySelector(
                "canvas[data-bpets-chart=gpra-zones-years]");
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
        }"""
    )
    assert drawn["labels"] == ["FY 2025", "FY 2026"]
    assert drawn["lines"][0] == ["Apprehensions", [30, 52]]
    assert drawn["lines"][2] == ["Got-aways", [9, None]]
    assert drawn["inked"] > 1000
    years = page.get_by_role("table", name="All the zones of Nogales Station")
    expect(years.get_by_role("row", name="FY 2026")).to_contain_text("52")
    assert accessibility_violations(page) == []
    assert refusals == []
