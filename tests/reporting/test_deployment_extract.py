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

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from reporting import aor, areas, deployment
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
from security.models import OrganizationUnit
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


def at(day: date, hour: int) -> datetime:
    """A local time at Ysleta on ``day`` (hours past 23 run into the next)."""
    return datetime(day.year, day.month, day.day, tzinfo=DENVER) + timedelta(hours=hour)


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
        finalized_at=at(FIRST, -48),
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

    sunday, monday, tuesday = FIRST, FIRST + timedelta(1), FIRST + timedelta(2)
    saturday, next_sunday = LAST, LAST + timedelta(1)
    cell("A", sunday, local(sunday, 6), local(sunday, 16))
    cell("B", sunday, local(sunday, 0), local(sunday, 10))
    cell("C", sunday)
    cell("A", monday, local(monday, 6), local(monday, 16))
    cell("C", monday, local(monday, 6), local(monday, 16))
    cell("C", tuesday, local(tuesday, 22), at(tuesday, 32))
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
    entry("C", tuesday, local(tuesday, 22), at(tuesday, 32), "Y2")
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
