"""The national data set, built at a tiny scale (200 people), and its plan
at full scale (20,000), which is worked out without writing anything."""

import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from bpets import national
from reporting.models import SnapshotRow
from scheduling.models import ScheduleCell, ScheduleDefault, Zone, ZoneTechnology
from security import national as security_national
from security import services as security_services
from security.models import AuditEvent, OrganizationUnit, User
from staffing.models import EmergencyContact, Employee
from timesheet.models import Timesheet
from vehicles.models import Vehicle

SEED = 4242
SCALE = 0.01
# Four pay periods for the nation, one more for the sector alone.
HISTORY_PERIODS = 5
# Real given names and surnames, common in the agency's states; the data
# set's invented names must match none of them.
REAL_NAMES = {
    "james john robert michael william david richard joseph thomas charles "
    "mary patricia jennifer linda elizabeth barbara susan jessica sarah karen "
    "jose juan luis carlos jorge miguel pedro manuel antonio francisco ana "
    "maria rosa carmen guadalupe lucia elena isabel sofia teresa alma kate "
    "smith johnson williams brown jones garcia miller davis rodriguez martinez "
    "hernandez lopez gonzalez wilson anderson thomas taylor moore jackson "
    "martin lee perez thompson white harris sanchez clark ramirez lewis "
    "robinson walker young allen king wright scott torres nguyen hill flores "
    "green adams nelson baker hall rivera campbell mitchell carter roberts "
    "gomez diaz reyes cruz morales ortiz gutierrez chavez ramos ruiz mendoza"
}
REAL_NAMES = set(" ".join(REAL_NAMES).split())


