import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser


def test_the_analyst_opens_the_aor_summary_for_a_year_and_downloads_its_pdf(
    demo_site, browser
):
    call_command("load_statistics", stdout=io.StringIO())
    page = browser.new_context(accept_downloads=True).new_page()
    log_in(page, demo_site, "analyst")
    page.get_by_role("link", name="Reporting", exact=True).click()
    page.get_by_role("link", name="AOR summary").click()

    page.get_by_label("Area").select_option(label="Southwest border")
    page.get_by_label("From fiscal year").select_option(label="FY 2018")
    page.get_by_label("To fiscal year").select_option(label="FY 2018")
    page.get_by_role("button", name="Show").click()

    expect(
        page.get_by_role("heading", name="AOR summary: Southwest border")
    ).to_be_visible()
    year = page.get_by_role("table", name="Southwest border, FY 2018")
    expect(year.get_by_role("row", name="Tucson Sector")).to_contain_text("52,172")
    # The technology and vehicles table has a row of its own for the sector.
    assets = page.get_by_role("table", name="Technology and vehicles, Southwest border")
    expect(assets.get_by_role("row", name="Tucson Sector")).to_be_visible()
    published = year.get_by_role("row", name="Southwest border: as published")
    expect(published).to_contain_text("16,608")
    expect(
        year.get_by_role("row", name="Southwest border: sum of sectors")
    ).to_contain_text("16,482")
    # The charts were drawn from the tables: the months' chart has the sum
    # of the sectors and the published total, October first.
    months = page.evaluate(
        """() => {
            const selector = "canvas[data-bpets-chart=aor-months]";
            const canvas = document.querySelector(selector);
            const chart = Chart.getChart(canvas);
            return [chart.data.labels[0], chart.data.datasets.map((d) => d.label)];
        }"""
    )
    assert months == ["Oct 2017", ["Sum of sectors", "As published"]]
    assert accessibility_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == "aor-summary-sw-fy2018.pdf"
    with open(download.value.path(), "rb") as file:
        pdf = PdfReader(io.BytesIO(file.read()))
    texts = [" ".join(sheet.extract_text().split()) for sheet in pdf.pages]
    assert "Tucson Sector 52,172 3,681" in "".join(texts)
    for number, text in enumerate(texts, start=1):
        assert text.count("For Official Use Only") >= 2
        assert f"Page {number} of {len(texts)}" in text
