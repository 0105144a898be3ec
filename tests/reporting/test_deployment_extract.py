"""The deployment extract: per day, station, zone and shift, the agents and
hours by activity and sub-activity, scheduled (finalized G-259) and worked
(G-481), as a signed CSV for analysts and a signed JSON endpoint for the
data warehouse's service account; each download or pull audited.

The fixture week is Sunday 8 to Saturday 14 March 2026 at Ysleta (El Paso
Sector, America/Denver), whose clocks went from 02:00 MST to 03:00 MDT on
the Sunday: a shift from 00:00 to 10:00 that night lasted 9 hours. Hours
count on the schedule's day, the day the shift starts, also when it ends
after midnight. The hand sums are in ``EXPECTED``.
"""

import csv
import io
import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting import aor, areas, deployment
from scheduling import pay_periods
from scheduling import services as scheduling_services
from scheduling.models import (
    Activity,
    DailyEntry,
    DailySchedule,
    Schedule,
    ScheduleCell,
    ScheduleRow,
    SubActivity,
    Zone,
)
from security import interfaces
from security.models import AuditEvent, OrganizationUnit, User
from security.services import service_accounts
from staffing.models import Employee

pytestmark = pytest.mark.django_db

DENVER = ZoneInfo("America/Denver")
FIRST, LAST = date(2026, 3, 8), date(2026, 3, 14)
QUERY = "?area=EPT&station=Ysleta&from=2026-03-08&to=2026-03-14"
PAGE = "/reporting/deployment/"
CSV_URL = "/reporting/deployment.csv"
API = "/reporting/api/deployment"
PATROL = ("patrol-border", "Patrol border", "linewatch", "Linewatch")
TRAINING = ("training", "Training", "firearms", "Firearms qualification")