@pytest.fixture(scope="module")
def nation(django_db_setup, django_db_blocker):
    """One tiny nation for the module's tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        if not OrganizationUnit.objects.exists():
            security_services.load_organization()
        built = national.build(
            seed=SEED, scale=SCALE, say=lambda _: None, history_periods=HISTORY_PERIODS
        )
        yield built
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def full_plan(nation):
    return national.plan(SEED, 1.0, security_national.organization_sectors())


def sector_counts(people) -> Counter:
    sector_of = dict(
        OrganizationUnit.objects.filter(kind="STATION").values_list(
            "pk", "parent__code"
        )
    )
    return Counter(sector_of[person.station_id] for person in people)


@pytest.mark.django_db
def test_people_follow_the_published_staffing_by_sector(nation):
    by_sector = Counter(
        Employee.objects.values_list("duty_station__parent__code", flat=True)
    )

    # FY2018: the 20 sectors hold 18,827 agents. 200 x 3,681 / 18,827 =
    # 39.10 for Tucson; Rio Grande Valley 32.89 and Ramey 0.62 are among
    # the eleven largest remainders, which take the eleven people left.
    assert sum(by_sector.values()) == 200
    assert by_sector["TCA"] == 39
    assert by_sector["RGV"] == 33
    assert by_sector["RMY"] == 1


@pytest.mark.django_db
def test_a_sector_s_people_are_spread_evenly_over_its_stations(nation):
    tucson = OrganizationUnit.objects.filter(parent__code="TCA", kind="STATION")
    counts = [
        Employee.objects.filter(duty_station=station).count() for station in tucson
    ]

    assert sum(counts) == 39
    assert max(counts) - min(counts) <= 1


@pytest.mark.django_db
def test_the_full_plan_holds_twenty_thousand_with_tucson_s_share(full_plan):
    # 20,000 x 3,681 / 18,827 = 3,910.34.
    assert len(full_plan) == 20_000
    assert sector_counts(full_plan)["TCA"] == 3910


@pytest.mark.django_db
def test_three_in_a_hundred_are_contractors(nation, full_plan):
    assert sum(person.contractor for person in full_plan) == 600
    assert Employee.objects.filter(employment_type="CONTRACTOR").count() == 6


@pytest.mark.django_db
def test_about_one_supervisor_to_eight_agents(full_plan):
    ranks = Counter(person.rank for person in full_plan)
    by_number = {person.number: person for person in full_plan}

    assert 7.5 <= ranks["agent"] / ranks["supervisor"] <= 8.5
    for person in full_plan:
        boss = by_number.get(person.supervisor_number)
        if person.rank == "agent":
            assert boss.rank == "supervisor"
            assert boss.station_id == person.station_id
        elif person.rank == "supervisor":
            assert boss.rank == "chief"
        else:
            assert boss is None


@pytest.mark.django_db
def test_the_chain_of_command_is_written(nation):
    agent = Employee.objects.filter(job_title="Border Patrol Agent").first()

    assert agent.supervisor.job_title == "Supervisory Border Patrol Agent"
    assert agent.supervisor.supervisor.job_title == "Patrol Agent in Charge"
    assert agent.supervisor.duty_station_id == agent.duty_station_id


@pytest.mark.django_db
def test_the_same_seed_chooses_the_same_names(nation):
    sectors = security_national.organization_sectors()
    again = national.plan(SEED, SCALE, sectors)
    other = national.plan(SEED + 1, SCALE, sectors)
    built = sorted(Employee.objects.values_list("first_name", "last_name"))

    assert again == nation.people
    assert built == sorted((p.first_name, p.last_name) for p in nation.people)
    assert [p.last_name for p in other] != [p.last_name for p in nation.people]


@pytest.mark.django_db
def test_no_name_is_a_real_one(nation, full_plan):
    words = {
        word.lower()
        for person in full_plan
        for word in (person.first_name, person.last_name)
    }
    contact_words = {
        word.lower()
        for name in EmergencyContact.objects.values_list("name", flat=True)
        for word in name.split()
    }

    assert words & REAL_NAMES == set()
    assert contact_words & REAL_NAMES == set()


@pytest.mark.django_db
def test_everyone_has_a_full_profile_with_history(nation):
    people = Employee.objects.all()

    assert people.count() == 200
    assert not people.filter(hash_id__isnull=True).exists()
    assert not people.filter(mobile_phone="").exists()
    assert not people.filter(blood_type="").exists()
    assert Employee.history.filter(history_type="+").count() == 200
    assert EmergencyContact.objects.count() == 300  # one or two each, in turn
    assert ScheduleDefault.objects.count() == 200
    logins = User.objects.filter(username__regex=r"^nation-[0-9]{5}$")
    assert logins.count() == 200
    assert User.history.filter(username__regex=r"^nation-[0-9]{5}$").count() == 200
    assert logins.filter(password__startswith="pbkdf2_sha256$").count() == 200


@pytest.mark.django_db
def test_vehicles_zones_audit_and_snapshot_are_scaled(nation):
    stations = OrganizationUnit.objects.filter(kind="STATION").count()

    assert Vehicle.objects.count() == 80  # 8,000 x 0.01
    assert Vehicle.history.count() == 80
    assert Zone.objects.count() == stations * 4
    # A tower and sensors in each zone, a scope truck in every other.
    assert ZoneTechnology.objects.count() == stations * 4 * 2 + stations * 2
    assert AuditEvent.objects.filter(chain__startswith="user:").count() == 10_000
    # One fiscal year of the 26 (0.01 of a million rows, at least one year):
    # 20 sectors x (8 annual rows + 12 months x 8 zones x 20 measures).
    assert SnapshotRow.objects.count() == 20 * (8 + 12 * 8 * 20)


@pytest.mark.django_db
def test_schedules_and_timesheets_cover_the_periods(nation):
    yuma = set(nation.history_station_ids)
    yuma_people = Employee.objects.filter(duty_station__in=yuma).count()
    employees = Employee.objects.filter(employment_type="EMPLOYEE").count()
    yuma_employees = Employee.objects.filter(
        duty_station__in=yuma, employment_type="EMPLOYEE"
    ).count()

    assert len(nation.nation_periods) == 4
    assert len(nation.history_periods) == 1
    # 14 days a person a period: the nation's four, and Yuma's one more.
    assert ScheduleCell.objects.count() == 14 * (4 * 200 + yuma_people)
    assert Timesheet.objects.count() == 4 * employees + yuma_employees


@pytest.mark.django_db
def test_the_command_refuses_a_second_nation_and_a_bad_scale(nation):
    with pytest.raises(CommandError, match="already here"):
        call_command("build_national_dataset", "--scale", "0.01", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--scale runs from"):
        call_command("build_national_dataset", "--scale", "2", stdout=io.StringIO())
