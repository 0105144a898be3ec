"""The intelligence reports: apprehensions by month against the G-481s'
agent-shifts, the National Guard by sector and year, and canine assists by
canine identifier, never by handler."""

import csv
import io
from decimal import Decimal

import pytest

from reporting import aor, areas, intelligence
from security.models import AuditEvent
from staffing.models import Canine
from tests.scheduling.conftest import build

pytestmark = pytest.mark.django_db


def made(report, code, station="", first=2026, last=2026):
    places = areas.places()
    return report(places, aor.area_of(places, code, station), first, last)


@pytest.fixture
def january_2026(finalized, import_file, snapshot_file):
    """PP 1/2026 at Nogales built into G-481s (11 to 24 January): ten day
    shifts of the subject with a truck and ten night shifts of the peer
    without, all of ten hours. The snapshot holds Tucson's January and a
    Nogales row of its own."""
    build(finalized)
    import_file(
        snapshot_file(
            "2026,1,TCA,,,,apprehensions,300,people",
            "2026,1,TCA,,,,marijuana,50,pounds",
            "2026,1,TCA,Nogales,,,apprehensions,120,people",
        )
    )


def test_a_sectors_months_are_set_against_its_shifts(january_2026):
    report = made(intelligence.apprehensions, "TCA")

    assert [line.month_label for line in report.lines][:4] == [
        "Oct 2025",
        "Nov 2025",
        "Dec 2025",
        "Jan 2026",
    ]
    january = report.lines[3]
    assert january.values == {"apprehensions": 300, "marijuana": 50}
    assert (january.agent_shifts, january.hours, january.vehicle_shifts) == (
        20,
        Decimal("200.0"),
        10,
    )
    # 300 apprehensions over 20 agent-shifts: 1,500 per 100.
    assert january.per_100_shifts == Decimal("1500.0")
    december = report.lines[2]
    assert (december.values, december.agent_shifts, december.per_100_shifts) == (
        {},
        0,
        None,
    )
    assert "not by day" in report.daily_note


def test_a_station_reads_its_own_rows(january_2026):
    january = made(intelligence.apprehensions, "TCA", "Nogales").lines[3]

    assert january.label == "Nogales Station"
    assert january.values == {"apprehensions": 120}
    assert january.agent_shifts == 20


def test_the_page_says_there_is_no_daily_view(client, january_2026, hq_analyst):
    client.force_login(hq_analyst)
    query = "?area=TCA&station=&first_year=2026&last_year=2026"

    page = client.get("/reporting/intelligence/apprehensions/" + query)
    text = client.get("/reporting/intelligence/apprehensions.csv" + query)

    assert page.status_code == 200
    assert "figures by month, not by day" in page.content.decode()
    rows = list(csv.reader(io.StringIO(text.content.decode())))
    assert rows[4][:5] == ["2026", "Jan 2026", "TCA", "Tucson Sector", "300"]
    assert rows[4][-4:] == ["20", "200", "10", "1500"]


def test_the_national_guard_by_sector_beside_the_published_total(
    organization, import_file, snapshot_file
):
    import_file(
        snapshot_file(
            "2018,,TCA,,,,national_guard,250,troops",
            "2018,,EPT,,,,national_guard,100,troops",
            "2018,,SW,,,,national_guard,400,troops",
        )
    )

    report = made(intelligence.national_guard, "SW", first=2018, last=2018)

    troops = {(line.code, line.kind): line.troops for line in report.lines}
    assert troops[("TCA", "place")] == 250
    assert troops[("EPT", "place")] == 100
    assert troops[("SDC", "place")] is None
    assert troops[("SW", "sum")] == 350
    assert troops[("SW", "published")] == 400
    assert report.reported


@pytest.fixture
def canine_assists(organization, units, people, import_file, snapshot_file):
    handler = people["subject"]
    Canine.objects.create(
        name="Rexford",
        identifier="K9-0417",
        station=units["nogales"],
        handler=handler,
    )
    import_file(
        snapshot_file(
            "2026,,TCA,Nogales,,K9-0417,canine_assists,14,assists",
            "2026,3,TCA,Nogales,,K9-0417,canine_assists,5,assists",
            "2026,,TCA,Nogales,,K9-9999,canine_assists,3,assists",
        )
    )
    return handler


def test_canine_assists_by_identifier_matched_to_the_canines_on_file(
    canine_assists,
):
    report = made(intelligence.canine_assists, "TCA")

    assert [
        (line.identifier, line.on_file, line.stationed_at, line.assists)
        for line in report.lines
    ] == [("K9-0417", True, "Nogales", 14), ("K9-9999", False, "", 3)]
    assert report.total == 17


def test_the_canine_report_never_names_the_handler(client, canine_assists, hq_analyst):
    client.force_login(hq_analyst)
    query = "?area=TCA&station=&first_year=2026&last_year=2026"

    page = client.get("/reporting/intelligence/canine-assists/" + query)
    text = client.get("/reporting/intelligence/canine-assists.csv" + query)

    html, written = page.content.decode(), text.content.decode()
    assert "canine not on file" in html and "canine not on file" in written
    for shown in (html, written):
        # The page's own header names the analyst reading it, Hqanalyst Tester.
        assert f"{canine_assists.first_name} {canine_assists.last_name}" not in shown
        assert "Rexford" not in shown
    events = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED)
    assert [e.details["report"] for e in events] == ["canine_assists"]
