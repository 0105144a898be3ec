"""The AOR summary's technology and vehicles per area, and agents on board
per technology asset where both are known."""

from datetime import date
from decimal import Decimal

import pytest

from reporting import aor, areas
from scheduling.models import ZoneTechnology

pytestmark = pytest.mark.django_db


@pytest.fixture
def tucson_assets(zones, vehicle_at, import_file, snapshot_file):
    """Nogales: a tower in Z01 since 2025, a scope truck in Z02 since
    December 2025, a sensor in Z01 removed in February 2026; trucks N-101
    and N-102. Ysleta, in El Paso Sector: truck Y-1. Tucson has 100 agents
    on board in FY2026."""
    technology = (
        ("Z01", "PERMANENT", "TOWER", "T-1", date(2025, 6, 1), None),
        ("Z02", "MOBILE", "SCOPE_TRUCK", "S-1", date(2025, 12, 1), None),
        ("Z01", "PERMANENT", "SENSOR", "G-1", date(2025, 6, 1), date(2026, 2, 1)),
    )
    for code, category, kind, identifier, deployed_on, removed_on in technology:
        ZoneTechnology.objects.create(
            zone=zones[code],
            category=category,
            kind=kind,
            identifier=identifier,
            deployed_on=deployed_on,
            removed_on=removed_on,
        )
    vehicle_at("N-101")
    vehicle_at("N-102")
    vehicle_at("Y-1", station="ysleta")
    import_file(snapshot_file("2026,,TCA,,,,agents,100,agents"))


def summary_of(code, station=""):
    places = areas.places()
    return aor.summary(places, aor.area_of(places, code, station), 2026, 2026)


def by_label(summary):
    return {line.label: line for line in summary.assets}


def test_a_sector_counts_its_stations_assets(tucson_assets):
    summary = summary_of("TCA")
    lines = by_label(summary)

    # The last day of FY2026, which is past: the sensor was gone by then.
    assert summary.assets_as_of == date(2026, 9, 30)
    nogales, ajo = lines["Nogales Station"], lines["Ajo Station"]
    assert (nogales.permanent, nogales.mobile, nogales.vehicles) == (1, 1, 2)
    assert (ajo.permanent, ajo.mobile, ajo.vehicles) == (0, 0, 0)
    assert nogales.agents_per_asset is None  # no station figure of agents
    total = summary.assets[-1]
    assert (total.is_total, total.label) == (True, "Tucson Sector")
    assert (total.technology, total.vehicles, total.agents) == (2, 2, 100)
    # 100 agents over 2 technology assets.
    assert total.agents_per_asset == Decimal("50.0")


def test_a_region_counts_by_sector(tucson_assets):
    lines = by_label(summary_of("SW"))

    tucson = lines["Tucson Sector"]
    assert (tucson.technology, tucson.vehicles, tucson.agents_per_asset) == (
        2,
        2,
        Decimal("50.0"),
    )
    el_paso = lines["El Paso Sector"]
    assert (el_paso.vehicles, el_paso.agents_per_asset) == (1, None)
    assert lines["Southwest border"].vehicles == 3


def test_the_page_shows_the_assets_table(
    client, tucson_assets, hq_analyst, monkeypatch
):
    monkeypatch.setattr(aor.timezone, "localdate", lambda: date(2026, 12, 4))
    client.force_login(hq_analyst)

    page = client.get(
        "/reporting/aor-summary/?area=TCA&station=&first_year=2026&last_year=2026"
    ).content.decode()

    assert 'id="aor-assets"' in page
    assert "Agents per technology asset" in page
    # The fleet is today's, whatever the fiscal year: the page says which day.
    assert "Vehicles (as counted on 2026-12-04)" in page
    assert "Technology on 2026-09-30, vehicles as counted on 2026-12-04" in page
    assert "not disposed, as counted on 2026-12-04" in page


def test_the_csv_carries_the_assets_table_after_the_years(
    client, tucson_assets, hq_analyst, monkeypatch
):
    monkeypatch.setattr(aor.timezone, "localdate", lambda: date(2026, 12, 4))
    client.force_login(hq_analyst)

    text = client.get(
        "/reporting/aor-summary.csv?area=TCA&station=&first_year=2026&last_year=2026"
    ).content.decode()

    tail = text.split("\r\n\r\n", 1)[1].splitlines()
    assert tail[0] == (
        "Technology as deployed on 2026-09-30; vehicles as counted on 2026-12-04"
    )
    assert tail[1] == (
        "Area code,Area,Permanent technology,Mobile technology,Vehicles,"
        "Agents per technology asset"
    )
    # The sector's total line: 2 assets, 2 vehicles, 100 agents over 2.
    assert tail[-1] == "TCA,Tucson Sector,1,1,2,50.0"
