from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import accessibility_violations, log_in

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "staffing" / "import_example.csv"


def test_the_administrator_fixes_a_refused_file_and_imports_it(
    demo_site, browser, tmp_path
):
    page = browser.new_context().new_page()
    log_in(page, demo_site, "access-admin")
    page.get_by_role("link", name="Staffing", exact=True).click()
    page.get_by_role("link", name="Import records from a file").click()
    expect(page.get_by_role("heading", name="Import employee records")).to_be_visible()
    assert accessibility_violations(page) == []

    refused = tmp_path / "people.csv"
    refused.write_bytes(EXAMPLE.read_bytes().replace(b",85621,", b",8562,", 1))
    choose_file(page).set_input_files(refused)
    page.get_by_role("button", name="Check the file").click()
    expect(
        page.get_by_text("The file was refused: nothing was written")
    ).to_be_visible()
    problem = page.locator("#import-problems tbody tr")
    expect(problem).to_have_count(1)
    expect(problem).to_contain_text("2")
    expect(problem).to_contain_text("work_zip")
    assert accessibility_violations(page) == []

    choose_file(page).set_input_files(EXAMPLE)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("3 new records, 0 already on record")).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role("button", name="Import 3 records").click()

    expect(page.get_by_role("heading", name="3 records imported")).to_be_visible()
    expect(page.locator("#import-created tbody tr")).to_have_count(3)
    assert accessibility_violations(page) == []
    page.get_by_role("link", name="Inés R. Nolina").click()
    expect(page.get_by_role("heading", name="Inés R. Nolina")).to_be_visible()


def choose_file(page):
    # The design system's script names the input "Drag file here or choose
    # from folder" in place of its label.
    return page.locator("input#id_file")
