"""The AOR summary over the published tables equals what CBP printed.

The expected figures are read from the copied CSV with the csv module alone
(not the loader), and some are typed here by hand from the file.
"""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from reporting import aor, areas

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "reporting" / "data"
PROFILES = DATA / "cbp_usbp_sector_profile_by_sector_fy2011_fy2018.csv"
MONTHLY = (
    DATA / "cbp_usbp_monthly_apprehensions_by_sector_wide_fy2000_fy2020_excl_fy2019.csv"
)
COMPARED = {
    "total_apprehensions": "apprehensions",
    "number_of_agents": "agents",
    "marijuana_pounds": "marijuana",
    "cocaine_pounds": "cocaine",
    "rescues": "rescues",
    "deaths": "deaths",
}
ROLL_UPS = {"coastal border", "northern border", "southwest border", "nationwide total"}


def profile_rows() -> list[dict]:
    with open(PROFILES, newline="") as source:
        return list(csv.DictReader(source))


def nation_summary(first=2011, last=2018):
    places = areas.places()
    return aor.summary(places, aor.area_of(places, areas.NATION), first, last)


def test_every_sector_and_year_equals_its_published_profile(published):
    summary = nation_summary()
    by_name = {
        (line.fiscal_year, line.label.removesuffix(" Sector").lower()): line
        for line in summary.lines
        if line.kind == "place"
    }
    compared = 0

    for row in profile_rows():
        if row["sector"] in ROLL_UPS:
            continue
        line = by_name[(int(row["fiscal_year"]), row["sector"])]
        for column, measure in COMPARED.items():
            expected = None if row[column] == "NA" else Decimal(row[column])
            assert line.get(measure) == expected, (row["sector"], row["fiscal_year"])
            compared += 1

    assert compared == 20 * 8 * len(COMPARED)


@pytest.mark.parametrize(
    ("year", "code", "measure", "value"),
    [
        # Typed from the sector profile file.
        (2018, "RMY", "cocaine", "1609"),
        (2018, "MIP", "apprehensions", "2169"),
        (2018, "NLL", "agents", "63"),
        (2011, "TCA", "marijuana", "1039442.69"),
        (2012, "ELC", "deaths", "1"),  # as printed that year; later revised to 11
        (2015, "TCA", "agents", "3991"),  # the later staffing file says 3,962
        (2018, "RGV", "apprehensions", "162262"),
        (2018, "RGV", "deaths", "96"),
    ],
)
def test_spot_checks_typed_from_the_files(published, year, code, measure, value):
    places = areas.places()
    summary = aor.summary(places, aor.area_of(places, code), year, year)

    assert summary.lines[0].get(measure) == Decimal(value)


def test_published_totals_stand_beside_the_sums_of_the_sectors(published):
    lines = {
        (line.code, line.kind): line
        for line in nation_summary(2018, 2018).lines
        if line.kind != "place"
    }

    # FY2018: 20 sector rows add up to 18,791 agents; CBP printed 19,555
    # for the nation (agents at headquarters, the academy and elsewhere).
    assert lines[("USBP", "sum")].get("agents") == Decimal("18791")
    assert lines[("USBP", "published")].get("agents") == Decimal("19555")
    assert lines[("USBP", "published")].label == "Nationwide: as published"
    assert lines[("USBP", "sum")].label == "Nationwide: sum of sectors"
    # Southwest: 16,482 in the nine sectors, 16,608 printed.
    assert lines[("SW", "sum")].get("agents") == Decimal("16482")
    assert lines[("SW", "published")].get("agents") == Decimal("16608")
    # Where they agree they are still two lines.
    assert lines[("CB", "sum")].get("apprehensions") == Decimal("3247")
    assert lines[("CB", "published")].get("apprehensions") == Decimal("3247")


def test_the_published_rows_of_the_profiles_are_shown_as_published(published):
    summary = nation_summary()
    published_lines = {
        (line.fiscal_year, line.code): line
        for line in summary.lines
        if line.kind == "published"
    }
    codes = {
        "coastal border": "CB",
        "northern border": "NB",
        "southwest border": "SW",
        "nationwide total": "USBP",
    }

    for row in profile_rows():
        if row["sector"] in ROLL_UPS:
            line = published_lines[(int(row["fiscal_year"]), codes[row["sector"]])]
            assert line.get("apprehensions") == Decimal(row["total_apprehensions"])
            assert line.get("agents") == Decimal(row["number_of_agents"])


def test_each_sectors_months_add_up_to_its_year(published):
    """The source note: the monthly table equals the sector profiles for
    every sector-year FY2011-FY2018."""
    with open(MONTHLY, newline="") as source:
        months = [
            row for row in csv.DictReader(source) if 2011 <= int(row["fy"]) <= 2018
        ]
    places = areas.places()
    checked = 0

    for row in profile_rows():
        if row["sector"] in ROLL_UPS:
            continue
        year, column = int(row["fiscal_year"]), row["sector"].replace(" ", "_")
        from_file = sum(int(m[column]) for m in months if int(m["fy"]) == year)
        assert from_file == int(row["total_apprehensions"])

        code = next(
            c for c, s in places.sectors.items() if s.name.lower() == row["sector"]
        )
        summary = aor.summary(places, aor.area_of(places, code), year, year)
        assert sum(month["sum"] for month in summary.months) == from_file
        assert [month["month"] for month in summary.months][:3] == [10, 11, 12]
        checked += 1

    assert checked == 160


def test_rounded_encounters_are_labelled_as_rounded(published):
    from reporting.models import Measure

    assert Measure.objects.get(code="encounters").name == (
        "Encounters (rounded to the nearest 10)"
    )
    places = areas.places()
    summary = aor.summary(places, aor.area_of(places, "TCA"), 2018, 2018)
    # The OHSS workbook: Tucson FY2018, 52,170 (CBP counted 52,172).
    assert summary.lines[0].get("encounters") == Decimal("52170")


def test_loading_again_changes_nothing(published):
    from reporting import loaders
    from reporting.models import ImportRun, SnapshotRow, SnapshotVersion

    before = (
        SnapshotVersion.objects.count(),
        SnapshotRow.objects.count(),
        ImportRun.objects.count(),
    )

    again = loaders.load_all()

    assert {outcome.state for outcome in again} == {ImportRun.State.UNCHANGED}
    assert before == (
        SnapshotVersion.objects.count(),
        SnapshotRow.objects.count(),
        ImportRun.objects.count(),
    )
    assert before[0] == len(loaders.TABLES)