def local(day: date, hour: int) -> datetime:
    """The instant the clocks at Ysleta read ``hour``:00 on ``day``."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=DENVER)


# day, source, zone, zone name, shift, activity (code, name, sub, name),
# agents, hours. Worked out by hand from the fixture below.
EXPECTED = [
    # Sunday 8 March: B's night shift 00:00 MST to 10:00 MDT is 9 hours.
    ("2026-03-08", "scheduled", "", "", "00:00", PATROL, 1, "9.00"),
    ("2026-03-08", "actual", "Y2", "Highway", "00:00", PATROL, 1, "9.00"),
    ("2026-03-08", "scheduled", "", "", "06:00", PATROL, 1, "10.00"),
    ("2026-03-08", "actual", "Y1", "River", "06:00", PATROL, 1, "10.00"),
    # Monday 9: A and C scheduled 10 hours each; C worked 12 (to 18:00).
    ("2026-03-09", "scheduled", "", "", "06:00", PATROL, 2, "20.00"),
    ("2026-03-09", "actual", "Y1", "River", "06:00", PATROL, 2, "22.00"),
    # Tuesday 10: C's 22:00 to 08:00 counts on the Tuesday; B on leave.
    ("2026-03-10", "scheduled", "", "", "22:00", PATROL, 1, "10.00"),
    ("2026-03-10", "actual", "Y2", "Highway", "22:00", PATROL, 1, "10.00"),
    # Saturday 14: A at firearms training, 08:00 to 16:00, in no zone.
    ("2026-03-14", "actual", "", "", "08:00", TRAINING, 1, "8.00"),
    ("2026-03-14", "scheduled", "", "", "08:00", TRAINING, 1, "8.00"),
]


def expected_lines() -> list[dict]:
    return [
        {
            "day": day,
            "source": source,
            "sector": "EPT",
            "station": "Ysleta",
            "zone": zone,
            "zone_name": zone_name,
            "shift": shift,
            "activity": activity[0],
            "activity_name": activity[1],
            "sub_activity": activity[2],
            "sub_activity_name": activity[3],
            "agents": agents,
            "hours": Decimal(hours),
        }
        for day, source, zone, zone_name, shift, activity, agents, hours in EXPECTED
    ]


def _activity(code, sub_code):
    activity = Activity.objects.get(code=code, station=None)
    return activity, SubActivity.objects.get(activity=activity, code=sub_code)


@pytest.fixture
def ysleta_week(units, make_user, give):
    """Three agents at Ysleta (A, B, C; each with a name, a hash ID and
    personal fields the extract must never show), two zones, PP 5/2026's
    finalized G-259 and its G-481s; beside them what the extract leaves
    out: a day off, a day of leave, a line off duty, a day after the week,
    and a draft G-259 at Santa Teresa in the same sector."""
    ysleta = units["ysleta"]
    patrol = _activity("patrol-border", "linewatch")
    training = _activity("training", "firearms")
    zones = {
        code: Zone.objects.create(station=ysleta, code=code, name=name)
        for code, name in (("Y1", "River"), ("Y2", "Highway"))
    }
    agents = {}
    for letter in "ABC":
        agents[letter] = Employee.objects.create(
            user=make_user(f"ysleta{letter.lower()}", home="ysleta"),
            first_name=f"Quentin{letter}",
            last_name=f"Xylander{letter}",
            job_title="Border Patrol Agent",
            duty_station=ysleta,
            work_street="1 Station Road",
            work_city="El Paso",
            work_state="TX",
            work_zip="79907",
            home_street=f"{letter} Hidden Lane",
            mobile_phone="(915) 555-0142",
            hash_id=letter.lower() * 64,
        )
    pay_period = scheduling_services.pay_period_row(FIRST)
    assert pay_period.start_date == FIRST
    chief = make_user("yslchief", home="ysleta")
    schedule = Schedule.objects.create(
        station=ysleta,
        pay_period=pay_period,
        status=Schedule.Status.FINALIZED,
        finalized_at=local(FIRST - timedelta(2), 12),
        finalized_by=chief,
    )
    rows = {
        letter: ScheduleRow.objects.create(schedule=schedule, employee=employee)
        for letter, employee in agents.items()
    }

    def cell(letter, day, start=None, end=None, activity=patrol, **fields):
        status = fields.pop("status", "WORKDAY" if start else "DAY_OFF")
        ScheduleCell.objects.create(
            row=rows[letter],
            day=day,
            status=status,
            shift_start=start,
            shift_end=end,
            activity=activity[0] if start else None,
            sub_activity=activity[1] if start else None,
            **fields,
        )

    sunday, monday, tuesday, wednesday = (FIRST + timedelta(n) for n in range(4))
    saturday, next_sunday = LAST, LAST + timedelta(1)
    cell("A", sunday, local(sunday, 6), local(sunday, 16))
    cell("B", sunday, local(sunday, 0), local(sunday, 10))
    cell("C", sunday)
    cell("A", monday, local(monday, 6), local(monday, 16))
    cell("C", monday, local(monday, 6), local(monday, 16))
    cell("C", tuesday, local(tuesday, 22), local(wednesday, 8))
    cell("B", tuesday, status="LEAVE", leave_type="ANNUAL")
    cell(
        "A",
        saturday,
        local(saturday, 8),
        local(saturday, 16),
        activity=training,
        status="TRAINING",
    )
    cell("A", next_sunday, local(next_sunday, 6), local(next_sunday, 16))

    dailies = {}

    def entry(letter, day, start, end, zone=None, activity=patrol, on_duty=True):
        if day not in dailies:
            dailies[day] = DailySchedule.objects.create(
                station=ysleta, day=day, pay_period=pay_period, schedule=schedule
            )
        DailyEntry.objects.create(
            daily=dailies[day],
            employee=agents[letter],
            on_duty=on_duty,
            shift_start=start,
            shift_end=end,
            activity=activity[0],
            sub_activity=activity[1],
            zone=zones[zone] if zone else None,
        )

    entry("A", sunday, local(sunday, 6), local(sunday, 16), "Y1")
    entry("B", sunday, local(sunday, 0), local(sunday, 10), "Y2")
    entry("A", monday, local(monday, 6), local(monday, 16), "Y1")
    entry("C", monday, local(monday, 6), local(monday, 18), "Y1")
    entry("C", tuesday, local(tuesday, 22), local(wednesday, 8), "Y2")
    entry("B", tuesday, None, None, on_duty=False)
    entry("A", saturday, local(saturday, 8), local(saturday, 16), activity=training)
    entry("A", next_sunday, local(next_sunday, 6), local(next_sunday, 16), "Y1")

    santa_teresa = OrganizationUnit.objects.get(parent__code="EPT", name="Santa Teresa")
    draft = Schedule.objects.create(station=santa_teresa, pay_period=pay_period)
    ScheduleCell.objects.create(
        row=ScheduleRow.objects.create(schedule=draft, employee=agents["A"]),
        day=monday,
        status="WORKDAY",
        shift_start=local(monday, 6),
        shift_end=local(monday, 16),
    )
    return agents


def made(code="EPT", station="Ysleta", first=FIRST, last=LAST):
    places = areas.places()
    area = aor.area_of(places, code, station)
    stations = [unit.pk for unit in places.stations_of(area)]
    return deployment.Extract(area, first, last, stations)


class TestTheLines:
    def test_the_fixture_week_gives_the_sums_worked_out_by_hand(self, ysleta_week):
        assert deployment.lines(made()) == expected_lines()

    def test_the_weeks_totals_scheduled_and_worked(self, ysleta_week):
        """57 hours scheduled (9 + 10 + 20 + 10 + 8) and 59 worked (9 + 10
        + 22 + 10 + 8); 6 agent-days each."""
        totals = {}
        for line in deployment.lines(made()):
            agents, hours = totals.get(line["source"], (0, 0))
            totals[line["source"]] = (agents + line["agents"], hours + line["hours"])

        assert totals == {"scheduled": (6, Decimal(57)), "actual": (6, Decimal(59))}

    def test_the_sector_holds_the_same_lines_without_the_draft(self, ysleta_week):
        assert deployment.lines(made("EPT", "")) == expected_lines()

    def test_a_day_is_read_whole_and_days_outside_are_left_out(self, ysleta_week):
        sunday = date(2026, 3, 8)
        found = deployment.lines(made(first=sunday, last=sunday))

        assert found == expected_lines()[:4]

    def test_another_sector_has_no_line(self, ysleta_week):
        assert deployment.lines(made("TCA", "")) == []

    def test_pages_follow_each_other_without_a_gap(self, ysleta_week, monkeypatch):
        monkeypatch.setattr(deployment, "PAGE_SIZE", 4)
        extract = made()

        pages = [deployment.page(extract, number) for number in (1, 2, 3)]

        assert [more for _, more in pages] == [True, True, False]
        assert [line for found, _ in pages for line in found] == expected_lines()


# ---- the page and its CSV -------------------------------------------------


def expected_csv() -> str:
    lines = [",".join(deployment.COLUMNS)]
    for line in expected_lines():
        lines.append(",".join(str(line[column]) for column in deployment.COLUMNS))
    return "\r\n".join(lines) + "\r\n"


@pytest.fixture
def el_paso_analyst(make_user, give):
    user = make_user("epanalyst", home="ysleta")
    give(user, "reporting", "analyst", "el_paso")
    return user


# The unit an area's refusal names: the station, the sector, or the
# headquarters whose grants reach a region or the nation.
unit_of = {
    "EPT/Ysleta": lambda units: units["ysleta"],
    "USBP": lambda units: units["headquarters"],
    "SW": lambda units: units["headquarters"],
}


def denied(user) -> int:
    return AuditEvent.objects.filter(
        actor_id=user.pk, kind=AuditEvent.Kind.DENIED
    ).count()


class TestThePageAndItsCsv:
    @pytest.mark.parametrize("analyst", ["hq_analyst", "el_paso_analyst"])
    def test_an_analyst_over_the_station_downloads_the_csv(
        self, client, ysleta_week, analyst, request
    ):
        client.force_login(request.getfixturevalue(analyst))

        page = client.get(PAGE + QUERY)
        response = client.get(CSV_URL + QUERY)

        assert page.status_code == 200
        assert len(page.context["preview"]) == len(EXPECTED)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="deployment-ept-ysleta-2026-03-08-2026-03-14.csv"'
        )
        assert response.content.decode() == expected_csv()

    def test_the_csv_is_signed_in_its_header_and_in_its_sig(
        self, client, ysleta_week, hq_analyst
    ):
        client.force_login(hq_analyst)

        response = client.get(CSV_URL + QUERY)
        signature = client.get(f"{CSV_URL}.sig{QUERY}")

        expected = interfaces.signature_of("warehouse", response.content)
        assert response["X-BPETS-Signature"] == expected
        assert signature.content.decode() == f"{expected}\n"
        assert signature["Content-Disposition"].endswith('2026-03-14.csv.sig"')
        interfaces.check_signature("warehouse", response.content, expected)

    def test_each_download_is_an_export_with_its_area_days_and_lines(
        self, client, ysleta_week, hq_analyst
    ):
        client.force_login(hq_analyst)

        client.get(CSV_URL + QUERY)
        client.get(CSV_URL + "?area=USBP&station=&from=2026-03-09&to=2026-03-09")

        events = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED)
        assert sorted(
            (e.actor_id, e.details["report"], e.details["area"], e.details["from"])
            + (e.details["to"], e.details["rows"], e.source)
            for e in events
        ) == [
            (
                hq_analyst.pk,
                "deployment_extract",
                "EPT/Ysleta",
                "2026-03-08",
                "2026-03-14",
                10,
                "reporting:deployment-csv",
            ),
            (
                hq_analyst.pk,
                "deployment_extract",
                "USBP",
                "2026-03-09",
                "2026-03-09",
                2,
                "reporting:deployment-csv",
            ),
        ]

    @pytest.mark.parametrize("url", [PAGE, CSV_URL, f"{CSV_URL}.sig"])
    def test_a_sector_analyst_is_refused_another_sector_and_the_nation(
        self, client, ysleta_week, tucson_analyst, url, units
    ):
        client.force_login(tucson_analyst)

        other = client.get(url + QUERY)
        nation = client.get(url + "?area=USBP&from=2026-03-08&to=2026-03-14")
        own = client.get(url + "?area=TCA&from=2026-03-08&to=2026-03-14")

        assert (other.status_code, nation.status_code, own.status_code) == (
            403,
            403,
            200,
        )
        assert denied(tucson_analyst) == 2
        refused = AuditEvent.objects.filter(
            actor_id=tucson_analyst.pk, kind=AuditEvent.Kind.DENIED
        ).order_by("pk")
        assert [
            {k: e.details.get(k) for k in ("path", "area", "unit", "from", "to")}
            for e in refused
        ] == [
            {
                "path": url,
                "area": area,
                "unit": unit_of[area](units).pk,
                "from": "2026-03-08",
                "to": "2026-03-14",
            }
            for area in ("EPT/Ysleta", "USBP")
        ]
        exported = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED)
        assert [e.details["area"] for e in exported] == (
            ["TCA"] if url == CSV_URL else []
        )

    def test_people_without_an_analyst_role_are_refused(self, client, make_user):
        user = make_user("plainagent")
        client.force_login(user)

        assert client.get(PAGE).status_code == 403
        assert client.get(CSV_URL + QUERY).status_code == 403
        assert denied(user) == 2

    def test_the_page_opens_on_the_current_pay_period(self, client, hq_analyst):
        client.force_login(hq_analyst)

        response = client.get(PAGE)

        period = pay_periods.containing(timezone.localdate())
        form = response.context["form"]
        assert response.status_code == 200
        assert (form["from"].initial, form["to"].initial) == (period.start, period.end)
        # Shown at once, for the first area offered: the nation, over
        # headquarters.
        made = response.context["extract"]
        assert (made.area.code, made.first_day, made.last_day) == (
            "USBP",
            period.start,
            period.end,
        )
        # The days are picked from the browser's calendar.
        page = response.content.decode()
        assert f'type="date" name="from" value="{period.start:%Y-%m-%d}"' in page
        assert f'type="date" name="to" value="{period.end:%Y-%m-%d}"' in page

    def test_more_than_92_days_are_refused_and_92_taken(
        self, client, ysleta_week, hq_analyst
    ):
        client.force_login(hq_analyst)

        long = client.get(PAGE + "?area=EPT&from=2026-03-01&to=2026-06-01")
        longest = client.get(PAGE + "?area=EPT&from=2026-03-01&to=2026-05-31")
        csv_response = client.get(CSV_URL + "?area=EPT&from=2026-03-01&to=2026-06-01")

        assert long.status_code == 400
        assert long.context["form"].errors["to"] == [
            "At most 92 days at a time: ask for the rest in another extract."
        ]
        assert longest.status_code == 200
        # The download's address says what is wrong with it, on the page.
        assert csv_response.status_code == 400
        assert (
            "At most 92 days at a time: ask for the rest in another extract."
            in csv_response.content.decode()
        )
        assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORTED).exists()


# ---- the warehouse's endpoint -----------------------------------------------


@pytest.fixture
def hq_admin(make_user, give):
    admin = make_user("hqaccessadmin", home="headquarters")
    give(admin, "security", "access_administrator", "headquarters")
    return admin


@pytest.fixture
def warehouse(hq_admin, units):
    """The warehouse's account over headquarters, and a token of it."""
    account = service_accounts.create_account(
        hq_admin, partner="warehouse", unit=units["headquarters"], name="Warehouse"
    )
    token, plaintext = service_accounts.issue_token(hq_admin, account)
    return account, token, plaintext


