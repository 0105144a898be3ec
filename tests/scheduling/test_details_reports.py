"""The detail reports: the details of a station or sector over a range,
and their number per pay period or month, on screen and as CSV.

Worked out by hand from six details (PP 1/2026 is 11 to 24 January, PP
2/2026 25 January to 7 February):

    D  Ysleta  -> Nogales  12-13 Jan   accepted
    A  Nogales -> Ajo      17-20 Jan   accepted
    B  Nogales -> Ajo      24-27 Jan   accepted (two pay periods)
    C  Ajo     -> Nogales   2-3 Feb    accepted
    E  Nogales -> Ajo      20-21 Feb   cancelled: never happened
    F  Ajo     -> Nogales  22-23 Feb   proposed: not yet agreed
"""

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from scheduling import detail_reports
from scheduling.models import Detail
from security.models import AuditEvent
from staffing.models import Employee

NEW_YEAR = datetime(2026, 1, 1, tzinfo=UTC)
REPORT = reverse("scheduling:details-report")
REPORT_CSV = reverse("scheduling:details-report-export")
COUNTS = reverse("scheduling:detail-counts")
COUNTS_CSV = reverse("scheduling:detail-counts-export")


def person(name, station):
    return Employee.objects.create(
        first_name=name,
        last_name="Agent",
        job_title="Border Patrol Agent",
        duty_station=station,
        work_street="1 Road",
        work_city="Somewhere",
        work_state="AZ",
        work_zip="85000",
    )


@pytest.fixture
def six(units, people, supervisor, ajo_days):
    def detail(employee, home, gaining, first, last, status="ACCEPTED", **more):
        return Detail.objects.create(
            employee=employee,
            home_station=units[home],
            gaining_station=units[gaining],
            first_day=first,
            last_day=last,
            planned_last_day=last,
            purpose=f"Purpose {employee.first_name}",
            shift_template=ajo_days,
            status=status,
            proposed_by=supervisor,
            proposed_side="HOME",
            decided_by=supervisor if status != "PROPOSED" else None,
            decided_at=None if status == "PROPOSED" else NEW_YEAR,
            **more,
        )

    ajo_agent = person("Ajoan", units["ajo"])
    ysleta_agent = person("Yslean", units["ysleta"])
    subject, peer = people["subject"], people["peer"].employee
    return {
        "D": detail(
            ysleta_agent, "ysleta", "nogales", date(2026, 1, 12), date(2026, 1, 13)
        ),
        "A": detail(subject, "nogales", "ajo", date(2026, 1, 17), date(2026, 1, 20)),
        "B": detail(peer, "nogales", "ajo", date(2026, 1, 24), date(2026, 1, 27)),
        "C": detail(ajo_agent, "ajo", "nogales", date(2026, 2, 2), date(2026, 2, 3)),
        "E": detail(
            subject,
            "nogales",
            "ajo",
            date(2026, 2, 20),
            date(2026, 2, 21),
            status="CANCELLED",
            end_reason="Off",
        ),
        "F": detail(
            ajo_agent,
            "ajo",
            "nogales",
            date(2026, 2, 22),
            date(2026, 2, 23),
            "PROPOSED",
        ),
    }


@pytest.fixture
def sector_admin(make_user, give):
    user = make_user("tcasched", home="tucson")
    give(user, "scheduling", "scheduling_administrator", "tucson")
    return user


WINTER = (date(2026, 1, 1), date(2026, 2, 28))


def names(found, six):
    letters = {detail.pk: letter for letter, detail in six.items()}
    return [letters[detail.pk] for detail in found]


def test_the_details_of_a_station_and_of_a_sector(units, six):
    for unit, expected in (
        ("nogales", ["D", "A", "B", "C"]),
        ("ajo", ["A", "B", "C"]),
        ("tucson", ["D", "A", "B", "C"]),
        ("ysleta", ["D"]),
        ("el_paso", ["D"]),
    ):
        found = detail_reports.details_of(units[unit], *WINTER)
        assert names(found, six) == expected, unit
    only_late_january = detail_reports.details_of(
        units["nogales"], date(2026, 1, 21), date(2026, 1, 31)
    )
    assert names(only_late_january, six) == ["B"]


