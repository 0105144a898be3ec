"""The GPRA zone report: the snapshot's figures by zone code, the G-481s'
agent-shifts, hours and vehicles per zone, and the technology deployed on a
day, for an area; a zone code not on file is shown as such."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from reporting import aor, areas
from reporting import zones as zone_report
from scheduling.models import ZoneTechnology
from security.models import AuditEvent
from tests.scheduling.conftest import build

pytestmark = pytest.mark.django_db

PAGE = "/reporting/gpra/zones/"
NOGALES_2026 = "?area=TCA&station=Nogales&first_year=2026&last_year=2026"


@pytest.fixture
def zones_worked(finalized, zones, import_file, snapshot_file):
    """PP 1/2026 at Nogales built into G-481s: the subject works ten days
    (06:00-16:00) in Z01 with truck N-101, the peer ten nights (22:00-08:00)
    in Z02 without a vehicle. The snapshot holds FY2026 by zone, Z02's
    apprehensions both for the year and by month, and a code Z99 that no
    zone of Nogales has. Z01 has a tower since June 2025 and had a scope
    truck from December 2025 to February 2026; Z02 has a sensor from
    March 2026."""
    build(finalized)
    import_file(
        snapshot_file(
            "2026,,TCA,Nogales,Z01,,apprehensions,40,people",
            "2026,,TCA,Nogales,Z01,,marijuana,120.5,pounds",
            "2026,,TCA,Nogales,Z02,,apprehensions,12,people",
            "2026,10,TCA,Nogales,Z02,,apprehensions,7,people",
            "2026,11,TCA,Nogales,Z02,,apprehensions,5,people",
            "2026,,TCA,Nogales,Z99,,heroin,3.5,ounces",
            "2026,,TCA,Nogales,,,apprehensions,500,people",
        )
    )
    technology = (
        (zones["Z01"], "PERMANENT", "TOWER", "T-1", date(2025, 6, 1), None),
        (
            zones["Z01"],
            "MOBILE",
            "SCOPE_TRUCK",
            "S-1",
            date(2025, 12, 1),
            date(2026, 2, 1),
        ),
        (zones["Z02"], "PERMANENT", "SENSOR", "G-1", date(2026, 3, 1), None),
    )
    for zone, category, kind, identifier, deployed_on, removed_on in technology:
        ZoneTechnology.objects.create(
            zone=zone,
            category=category,
            kind=kind,
            identifier=identifier,
            deployed_on=deployed_on,
            removed_on=removed_on,
        )
    return finalized


def nogales_report(as_of=None):
    places = areas.places()
    area = aor.area_of(places, "TCA", "Nogales")
    return zone_report.report(places, area, 2026, 2026, as_of)


def by_code(report):
    return {line.zone_code: line for line in report.lines}


def test_each_zone_has_its_activity_shifts_hours_and_vehicles(zones_worked):
    lines = by_code(nogales_report(date(2026, 1, 15)))

    assert list(lines) == ["Z01", "Z02", "Z99"]
    z01, z02, z99 = lines["Z01"], lines["Z02"], lines["Z99"]
    assert (z01.zone_name, z01.on_file) == ("West desert", True)
    assert z01.values == {"apprehensions": 40, "marijuana": Decimal("120.5")}
    # The year's own row, not the year plus its months (12, not 24).
    assert z02.values == {"apprehensions": 12}
    # Ten shifts of ten hours each, fourteen days less two Mondays and two
    # Tuesdays off.
    assert (z01.agent_shifts, z01.hours, z01.vehicles, z01.vehicle_shifts) == (
        10,
        Decimal("100.0"),
        1,
        10,
    )
    assert (z02.agent_shifts, z02.hours, z02.vehicles, z02.vehicle_shifts) == (
        10,
        Decimal("100.0"),
        0,
        0,
    )
    # On 15 January 2026 the tower and the scope truck were in Z01.
    assert (z01.permanent, z01.mobile, z02.permanent, z02.mobile) == (1, 1, 0, 0)
    assert (z99.zone_name, z99.on_file) == (zone_report.NOT_ON_FILE, False)
    assert z99.values == {"heroin": Decimal("3.5")}
    assert z99.agent_shifts == 0


def test_technology_is_counted_as_of_the_last_day_unless_told(zones_worked):
    report = nogales_report()
    lines = by_code(report)

    assert report.as_of == date(2026, 9, 30)
    # The scope truck left Z01 in February; the sensor came to Z02 in March.
    assert (lines["Z01"].permanent, lines["Z01"].mobile) == (1, 0)
    assert (lines["Z02"].permanent, lines["Z02"].mobile) == (1, 0)


def test_the_total_adds_up_every_zone(zones_worked):
    total = nogales_report(date(2026, 1, 15)).total

    assert total.values == {
        "apprehensions": 52,
        "marijuana": Decimal("120.5"),
        "heroin": Decimal("3.5"),
    }
    assert (total.agent_shifts, total.hours, total.vehicles) == (20, 200, 1)
    assert (total.permanent, total.mobile) == (1, 1)


def test_other_years_hold_nothing_by_zone(zones_worked):
    places = areas.places()
    report = zone_report.report(
        places, aor.area_of(places, "TCA", "Nogales"), 2024, 2025
    )

    assert all(not line.values and not line.agent_shifts for line in report.lines)
    assert [line.zone_code for line in report.lines] == ["Z01", "Z02"]


def test_the_page_csv_and_pdf(client, zones_worked, hq_analyst):
    client.force_login(hq_analyst)

    page = client.get(PAGE + NOGALES_2026 + "&as_of=2026-01-15")
    text = client.get("/reporting/gpra/zones.csv" + NOGALES_2026).content.decode()
    pdf = client.get("/reporting/gpra/zones.pdf" + NOGALES_2026)

    assert page.status_code == 200
    html = page.content.decode()
    assert "GPRA zone report: Nogales Station" in html
    assert "zone code not on file" in html
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["Sector", "Station", "Zone code", "Zone"]
    assert rows[1][:5] == ["TCA", "Nogales", "Z01", "West desert", "40"]
    assert rows[1][-6:] == ["10", "100", "1", "10", "1", "0"]
    assert rows[3][:4] == ["TCA", "Nogales", "Z99", "zone code not on file"]
    assert rows[4][3] == "All zones"
    assert pdf["Content-Type"] == "application/pdf"
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).order_by("pk")
    assert [
        (e.details["report"], e.details["form"], e.details["rows"]) for e in events
    ] == [
        ("gpra_zones", "csv", 3),
        ("gpra_zones", "pdf", 3),
    ]


def test_a_sector_analyst_cannot_read_another_sectors_zones(
    client, zones_worked, make_user, give
):
    analyst = make_user("elpasoanalyst", home="el_paso")
    give(analyst, "reporting", "analyst", "el_paso")
    client.force_login(analyst)

    for url in (PAGE, "/reporting/gpra/zones.csv", "/reporting/gpra/zones.pdf"):
        assert client.get(url + NOGALES_2026).status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).exists()


def test_a_bad_day_is_refused_and_kept(client, zones_worked, hq_analyst):
    client.force_login(hq_analyst)

    response = client.get(PAGE + NOGALES_2026 + "&as_of=2026-02-31")

    assert response.status_code == 400
    assert 'value="2026-02-31"' in response.content.decode()