@pytest.fixture
def tucson_warehouse(hq_admin, units):
    account = service_accounts.create_account(
        hq_admin, partner="warehouse", unit=units["tucson"], name="Tucson warehouse"
    )
    return account, service_accounts.issue_token(hq_admin, account)[1]


def pull(client, token, query=QUERY):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    return client.get(API + query, headers=headers)


def refusals() -> list[tuple]:
    return [
        (event.actor_id, event.details["partner"], event.details["reason"])
        for event in AuditEvent.objects.filter(
            kind=AuditEvent.Kind.INTERFACE_REFUSED
        ).order_by("pk")
    ]


class TestTheWarehouseEndpoint:
    def test_a_pull_gives_the_weeks_lines_signed(self, client, ysleta_week, warehouse):
        account, _, plaintext = warehouse

        response = pull(client, plaintext)

        assert response.status_code == 200
        body = response.json()
        assert {key: body[key] for key in ("extract", "area", "from", "to")} == {
            "extract": "deployment",
            "area": {"code": "EPT", "station": "Ysleta", "label": "Ysleta Station"},
            "from": "2026-03-08",
            "to": "2026-03-14",
        }
        assert (body["page"], body["count"], body["next"]) == (1, 10, None)
        assert body["columns"] == list(deployment.COLUMNS)
        assert body["rows"] == [
            {**line, "hours": float(line["hours"])} for line in expected_lines()
        ]
        signature = response["X-BPETS-Signature"]
        assert signature == interfaces.signature_of("warehouse", response.content)
        interfaces.check_signature("warehouse", response.content, signature)

    def test_each_pull_is_audited_with_its_range_area_and_lines(
        self, client, ysleta_week, warehouse, units
    ):
        account, _, plaintext = warehouse

        pull(client, plaintext)
        pull(client, plaintext, "?area=TCA&from=2026-03-08&to=2026-03-14")

        events = AuditEvent.objects.filter(
            kind=AuditEvent.Kind.INTERFACE_PULLED
        ).order_by("pk")
        assert [(e.actor_id, e.target_id, e.details) for e in events] == [
            (
                account.user_id,
                str(account.pk),
                {
                    "partner": "warehouse",
                    "extract": "deployment",
                    "area": area,
                    "unit": units[unit].pk,
                    "from": "2026-03-08",
                    "to": "2026-03-14",
                    "page": 1,
                    "rows": rows,
                },
            )
            for area, unit, rows in (
                ("EPT/Ysleta", "ysleta", 10),
                ("TCA", "tucson", 0),
            )
        ]

    def test_a_pull_of_a_station_is_in_that_station_auditors_scope(
        self, client, ysleta_week, tucson_warehouse, make_user, give
    ):
        """The account's home is the sector; the pull names the station."""
        _, plaintext = tucson_warehouse
        pull(
            client, plaintext, "?area=TCA&station=Nogales&from=2026-03-08&to=2026-03-14"
        )
        pulled = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_PULLED)
        here = make_user("ngaudit", home="nogales")
        give(here, "security", "security_auditor", "nogales")
        there = make_user("ajaudit", home="ajo")
        give(there, "security", "security_auditor", "ajo")

        seen = {}
        for auditor in (here, there):
            client.force_login(auditor)
            page = client.get("/security/audit/", {"kind": pulled.kind})
            seen[auditor.username] = [event.pk for event in page.context["page"]]

        assert seen == {"ngaudit": [pulled.pk], "ajaudit": []}

    def test_a_revoked_token_is_refused_and_audited(
        self, client, ysleta_week, warehouse, hq_admin
    ):
        account, token, plaintext = warehouse
        service_accounts.revoke_token(hq_admin, token)

        response = pull(client, plaintext)

        assert response.status_code == 401
        assert "rows" not in response.json()
        assert refusals() == [(account.user_id, "warehouse", "revoked_token")]
        assert not AuditEvent.objects.filter(
            kind=AuditEvent.Kind.INTERFACE_PULLED
        ).exists()

    @pytest.mark.parametrize(
        "token, reason",
        [(None, "no_token"), ("bpets_not-a-token-of-anyone", "unknown_token")],
    )
    def test_a_missing_or_unknown_token_is_refused_and_audited(
        self, client, ysleta_week, warehouse, token, reason
    ):
        response = pull(client, token)

        assert response.status_code == 401
        assert "rows" not in response.json()
        assert refusals() == [(None, "warehouse", reason)]

    @pytest.mark.parametrize(
        "query, area",
        [
            ("?area=USBP&from=2026-03-08&to=2026-03-14", "USBP"),
            ("?area=SW&from=2026-03-08&to=2026-03-14", "SW"),
            (QUERY, "EPT/Ysleta"),
        ],
    )
    def test_a_sector_account_is_refused_an_area_outside_its_sector(
        self, client, ysleta_week, tucson_warehouse, query, area, units
    ):
        account, plaintext = tucson_warehouse

        response = pull(client, plaintext, query)

        assert response.status_code == 403
        assert response.json()["error"].startswith(
            "This account reads Tucson Sector and below;"
        )
        assert "rows" not in response.json()
        event = AuditEvent.objects.get(kind=AuditEvent.Kind.INTERFACE_REFUSED)
        assert (event.actor_id, event.details) == (
            account.user_id,
            {
                "partner": "warehouse",
                "reason": "out_of_scope",
                "area": area,
                "unit": unit_of[area](units).pk,
                "from": "2026-03-08",
                "to": "2026-03-14",
            },
        )

    def test_a_sector_account_reads_its_sector_and_stations(
        self, client, ysleta_week, tucson_warehouse
    ):
        _, plaintext = tucson_warehouse

        sector = pull(client, plaintext, "?area=TCA&from=2026-03-08&to=2026-03-14")
        station = pull(
            client, plaintext, "?area=TCA&station=Nogales&from=2026-03-08&to=2026-03-14"
        )

        assert (sector.status_code, station.status_code) == (200, 200)
        assert (
            AuditEvent.objects.filter(kind=AuditEvent.Kind.INTERFACE_PULLED).count()
            == 2
        )

    @pytest.mark.parametrize(
        "query, fields",
        [
            ("?area=EPT&from=2026-03-01&to=2026-06-01", ["to"]),
            ("?area=EPT&from=2026-03-14&to=2026-03-08", ["from"]),
            ("?area=XXX&from=2026-03-08&to=2026-03-14", ["area"]),
            ("?area=EPT&station=Nogales&from=2026-03-08&to=2026-03-14", ["station"]),
            ("?area=EPT&from=8 March&to=2026-03-14", ["from"]),
            (QUERY + "&page=0", ["page"]),
            ("", ["area", "from", "to"]),
        ],
    )
    def test_a_bad_request_is_refused_with_its_fields_and_audited(
        self, client, ysleta_week, warehouse, query, fields
    ):
        account, _, plaintext = warehouse

        response = pull(client, plaintext, query)

        assert response.status_code == 400
        assert sorted(response.json()["fields"]) == fields
        assert refusals() == [(account.user_id, "warehouse", "bad_request")]
        assert not AuditEvent.objects.filter(
            kind=AuditEvent.Kind.INTERFACE_PULLED
        ).exists()

    def test_the_pages_link_to_each_other(
        self, client, ysleta_week, warehouse, monkeypatch
    ):
        _, _, plaintext = warehouse
        monkeypatch.setattr(deployment, "PAGE_SIZE", 6)

        first = pull(client, plaintext).json()
        second = client.get(
            first["next"], headers={"Authorization": f"Bearer {plaintext}"}
        ).json()

        assert first["next"] == f"{API}{QUERY}&page=2"
        assert (first["count"], second["count"], second["next"]) == (6, 4, None)
        assert [*first["rows"], *second["rows"]] == [
            {**line, "hours": float(line["hours"])} for line in expected_lines()
        ]

    def test_a_pull_asks_as_many_queries_for_one_line_as_for_ten(
        self, client, ysleta_week, warehouse
    ):
        """The lines are grouped in SQL: more lines, no more queries."""
        _, _, plaintext = warehouse
        counts = []
        for query in (QUERY, "?area=EPT&station=Ysleta&from=2026-03-10&to=2026-03-10"):
            with CaptureQueriesContext(connection) as queries:
                response = pull(client, plaintext, query)
            counts.append((response.json()["count"], len(queries)))

        assert [rows for rows, _ in counts] == [10, 2]
        assert counts[0][1] == counts[1][1]

    def test_only_get_is_answered(self, client, ysleta_week, warehouse):
        _, _, plaintext = warehouse

        response = client.post(
            API + QUERY, headers={"Authorization": f"Bearer {plaintext}"}
        )

        assert response.status_code == 405