def test_counts_per_pay_period(units, six):
    rows = detail_reports.counts(
        units["nogales"], date(2026, 1, 11), date(2026, 2, 7), "pay_period"
    )
    assert [
        (row.label, row.detailed_in, row.detailed_out, row.total) for row in rows
    ] == [("PP 01/2026", 1, 2, 3), ("PP 02/2026", 1, 1, 2)]

    sector = detail_reports.counts(
        units["tucson"], date(2026, 1, 11), date(2026, 2, 7), "pay_period"
    )
    # Between two of the sector's stations a detail is in and out, and one.
    assert [
        (row.label, row.detailed_in, row.detailed_out, row.total) for row in sector
    ] == [("PP 01/2026", 3, 2, 3), ("PP 02/2026", 2, 2, 2)]


def test_counts_per_month(units, six):
    rows = detail_reports.counts(units["nogales"], *WINTER, "month")
    assert [
        (row.label, row.first_day, row.last_day, row.detailed_in, row.detailed_out)
        for row in rows
    ] == [
        ("2026-01", date(2026, 1, 1), date(2026, 1, 31), 1, 2),
        ("2026-02", date(2026, 2, 1), date(2026, 2, 28), 1, 0),
    ]


def query(unit, **more):
    return {
        "unit": unit.pk,
        "first_day": "2026-01-01",
        "last_day": "2026-02-28",
        **more,
    }


def test_the_report_page_and_its_csv(client, units, six, sector_admin):
    client.force_login(sector_admin)

    page = client.get(REPORT, query(units["tucson"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count('href="/scheduling/details/') >= 4
    assert "Purpose" not in text  # the page lists; the detail page says why

    export = client.get(REPORT_CSV, query(units["tucson"]))
    assert export["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:4] == ["Person", "Employment", "Home station", "Gaining station"]
    assert [(row[0], row[2], row[3], row[4], row[5]) for row in rows[1:]] == [
        ("Agent, Yslean", "Ysleta", "Nogales", "2026-01-12", "2026-01-13"),
        ("Tester, Subject", "Nogales", "Ajo", "2026-01-17", "2026-01-20"),
        ("Tester, Peer", "Nogales", "Ajo", "2026-01-24", "2026-01-27"),
        ("Agent, Ajoan", "Ajo", "Nogales", "2026-02-02", "2026-02-03"),
    ]
    event = AuditEvent.objects.get(kind="export", actor_id=sector_admin.pk)
    assert event.target_id == str(units["tucson"].pk)
    assert event.details["report"] == "details"
    assert len(event.details["people"]) == 4


def test_the_counts_page_and_its_csv(client, units, six, sector_admin):
    client.force_login(sector_admin)
    wanted = query(units["nogales"], per="month")

    page = client.get(COUNTS, wanted)
    assert page.status_code == 200
    assert "2026-01" in page.content.decode()

    export = client.get(COUNTS_CSV, wanted)
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows == [
        ["Month", "From", "To", "Detailed in", "Detailed out", "Details in all"],
        ["2026-01", "2026-01-01", "2026-01-31", "1", "2", "3"],
        ["2026-02", "2026-02-01", "2026-02-28", "1", "0", "1"],
    ]
    assert AuditEvent.objects.filter(
        kind="export", details__report="detail counts"
    ).exists()


def test_a_supervisor_reports_on_their_scope_only(client, units, six, supervisor):
    client.force_login(supervisor)
    for url in (REPORT, REPORT_CSV, COUNTS, COUNTS_CSV):
        refused = client.get(url, query(units["tucson"]))
        assert refused.status_code == 403, url
        assert "You report only on the stations and sectors you schedule" in (
            refused.content.decode()
        )
    denied = AuditEvent.objects.filter(kind="denied", actor_id=supervisor.pk)
    assert [event.details for event in denied.order_by("pk")] == [
        {"action": "detail report", "unit": units["tucson"].pk}
    ] * 4
    assert not AuditEvent.objects.filter(kind="export").exists()

    assert client.get(REPORT, query(units["nogales"])).status_code == 200


def test_nobody_without_a_scheduling_role_sees_them(client, people, six):
    client.force_login(people["self"])
    for url in (REPORT, REPORT_CSV, COUNTS, COUNTS_CSV):
        assert client.get(url).status_code == 403, url
    assert (
        AuditEvent.objects.filter(kind="denied", actor_id=people["self"].pk).count()
        == 4
    )


def test_a_bad_range_is_refused_and_kept(client, units, sector_admin):
    client.force_login(sector_admin)
    page = client.get(
        REPORT, query(units["tucson"], first_day="2026-03-01", last_day="2026-02-01")
    )
    assert page.status_code == 400
    text = page.content.decode()
    assert "The end is before the start." in text
    assert 'value="2026-03-01"' in text
