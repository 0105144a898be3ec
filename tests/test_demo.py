import io
import re

import pytest
from django.core.management import CommandError, call_command

from bpets.demo_population import DEMO_PASSWORD
from security.models import OrganizationUnit, User
from security.services import service_accounts
from staffing.models import Employee

DEMO_USERNAMES = [
    "agent",
    "supervisor",
    "timekeeper",
    "personnel",
    "access-admin",
    "analyst",
    "ops-approver",
    "ops-author",
    "bsits-editor",
    "sector-analyst",
    "release-approver",
    "dispatcher",
]
# The analysts work at headquarters and at Tucson Sector's office, the
# release approver at headquarters.
NOT_AT_NOGALES = {"analyst", "sector-analyst", "release-approver"}


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_creates_the_demo_logins_and_prints_them(organization):
    output = load_demo()

    for username in DEMO_USERNAMES:
        assert User.objects.get(username=username).check_password(DEMO_PASSWORD)
        assert f"  {username} " in output
    assert f"password: {DEMO_PASSWORD}" in output
    # Every other login is at Nogales, with the 18 station staff who have
    # no password: the README's demo table.
    nogales_logins = len(set(DEMO_USERNAMES) - NOT_AT_NOGALES)
    assert (
        f"Demo station: Nogales Station (Tucson Sector), {nogales_logins + 18} "
        f"fictional staff ({nogales_logins} with a demo login)." in output
    )


@pytest.mark.django_db
def test_the_logins_table_lines_up(organization):
    lines = load_demo().splitlines()
    rows = lines[lines.index("Demo logins (every one has the password below):") + 1 :]
    rows = [row for row in rows if not row.startswith("  password:")]

    # Where the name column starts on each row: after the login and its gap.
    starts = {len(re.match(r"  \S+ +", row).group(0)) for row in rows}

    assert len(rows) == len(DEMO_USERNAMES)
    assert len(starts) == 1


@pytest.mark.django_db
def test_the_rest_of_the_staff_cannot_log_in(organization):
    load_demo()

    staff = User.objects.exclude(username__in=DEMO_USERNAMES)
    # 18 station staff, the headquarters access administrator, Tucson
    # Station's scheduling supervisor (the other side of the demo's
    # details), the account the scheduled jobs act as, and the sector's two
    # partner systems' service accounts.
    assert staff.count() == 23
    assert sorted(
        staff.filter(service_account__isnull=False).values_list(
            "service_account__partner", "service_account__unit__code"
        )
    ) == [("enforcement", "TCA"), ("warehouse", "TCA")]
    assert staff.filter(username="bpets-scheduler", is_active=False).exists()
    assert not any(user.has_usable_password() for user in staff)


@pytest.mark.django_db
def test_running_it_again_duplicates_nothing(organization):
    load_demo()
    users = list(User.objects.values_list("username", "password").order_by("username"))

    load_demo()

    assert (
        list(User.objects.values_list("username", "password").order_by("username"))
        == users
    )


@pytest.mark.django_db
def test_it_runs_again_over_a_service_account_and_a_login_made_at_the_station(
    organization,
):
    """An administrator made a partner system's account over Nogales, and a
    login homed there, between two runs: neither gets a staffing profile."""
    load_demo()
    nogales = OrganizationUnit.objects.get(parent__code="TCA", name="Nogales")
    administrator = User.objects.get(username="hq-access-admin")
    account = service_accounts.create_account(
        administrator, partner="warehouse", unit=nogales, name="Nogales warehouse"
    )
    newcomer = User.objects.create_user(
        username="newcomer", first_name="New", last_name="Comer", home_unit=nogales
    )
    profiles = Employee.objects.count()

    output = load_demo()
    load_demo()

    assert Employee.objects.count() == profiles
    assert not Employee.objects.filter(user__in=[account.user, newcomer]).exists()
    # The newcomer is a person at the station; the account is not.
    nogales_logins = len(set(DEMO_USERNAMES) - NOT_AT_NOGALES)
    assert f"{nogales_logins + 18 + 1} fictional staff" in output


@pytest.mark.django_db
def test_it_needs_the_organization_first(no_organization):
    with pytest.raises(CommandError, match="run 'manage.py load_organization' first"):
        load_demo()


@pytest.mark.django_db
def test_no_two_demo_people_share_a_full_name(organization):
    from staffing.models import Employee

    load_demo()

    for names in (
        list(User.objects.values_list("first_name", "last_name")),
        list(Employee.objects.values_list("first_name", "last_name")),
    ):
        repeated = {name for name in names if names.count(name) > 1}
        assert repeated == set()


@pytest.mark.django_db
def test_the_demo_g481_warns_of_short_zones_on_few_shifts(organization):
    from scheduling import g481
    from scheduling.demo import ZONES
    from scheduling.models import DailySchedule, ScheduleDefault

    load_demo()

    # Each shift has someone in each zone that needs anyone, by default.
    needed = {code for code, _name, minimum in ZONES if minimum}
    covered = set(
        ScheduleDefault.objects.values_list("shift_template__name", "zone__code")
    )
    shifts = {shift for shift, _zone in covered}
    assert shifts == {"Days", "Swings", "Mids"}
    assert {(shift, code) for shift in shifts for code in needed} <= covered

    warnings = checks = 0
    for daily in DailySchedule.objects.all():
        day = g481.load(daily)
        starts = {entry.shift_start for entry in day.entries if entry.on_duty}
        checks += len(starts) * len(needed)
        # One warning per zone and shift at most, never one per line.
        assert len({conflict.key for conflict in day.conflicts}) == len(day.conflicts)
        warnings += len(day.conflicts)
    # Days off (two a week each, one person per zone and shift on most)
    # leave some shifts short; most are covered.
    assert 0 < warnings < checks / 3