# ---- no personal field ------------------------------------------------------


def test_no_name_identifier_or_personal_field_leaves(
    client, ysleta_week, warehouse, hq_analyst
):
    """Neither the page, the CSV nor the JSON holds a name, a username, a
    hash ID, an employee's id or a personal field of the three agents; the
    JSON's lines hold the documented keys only."""
    _, _, plaintext = warehouse
    client.force_login(hq_analyst)
    texts = [
        client.get(PAGE + QUERY).content.decode(),
        client.get(CSV_URL + QUERY).content.decode(),
    ]
    body = pull(client, plaintext).json()
    texts.append(json.dumps(body))

    for employee in ysleta_week.values():
        for value in (
            employee.first_name,
            employee.last_name,
            employee.user.username,
            employee.hash_id,
            employee.home_street,
            employee.mobile_phone,
        ):
            assert [text for text in texts if value in text] == []
    assert {key for row in body["rows"] for key in row} == set(deployment.COLUMNS)
    assert set(next(csv.reader(io.StringIO(texts[1])))) == set(deployment.COLUMNS)
    assert "employee" not in " ".join(deployment.COLUMNS)


def test_the_demo_analysts_download_nogales_lines(client, demo):
    """The demo's Nogales G-259 and G-481 of the current pay period give the
    extract lines, for the headquarters and the sector analyst."""
    period = pay_periods.containing(timezone.localdate())
    query = f"?area=TCA&station=Nogales&from={period.start}&to={period.end}"
    for username in ("analyst", "sector-analyst"):
        client.force_login(User.objects.get(username=username))

        response = client.get(CSV_URL + query)

        assert response.status_code == 200
        lines = list(csv.DictReader(io.StringIO(response.content.decode())))
        sources = {line["source"] for line in lines}
        assert sources == {"scheduled", "actual"}
        assert {line["station"] for line in lines} == {"Nogales"}
        # The page opens on the current pay period of the analyst's area,
        # Nogales's lines among them.
        preview = client.get(PAGE).context["preview"]
        assert {line["station"] for line in preview} == {"Nogales"}
